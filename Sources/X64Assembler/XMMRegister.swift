// SSE registers xmm0...xmm15, numbered by hardware encoding. Scalar f32/f64
// and (later) v128 values live here; the width is again the method's choice.

/// An SSE register; the raw value is the 4-bit hardware encoding.
public enum XMMRegister: UInt8, CaseIterable, Sendable, Hashable {
    case xmm0 = 0
    case xmm1, xmm2, xmm3, xmm4, xmm5, xmm6, xmm7
    case xmm8, xmm9, xmm10, xmm11, xmm12, xmm13, xmm14, xmm15

    /// The low three bits, which go into ModRM.
    @inlinable public var lowBits: UInt8 { rawValue & 7 }

    /// Whether the register is xmm8...xmm15 and so needs a REX extension bit.
    @inlinable public var needsREX: Bool { rawValue >= 8 }
}

extension XMMRegister: CustomStringConvertible {
    public var description: String { "xmm\(rawValue)" }
}
