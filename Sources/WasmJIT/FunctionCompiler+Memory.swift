// Linear memory: loads and stores of every width, memory.size and the
// builtin-backed memory.grow and bulk-memory ops.
//
// There are no bounds checks: the effective address is r15 + the i32 index
// zero-extended + the u32 offset, under 2^33, and a 32-bit memory reserves
// 8 GiB, so an access beyond the accessible size faults on a guard page. The
// access instruction is recorded as a `memoryOutOfBounds` trap site.
import WasmCore
import X64Assembler

extension FunctionCompiler {
    /// The address operand of an access. May use the scratch register, so
    /// everything that allocates must happen before this.
    mutating func effectiveAddress(_ index: Operand, offset: UInt64) -> Memory {
        let fitsDisplacement = offset <= UInt64(Int32.max)
        switch index.kind {
        case .constant(let bits):
            let address = UInt64(UInt32(truncatingIfNeeded: bits)) + offset
            if address <= UInt64(Int32.max) { return Memory(base: .r15, displacement: Int32(address)) }
            assembler.loadImmediate(Scratch.gpr, address)
            return Memory(base: .r15, index: Scratch.gpr)
        case .register(let register):
            if fitsDisplacement {
                return Memory(base: .r15, index: register.gpr, scale: 1, displacement: Int32(offset))
            }
            assembler.movl(Scratch.gpr, register.gpr)
        case .memory(let memory):
            assembler.movl(Scratch.gpr, memory)
            if fitsDisplacement {
                return Memory(base: .r15, index: Scratch.gpr, scale: 1, displacement: Int32(offset))
            }
        }
        // An offset of 2^31 or more does not fit a displacement (it would be
        // sign-extended): add it in positive imm32 steps.
        var remaining = offset
        while remaining > 0 {
            let step = min(remaining, UInt64(Int32.max))
            assembler.addq(Scratch.gpr, Int32(step))
            remaining -= step
        }
        return Memory(base: .r15, index: Scratch.gpr)
    }

    mutating func compileMemoryAccess(_ memoryOperator: MemoryOperator, _ argument: MemArg) throws(OpError) {
        switch memoryOperator {
        case .i32Load, .i64Load, .f32Load, .f64Load, .i32Load8S, .i32Load8U, .i32Load16S, .i32Load16U, .i64Load8S,
            .i64Load8U, .i64Load16S, .i64Load16U, .i64Load32S, .i64Load32U:
            compileLoad(memoryOperator, offset: argument.offset)
        case .i32Store, .i64Store, .f32Store, .f64Store, .i32Store8, .i32Store16, .i64Store8, .i64Store16,
            .i64Store32:
            compileStore(memoryOperator, offset: argument.offset)
        default:
            try rejectSIMD(.memory(memoryOperator, argument))
        }
    }

    private mutating func compileLoad(_ memoryOperator: MemoryOperator, offset: UInt64) {
        let type: ValueType
        switch memoryOperator {
        case .i32Load, .i32Load8S, .i32Load8U, .i32Load16S, .i32Load16U: type = .i32
        case .f32Load: type = .f32
        case .f64Load: type = .f64
        default: type = .i64
        }
        let index = pop()
        // The index register can take the loaded value: the address is read first.
        let destination: ValueRegister
        if let register = index.register, type.registerClass == .general {
            destination = register
        } else {
            destination = allocate(type.registerClass)
        }
        let address = effectiveAddress(index, offset: offset)
        recordMemoryAccess()
        let gpr = Register(rawValue: destination.rawValue & 15)!
        switch memoryOperator {
        case .i32Load, .i64Load32U: assembler.movl(gpr, address)
        case .i64Load: assembler.movq(gpr, address)
        case .f32Load: assembler.movss(destination.xmm, address)
        case .f64Load: assembler.movsd(destination.xmm, address)
        case .i32Load8S: assembler.movsxbl(gpr, address)
        case .i32Load8U, .i64Load8U: assembler.movzxbl(gpr, address)
        case .i32Load16S: assembler.movsxwl(gpr, address)
        case .i32Load16U, .i64Load16U: assembler.movzxwl(gpr, address)
        case .i64Load8S: assembler.movsxbq(gpr, address)
        case .i64Load16S: assembler.movsxwq(gpr, address)
        case .i64Load32S: assembler.movsxlq(gpr, address)
        default: preconditionFailure("not a scalar load")
        }
        if let register = index.register, register != destination { registers.release(register) }
        push(destination, type)
    }

