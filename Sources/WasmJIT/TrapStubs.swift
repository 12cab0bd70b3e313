// Trap sites. A check that fails jumps to an out-of-line stub: one `ud2`
// per site, emitted after the function's body and recorded in the trap-site
// table with its code and the op's module offset, so the signal handler can
// tell which trap it was. Stubs never return, except the interrupt check's,
// which jumps back after its `ud2` so a debugger that treats the interrupt as
// a pause can resume the guest. Traps that always happen (`unreachable`) are
// a `ud2` in line; memory accesses are their own trap sites (guard pages).
import WasmCore
import X64Assembler

/// A trap stub to emit after the body: a `ud2` the jumps to `label` reach.
struct PendingTrap {
    var label: Label
    var code: TrapCode
    var wasmOffset: Int
    /// Where execution may resume after the trap (interrupt checks), so a
    /// debugger that treats the `ud2` as a pause can continue past it.
    var resume: Label?
}

extension FunctionCompiler {
    /// A label that jumps to a trap stub for `code` at the current op.
    mutating func trapLabel(_ code: TrapCode, resume: Label? = nil) -> Label {
        if resume == nil, let last = pendingTraps.last, last.code == code, last.wasmOffset == opOffset,
            last.resume == nil
        {
            return last.label
        }
        let label = assembler.newLabel()
        pendingTraps.append(PendingTrap(label: label, code: code, wasmOffset: opOffset, resume: resume))
        return label
    }

    /// A `ud2` right here, for traps that always happen (`unreachable`).
    mutating func emitTrap(_ code: TrapCode) {
        recorder.recordBodyTrap(machineOffset: assembler.offset, code: code, wasmOffset: opOffset)
        assembler.ud2()
    }

    mutating func emitTrapStubs() {
        for trap in pendingTraps {
            assembler.bind(trap.label)
            recorder.recordTrapStub(machineOffset: assembler.offset, code: trap.code, wasmOffset: trap.wasmOffset)
            assembler.ud2()
            if let resume = trap.resume { assembler.jmp(resume) }
        }
        pendingTraps.removeAll(keepingCapacity: true)
    }

    /// Records the current position as a memory access that may fault.
    mutating func recordMemoryAccess() {
        recorder.recordBodyTrap(machineOffset: assembler.offset, code: .memoryOutOfBounds, wasmOffset: opOffset)
    }
}
