import Testing
@testable import WasmCore

@Suite struct LEB128Tests {
    typealias B = BinaryBuilder

    func unsigned32(_ bytes: [UInt8]) -> Result<UInt32, LEB128.Failure> {
        bytes.withUnsafeBufferPointer { buffer in
            var position = 0
            return Result { () throws(LEB128.Failure) in
                try LEB128.unsigned32(buffer.baseAddress!, at: &position, limit: buffer.count)
            }
        }
    }

    func signed32(_ bytes: [UInt8]) -> Result<Int32, LEB128.Failure> {
        bytes.withUnsafeBufferPointer { buffer in
            var position = 0
            return Result { () throws(LEB128.Failure) in
                try LEB128.signed32(buffer.baseAddress!, at: &position, limit: buffer.count)
            }
        }
    }

    func signed64(_ bytes: [UInt8]) -> Result<Int64, LEB128.Failure> {
        bytes.withUnsafeBufferPointer { buffer in
            var position = 0
            return Result { () throws(LEB128.Failure) in
                try LEB128.signed64(buffer.baseAddress!, at: &position, limit: buffer.count)
            }
        }
    }

    func generic(_ bytes: [UInt8], bitWidth: Int, signed: Bool) -> Result<Int64, LEB128.Failure> {
        bytes.withUnsafeBufferPointer { buffer in
            var position = 0
            return Result { () throws(LEB128.Failure) in
                signed
                    ? try LEB128.signed(buffer.baseAddress!, at: &position, limit: buffer.count, bitWidth: bitWidth)
                    : Int64(bitPattern: try LEB128.unsigned(buffer.baseAddress!, at: &position, limit: buffer.count, bitWidth: bitWidth))
            }
        }
    }

    @Test func unsigned32AcceptsEveryLengthUpToFiveBytes() {
        #expect(unsigned32([0x00]) == .success(0))
        #expect(unsigned32([0x7F]) == .success(127))
        #expect(unsigned32([0x80, 0x01]) == .success(128))
        #expect(unsigned32([0x80, 0x80, 0x80, 0x80, 0x00]) == .success(0))
        #expect(unsigned32([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]) == .success(UInt32.max))
    }

    @Test func unsigned32RejectsOverlongAndOversizedEncodings() {
        #expect(unsigned32([0x80, 0x80, 0x80, 0x80, 0x80, 0x00]) == .failure(.tooLong(at: 5)))
        #expect(unsigned32([0x80, 0x80, 0x80, 0x80, 0x10]) == .failure(.tooLarge(at: 4)))
        #expect(unsigned32([0xFF, 0xFF, 0xFF, 0xFF, 0x7F]) == .failure(.tooLarge(at: 4)))
        // Unused bits are checked before the continuation bit, as the reference interpreter does.
        #expect(unsigned32([0x80, 0x80, 0x80, 0x80, 0x90, 0x00]) == .failure(.tooLarge(at: 4)))
        #expect(unsigned32([0x80, 0x80]) == .failure(.truncated))
        #expect(unsigned32([]) == .failure(.truncated))
    }

    @Test func signed32ExtendsTheSignAndChecksTheUnusedBits() {
        #expect(signed32([0x7F]) == .success(-1))
        #expect(signed32([0x3F]) == .success(63))
        #expect(signed32([0x40]) == .success(-64))
        #expect(signed32([0xC0, 0x00]) == .success(64))
        #expect(signed32([0x80, 0x80, 0x80, 0x80, 0x78]) == .success(Int32.min))
        #expect(signed32([0xFF, 0xFF, 0xFF, 0xFF, 0x07]) == .success(Int32.max))
        #expect(signed32([0xFF, 0xFF, 0xFF, 0xFF, 0x7F]) == .success(-1))
        #expect(signed32([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]) == .failure(.tooLarge(at: 4)))
        #expect(signed32([0x80, 0x80, 0x80, 0x80, 0x70]) == .failure(.tooLarge(at: 4)))
        #expect(signed32([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]) == .failure(.tooLong(at: 5)))
    }

    @Test func signed64CoversTheFullRange() {
        #expect(signed64(B.signed(Int64.min)) == .success(Int64.min))
        #expect(signed64(B.signed(Int64.max)) == .success(Int64.max))
        #expect(signed64([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F]) == .success(Int64.min))
        #expect(signed64([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00]) == .success(Int64.max))
        #expect(signed64([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]) == .failure(.tooLarge(at: 9)))
        #expect(signed64([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7E]) == .failure(.tooLarge(at: 9)))
        #expect(signed64([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]) == .failure(.tooLong(at: 10)))
    }

    @Test func signed33HoldsEveryU32TypeIndex() {
        #expect(generic(B.signed(Int64(UInt32.max)), bitWidth: 33, signed: true) == .success(Int64(UInt32.max)))
        #expect(generic(B.signed(-(1 << 32)), bitWidth: 33, signed: true) == .success(-(1 << 32)))
        #expect(generic(B.signed(1 << 32), bitWidth: 33, signed: true) == .failure(.tooLarge(at: 4)))
    }

    @Test func aOneBitLEBIsZeroOrOne() {
        #expect(generic([0x01], bitWidth: 1, signed: false) == .success(1))
        #expect(generic([0x02], bitWidth: 1, signed: false) == .failure(.tooLarge(at: 0)))
        #expect(generic([0x81, 0x00], bitWidth: 1, signed: false) == .failure(.tooLong(at: 1)))
    }

    /// The unrolled decoders must agree with the general ones on every input,
    /// malformed ones included.
    @Test func unrolledDecodersAgreeWithTheGeneralOnesOnRandomBytes() {
        var random = SeededRandom(seed: 42)
        for _ in 0..<20_000 {
            let length = Int(random.next() % 12)
            let bytes = (0..<length).map { _ in
                // Mostly continuation bytes, so that long encodings are common.
                let byte = UInt8(truncatingIfNeeded: random.next())
                return random.next() % 4 == 0 ? byte & 0x7F : byte | 0x80
            }
            #expect(unsigned32(bytes).map(Int64.init) == generic(bytes, bitWidth: 32, signed: false), "\(bytes)")
            #expect(signed32(bytes).map(Int64.init) == generic(bytes, bitWidth: 32, signed: true), "\(bytes)")
            #expect(signed64(bytes) == generic(bytes, bitWidth: 64, signed: true), "\(bytes)")
        }
    }

    @Test func encodedValuesRoundTrip() {
        var random = SeededRandom(seed: 7)
        for _ in 0..<5_000 {
            let value = random.next()
            let u32 = UInt32(truncatingIfNeeded: value >> (value % 32))
            let s32 = Int32(truncatingIfNeeded: Int64(bitPattern: value) >> (value % 32))
            let s64 = Int64(bitPattern: value) >> (value % 64)
            #expect(unsigned32(B.unsigned(UInt64(u32))) == .success(u32))
            #expect(signed32(B.signed(Int64(s32))) == .success(s32))
            #expect(signed64(B.signed(s64)) == .success(s64))
        }
    }
}

/// SplitMix64: small, fast and seedable, so failures reproduce.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
