// Integer operators: comparisons (fused into the next branch or select when
// it consumes them), arithmetic with constant folding and immediates,
// shifts and rotates, division with the explicit traps wasm requires, bit
// counts and the width changes between i32 and i64.
import WasmCore
import X64Assembler

enum ShiftOperation {
    case shiftLeft, shiftRightSigned, shiftRightUnsigned, rotateLeft, rotateRight
}

enum DivisionOperation {
    case divideSigned, divideUnsigned, remainderSigned, remainderUnsigned
}

enum BitCountOperation {
    case leadingZeros, trailingZeros, population
}

enum SignExtension {
    case i32From8, i32From16, i64From8, i64From16, i64From32, i32ToI64
}

extension Condition {
    /// The condition with the operands exchanged (a < b is b > a).
    var swapped: Condition {
        switch self {
        case .less: .greater
        case .greater: .less
        case .lessOrEqual: .greaterOrEqual
        case .greaterOrEqual: .lessOrEqual
        case .below: .above
        case .above: .below
        case .belowOrEqual: .aboveOrEqual
        case .aboveOrEqual: .belowOrEqual
        default: self
        }
    }

    /// Evaluates an integer comparison at compile time.
    func holds(_ lhs: UInt64, _ rhs: UInt64, wide: Bool) -> Bool {
        let (left, right) = wide ? (lhs, rhs) : (lhs & 0xFFFF_FFFF, rhs & 0xFFFF_FFFF)
        let (signedLeft, signedRight) =
            wide
            ? (Int64(bitPattern: lhs), Int64(bitPattern: rhs))
            : (Int64(Int32(truncatingIfNeeded: lhs)), Int64(Int32(truncatingIfNeeded: rhs)))
        switch self {
        case .equal: return left == right
        case .notEqual: return left != right
        case .less: return signedLeft < signedRight
        case .greater: return signedLeft > signedRight
        case .lessOrEqual: return signedLeft <= signedRight
        case .greaterOrEqual: return signedLeft >= signedRight
        case .below: return left < right
        case .above: return left > right
        case .belowOrEqual: return left <= right
        case .aboveOrEqual: return left >= right
        default: preconditionFailure("not a comparison")
        }
    }
}

extension FunctionCompiler {
    // MARK: Comparisons

    /// Whether the op after a compare takes the compare's result as its
    /// condition, so the flags can feed it directly. `select` fuses only for
    /// general-register values (cmov) and single-flag conditions.
    func consumesCondition(_ next: Instruction?, _ condition: BranchCondition) -> Bool {
        if !options.fusesComparisons { return false }
        switch next {
        case .brIf, .if:
            return true
        case .select:
            guard case .flags = condition, stack.count >= 2 else { return false }
            return stack.peek().type.registerClass == .general
        case .typedSelect(let type):
            guard case .flags = condition else { return false }
            return type.registerClass == .general
        default:
            return false
        }
    }

    /// The compare's flags hold `condition`: hand them to the next op, or make an i32.
    mutating func finishComparison(_ condition: BranchCondition, next: Instruction?) {
        if consumesCondition(next, condition) {
            pendingCondition = condition
            return
        }
        let result = allocate(.general)
        switch condition {
        case .flags(let flags):
            assembler.setcc(flags, result.gpr)
            assembler.movzxbl(result.gpr, result.gpr)
        case .floatEqual:
            assembler.setcc(.equal, result.gpr)
            assembler.movzxbl(result.gpr, result.gpr)
            assembler.setcc(.notParity, Scratch.gpr)
            assembler.movzxbl(Scratch.gpr, Scratch.gpr)
            assembler.andl(result.gpr, Scratch.gpr)
        case .floatNotEqual:
            assembler.setcc(.notEqual, result.gpr)
            assembler.movzxbl(result.gpr, result.gpr)
            assembler.setcc(.parity, Scratch.gpr)
            assembler.movzxbl(Scratch.gpr, Scratch.gpr)
            assembler.orl(result.gpr, Scratch.gpr)
        }
        push(result, .i32)
    }

    mutating func compileIntegerCompare(_ condition: Condition, wide: Bool, next: Instruction?) {
        var rhs = pop()
        var lhs = pop()
        if let left = lhs.constantBits, let right = rhs.constantBits {
            pushConstant(.i32, condition.holds(left, right, wide: wide) ? 1 : 0)
            return
        }
        var condition = condition
        // The left operand must be a register or memory; put a constant on the right.
        if lhs.constantBits != nil || (lhs.register == nil && rhs.register != nil && rhs.constantBits == nil) {
            swap(&lhs, &rhs)
            condition = condition.swapped
        }
        switch (lhs.kind, rhs.kind) {
        case (.memory(let memory), .register(let register)):
            wide ? assembler.cmpq(memory, register.gpr) : assembler.cmpl(memory, register.gpr)
        case (.memory(let memory), .constant(let bits)) where !wide || Int32(exactly: Int64(bitPattern: bits)) != nil:
            let immediate = Int32(truncatingIfNeeded: Int64(bitPattern: bits))
            wide ? assembler.cmpq(memory, immediate) : assembler.cmpl(memory, immediate)
        default:
            let left = loadToRegister(lhs)
            lhs = Operand(.register(left), lhs.type)
            assembler.arithmetic(.cmp, wide: wide, left.gpr, integerSource(rhs, wide: wide))
        }
        release(lhs)
        release(rhs)
        finishComparison(.flags(condition), next: next)
    }

