/// Numbers as gdb writes them.
enum NumberText {
    static func mask(_ bits: UInt64, byteSize: Int) -> UInt64 {
        byteSize >= 8 ? bits : bits & ((1 << UInt64(8 * max(byteSize, 0))) - 1)
    }

    /// `0x2a`, or `0x0000002a` zero-padded to the size (the `x` command and `/z`).
    static func hexadecimal(_ bits: UInt64, byteSize: Int, padded: Bool = false) -> String {
        let digits = String(mask(bits, byteSize: byteSize), radix: 16)
        guard padded else { return "0x" + digits }
        return "0x" + String(repeating: "0", count: max(0, 2 * min(byteSize, 8) - digits.count)) + digits
    }

    /// `052`: a leading 0 marks octal; zero itself is `0`.
    static func octal(_ bits: UInt64, byteSize: Int) -> String {
        let value = mask(bits, byteSize: byteSize)
        return value == 0 ? "0" : "0" + String(value, radix: 8)
    }

    static func binary(_ bits: UInt64, byteSize: Int, padded: Bool = false) -> String {
        let digits = String(mask(bits, byteSize: byteSize), radix: 2)
        guard padded else { return digits }
        return String(repeating: "0", count: max(0, 8 * min(byteSize, 8) - digits.count)) + digits
    }

    static func signedDecimal(_ bits: UInt64, byteSize: Int) -> String {
        guard byteSize < 8 else { return String(Int64(bitPattern: bits)) }
        return String(Int64(bitPattern: IntegerKind(byteSize: max(byteSize, 1), isSigned: true, rank: 3).normalize(bits)))
    }

    static func unsignedDecimal(_ bits: UInt64, byteSize: Int) -> String { String(mask(bits, byteSize: byteSize)) }

    /// The shortest text that reads back as the same float or double, without
    /// a trailing `.0` (gdb prints `1`, not `1.0`); `inf`, `-nan(0x8000000000000)`.
    static func floating(_ value: Double, byteSize: Int) -> String {
        if value.isNaN {
            let sign = value.sign == .minus ? "-" : ""
            let payload: UInt64 =
                byteSize == 4 ? UInt64(Float(value).bitPattern & 0x7f_ffff) : value.bitPattern & 0xf_ffff_ffff_ffff
            return "\(sign)nan(0x\(String(payload, radix: 16)))"
        }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        var text = byteSize == 4 ? Float(value).description : value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }
}
