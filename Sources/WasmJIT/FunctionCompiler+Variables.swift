// Locals, globals and select.
//
// Locals live in their frame slots for the whole function (what the debug
// side table promises the debugger). local.get pushes a lazy reference that
// later ops read as a memory operand; before a local is written, stack
// entries still referring to it take their value elsewhere. Outside debug
// sessions, a local.get soon after a local.set/tee of the same local takes
// the value from the register it was stored from instead (the local cache,
// FunctionCompiler+LocalCache.swift); the slot is written all the same. Globals are
// reached through the VM context's array of cell pointers, so an imported
// global's cell is shared with its exporter.
import WasmCore
import X64Assembler

extension FunctionCompiler {
    // MARK: Locals

    mutating func compileLocalGet(_ index: UInt32, next: Instruction?) {
        let type = localTypes[Int(index)]
        // `local.get x; local.set x` changes nothing: the set finds the value
        // in x's own slot (or, for a pinned local, finds it is x's own and emits nothing).
        if case .localSet(index)? = next {
            stack.push(StackValue(.local(index), type))
            return
        }
        if let pinned = pinnedLocals.register(of: index) {
            compilePinnedLocalGet(index, in: pinned)
            return
        }
        switch localCache[index] {
        case .constant(let bits)?:
            pushConstant(type, bits)
            return
        case .register(let cached)?:
            // A copy if a register is free (the cache keeps its own, for the
            // next read), else the cached register itself.
            if let copy = registers.allocate(type.registerClass) {
                assembler.move(type, copy, cached)
                push(copy, type)
            } else {
                _ = localCache.remove(index)
                push(cached, type)
            }
            return
        case nil:
            stack.push(StackValue(.local(index), type))
        }
    }

    mutating func compileLocalSet(_ index: UInt32, tee: Bool) {
        if let pinned = pinnedLocals.register(of: index) {
            compilePinnedLocalSet(index, in: pinned, tee: tee)
            return
        }
        let type = localTypes[Int(index)]
        let value = pop()
        let slot = frameSlot(frame.localOffset(Int(index)))
        // Storing a local's own slot into it leaves its value, and the cache's copy, as they are.
        if case .memory(let memory) = value.kind, memory == slot {
            if tee { stack.push(StackValue(.local(index), value.type)) }
            return
        }
        uncacheLocal(index)
        materializeReferences(toLocal: index)
        let caches = options.cachesLocals
        switch value.kind {
        case .register(let register):
            assembler.store(type, slot, register)
            if tee {
                push(register, value.type)
                if caches, let copy = registers.allocate(type.registerClass) {
                    assembler.move(type, copy, register)
                    localCache.set(index, .register(copy))
                }
            } else if caches {
                localCache.set(index, .register(register))
            } else {
                registers.release(register)
            }
        case .constant(let bits):
            assembler.storeConstant(type, slot, bits)
            if tee { pushConstant(value.type, bits) }
            if caches { localCache.set(index, .constant(bits)) }
        case .memory(let memory):
            if memory != slot {
                if tee {
                    let register = allocate(type.registerClass)
                    assembler.load(type, register, memory)
                    assembler.store(type, slot, register)
                    push(register, value.type)
                    return
                }
                assembler.movq(Scratch.gpr, memory)
                assembler.movq(slot, Scratch.gpr)
            }
            if tee { stack.push(StackValue(.local(index), value.type)) }
        }
    }

    /// Stack entries that still read local `index` lazily get its current
    /// value in a register (or their own slot), before the local changes.
    private mutating func materializeReferences(toLocal index: UInt32) {
        if stack.localReferenceCount == 0 { return }
        let slot = frameSlot(frame.localOffset(Int(index)))
        for position in stack.spilledPrefix..<stack.count where stack[position].location == .local(index) {
            let type = stack[position].type
            if let register = allocateWithoutSpilling(type.registerClass) {
                assembler.load(type, register, slot)
                stack.setLocation(position, .register(register))
            } else {
                spill(position)
            }
        }
    }

    // MARK: Globals

    /// The address of global `index`'s cell, in the scratch register.
    private mutating func loadGlobalCell(_ index: UInt32) -> Memory {
        assembler.movq(Scratch.gpr, Memory(base: .r14, displacement: VMContextLayout.globals))
        assembler.movq(Scratch.gpr, Memory(base: Scratch.gpr, displacement: Int32(index) * 8))
        return Memory(base: Scratch.gpr)
    }

