/// Why `LoadedModule(engine:bytes:)` failed.
public enum LoadError: Error, CustomStringConvertible, Sendable {
    /// The bytes are not a module (decode error), in the spec's wording.
    case malformed(message: String, offset: Int)
    /// A well-formed module that does not validate, in the spec's wording.
    case invalid(message: String, offset: Int)
    /// The compiler could not compile a valid module (an unsupported feature, a limit).
    case compileFailed(String)
    /// No executable memory could be had for the code.
    case resourceExhausted(String)

    public var message: String {
        switch self {
        case .malformed(let message, _), .invalid(let message, _): message
        case .compileFailed(let message): message
        case .resourceExhausted(let message): message
        }
    }

    public var description: String {
        switch self {
        case .malformed(let message, let offset): "malformed module: \(message) at offset 0x\(String(offset, radix: 16))"
        case .invalid(let message, let offset): "invalid module: \(message) at offset 0x\(String(offset, radix: 16))"
        case .compileFailed(let message): "compile failure: \(message)"
        case .resourceExhausted(let message): "resource exhausted: \(message)"
        }
    }
}