    mutating func compileEqualsZero(wide: Bool, next: Instruction?) {
        let value = pop()
        if let bits = value.constantBits {
            pushConstant(.i32, (wide ? bits : bits & 0xFFFF_FFFF) == 0 ? 1 : 0)
            return
        }
        assembler.testZero(wide: wide, integerSource(value, wide: wide))
        release(value)
        finishComparison(.flags(.equal), next: next)
    }

    // MARK: Arithmetic

    mutating func compileArithmetic(_ operation: ArithmeticOperation, wide: Bool) {
        var rhs = pop()
        var lhs = pop()
        let type: ValueType = wide ? .i64 : .i32
        if let left = lhs.constantBits, let right = rhs.constantBits {
            pushConstant(type, Self.fold(operation, left, right, wide: wide))
            return
        }
        // Reuse a register operand as the destination when the order does not matter.
        if operation.isCommutative && lhs.register == nil && (rhs.register != nil || lhs.constantBits != nil) {
            swap(&lhs, &rhs)
        }
        let destination = loadToRegister(lhs)
        assembler.arithmetic(operation, wide: wide, destination.gpr, integerSource(rhs, wide: wide))
        release(rhs)
        push(destination, type)
    }

    static func fold(_ operation: ArithmeticOperation, _ lhs: UInt64, _ rhs: UInt64, wide: Bool) -> UInt64 {
        let result: UInt64
        switch operation {
        case .add: result = lhs &+ rhs
        case .sub: result = lhs &- rhs
        case .imul: result = lhs &* rhs
        case .and: result = lhs & rhs
        case .or: result = lhs | rhs
        case .xor: result = lhs ^ rhs
        case .cmp: preconditionFailure("comparisons fold elsewhere")
        }
        return wide ? result : result & 0xFFFF_FFFF
    }

    // MARK: Shifts and rotates

    mutating func compileShift(_ operation: ShiftOperation, wide: Bool) {
        let type: ValueType = wide ? .i64 : .i32
        let mask: UInt64 = wide ? 63 : 31
        if let countBits = stack.peek().constantBits {
            _ = pop()
            let count = UInt8(countBits & mask)
            let value = pop()
            if let bits = value.constantBits {
                pushConstant(type, Self.fold(operation, bits, UInt64(count), wide: wide))
                return
            }
            let register = loadToRegister(value)
            if count != 0 {
                switch (operation, wide) {
                case (.shiftLeft, false): assembler.shll(register.gpr, count)
                case (.shiftLeft, true): assembler.shlq(register.gpr, count)
                case (.shiftRightSigned, false): assembler.sarl(register.gpr, count)
                case (.shiftRightSigned, true): assembler.sarq(register.gpr, count)
                case (.shiftRightUnsigned, false): assembler.shrl(register.gpr, count)
                case (.shiftRightUnsigned, true): assembler.shrq(register.gpr, count)
                case (.rotateLeft, false): assembler.roll(register.gpr, count)
                case (.rotateLeft, true): assembler.rolq(register.gpr, count)
                case (.rotateRight, false): assembler.rorl(register.gpr, count)
                case (.rotateRight, true): assembler.rorq(register.gpr, count)
                }
            }
            push(register, type)
            return
        }
        // The count must be in cl; x86 masks it exactly as wasm does.
        let rcx = ValueRegister(.rcx)
        if stack.peek().register != rcx { claim(rcx) }
        load(pop(), into: rcx)
        let register = popToRegister()
        switch (operation, wide) {
        case (.shiftLeft, false): assembler.shllCL(register.gpr)
        case (.shiftLeft, true): assembler.shlqCL(register.gpr)
        case (.shiftRightSigned, false): assembler.sarlCL(register.gpr)
        case (.shiftRightSigned, true): assembler.sarqCL(register.gpr)
        case (.shiftRightUnsigned, false): assembler.shrlCL(register.gpr)
        case (.shiftRightUnsigned, true): assembler.shrqCL(register.gpr)
        case (.rotateLeft, false): assembler.rollCL(register.gpr)
        case (.rotateLeft, true): assembler.rolqCL(register.gpr)
        case (.rotateRight, false): assembler.rorlCL(register.gpr)
        case (.rotateRight, true): assembler.rorqCL(register.gpr)
        }
        registers.release(rcx)
        push(register, type)
    }

