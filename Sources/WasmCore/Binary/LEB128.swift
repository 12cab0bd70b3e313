/// LEB128 integers with the spec's exactness rules: an N-bit integer takes at
/// most ceil(N/7) bytes ("integer representation too long" past that), and the
/// bits of the last byte beyond N must be zero, or for signed integers copies
/// of the sign bit ("integer too large").
///
/// These are the general, looping decoders; readers keep a one-byte fast path
/// in front of them because almost every LEB in real code is a single byte.
@usableFromInline
enum LEB128 {
    @usableFromInline
    enum Failure: Error, Equatable {
        /// The input ended inside the number.
        case truncated
        case tooLong(at: Int)
        case tooLarge(at: Int)

        /// The error to report, given what a truncation means to the caller.
        @usableFromInline
        func decodeError(truncated: DecodeError) -> DecodeError {
            switch self {
            case .truncated: truncated
            case .tooLong(let offset): .integerRepresentationTooLong(at: offset)
            case .tooLarge(let offset): .integerTooLarge(at: offset)
            }
        }
    }

    /// `unsigned(bitWidth: 32)`, unrolled: u32s (indices, lengths, offsets) are
    /// most of the LEBs in a module.
    @inline(__always)
    static func unsigned32(_ base: UnsafePointer<UInt8>, at position: inout Int, limit: Int) throws(Failure) -> UInt32 {
        var cursor = position
        var result: UInt32 = 0
        var shift: UInt32 = 0
        while shift < 28 {
            guard cursor < limit else { throw .truncated }
            let byte = base[cursor]
            cursor += 1
            result |= UInt32(byte & 0x7F) << shift
            if byte < 0x80 {
                position = cursor
                return result
            }
            shift += 7
        }
        guard cursor < limit else { throw .truncated }
        // The fifth byte holds the top 4 bits: no more, and no continuation.
        let byte = base[cursor]
        if byte & 0x70 != 0 { throw .tooLarge(at: cursor) }
        if byte & 0x80 != 0 { throw .tooLong(at: cursor + 1) }
        position = cursor + 1
        return result | UInt32(byte) << 28
    }

    /// `signed(bitWidth: 32)`, unrolled, for `i32.const`.
    @inline(__always)
    static func signed32(_ base: UnsafePointer<UInt8>, at position: inout Int, limit: Int) throws(Failure) -> Int32 {
        var cursor = position
        var result: UInt32 = 0
        var shift: UInt32 = 0
        while shift < 28 {
            guard cursor < limit else { throw .truncated }
            let byte = base[cursor]
            cursor += 1
            result |= UInt32(byte & 0x7F) << shift
            shift += 7
            if byte < 0x80 {
                position = cursor
                let unused = 32 - shift
                return Int32(bitPattern: result << unused) >> Int32(unused)
            }
        }
        guard cursor < limit else { throw .truncated }
        // The fifth byte holds the top 4 bits; its other payload bits must copy the sign.
        let byte = base[cursor]
        let unused = byte & 0x78
        if unused != 0 && unused != 0x78 { throw .tooLarge(at: cursor) }
        if byte & 0x80 != 0 { throw .tooLong(at: cursor + 1) }
        position = cursor + 1
        return Int32(bitPattern: result | UInt32(byte & 0x0F) << 28)
    }

    /// `signed(bitWidth: 64)`, unrolled, for `i64.const`.
    @inline(__always)
    static func signed64(_ base: UnsafePointer<UInt8>, at position: inout Int, limit: Int) throws(Failure) -> Int64 {
        var cursor = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while shift < 63 {
            guard cursor < limit else { throw .truncated }
            let byte = base[cursor]
            cursor += 1
            result |= UInt64(byte & 0x7F) << shift
            shift += 7
            if byte < 0x80 {
                position = cursor
                let unused = 64 - shift
                return Int64(bitPattern: result << unused) >> Int64(unused)
            }
        }
        guard cursor < limit else { throw .truncated }
        // The tenth byte holds the top bit; its other payload bits must copy it.
        let byte = base[cursor]
        let unused = byte & 0x7F
        if unused != 0 && unused != 0x7F { throw .tooLarge(at: cursor) }
        if byte & 0x80 != 0 { throw .tooLong(at: cursor + 1) }
        position = cursor + 1
        return Int64(bitPattern: result | UInt64(byte & 1) << 63)
    }

    /// Decodes an unsigned integer of `bitWidth` bits (1...64) starting at `position`,
    /// and on success moves `position` past it.
    @usableFromInline
    static func unsigned(
        _ base: UnsafePointer<UInt8>, at position: inout Int, limit: Int, bitWidth: Int
    ) throws(Failure) -> UInt64 {
        var result: UInt64 = 0
        var shift = 0
        var cursor = position
        while true {
            guard cursor < limit else { throw .truncated }
            let byte = base[cursor]
            let payload = UInt64(byte & 0x7F)
            let bitsLeft = bitWidth - shift
            if bitsLeft < 7 && payload >= (1 << UInt64(bitsLeft)) { throw .tooLarge(at: cursor) }
            result |= payload << UInt64(shift)
            cursor += 1
            if byte & 0x80 == 0 {
                position = cursor
                return result
            }
            shift += 7
            if shift >= bitWidth { throw .tooLong(at: cursor) }
        }
    }

    /// Decodes a signed integer of `bitWidth` bits (1...64) starting at `position`,
    /// and on success moves `position` past it.
    @usableFromInline
    static func signed(
        _ base: UnsafePointer<UInt8>, at position: inout Int, limit: Int, bitWidth: Int
    ) throws(Failure) -> Int64 {
        var result: Int64 = 0
        var shift = 0
        var cursor = position
        while true {
            guard cursor < limit else { throw .truncated }
            let byte = base[cursor]
            let bitsLeft = bitWidth - shift
            if bitsLeft < 7 {
                // The unused bits, and the sign bit, must all be equal.
                let mask = UInt8(truncatingIfNeeded: -1 << (bitsLeft - 1)) & 0x7F
                let unused = byte & mask
                if unused != 0 && unused != mask { throw .tooLarge(at: cursor) }
            }
            result |= Int64(byte & 0x7F) << Int64(shift)
            cursor += 1
            shift += 7
            if byte & 0x80 == 0 {
                if shift < 64 && byte & 0x40 != 0 { result |= -1 << Int64(shift) }
                position = cursor
                return result
            }
            if shift >= bitWidth { throw .tooLong(at: cursor) }
        }
    }
}
