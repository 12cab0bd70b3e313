/// Why a module or function is invalid, and where.
///
/// `message` starts with the wording of the spec test suite (`assert_invalid`),
/// so a script runner can compare it; details, if any, follow after a colon.
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Module offset of the instruction, expression or declaration at fault.
    public var offset: Int
    public var message: String

    public init(_ message: String, at offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) at offset 0x\(String(offset, radix: 16))" }
}