    mutating func compileGlobalGet(_ index: UInt32) throws(OpError) {
        let type = info.globalTypes[Int(index)].valueType
        if type == .v128 { throw OpError("SIMD is not supported yet (v128 global)") }
        let register = allocate(type.registerClass)
        assembler.load(type, register, loadGlobalCell(index))
        push(register, type)
    }

    mutating func compileGlobalSet(_ index: UInt32) {
        let value = pop()
        let type = info.globalTypes[Int(index)].valueType
        // An immediate that needs no scratch register is stored directly; the scratch holds the cell address.
        if let bits = value.constantBits, type == .i32 || type == .f32 || Int32(exactly: Int64(bitPattern: bits)) != nil {
            assembler.storeConstant(type, loadGlobalCell(index), bits)
            return
        }
        let register = loadToRegister(value)
        assembler.store(type, loadGlobalCell(index), register)
        registers.release(register)
    }

    // MARK: select

    /// `select`: the first value if the condition is nonzero, else the second.
    /// General registers use cmov (fed straight from a fused compare); floats branch.
    mutating func compileSelect(type declaredType: ValueType?) throws(OpError) {
        if declaredType == .v128 { throw OpError("SIMD is not supported yet (select of v128)") }
        var condition: PoppedCondition?
        if let pending = pendingCondition {
            pendingCondition = nil
            condition = .branch(pending)
        }
        var conditionOperand: Operand?
        if condition == nil {
            let operand = pop()
            if let bits = operand.constantBits {
                condition = UInt32(truncatingIfNeeded: bits) != 0 ? .always : .never
            } else {
                conditionOperand = operand
            }
        }
        let second = pop()
        let first = pop()
        let type = first.type
        if type == .v128 { throw OpError("SIMD is not supported yet (select of v128)") }
        switch condition {
        case .always?:
            release(second)
            pushOperand(first)
            return
        case .never?:
            release(first)
            pushOperand(second)
            return
        default:
            break
        }

        let result = loadToRegister(first)
        if type.registerClass == .general {
            let wide = type.isWide
            var source = integerSource(second, wide: wide)
            if case .immediate(let immediate) = source {
                // cmov takes no immediate; loadImmediate leaves the flags alone.
                assembler.loadImmediate(Scratch.gpr, wide ? UInt64(bitPattern: Int64(immediate)) : UInt64(UInt32(bitPattern: immediate)))
                source = .register(Scratch.gpr)
            }
            let keepFirst: Condition
            if let conditionOperand {
                assembler.testZero(wide: false, integerSource(conditionOperand, wide: false))
                release(conditionOperand)
                keepFirst = .notEqual
            } else if case .branch(.flags(let flags))? = condition {
                keepFirst = flags
            } else {
                preconditionFailure("float conditions do not fuse with select")
            }
            switch (source, wide) {
            case (.register(let register), false): assembler.cmovl(keepFirst.inverted, result.gpr, register)
            case (.register(let register), true): assembler.cmovq(keepFirst.inverted, result.gpr, register)
            case (.memory(let memory), false): assembler.cmovl(keepFirst.inverted, result.gpr, memory)
            case (.memory(let memory), true): assembler.cmovq(keepFirst.inverted, result.gpr, memory)
            case (.immediate, _): preconditionFailure("loaded above")
            }
        } else {
            let source = floatSource(second)
            let done = assembler.newLabel()
            if let conditionOperand {
                assembler.testZero(wide: false, integerSource(conditionOperand, wide: false))
                release(conditionOperand)
                assembler.jcc(.notEqual, done)
            } else if case .branch(let branch)? = condition {
                jump(if: branch, to: done)
            }
            switch (source, type == .f64) {
            case (.register(let register), _): assembler.movaps(result.xmm, register)
            case (.memory(let memory), false): assembler.movss(result.xmm, memory)
            case (.memory(let memory), true): assembler.movsd(result.xmm, memory)
            }
            assembler.bind(done)
        }
        release(second)
        push(result, type)
    }

    /// Pushes a popped operand back; a memory operand is loaded, since its
    /// slot belongs to another depth now.
    private mutating func pushOperand(_ operand: Operand) {
        switch operand.kind {
        case .constant(let bits): pushConstant(operand.type, bits)
        case .register(let register): push(register, operand.type)
        case .memory: push(loadToRegister(operand), operand.type)
        }
    }
}
