/// Why `Instance(store:module:imports:)` failed. Link errors use the spec
/// test suite's wording ("unknown import", "incompatible import type") at
/// the start of the message.
public enum InstantiationError: Error, CustomStringConvertible, Sendable {
    /// No value defined for an import.
    case unknownImport(module: String, name: String)
    /// A value of the wrong kind or type for an import.
    case incompatibleImportType(module: String, name: String, reason: String)
    /// Element or data initialization, or the start function, trapped. Segments
    /// written before the trap stay written (in imported tables and memories too).
    case trap(Trap)
    /// Memory or address space for the instance could not be had.
    case resourceExhausted(String)

    public var message: String {
        switch self {
        case .unknownImport(let module, let name): "unknown import: \(module).\(name)"
        case .incompatibleImportType(let module, let name, let reason):
            "incompatible import type: \(module).\(name): \(reason)"
        case .trap(let trap): trap.message
        case .resourceExhausted(let reason): "resource exhausted: \(reason)"
        }
    }

    public var description: String { message }
}
