/// Why a module is malformed, and where.
///
/// `message` uses the wording of the spec test suite (`assert_malformed`)
/// where the suite has one, so a test can compare them.
public struct DecodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Module offset of the byte that made the module malformed.
    public var offset: Int
    public var message: String

    public init(_ message: String, at offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) at offset 0x\(String(offset, radix: 16))" }
}
