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

// The spec suite's wording, in one place so that no call site misspells it.
// The reference interpreter reports every read past the end of the input as
// "unexpected end of section or function"; the suite sometimes expects the
// shorter "unexpected end", which that message contains.
extension DecodeError {
    static func unexpectedEnd(at offset: Int) -> DecodeError { DecodeError("unexpected end", at: offset) }
    @usableFromInline
    static func unexpectedEndOfSectionOrFunction(at offset: Int) -> DecodeError {
        DecodeError("unexpected end of section or function", at: offset)
    }
    @usableFromInline
    static func integerTooLarge(at offset: Int) -> DecodeError { DecodeError("integer too large", at: offset) }
    @usableFromInline
    static func integerRepresentationTooLong(at offset: Int) -> DecodeError {
        DecodeError("integer representation too long", at: offset)
    }
    static func lengthOutOfBounds(at offset: Int) -> DecodeError { DecodeError("length out of bounds", at: offset) }
    @usableFromInline
    static func sectionSizeMismatch(at offset: Int) -> DecodeError { DecodeError("section size mismatch", at: offset) }
    @usableFromInline
    static func malformedValueType(at offset: Int) -> DecodeError { DecodeError("malformed value type", at: offset) }
    @usableFromInline
    static func malformedReferenceType(at offset: Int) -> DecodeError { DecodeError("malformed reference type", at: offset) }
    static func malformedUTF8(at offset: Int) -> DecodeError { DecodeError("malformed UTF-8 encoding", at: offset) }
    @usableFromInline
    static func zeroByteExpected(at offset: Int) -> DecodeError { DecodeError("zero byte expected", at: offset) }
    @usableFromInline
    static func endOpcodeExpected(at offset: Int) -> DecodeError { DecodeError("END opcode expected", at: offset) }
    @usableFromInline
    static func malformedMemopFlags(at offset: Int) -> DecodeError { DecodeError("malformed memop flags", at: offset) }
    @usableFromInline
    static func dataCountSectionRequired(at offset: Int) -> DecodeError {
        DecodeError("data count section required", at: offset)
    }

    /// The reference interpreter names the opcode in hex after the words the suite expects.
    @usableFromInline
    static func illegalOpcode(_ opcode: UInt8, at offset: Int) -> DecodeError {
        DecodeError("illegal opcode \(hexByte(opcode))", at: offset)
    }
    @usableFromInline
    static func illegalOpcode(prefix: UInt8, _ subOpcode: UInt32, at offset: Int) -> DecodeError {
        DecodeError("illegal opcode \(hexByte(prefix)) \(String(subOpcode, radix: 16))", at: offset)
    }

    private static func hexByte(_ byte: UInt8) -> String {
        byte < 0x10 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
    }
}
