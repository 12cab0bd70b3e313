// Conversions between integers and floats, and between float widths.
//
// Truncations check the range before converting instead of decoding
// cvttss2si's "integer indefinite" result afterwards: one shape covers the
// sixteen trapping and saturating forms, and each bound is exact (every
// bound below is representable in f32 and f64, and "exclusive" bounds use the
// first value whose truncation is out of range). Unsigned 64-bit results go
// through the signed instruction with a 2^63 shift; unsigned 64-bit sources
// convert at half size and double (the usual halving with a sticky bit,
// which keeps the rounding exact).
import WasmCore
import X64Assembler

extension FunctionCompiler {
    /// Bit patterns of the limits of a truncation, in the source's float type.
    private struct TruncationBounds {
        var lower: UInt64
        /// Whether `lower` itself is in range (else only values above it are).
        var lowerInclusive: Bool
        /// The smallest value out of range above.
        var upper: UInt64

        init(source: ValueType, target: ValueType, signed: Bool) {
            let double = source == .f64
            func bits(_ value: Double) -> UInt64 {
                double ? value.bitPattern : UInt64(Float(value).bitPattern)
            }
            switch (target, signed) {
            case (.i32, true):
                // f64 holds -2^31 - 1 exactly; f32 does not, and -2^31 is its last value in range.
                lower = double ? bits(-2_147_483_649.0) : bits(-2_147_483_648.0)
                lowerInclusive = !double
                upper = bits(2_147_483_648.0)
            case (.i32, false):
                (lower, lowerInclusive, upper) = (bits(-1.0), false, bits(4_294_967_296.0))
            case (_, true):
                (lower, lowerInclusive, upper) = (bits(-9_223_372_036_854_775_808.0), true, bits(9_223_372_036_854_775_808.0))
            default:
                (lower, lowerInclusive, upper) = (bits(-1.0), false, bits(18_446_744_073_709_551_616.0))
            }
        }
    }

    mutating func compileTruncate(from source: ValueType, to target: ValueType, signed: Bool, saturating: Bool) {
        let double = source == .f64
        let wide = target == .i64
        let bounds = TruncationBounds(source: source, target: target, signed: signed)
        let value = loadToRegister(pop()).xmm
        let result = allocate(.general).gpr
        let scratch = ValueRegister(Scratch.xmm)

        let notANumber = saturating ? assembler.newLabel() : trapLabel(.invalidConversionToInteger)
        let underflow = saturating ? assembler.newLabel() : trapLabel(.integerOverflow)
        let overflow = saturating ? assembler.newLabel() : trapLabel(.integerOverflow)
        let done = assembler.newLabel()

        double ? assembler.ucomisd(value, value) : assembler.ucomiss(value, value)
        assembler.jcc(.parity, notANumber)
        assembler.loadConstant(source, scratch, bounds.lower)
        double ? assembler.ucomisd(value, Scratch.xmm) : assembler.ucomiss(value, Scratch.xmm)
        assembler.jcc(bounds.lowerInclusive ? .below : .belowOrEqual, underflow)
        assembler.loadConstant(source, scratch, bounds.upper)
        double ? assembler.ucomisd(value, Scratch.xmm) : assembler.ucomiss(value, Scratch.xmm)
        assembler.jcc(.aboveOrEqual, overflow)

        if signed {
            switch (double, wide) {
            case (false, false): assembler.cvttss2sil(result, value)
            case (false, true): assembler.cvttss2siq(result, value)
            case (true, false): assembler.cvttsd2sil(result, value)
            case (true, true): assembler.cvttsd2siq(result, value)
            }
        } else if !wide {
            // Below 2^32, so the 64-bit conversion is exact and leaves the upper half zero.
            double ? assembler.cvttsd2siq(result, value) : assembler.cvttss2siq(result, value)
        } else {
            let high = assembler.newLabel()
            assembler.loadConstant(source, scratch, double ? (9_223_372_036_854_775_808.0).bitPattern : UInt64(Float(9_223_372_036_854_775_808.0).bitPattern))
            double ? assembler.ucomisd(value, Scratch.xmm) : assembler.ucomiss(value, Scratch.xmm)
            assembler.jcc(.aboveOrEqual, high)
            double ? assembler.cvttsd2siq(result, value) : assembler.cvttss2siq(result, value)
            assembler.jmp(done)
            assembler.bind(high)
            double ? assembler.subsd(value, Scratch.xmm) : assembler.subss(value, Scratch.xmm)
            double ? assembler.cvttsd2siq(result, value) : assembler.cvttss2siq(result, value)
            assembler.movq(Scratch.gpr, imm64: 1 << 63)
            assembler.xorq(result, Scratch.gpr)
        }

        if saturating {
            assembler.jmp(done)
            assembler.bind(notANumber)
            assembler.movl(result, 0)
            assembler.jmp(done)
            assembler.bind(underflow)
            let minimum: UInt64 = signed ? (wide ? 1 << 63 : 0x8000_0000) : 0
            assembler.loadImmediate(result, minimum)
            assembler.jmp(done)
            assembler.bind(overflow)
            let maximum: UInt64 = signed ? (wide ? UInt64(Int64.max) : 0x7FFF_FFFF) : (wide ? UInt64.max : 0xFFFF_FFFF)
            assembler.loadImmediate(result, maximum)
        }
        assembler.bind(done)
        registers.release(ValueRegister(value))
        push(ValueRegister(result), target)
    }

