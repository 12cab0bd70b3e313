/// A cursor over the module bytes, for the section decoders.
///
/// Reads are checked against `limit`; running past it is reported the way the
/// reference interpreter reports it, at the limit. Section contents are read
/// with the module's end as the limit, as the reference interpreter does, and
/// their declared size is checked afterwards ("section size mismatch"): that
/// is what makes our messages match the spec suite's for malformed sections.
struct ByteReader {
    // Keeps `base` alive, and lets constant expressions be read by an `InstructionDecoder`.
    let bytes: ModuleBytes
    let base: UnsafePointer<UInt8>
    var offset: Int
    var limit: Int

    init(bytes: ModuleBytes, offset: Int, limit: Int) {
        self.bytes = bytes
        // ModuleBytes always allocates at least one byte, so there is a base address.
        self.base = bytes.buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        self.offset = offset
        self.limit = limit
    }

    var isAtEnd: Bool { offset >= limit }

    var endOfInput: DecodeError { .unexpectedEndOfSectionOrFunction(at: limit) }

    mutating func readByte() throws(DecodeError) -> UInt8 {
        guard offset < limit else { throw endOfInput }
        let byte = base[offset]
        offset += 1
        return byte
    }

    mutating func skip(_ count: Int) throws(DecodeError) {
        guard count <= limit - offset else { throw endOfInput }
        offset += count
    }

    @inline(__always)
    mutating func readUnsigned32() throws(DecodeError) -> UInt32 {
        if offset < limit, base[offset] < 0x80 {
            defer { offset += 1 }
            return UInt32(base[offset])
        }
        do {
            return try LEB128.unsigned32(base, at: &offset, limit: limit)
        } catch {
            throw error.decodeError(truncated: endOfInput)
        }
    }

    mutating func readUnsigned(bitWidth: Int) throws(DecodeError) -> UInt64 {
        do {
            return try LEB128.unsigned(base, at: &offset, limit: limit, bitWidth: bitWidth)
        } catch {
            throw error.decodeError(truncated: endOfInput)
        }
    }

    /// A vector length or byte count: a u32 bounded by the bytes left, counted
    /// from the start of the length itself as the reference interpreter counts
    /// them, since every element takes at least one byte. This is what keeps a
    /// huge declared count from reserving memory the module could never fill.
    /// A byte count can still overrun by the length's own size: use `readBytes`.
    mutating func readLength() throws(DecodeError) -> Int {
        let start = offset
        let length = Int(try readUnsigned32())
        guard length <= limit - start else { throw .lengthOutOfBounds(at: start) }
        return length
    }

    /// A byte vector: its length, then the bytes, returned as a module range.
    mutating func readBytes() throws(DecodeError) -> Range<Int> {
        let length = try readLength()
        let start = offset
        try skip(length)
        return start..<offset
    }

    /// A name: a byte vector that must be well-formed UTF-8.
    mutating func readName() throws(DecodeError) -> String {
        let start = offset
        let range = try readBytes()
        let bytes = UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
        guard UTF8Validation.isWellFormed(bytes) else { throw .malformedUTF8(at: start) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A type byte. The reference interpreter reads it as a signed LEB128 of
    /// 7 bits, so a byte with its continuation bit set is "too long" rather than unknown.
    mutating func readTypeByte() throws(DecodeError) -> UInt8 {
        let byte = try readByte()
        guard byte & 0x80 == 0 else { throw .integerRepresentationTooLong(at: offset) }
        return byte
    }
}
