// Floating-point operators on SSE scalars. Where x86 and wasm disagree the
// code spells out the wasm rule: min/max order NaNs and signed zeros
// themselves (minss returns its second operand on a NaN or a tie), abs, neg
// and copysign are bit operations that leave NaN payloads alone, and
// comparisons read the parity flag so an unordered compare is false (true
// for `ne`).
import WasmCore
import X64Assembler

enum FloatArithmetic {
    case add, sub, mul, div
}

enum FloatSignOperation {
    case absolute, negate
}

enum FloatRounding: UInt8 {
    /// roundss/roundsd immediates; bit 3 suppresses the precision exception.
    case nearest = 8, floor = 9, ceil = 10, trunc = 11
}

enum FloatComparison {
    case equal, notEqual, less, greater, lessOrEqual, greaterOrEqual
}

/// The right-hand side of an SSE instruction.
enum FloatSource {
    case register(XMMRegister)
    case memory(Memory)
}

extension FunctionCompiler {
    /// The operand as an SSE source; a constant goes through the scratch xmm register.
    mutating func floatSource(_ operand: Operand) -> FloatSource {
        switch operand.kind {
        case .register(let register): return .register(register.xmm)
        case .memory(let memory): return .memory(memory)
        case .constant(let bits):
            assembler.loadConstant(operand.type, ValueRegister(Scratch.xmm), bits)
            return .register(Scratch.xmm)
        }
    }

    /// The operand in an xmm register the caller may read but must not keep.
    mutating func floatRegister(_ operand: Operand) -> XMMRegister {
        switch floatSource(operand) {
        case .register(let register): return register
        case .memory(let memory):
            operand.type == .f32 ? assembler.movss(Scratch.xmm, memory) : assembler.movsd(Scratch.xmm, memory)
            return Scratch.xmm
        }
    }

    mutating func compileFloatArithmetic(_ operation: FloatArithmetic, double: Bool) {
        var rhs = pop()
        var lhs = pop()
        if (operation == .add || operation == .mul) && lhs.register == nil && rhs.register != nil {
            swap(&lhs, &rhs)
        }
        let destination = loadToRegister(lhs).xmm
        switch (operation, double, floatSource(rhs)) {
        case (.add, false, .register(let source)): assembler.addss(destination, source)
        case (.add, false, .memory(let source)): assembler.addss(destination, source)
        case (.add, true, .register(let source)): assembler.addsd(destination, source)
        case (.add, true, .memory(let source)): assembler.addsd(destination, source)
        case (.sub, false, .register(let source)): assembler.subss(destination, source)
        case (.sub, false, .memory(let source)): assembler.subss(destination, source)
        case (.sub, true, .register(let source)): assembler.subsd(destination, source)
        case (.sub, true, .memory(let source)): assembler.subsd(destination, source)
        case (.mul, false, .register(let source)): assembler.mulss(destination, source)
        case (.mul, false, .memory(let source)): assembler.mulss(destination, source)
        case (.mul, true, .register(let source)): assembler.mulsd(destination, source)
        case (.mul, true, .memory(let source)): assembler.mulsd(destination, source)
        case (.div, false, .register(let source)): assembler.divss(destination, source)
        case (.div, false, .memory(let source)): assembler.divss(destination, source)
        case (.div, true, .register(let source)): assembler.divsd(destination, source)
        case (.div, true, .memory(let source)): assembler.divsd(destination, source)
        }
        release(rhs)
        push(ValueRegister(destination), double ? .f64 : .f32)
    }

    /// min/max: NaN if either is NaN, and -0 < +0.
    mutating func compileFloatMinMax(minimum: Bool, double: Bool) {
        let rhs = pop()
        let lhs = pop()
        let destination = loadToRegister(lhs).xmm
        let source = floatRegister(rhs)
        let notEqual = assembler.newLabel()
        let unordered = assembler.newLabel()
        let done = assembler.newLabel()
        double ? assembler.ucomisd(destination, source) : assembler.ucomiss(destination, source)
        assembler.jcc(.parity, unordered)
        assembler.jcc(.notEqual, notEqual)
        // Equal: only the zeros' signs can differ; or-ing keeps a -0 (min), and-ing a +0 (max).
        minimum ? assembler.orps(destination, source) : assembler.andps(destination, source)
        assembler.jmp(done)
        assembler.bind(unordered)
        // Adding propagates the NaN, quieted.
        double ? assembler.addsd(destination, source) : assembler.addss(destination, source)
        assembler.jmp(done)
        assembler.bind(notEqual)
        switch (minimum, double) {
        case (true, false): assembler.minss(destination, source)
        case (true, true): assembler.minsd(destination, source)
        case (false, false): assembler.maxss(destination, source)
        case (false, true): assembler.maxsd(destination, source)
        }
        assembler.bind(done)
        release(rhs)
        push(ValueRegister(destination), double ? .f64 : .f32)
    }