    private mutating func compileStore(_ memoryOperator: MemoryOperator, offset: UInt64) {
        let value = pop()
        let index = pop()
        let width: Int
        switch memoryOperator {
        case .i32Store8, .i64Store8: width = 1
        case .i32Store16, .i64Store16: width = 2
        case .i32Store, .f32Store, .i64Store32: width = 4
        default: width = 8
        }
        // A constant that fits the store's immediate is stored directly; any
        // other value not in a register gets one (memory-to-memory moves do not exist).
        var immediate: Int32?
        var valueRegister: ValueRegister?
        switch value.kind {
        case .register(let register):
            valueRegister = register
        case .constant(let bits):
            let signed = Int64(bitPattern: bits)
            if width < 8 || Int32(exactly: signed) != nil {
                immediate = Int32(truncatingIfNeeded: signed)
            } else {
                let register = allocate(.general)
                assembler.loadImmediate(register.gpr, bits)
                valueRegister = register
            }
        case .memory(let memory):
            let register = allocate(value.type.registerClass)
            assembler.load(value.type, register, memory)
            valueRegister = register
        }
        let address = effectiveAddress(index, offset: offset)
        recordMemoryAccess()
        if let immediate {
            switch width {
            case 1: assembler.movb(address, Int8(truncatingIfNeeded: immediate))
            case 2: assembler.movw(address, Int16(truncatingIfNeeded: immediate))
            case 4: assembler.movl(address, immediate)
            default: assembler.movq(address, immediate)
            }
        } else if let valueRegister {
            switch (width, valueRegister.isVector) {
            case (4, true): assembler.movss(address, valueRegister.xmm)
            case (8, true): assembler.movsd(address, valueRegister.xmm)
            case (1, _): assembler.movb(address, valueRegister.gpr)
            case (2, _): assembler.movw(address, valueRegister.gpr)
            case (4, _): assembler.movl(address, valueRegister.gpr)
            default: assembler.movq(address, valueRegister.gpr)
            }
            registers.release(valueRegister)
        }
        release(index)
    }

    // MARK: Size and growth

    mutating func compileMemorySize() {
        let register = allocate(.general).gpr
        assembler.movq(register, Memory(base: .r14, displacement: VMContextLayout.memorySize))
        assembler.shrq(register, 16)
        push(ValueRegister(register), .i32)
    }

    /// The builtin returns the old size in pages or UInt64.max; the low half is the i32 result.
    mutating func compileMemoryGrow(_ memory: UInt32) {
        callBuiltin(.memoryGrow, memory, stackArguments: 1)
        pushBuiltinResult(.i32)
    }

    // MARK: Bulk memory

    mutating func compileMemoryFill(_ memory: UInt32) {
        callBuiltin(.memoryFill, memory, stackArguments: 3)
        checkBuiltinTrap(.memoryOutOfBounds)
    }

    mutating func compileMemoryCopy(destination: UInt32, source: UInt32) {
        callBuiltin(.memoryCopy, destination, source, stackArguments: 3)
        checkBuiltinTrap(.memoryOutOfBounds)
    }

    mutating func compileMemoryInit(data: UInt32, memory: UInt32) {
        callBuiltin(.memoryInit, memory, data, stackArguments: 3)
        checkBuiltinTrap(.memoryOutOfBounds)
    }

    mutating func compileDataDrop(_ data: UInt32) {
        callBuiltin(.dataDrop, data, stackArguments: 0)
    }
}