    mutating func compileConvert(from source: ValueType, to target: ValueType, signed: Bool) {
        let double = target == .f64
        // An i32 in a register has a zero upper half: it converts as i64 when unsigned.
        let integer = popToRegister().gpr
        let result = allocate(.vector).xmm
        // Breaks the dependency on the register's old contents (cvtsi2s* merges).
        assembler.xorps(result, result)
        if source == .i32 && signed {
            double ? assembler.cvtsi2sdl(result, integer) : assembler.cvtsi2ssl(result, integer)
        } else if source == .i32 || signed {
            double ? assembler.cvtsi2sdq(result, integer) : assembler.cvtsi2ssq(result, integer)
        } else {
            // u64 at or above 2^63: halve (keeping the low bit as a sticky bit), convert, double.
            let high = assembler.newLabel()
            let done = assembler.newLabel()
            assembler.testq(integer, integer)
            assembler.jcc(.sign, high)
            double ? assembler.cvtsi2sdq(result, integer) : assembler.cvtsi2ssq(result, integer)
            assembler.jmp(done)
            assembler.bind(high)
            assembler.movq(Scratch.gpr, integer)
            assembler.shrq(Scratch.gpr, 1)
            assembler.andl(integer, 1)
            assembler.orq(Scratch.gpr, integer)
            double ? assembler.cvtsi2sdq(result, Scratch.gpr) : assembler.cvtsi2ssq(result, Scratch.gpr)
            double ? assembler.addsd(result, result) : assembler.addss(result, result)
            assembler.bind(done)
        }
        registers.release(ValueRegister(integer))
        push(ValueRegister(result), target)
    }

    /// f32.demote_f64 and f64.promote_f32.
    mutating func compileFloatResize(to target: ValueType) {
        let value = pop()
        let register = loadToRegister(value).xmm
        target == .f32 ? assembler.cvtsd2ss(register, register) : assembler.cvtss2sd(register, register)
        push(ValueRegister(register), target)
    }

    /// Same bits, other type: a move between register files, or just a new
    /// type for a value in memory or a constant.
    mutating func compileReinterpret(to target: ValueType) {
        let top = stack.count - 1
        switch stack[top].location {
        case .constant, .local, .spilled:
            stack.setType(top, target)
        case .register(let register):
            _ = stack.pop()
            let result = allocate(target.registerClass)
            switch target {
            case .i32: assembler.movd(result.gpr, register.xmm)
            case .i64: assembler.movq(result.gpr, register.xmm)
            case .f32: assembler.movd(result.xmm, register.gpr)
            default: assembler.movq(result.xmm, register.gpr)
            }
            registers.release(register)
            push(result, target)
        }
    }
}
