// Pinned locals: the scalar locals a function's
// loops use most (`FunctionSummary.loopLocals`, counted by the validator)
// live in registers for the whole function instead of in frame slots:
// integers in rbx, r12 and r13, floats in xmm12, xmm13 and xmm14. A loop
// counter, a running pointer or an accumulator is then never stored and
// reloaded on a loop's critical path.
//
// The JIT's convention makes this cheap: these six registers are never handed
// out for operand-stack values (RegisterAllocator), so nothing but a pinned
// local ever writes them, and a function that pins saves their old values in
// its frame and restores them when it returns. rbx, r12 and r13 are
// callee-saved for the host too (System V); the xmm registers are not, so the
// host-call stub saves them around host functions and builtin calls put
// pinned floats in their slots meanwhile. A trap unwinds to the entry stub,
// which restores the general registers for its C caller.
//
// A pinned local never appears on the value stack as a lazy `.local`
// reference: `local.get` copies it into an allocated register (a move the
// CPU eliminates), and `local.set`/`tee` write the pinned register. Debug
// code (`Compiler.Options.savesPinnedLocalsAtCalls`) also moves them to their
// slots around every call and back, so a debugger finds a caller's locals in
// their slots; only the innermost frame's are in the registers.
import WasmCore
import WasmValidator
import X64Assembler

struct PinnedLocals {
    /// The callee-saved registers a function may pin integer locals to, in order.
    static let generalRegisters: [Register] = [.rbx, .r12, .r13]
    /// The same for float locals. System V has no callee-saved xmm registers:
    /// the JIT makes these callee-saved among wasm functions, the host-call
    /// stub keeps them across host functions, and builtin calls keep them in
    /// the locals' slots across the call.
    static let vectorRegisters: [XMMRegister] = [.xmm12, .xmm13, .xmm14]

    /// The pinned locals and their registers, in the order pinned.
    private(set) var entries: [(local: UInt32, register: ValueRegister)] = []
    private var generalCount = 0
    private var vectorCount = 0

    mutating func reset() {
        entries.removeAll(keepingCapacity: true)
        generalCount = 0
        vectorCount = 0
    }

    var count: Int { entries.count }
    var hasVectorRegisters: Bool { vectorCount > 0 }

    /// The register local `index` is pinned to, if it is.
    @inline(__always)
    func register(of index: UInt32) -> ValueRegister? {
        for entry in entries where entry.local == index { return entry.register }
        return nil
    }

    /// Pins `local` to the next free register of its class; false when there is none.
    mutating func pin(_ local: UInt32, _ registerClass: RegisterClass) -> Bool {
        switch registerClass {
        case .general:
            guard generalCount < Self.generalRegisters.count else { return false }
            entries.append((local, ValueRegister(Self.generalRegisters[generalCount])))
            generalCount += 1
        case .vector:
            guard vectorCount < Self.vectorRegisters.count else { return false }
            entries.append((local, ValueRegister(Self.vectorRegisters[vectorCount])))
            vectorCount += 1
        }
        return true
    }
}

extension FunctionCompiler {
    /// Chooses the locals to pin: the loops' most used scalar locals.
    mutating func choosePinnedLocals(_ summary: FunctionSummary) {
        pinnedLocals.reset()
        guard options.pinsLocals else { return }
        for local in summary.loopLocals {
            let type = localTypes[Int(local)]
            guard type == .i32 || type == .i64 || type == .f32 || type == .f64 else { continue }
            _ = pinnedLocals.pin(local, type.registerClass)
        }
        frame.pinnedRegisterCount = pinnedLocals.count
    }

    /// After the frame is set up: saves the registers the function pins and
    /// gives each its local's first value (a parameter's argument, or zero).
    mutating func emitPinnedLocalsEntry() {
        for (position, entry) in pinnedLocals.entries.enumerated() {
            let save = frameSlot(frame.pinnedRegisterSaveOffset(position))
            let type = localTypes[Int(entry.local)]
            if entry.register.isVector {
                assembler.movsd(save, entry.register.xmm)
            } else {
                assembler.movq(save, entry.register.gpr)
            }
            if Int(entry.local) < frame.parameterCount {
                assembler.load(type, entry.register, frameSlot(frame.localOffset(Int(entry.local))))
            } else if entry.register.isVector {
                assembler.xorps(entry.register.xmm, entry.register.xmm)
            } else {
                assembler.xorl(entry.register.gpr, entry.register.gpr)
            }
        }
    }

    /// Before returning: the caller's values of the pinned registers.
    mutating func emitPinnedLocalsExit() {
        for (position, entry) in pinnedLocals.entries.enumerated() {
            let save = frameSlot(frame.pinnedRegisterSaveOffset(position))
            if entry.register.isVector {
                assembler.movsd(entry.register.xmm, save)
            } else {
                assembler.movq(entry.register.gpr, save)
            }
        }
    }

    /// Before a call, the pinned locals that must wait in their own slots
    /// (which nothing else uses while they are pinned): float ones around a
    /// builtin (C code, free to change any xmm register), and every one in
    /// debug code (`savesPinnedLocalsAtCalls`).
    mutating func storePinnedLocals(beforeBuiltin builtin: Bool) {
        for entry in pinnedLocals.entries where waitsInSlot(entry.register, builtin: builtin) {
            assembler.store(localTypes[Int(entry.local)], frameSlot(frame.localOffset(Int(entry.local))), entry.register)
        }
    }

    /// After the call: the locals back from their slots (a debugger may have changed them there).
    mutating func reloadPinnedLocals(afterBuiltin builtin: Bool) {
        for entry in pinnedLocals.entries where waitsInSlot(entry.register, builtin: builtin) {
            assembler.load(localTypes[Int(entry.local)], entry.register, frameSlot(frame.localOffset(Int(entry.local))))
        }
    }

    private func waitsInSlot(_ register: ValueRegister, builtin: Bool) -> Bool {
        options.savesPinnedLocalsAtCalls || (builtin && register.isVector)
    }

    /// Whether declared local `index` is pinned and its slot is never read
    /// before it is written, so it need not start at zero (a debugger reads slots).
    func slotNeedsNoZero(_ index: Int) -> Bool {
        !options.savesPinnedLocalsAtCalls && pinnedLocals.register(of: UInt32(index)) != nil
    }

    /// `local.get` of a pinned local: a copy in a register of its own.
    mutating func compilePinnedLocalGet(_ index: UInt32, in pinned: ValueRegister) {
        let type = localTypes[Int(index)]
        let copy = allocate(type.registerClass)
        assembler.move(type, copy, pinned)
        push(copy, type)
    }

    /// `local.set`/`local.tee` of a pinned local.
    mutating func compilePinnedLocalSet(_ index: UInt32, in pinned: ValueRegister, tee: Bool) {
        // `local.get x; local.set x`: the get left a reference to x itself (its slot is stale).
        if !tee, stack.peek().location == .local(index) {
            _ = stack.pop()
            return
        }
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

    /// For the debug side table: each pinned register and its local.
    func pinnedRegisterRecords() -> [PinnedRegister] {
        pinnedLocals.entries.map { PinnedRegister(local: $0.local, register: $0.register.locationKind) }
    }
}
