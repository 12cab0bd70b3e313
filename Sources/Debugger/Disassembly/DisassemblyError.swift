/// Why a function's listing cannot be built: the index names no function the
/// module compiled (an import, or past the end), or its code maps disagree
/// with its body (only a JIT bug can do that, so the message says what broke).
public struct DisassemblyError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
