// SSE2/SSE4.1 scalar floating point, GPR<->XMM moves, the bitwise packed
// operations scalar code borrows (abs/neg/copysign masks), and 128-bit loads
// and stores. The mandatory prefix (none, 66, F3, F2) selects the data type
// of one opcode: ps, pd, ss, sd respectively.

extension Assembler {
    /// An SSE instruction with the destination (or first operand) in ModRM.reg.
    @inlinable
    mutating func sse(
        _ prefix: UInt8, w: Bool = false, map: OpcodeMap = .escape0F, _ opcode: UInt8, reg: UInt8, rm: UInt8
    ) {
        emitRegisterForm(prefix: prefix, w: w, map, opcode, reg: reg, rm: rm)
    }

    @inlinable
    mutating func sse(
        _ prefix: UInt8, w: Bool = false, map: OpcodeMap = .escape0F, _ opcode: UInt8, reg: UInt8, _ memory: Memory,
        immediateSize: Int = 0
    ) {
        emitMemoryForm(prefix: prefix, w: w, map, opcode, reg: reg, memory, immediateSize: immediateSize)
    }

    // MARK: Moves

    /// `movss` register to register (merges into the destination's low lane).
    @inlinable public mutating func movss(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xF3, 0x10, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func movss(_ destination: XMMRegister, _ source: Memory) {
        sse(0xF3, 0x10, reg: destination.rawValue, source)
    }
    @inlinable public mutating func movss(_ destination: Memory, _ source: XMMRegister) {
        sse(0xF3, 0x11, reg: source.rawValue, destination)
    }
    /// `movsd` register to register (merges into the destination's low lane).
    @inlinable public mutating func movsd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xF2, 0x10, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func movsd(_ destination: XMMRegister, _ source: Memory) {
        sse(0xF2, 0x10, reg: destination.rawValue, source)
    }
    @inlinable public mutating func movsd(_ destination: Memory, _ source: XMMRegister) {
        sse(0xF2, 0x11, reg: source.rawValue, destination)
    }
    /// `movaps`: the whole-register copy used for scalar moves too.
    @inlinable public mutating func movaps(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0, 0x28, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func movaps(_ destination: XMMRegister, _ source: Memory) {
        sse(0, 0x28, reg: destination.rawValue, source)
    }
    @inlinable public mutating func movaps(_ destination: Memory, _ source: XMMRegister) {
        sse(0, 0x29, reg: source.rawValue, destination)
    }
    @inlinable public mutating func movapd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0x66, 0x28, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func movapd(_ destination: XMMRegister, _ source: Memory) {
        sse(0x66, 0x28, reg: destination.rawValue, source)
    }
    @inlinable public mutating func movapd(_ destination: Memory, _ source: XMMRegister) {
        sse(0x66, 0x29, reg: source.rawValue, destination)
    }
    @inlinable public mutating func movups(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0, 0x10, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func movups(_ destination: XMMRegister, _ source: Memory) {
        sse(0, 0x10, reg: destination.rawValue, source)
    }
    @inlinable public mutating func movups(_ destination: Memory, _ source: XMMRegister) {
        sse(0, 0x11, reg: source.rawValue, destination)
    }
    @inlinable public mutating func movdqa(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0x66, 0x6F, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func movdqa(_ destination: XMMRegister, _ source: Memory) {
        sse(0x66, 0x6F, reg: destination.rawValue, source)
    }
    @inlinable public mutating func movdqa(_ destination: Memory, _ source: XMMRegister) {
        sse(0x66, 0x7F, reg: source.rawValue, destination)
    }
    /// `movdqu`: unaligned 128-bit load and store (v128.load/store).
    @inlinable public mutating func movdqu(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xF3, 0x6F, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func movdqu(_ destination: XMMRegister, _ source: Memory) {
        sse(0xF3, 0x6F, reg: destination.rawValue, source)
    }
    @inlinable public mutating func movdqu(_ destination: Memory, _ source: XMMRegister) {
        sse(0xF3, 0x7F, reg: source.rawValue, destination)
    }

    /// `movd xmm, r32` (zeroes the upper lanes).
    @inlinable public mutating func movd(_ destination: XMMRegister, _ source: Register) {
        sse(0x66, 0x6E, reg: destination.rawValue, rm: source.rawValue)
    }
    /// `movd r32, xmm`.
    @inlinable public mutating func movd(_ destination: Register, _ source: XMMRegister) {
        sse(0x66, 0x7E, reg: source.rawValue, rm: destination.rawValue)
    }
    @inlinable public mutating func movd(_ destination: XMMRegister, _ source: Memory) {
        sse(0x66, 0x6E, reg: destination.rawValue, source)
    }
    @inlinable public mutating func movd(_ destination: Memory, _ source: XMMRegister) {
        sse(0x66, 0x7E, reg: source.rawValue, destination)
    }
    /// `movq xmm, r64` (zeroes the upper lane).
    @inlinable public mutating func movq(_ destination: XMMRegister, _ source: Register) {
        sse(0x66, w: true, 0x6E, reg: destination.rawValue, rm: source.rawValue)
    }
    /// `movq r64, xmm`.
    @inlinable public mutating func movq(_ destination: Register, _ source: XMMRegister) {
        sse(0x66, w: true, 0x7E, reg: source.rawValue, rm: destination.rawValue)
    }
    /// `movq xmm, xmm` (copies the low lane, zeroes the upper one).
    @inlinable public mutating func movq(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xF3, 0x7E, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func movq(_ destination: XMMRegister, _ source: Memory) {
        sse(0xF3, 0x7E, reg: destination.rawValue, source)
    }
    @inlinable public mutating func movq(_ destination: Memory, _ source: XMMRegister) {
        sse(0x66, 0xD6, reg: source.rawValue, destination)
    }
    /// `movmskps r32, xmm`: the four sign bits (copysign and sign tests).
    @inlinable public mutating func movmskps(_ destination: Register, _ source: XMMRegister) {
        sse(0, 0x50, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func movmskpd(_ destination: Register, _ source: XMMRegister) {
        sse(0x66, 0x50, reg: destination.rawValue, rm: source.rawValue)
    }

    // MARK: Scalar arithmetic

    @inlinable public mutating func addss(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xF3, 0x58, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func addss(_ destination: XMMRegister, _ source: Memory) {
        sse(0xF3, 0x58, reg: destination.rawValue, source)
    }
    @inlinable public mutating func addsd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xF2, 0x58, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func addsd(_ destination: XMMRegister, _ source: Memory) {
        sse(0xF2, 0x58, reg: destination.rawValue, source)
    }
    @inlinable public mutating func mulss(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xF3, 0x59, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func mulss(_ destination: XMMRegister, _ source: Memory) {
        sse(0xF3, 0x59, reg: destination.rawValue, source)
    }
    @inlinable public mutating func mulsd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xF2, 0x59, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func mulsd(_ destination: XMMRegister, _ source: Memory) {
        sse(0xF2, 0x59, reg: destination.rawValue, source)
    }
    @inlinable public mutating func subss(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xF3, 0x5C, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func subss(_ destination: XMMRegister, _ source: Memory) {
        sse(0xF3, 0x5C, reg: destination.rawValue, source)
    }
    @inlinable public mutating func subsd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xF2, 0x5C, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func subsd(_ destination: XMMRegister, _ source: Memory) {
        sse(0xF2, 0x5C, reg: destination.rawValue, source)
    }
    @inlinable public mutating func minss(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xF3, 0x5D, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func minss(_ destination: XMMRegister, _ source: Memory) {
        sse(0xF3, 0x5D, reg: destination.rawValue, source)
    }
    @inlinable public mutating func minsd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xF2, 0x5D, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func minsd(_ destination: XMMRegister, _ source: Memory) {
        sse(0xF2, 0x5D, reg: destination.rawValue, source)
    }
    @inlinable public mutating func divss(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xF3, 0x5E, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func divss(_ destination: XMMRegister, _ source: Memory) {
        sse(0xF3, 0x5E, reg: destination.rawValue, source)
    }
    @inlinable public mutating func divsd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xF2, 0x5E, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func divsd(_ destination: XMMRegister, _ source: Memory) {
        sse(0xF2, 0x5E, reg: destination.rawValue, source)
    }
    @inlinable public mutating func maxss(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xF3, 0x5F, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func maxss(_ destination: XMMRegister, _ source: Memory) {
        sse(0xF3, 0x5F, reg: destination.rawValue, source)
    }
    @inlinable public mutating func maxsd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xF2, 0x5F, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func maxsd(_ destination: XMMRegister, _ source: Memory) {
        sse(0xF2, 0x5F, reg: destination.rawValue, source)
    }
    @inlinable public mutating func sqrtss(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xF3, 0x51, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func sqrtss(_ destination: XMMRegister, _ source: Memory) {
        sse(0xF3, 0x51, reg: destination.rawValue, source)
    }
    @inlinable public mutating func sqrtsd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xF2, 0x51, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func sqrtsd(_ destination: XMMRegister, _ source: Memory) {
        sse(0xF2, 0x51, reg: destination.rawValue, source)
    }

    // MARK: Comparisons (set ZF, PF, CF; PF means unordered)

    @inlinable public mutating func ucomiss(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0, 0x2E, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func ucomiss(_ destination: XMMRegister, _ source: Memory) {
        sse(0, 0x2E, reg: destination.rawValue, source)
    }
    @inlinable public mutating func ucomisd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0x66, 0x2E, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func ucomisd(_ destination: XMMRegister, _ source: Memory) {
        sse(0x66, 0x2E, reg: destination.rawValue, source)
    }
    @inlinable public mutating func comiss(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0, 0x2F, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func comiss(_ destination: XMMRegister, _ source: Memory) {
        sse(0, 0x2F, reg: destination.rawValue, source)
    }
    @inlinable public mutating func comisd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0x66, 0x2F, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func comisd(_ destination: XMMRegister, _ source: Memory) {
        sse(0x66, 0x2F, reg: destination.rawValue, source)
    }

    // MARK: Conversions

    /// `cvtsi2ss xmm, r32`.
    @inlinable public mutating func cvtsi2ssl(_ destination: XMMRegister, _ source: Register) {
        sse(0xF3, 0x2A, reg: destination.rawValue, rm: source.rawValue)
    }
    /// `cvtsi2ss xmm, r64`.
    @inlinable public mutating func cvtsi2ssq(_ destination: XMMRegister, _ source: Register) {
        sse(0xF3, w: true, 0x2A, reg: destination.rawValue, rm: source.rawValue)
    }
    /// `cvtsi2sd xmm, r32`.
    @inlinable public mutating func cvtsi2sdl(_ destination: XMMRegister, _ source: Register) {
        sse(0xF2, 0x2A, reg: destination.rawValue, rm: source.rawValue)
    }
    /// `cvtsi2sd xmm, r64`.
    @inlinable public mutating func cvtsi2sdq(_ destination: XMMRegister, _ source: Register) {
        sse(0xF2, w: true, 0x2A, reg: destination.rawValue, rm: source.rawValue)
    }
    /// `cvttss2si r32, xmm` (truncating; 0x80000000 on overflow or NaN).
    @inlinable public mutating func cvttss2sil(_ destination: Register, _ source: XMMRegister) {
        sse(0xF3, 0x2C, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func cvttss2siq(_ destination: Register, _ source: XMMRegister) {
        sse(0xF3, w: true, 0x2C, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func cvttsd2sil(_ destination: Register, _ source: XMMRegister) {
        sse(0xF2, 0x2C, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func cvttsd2siq(_ destination: Register, _ source: XMMRegister) {
        sse(0xF2, w: true, 0x2C, reg: destination.rawValue, rm: source.rawValue)
    }

    @inlinable public mutating func cvtss2sd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xF3, 0x5A, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func cvtss2sd(_ destination: XMMRegister, _ source: Memory) {
        sse(0xF3, 0x5A, reg: destination.rawValue, source)
    }
    @inlinable public mutating func cvtsd2ss(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xF2, 0x5A, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func cvtsd2ss(_ destination: XMMRegister, _ source: Memory) {
        sse(0xF2, 0x5A, reg: destination.rawValue, source)
    }

    /// `roundss xmm, xmm, imm8` (SSE4.1). Mode: 0 nearest-even, 1 down
    /// (floor), 2 up (ceil), 3 toward zero (trunc); +8 suppresses the inexact exception.
    @inlinable public mutating func roundss(_ destination: XMMRegister, _ source: XMMRegister, _ mode: UInt8) {
        sse(0x66, map: .escape0F3A, 0x0A, reg: destination.rawValue, rm: source.rawValue)
        code.append(mode)
    }
    /// `roundsd xmm, xmm, imm8` (SSE4.1); modes as for roundss.
    @inlinable public mutating func roundsd(_ destination: XMMRegister, _ source: XMMRegister, _ mode: UInt8) {
        sse(0x66, map: .escape0F3A, 0x0B, reg: destination.rawValue, rm: source.rawValue)
        code.append(mode)
    }

    // MARK: Bitwise (whole register)

    @inlinable public mutating func andps(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0, 0x54, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func andps(_ destination: XMMRegister, _ source: Memory) {
        sse(0, 0x54, reg: destination.rawValue, source)
    }
    @inlinable public mutating func andpd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0x66, 0x54, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func andpd(_ destination: XMMRegister, _ source: Memory) {
        sse(0x66, 0x54, reg: destination.rawValue, source)
    }
    @inlinable public mutating func andnps(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0, 0x55, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func andnps(_ destination: XMMRegister, _ source: Memory) {
        sse(0, 0x55, reg: destination.rawValue, source)
    }
    @inlinable public mutating func andnpd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0x66, 0x55, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func andnpd(_ destination: XMMRegister, _ source: Memory) {
        sse(0x66, 0x55, reg: destination.rawValue, source)
    }
    @inlinable public mutating func orps(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0, 0x56, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func orps(_ destination: XMMRegister, _ source: Memory) {
        sse(0, 0x56, reg: destination.rawValue, source)
    }
    @inlinable public mutating func orpd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0x66, 0x56, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func orpd(_ destination: XMMRegister, _ source: Memory) {
        sse(0x66, 0x56, reg: destination.rawValue, source)
    }
    @inlinable public mutating func xorps(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0, 0x57, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func xorps(_ destination: XMMRegister, _ source: Memory) {
        sse(0, 0x57, reg: destination.rawValue, source)
    }
    @inlinable public mutating func xorpd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0x66, 0x57, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func xorpd(_ destination: XMMRegister, _ source: Memory) {
        sse(0x66, 0x57, reg: destination.rawValue, source)
    }
    @inlinable public mutating func pand(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0x66, 0xDB, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func pand(_ destination: XMMRegister, _ source: Memory) {
        sse(0x66, 0xDB, reg: destination.rawValue, source)
    }
    @inlinable public mutating func pandn(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0x66, 0xDF, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func pandn(_ destination: XMMRegister, _ source: Memory) {
        sse(0x66, 0xDF, reg: destination.rawValue, source)
    }
    @inlinable public mutating func por(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0x66, 0xEB, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func por(_ destination: XMMRegister, _ source: Memory) {
        sse(0x66, 0xEB, reg: destination.rawValue, source)
    }
    @inlinable public mutating func pxor(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0x66, 0xEF, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func pxor(_ destination: XMMRegister, _ source: Memory) {
        sse(0x66, 0xEF, reg: destination.rawValue, source)
    }
    @inlinable public mutating func pcmpeqb(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0x66, 0x74, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func pcmpeqb(_ destination: XMMRegister, _ source: Memory) {
        sse(0x66, 0x74, reg: destination.rawValue, source)
    }
    @inlinable public mutating func pcmpeqw(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0x66, 0x75, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func pcmpeqw(_ destination: XMMRegister, _ source: Memory) {
        sse(0x66, 0x75, reg: destination.rawValue, source)
    }
    @inlinable public mutating func pcmpeqd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0x66, 0x76, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func pcmpeqd(_ destination: XMMRegister, _ source: Memory) {
        sse(0x66, 0x76, reg: destination.rawValue, source)
    }
    @inlinable public mutating func paddd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0x66, 0xFE, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func paddd(_ destination: XMMRegister, _ source: Memory) {
        sse(0x66, 0xFE, reg: destination.rawValue, source)
    }
    @inlinable public mutating func paddq(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0x66, 0xD4, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func paddq(_ destination: XMMRegister, _ source: Memory) {
        sse(0x66, 0xD4, reg: destination.rawValue, source)
    }
    @inlinable public mutating func psubd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0x66, 0xFA, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func psubd(_ destination: XMMRegister, _ source: Memory) {
        sse(0x66, 0xFA, reg: destination.rawValue, source)
    }
    @inlinable public mutating func psubq(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0x66, 0xFB, reg: destination.rawValue, rm: source.rawValue)
    }
    @inlinable public mutating func psubq(_ destination: XMMRegister, _ source: Memory) {
        sse(0x66, 0xFB, reg: destination.rawValue, source)
    }

    /// Packed shifts by an immediate: 66 0F 71/72/73 with the operation in ModRM.reg.
    @inlinable
    mutating func packedShift(_ opcode: UInt8, _ extensionField: UInt8, _ operand: XMMRegister, _ count: UInt8) {
        sse(0x66, opcode, reg: extensionField, rm: operand.rawValue)
        code.append(count)
    }
    @inlinable public mutating func psrlw(_ operand: XMMRegister, _ count: UInt8) {
        packedShift(0x71, 2, operand, count)
    }
    @inlinable public mutating func psraw(_ operand: XMMRegister, _ count: UInt8) {
        packedShift(0x71, 4, operand, count)
    }
    @inlinable public mutating func psllw(_ operand: XMMRegister, _ count: UInt8) {
        packedShift(0x71, 6, operand, count)
    }
    @inlinable public mutating func psrld(_ operand: XMMRegister, _ count: UInt8) {
        packedShift(0x72, 2, operand, count)
    }
    @inlinable public mutating func psrad(_ operand: XMMRegister, _ count: UInt8) {
        packedShift(0x72, 4, operand, count)
    }
    @inlinable public mutating func pslld(_ operand: XMMRegister, _ count: UInt8) {
        packedShift(0x72, 6, operand, count)
    }
    @inlinable public mutating func psrlq(_ operand: XMMRegister, _ count: UInt8) {
        packedShift(0x73, 2, operand, count)
    }
    @inlinable public mutating func psllq(_ operand: XMMRegister, _ count: UInt8) {
        packedShift(0x73, 6, operand, count)
    }
}