    static func fold(_ operation: ShiftOperation, _ value: UInt64, _ count: UInt64, wide: Bool) -> UInt64 {
        if wide {
            switch operation {
            case .shiftLeft: return value << count
            case .shiftRightSigned: return UInt64(bitPattern: Int64(bitPattern: value) >> count)
            case .shiftRightUnsigned: return value >> count
            case .rotateLeft: return count == 0 ? value : value << count | value >> (64 - count)
            case .rotateRight: return count == 0 ? value : value >> count | value << (64 - count)
            }
        }
        let narrow = UInt32(truncatingIfNeeded: value)
        let shift = UInt32(count)
        let result: UInt32
        switch operation {
        case .shiftLeft: result = narrow << shift
        case .shiftRightSigned: result = UInt32(bitPattern: Int32(bitPattern: narrow) >> shift)
        case .shiftRightUnsigned: result = narrow >> shift
        case .rotateLeft: result = shift == 0 ? narrow : narrow << shift | narrow >> (32 - shift)
        case .rotateRight: result = shift == 0 ? narrow : narrow >> shift | narrow << (32 - shift)
        }
        return UInt64(result)
    }

    // MARK: Division

    /// x86 `div` faults on a zero divisor and on INT_MIN / -1 with the same
    /// SIGFPE code, so both are checked explicitly; rem_s of INT_MIN by -1 is
    /// 0 in wasm and must not reach `idiv` at all.
    mutating func compileDivision(_ operation: DivisionOperation, wide: Bool) {
        let type: ValueType = wide ? .i64 : .i32
        let rax = ValueRegister(.rax)
        let rdx = ValueRegister(.rdx)
        claim(rdx)
        if stack.peek(1).register != rax { claim(rax) }
        // Both off the stack before anything allocates: a spill must not take rax back from the dividend.
        let rhs = pop()
        load(pop(), into: rax)
        let constantDivisor = rhs.constantBits.map { wide ? Int64(bitPattern: $0) : Int64(Int32(truncatingIfNeeded: $0)) }
        var divisorRegister: ValueRegister?
        let divisor: IntegerSource
        switch rhs.kind {
        case .register(let register):
            divisorRegister = register
            divisor = .register(register.gpr)
        case .memory(let memory):
            divisor = .memory(memory)
        case .constant(let bits):
            let register = allocate(.general)
            assembler.loadImmediate(register.gpr, wide ? bits : bits & 0xFFFF_FFFF)
            divisorRegister = register
            divisor = .register(register.gpr)
        }

        if let constantDivisor {
            if constantDivisor == 0 { assembler.jmp(trapLabel(.integerDivideByZero)) }
        } else {
            assembler.testZero(wide: wide, divisor)
            assembler.jcc(.equal, trapLabel(.integerDivideByZero))
        }
        let signed = operation == .divideSigned || operation == .remainderSigned
        let mayBeMinusOne = constantDivisor == nil || constantDivisor == -1
        switch operation {
        case .divideSigned:
            let divide = assembler.newLabel()
            if mayBeMinusOne {
                compare(divisor, -1, wide: wide)
                assembler.jcc(.notEqual, divide)
                // cmp x, 1 overflows exactly when x is the minimum value.
                wide ? assembler.cmpq(.rax, 1) : assembler.cmpl(.rax, 1)
                assembler.jcc(.overflow, trapLabel(.integerOverflow))
            }
            assembler.bind(divide)
        case .remainderSigned:
            if constantDivisor == -1 {
                assembler.movl(.rdx, 0)
                break
            }
            let divide = assembler.newLabel()
            let done = assembler.newLabel()
            if mayBeMinusOne {
                compare(divisor, -1, wide: wide)
                assembler.jcc(.notEqual, divide)
                assembler.movl(.rdx, 0)
                assembler.jmp(done)
            }
            assembler.bind(divide)
            emitDivide(divisor, signed: true, wide: wide)
            assembler.bind(done)
        default:
            break
        }
        if operation != .remainderSigned { emitDivide(divisor, signed: signed, wide: wide) }

        if let divisorRegister { registers.release(divisorRegister) }
        let quotient = operation == .divideSigned || operation == .divideUnsigned
        registers.release(quotient ? rdx : rax)
        push(quotient ? rax : rdx, type)
    }

