// Pinned locals (non-debugging compiles): the integer locals a function's
// loops use most (`FunctionSummary.loopLocals`, counted by the validator)
// live in rbx, r12 and r13 for the whole function instead of in frame slots,
// so a loop counter or a running pointer is never stored and reloaded on a
// loop's critical path.
//
// The JIT's convention makes this cheap: rbx, r12 and r13 are never handed
// out for operand-stack values (RegisterAllocator), so nothing but a pinned
// local ever writes them, and a function that pins saves their old values in
// its frame and restores them when it returns. They are callee-saved for the
// host too (System V), so calls, builtins and host calls leave them alone.
// A trap unwinds to the entry stub, which restores them for its C caller.
//
// A pinned local never appears on the value stack as a lazy `.local`
// reference: `local.get` copies it into an allocated register (a move the
// CPU eliminates), and `local.set`/`tee` write the pinned register. Debug
// sessions (`Compiler.Options.pinsLocals` off) keep every local in its slot,
// where the debugger reads and writes them.
import WasmCore
import WasmValidator
import X64Assembler

struct PinnedLocals {
    /// The callee-saved registers a function may pin locals to, in order.
    static let generalRegisters: [Register] = [.rbx, .r12, .r13]

    /// Which local each used register holds, in `generalRegisters` order.
    private(set) var locals: [UInt32] = []

    mutating func reset() {
        locals.removeAll(keepingCapacity: true)
    }

    var count: Int { locals.count }

    /// The register local `index` is pinned to, if it is.
    @inline(__always)
    func register(of index: UInt32) -> ValueRegister? {
        for position in 0..<locals.count where locals[position] == index {
            return ValueRegister(Self.generalRegisters[position])
        }
        return nil
    }

    mutating func pin(_ local: UInt32) {
        locals.append(local)
    }
}

extension FunctionCompiler {
    /// Chooses the locals to pin: the loops' most used integer locals.
    mutating func choosePinnedLocals(_ summary: FunctionSummary) {
        pinnedLocals.reset()
        guard options.pinsLocals else { return }
        for local in summary.loopLocals where pinnedLocals.count < PinnedLocals.generalRegisters.count {
            let type = localTypes[Int(local)]
            if type == .i32 || type == .i64 { pinnedLocals.pin(local) }
        }
        frame.pinnedRegisterCount = pinnedLocals.count
    }

    /// After the frame is set up: saves the registers the function pins and
    /// gives each its local's first value (a parameter's argument, or zero).
    mutating func emitPinnedLocalsEntry() {
        for (position, local) in pinnedLocals.locals.enumerated() {
            let register = PinnedLocals.generalRegisters[position]
            assembler.movq(frameSlot(frame.pinnedRegisterSaveOffset(position)), register)
            if Int(local) < frame.parameterCount {
                assembler.load(localTypes[Int(local)], ValueRegister(register), frameSlot(frame.localOffset(Int(local))))
            } else {
                assembler.xorl(register, register)
            }
        }
    }

    /// Before returning: the caller's values of the pinned registers.
    mutating func emitPinnedLocalsExit() {
        for position in 0..<pinnedLocals.count {
            assembler.movq(PinnedLocals.generalRegisters[position], frameSlot(frame.pinnedRegisterSaveOffset(position)))
        }
    }

    /// `local.get` of a pinned local: a copy in a register of its own.
    mutating func compilePinnedLocalGet(_ index: UInt32, in pinned: ValueRegister) {
        let type = localTypes[Int(index)]
        let copy = allocate(.general)
        assembler.move(type, copy, pinned)
        push(copy, type)
    }

    /// `local.set`/`local.tee` of a pinned local.
    mutating func compilePinnedLocalSet(_ index: UInt32, in pinned: ValueRegister, tee: Bool) {
        let type = localTypes[Int(index)]
        let value = pop()
        switch value.kind {
        case .register(let register):
            assembler.move(type, pinned, register)
            if tee { push(register, value.type) } else { registers.release(register) }
        case .constant(let bits):
            assembler.loadConstant(type, pinned, bits)
            if tee { pushConstant(value.type, bits) }
        case .memory(let memory):
            assembler.load(type, pinned, memory)
            if tee { compilePinnedLocalGet(index, in: pinned) }
        }
    }
}
