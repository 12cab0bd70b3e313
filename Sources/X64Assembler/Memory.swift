// A memory operand: [base + index*scale + displacement], or a RIP-relative
// reference to a label. Only describes the address; the assembler turns it
// into ModRM/SIB/displacement bytes (see Assembler.swift for the corner cases).

/// The address of a memory operand.
public struct Memory: Sendable, Hashable {
    /// The base register, or nil for an absolute (or index-only) address.
    public var base: Register?
    /// The index register; rsp cannot be an index (its encoding means "none").
    public var index: Register?
    /// The index scale: 1, 2, 4 or 8.
    public var scale: UInt8
    /// The displacement added to base and index.
    public var displacement: Int32
    /// For a RIP-relative operand, the label addressed (base and index are nil).
    public var label: Label?

    /// [base + displacement].
    @inlinable
    public init(base: Register, displacement: Int32 = 0) {
        self.base = base
        self.index = nil
        self.scale = 1
        self.displacement = displacement
        self.label = nil
    }

    /// [base + index*scale + displacement]; base may be nil for [index*scale + disp32].
    @inlinable
    public init(base: Register?, index: Register?, scale: UInt8 = 1, displacement: Int32 = 0) {
        precondition(scale == 1 || scale == 2 || scale == 4 || scale == 8, "scale must be 1, 2, 4 or 8")
        precondition(index != .rsp, "rsp cannot be an index register")
        self.base = base
        self.index = index
        self.scale = scale
        self.displacement = displacement
        self.label = nil
    }

    /// An absolute 32-bit address (sign-extended), [disp32].
    @inlinable
    public init(absolute displacement: Int32) {
        self.base = nil
        self.index = nil
        self.scale = 1
        self.displacement = displacement
        self.label = nil
    }

    /// [rip + (label - end of instruction) + displacement]: constants and
    /// tables placed in the code, addressed position-independently.
    @inlinable
    public init(label: Label, displacement: Int32 = 0) {
        self.base = nil
        self.index = nil
        self.scale = 1
        self.displacement = displacement
        self.label = label
    }

    /// The SIB scale field (log2 of the scale).
    @inlinable var scaleBits: UInt8 {
        switch scale {
        case 1: 0
        case 2: 1
        case 4: 2
        default: 3
        }
    }
}

extension Memory: CustomStringConvertible {
    /// Intel-style text, e.g. `[rbp+rax*4-0x8]`, for diagnostics.
    public var description: String {
        if let label { return "[rip+L\(label.id)\(Memory.signedHex(displacement))]" }
        var text = "["
        if let base { text += base.description }
        if let index {
            if base != nil { text += "+" }
            text += index.description
            if scale != 1 { text += "*\(scale)" }
        }
        if base == nil && index == nil {
            text += "0x" + String(UInt32(bitPattern: displacement), radix: 16)
        } else {
            text += Memory.signedHex(displacement)
        }
        return text + "]"
    }

    private static func signedHex(_ value: Int32) -> String {
        if value == 0 { return "" }
        let magnitude = String(value.magnitude, radix: 16)
        return value < 0 ? "-0x" + magnitude : "+0x" + magnitude
    }
}