    private mutating func emitDivide(_ divisor: IntegerSource, signed: Bool, wide: Bool) {
        if signed {
            wide ? assembler.cqo() : assembler.cdq()
        } else {
            assembler.movl(.rdx, 0)
        }
        switch (divisor, signed, wide) {
        case (.register(let register), true, false): assembler.idivl(register)
        case (.register(let register), true, true): assembler.idivq(register)
        case (.register(let register), false, false): assembler.divl(register)
        case (.register(let register), false, true): assembler.divq(register)
        case (.memory(let memory), true, false): assembler.idivl(memory)
        case (.memory(let memory), true, true): assembler.idivq(memory)
        case (.memory(let memory), false, false): assembler.divl(memory)
        case (.memory(let memory), false, true): assembler.divq(memory)
        case (.immediate, _, _): preconditionFailure("divisors are never immediates")
        }
    }

    /// Compares a register or memory operand with an immediate.
    mutating func compare(_ source: IntegerSource, _ immediate: Int32, wide: Bool) {
        switch source {
        case .register(let register): wide ? assembler.cmpq(register, immediate) : assembler.cmpl(register, immediate)
        case .memory(let memory): wide ? assembler.cmpq(memory, immediate) : assembler.cmpl(memory, immediate)
        case .immediate: preconditionFailure("comparisons of two constants fold")
        }
    }

    // MARK: Bit counts

    mutating func compileBitCount(_ operation: BitCountOperation, wide: Bool) {
        let value = pop()
        let type: ValueType = wide ? .i64 : .i32
        if let bits = value.constantBits {
            let count: Int
            switch (operation, wide) {
            case (.leadingZeros, true): count = bits.leadingZeroBitCount
            case (.leadingZeros, false): count = UInt32(truncatingIfNeeded: bits).leadingZeroBitCount
            case (.trailingZeros, true): count = bits.trailingZeroBitCount
            case (.trailingZeros, false): count = UInt32(truncatingIfNeeded: bits).trailingZeroBitCount
            case (.population, true): count = bits.nonzeroBitCount
            case (.population, false): count = UInt32(truncatingIfNeeded: bits).nonzeroBitCount
            }
            pushConstant(type, UInt64(count))
            return
        }
        let register = loadToRegister(value)
        switch (operation, wide) {
        case (.leadingZeros, false): assembler.lzcntl(register.gpr, register.gpr)
        case (.leadingZeros, true): assembler.lzcntq(register.gpr, register.gpr)
        case (.trailingZeros, false): assembler.tzcntl(register.gpr, register.gpr)
        case (.trailingZeros, true): assembler.tzcntq(register.gpr, register.gpr)
        case (.population, false): assembler.popcntl(register.gpr, register.gpr)
        case (.population, true): assembler.popcntq(register.gpr, register.gpr)
        }
        push(register, type)
    }

    // MARK: Width changes

    mutating func compileSignExtend(_ extension: SignExtension) {
        let value = pop()
        let resultType: ValueType
        switch `extension` {
        case .i32From8, .i32From16: resultType = .i32
        default: resultType = .i64
        }
        if let bits = value.constantBits {
            let result: UInt64
            switch `extension` {
            case .i32From8: result = UInt64(UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: bits))))
            case .i32From16: result = UInt64(UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: bits))))
            case .i64From8: result = UInt64(bitPattern: Int64(Int8(truncatingIfNeeded: bits)))
            case .i64From16: result = UInt64(bitPattern: Int64(Int16(truncatingIfNeeded: bits)))
            case .i64From32, .i32ToI64: result = UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: bits)))
            }
            pushConstant(resultType, result)
            return
        }
        let register = loadToRegister(value)
        switch `extension` {
        case .i32From8: assembler.movsxbl(register.gpr, register.gpr)
        case .i32From16: assembler.movsxwl(register.gpr, register.gpr)
        case .i64From8: assembler.movsxbq(register.gpr, register.gpr)
        case .i64From16: assembler.movsxwq(register.gpr, register.gpr)
        case .i64From32, .i32ToI64: assembler.movsxlq(register.gpr, register.gpr)
        }
        push(register, resultType)
    }

    /// i64.extend_i32_u: an i32 in a register or constant is already zero-extended;
    /// one in memory has undefined upper bytes and is loaded with a 32-bit move.
    mutating func compileZeroExtend() {
        let top = stack.count - 1
        switch stack[top].location {
        case .register, .constant:
            stack.setType(top, .i64)
        case .local, .spilled:
            let register = popToRegister()
            push(register, .i64)
        }
    }

    /// i32.wrap_i64: the low half of an i64 in memory already is the i32.
    mutating func compileWrap() {
        let top = stack.count - 1
        switch stack[top].location {
        case .register(let register):
            assembler.movl(register.gpr, register.gpr)
            stack.setType(top, .i32)
        case .constant(let bits):
            stack.setLocation(top, .constant(bits & 0xFFFF_FFFF))
            stack.setType(top, .i32)
        case .local, .spilled:
            stack.setType(top, .i32)
        }
    }
}
