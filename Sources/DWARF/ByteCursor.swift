/// A bounds-checked little-endian reader over bytes that came from the module:
/// every read either returns a value or nil, so truncated or garbage sections
/// end a walk instead of the process.
struct ByteCursor {
    let bytes: UnsafeRawBufferPointer
    var offset: Int

    init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var isAtEnd: Bool { offset >= bytes.count }
    var remaining: Int { max(0, bytes.count - offset) }

    mutating func readByte() -> UInt8? {
        guard offset >= 0, offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// An unsigned little-endian integer of 1 to 8 bytes.
    mutating func readUnsigned(byteCount: Int) -> UInt64? {
        guard byteCount >= 1, byteCount <= 8, offset >= 0, byteCount <= bytes.count - offset else { return nil }
        var value: UInt64 = 0
        for index in 0..<byteCount {
            value |= UInt64(bytes[offset + index]) << (8 * UInt64(index))
        }
        offset += byteCount
        return value
    }

    /// A signed little-endian integer of 1 to 8 bytes, sign-extended.
    mutating func readSigned(byteCount: Int) -> Int64? {
        guard let value = readUnsigned(byteCount: byteCount) else { return nil }
        let shift = UInt64(64 - 8 * byteCount)
        return Int64(bitPattern: value << shift) >> Int64(shift)
    }

    mutating func readULEB128() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while let byte = readByte() {
            if shift < 64 { value |= UInt64(byte & 0x7F) << shift }
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }

    mutating func readSLEB128() -> Int64? {
        var value: Int64 = 0
        var shift: Int64 = 0
        while let byte = readByte() {
            if shift < 64 { value |= Int64(byte & 0x7F) << shift }
            shift += 7
            if byte & 0x80 == 0 {
                if shift < 64 && byte & 0x40 != 0 { value |= -1 << shift }
                return value
            }
        }
        return nil
    }

    mutating func readBytes(_ count: Int) -> [UInt8]? {
        guard count >= 0, offset >= 0, count <= bytes.count - offset else { return nil }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }
}
