/// Why guest code stopped abnormally. The JIT emits a `ud2` per trap site and
/// records the site's code in `CompiledFunction.trapSites`; the runtime maps a
/// faulting pc back to one of these.
public enum TrapCode: UInt8, Sendable, Hashable, CustomStringConvertible {
    case unreachable = 1
    case memoryOutOfBounds
    case integerDivideByZero
    case integerOverflow
    case invalidConversionToInteger
    case indirectCallTypeMismatch
    /// call_indirect index beyond the table's size.
    case undefinedElement
    /// call_indirect on a null table entry.
    case uninitializedElement
    case tableOutOfBounds
    case callStackExhausted
    /// The interrupt flag was set (a user pause or a time limit).
    case interrupted
    /// A host function returned an error; the runtime holds the details.
    case hostError

    /// The spec test suite's wording.
    public var description: String {
        switch self {
        case .unreachable: "unreachable"
        case .memoryOutOfBounds: "out of bounds memory access"
        case .integerDivideByZero: "integer divide by zero"
        case .integerOverflow: "integer overflow"
        case .invalidConversionToInteger: "invalid conversion to integer"
        case .indirectCallTypeMismatch: "indirect call type mismatch"
        case .undefinedElement: "undefined element"
        case .uninitializedElement: "uninitialized element"
        case .tableOutOfBounds: "out of bounds table access"
        case .callStackExhausted: "call stack exhausted"
        case .interrupted: "interrupted"
        case .hostError: "host function error"
        }
    }
}
