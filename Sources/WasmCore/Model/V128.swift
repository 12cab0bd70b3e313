/// A 128-bit SIMD value, stored as two little-endian 64-bit halves so it is
/// trivially copyable and fits inline in `Instruction`.
public struct V128: Sendable, Hashable {
    public var low: UInt64
    public var high: UInt64

    public init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    /// Builds the value from 16 bytes in memory order.
    public init(bytes: [UInt8]) {
        precondition(bytes.count == 16)
        var low: UInt64 = 0
        var high: UInt64 = 0
        for i in 0..<8 {
            low |= UInt64(bytes[i]) << (8 * i)
            high |= UInt64(bytes[i + 8]) << (8 * i)
        }
        self.init(low: low, high: high)
    }

    /// The 16 bytes in memory order.
    public var bytes: [UInt8] {
        (0..<16).map { i in UInt8(truncatingIfNeeded: (i < 8 ? low : high) >> (8 * (i % 8))) }
    }
}