    mutating func compileFloatSquareRoot(double: Bool) {
        let register = popToRegister().xmm
        double ? assembler.sqrtsd(register, register) : assembler.sqrtss(register, register)
        push(ValueRegister(register), double ? .f64 : .f32)
    }

    mutating func compileFloatRound(_ rounding: FloatRounding, double: Bool) {
        let register = popToRegister().xmm
        double
            ? assembler.roundsd(register, register, rounding.rawValue)
            : assembler.roundss(register, register, rounding.rawValue)
        push(ValueRegister(register), double ? .f64 : .f32)
    }

    /// abs clears the sign bit, neg flips it, through the scratch GPR.
    mutating func compileFloatSign(_ operation: FloatSignOperation, double: Bool) {
        let type: ValueType = double ? .f64 : .f32
        let value = pop()
        if let bits = value.constantBits {
            let sign: UInt64 = double ? 1 << 63 : 1 << 31
            pushConstant(type, operation == .absolute ? bits & ~sign : bits ^ sign)
            return
        }
        let register = loadToRegister(value).xmm
        let scratch = Scratch.gpr
        if double {
            assembler.movq(scratch, register)
            switch operation {
            case .absolute:
                assembler.shlq(scratch, 1)
                assembler.shrq(scratch, 1)
            case .negate:
                assembler.rolq(scratch, 1)
                assembler.xorq(scratch, 1)
                assembler.rorq(scratch, 1)
            }
            assembler.movq(register, scratch)
        } else {
            assembler.movd(scratch, register)
            switch operation {
            case .absolute: assembler.andl(scratch, 0x7FFF_FFFF)
            case .negate: assembler.xorl(scratch, Int32.min)
            }
            assembler.movd(register, scratch)
        }
        push(ValueRegister(register), type)
    }

    mutating func compileFloatCopySign(double: Bool) {
        let type: ValueType = double ? .f64 : .f32
        let sign = pop()
        let magnitude = pop()
        if let signBits = sign.constantBits, let magnitudeBits = magnitude.constantBits {
            let mask: UInt64 = double ? 1 << 63 : 1 << 31
            pushConstant(type, magnitudeBits & ~mask | signBits & mask)
            return
        }
        let register = loadToRegister(magnitude).xmm
        let bits = allocate(.general).gpr
        let scratch = Scratch.gpr
        if double {
            assembler.movq(bits, register)
            assembler.shlq(bits, 1)
            assembler.shrq(bits, 1)
            switch sign.kind {
            case .register(let source): assembler.movq(scratch, source.xmm)
            case .memory(let memory): assembler.movq(scratch, memory)
            case .constant(let constant): assembler.loadImmediate(scratch, constant)
            }
            assembler.shrq(scratch, 63)
            assembler.shlq(scratch, 63)
            assembler.orq(bits, scratch)
            assembler.movq(register, bits)
        } else {
            assembler.movd(bits, register)
            assembler.andl(bits, 0x7FFF_FFFF)
            switch sign.kind {
            case .register(let source): assembler.movd(scratch, source.xmm)
            case .memory(let memory): assembler.movl(scratch, memory)
            case .constant(let constant): assembler.loadImmediate(scratch, constant)
            }
            assembler.andl(scratch, Int32.min)
            assembler.orl(bits, scratch)
            assembler.movd(register, bits)
        }
        registers.release(ValueRegister(bits))
        release(sign)
        push(ValueRegister(register), type)
    }

    /// ucomis sets CF/ZF like an unsigned compare, and all three of ZF, PF, CF
    /// on unordered; "above" and "above or equal" are the conditions that are
    /// false when unordered, so lt/le compare with the operands swapped.
    mutating func compileFloatCompare(_ comparison: FloatComparison, double: Bool, next: Instruction?) {
        let rhs = pop()
        let lhs = pop()
        let (first, second, condition): (Operand, Operand, BranchCondition)
        switch comparison {
        case .equal: (first, second, condition) = (lhs, rhs, .floatEqual)
        case .notEqual: (first, second, condition) = (lhs, rhs, .floatNotEqual)
        case .less: (first, second, condition) = (rhs, lhs, .flags(.above))
        case .greater: (first, second, condition) = (lhs, rhs, .flags(.above))
        case .lessOrEqual: (first, second, condition) = (rhs, lhs, .flags(.aboveOrEqual))
        case .greaterOrEqual: (first, second, condition) = (lhs, rhs, .flags(.aboveOrEqual))
        }
        let firstRegister = loadToRegister(first).xmm
        switch (floatSource(second), double) {
        case (.register(let source), false): assembler.ucomiss(firstRegister, source)
        case (.register(let source), true): assembler.ucomisd(firstRegister, source)
        case (.memory(let source), false): assembler.ucomiss(firstRegister, source)
        case (.memory(let source), true): assembler.ucomisd(firstRegister, source)
        }
        registers.release(ValueRegister(firstRegister))
        release(second)
        finishComparison(condition, next: next)
    }
}
