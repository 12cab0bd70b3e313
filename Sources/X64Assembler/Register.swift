// General-purpose registers of x86-64, named by their 64-bit names and numbered
// by their hardware encoding. The width an instruction uses is chosen by the
// assembler method (`addl` vs `addq`), not by the register value, so one case
// stands for rax, eax, ax and al alike.

/// A general-purpose register; the raw value is the 4-bit hardware encoding.
public enum Register: UInt8, CaseIterable, Sendable, Hashable {
    case rax = 0
    case rcx, rdx, rbx, rsp, rbp, rsi, rdi
    case r8, r9, r10, r11, r12, r13, r14, r15

    /// The low three bits, which go into ModRM, SIB or the opcode byte.
    @inlinable public var lowBits: UInt8 { rawValue & 7 }

    /// Whether the register is r8...r15 and so needs a REX extension bit.
    @inlinable public var isExtended: Bool { rawValue >= 8 }

    /// Whether naming this register at 16/32/64 bits needs a REX prefix (r8...r15).
    /// For 8-bit operands see `byteNeedsREX`.
    @inlinable public var needsREX: Bool { isExtended }

    /// Whether the 8-bit form of this register needs a REX prefix to be
    /// addressed: r8b...r15b, and spl, bpl, sil, dil, whose encodings mean
    /// ah, ch, dh and bh without one.
    @inlinable public var byteNeedsREX: Bool { rawValue >= 4 }

    /// The register's name at a given width in bytes (1, 2, 4 or 8), as
    /// Intel syntax writes it.
    public func name(width: Int) -> String {
        let index = Int(rawValue)
        switch width {
        case 1: return Register.byteNames[index]
        case 2: return Register.wordNames[index]
        case 4: return Register.doubleWordNames[index]
        default: return Register.quadWordNames[index]
        }
    }

    private static let quadWordNames = [
        "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
    ]
    private static let doubleWordNames = [
        "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
        "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d",
    ]
    private static let wordNames = [
        "ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
        "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w",
    ]
    private static let byteNames = [
        "al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
        "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b",
    ]
}

extension Register: CustomStringConvertible {
    public var description: String { name(width: 8) }
}
