/// Why the guest thread stopped, at the machine level: what
/// `GuestExecution.waitForStop` reports. The source-level layer turns these
/// into breakpoint numbers, finished steps and the like.
import ProgramRunner
import WasmRuntime

public enum MachineStop: Sendable {
    /// An int3 of a breakpoint; `pc` is the int3's address (rip already rewound to it).
    case breakpoint(pc: UInt)
    /// A single machine instruction ran (`resumeSingleStep`). When it was a
    /// call into host code, the stop is where that call returns into module
    /// code; when it was the return from a host call (stepping while
    /// stopped in one), the return address.
    case singleStep(pc: UInt)
    /// `requestPause` stopped the guest. In JIT code `pc` is where it stopped;
    /// inside a host call `pc` is nil and `inHostCall` names the import
    /// ("wasi_snapshot_preview1.fd_read"), and the wasm frames start at the
    /// call (`WasmFrame.isHostCall`). A host call that returns while stopped
    /// holds the guest before it runs any more wasm.
    case paused(pc: UInt?, inHostCall: String?)
    /// Watched bytes changed. For a store in JIT code, `pc` is the instruction
    /// after the store (where the guest stands). For a write by host code (a
    /// WASI call filling a buffer, a bulk-memory builtin), `pc` is where the
    /// call returns into wasm and the frames start at the call.
    case watch(id: Int, pc: UInt, oldBytes: [UInt8], newBytes: [UInt8])
    /// A fault that the runtime will turn into this wasm trap, caught before
    /// anything unwound: frames, locals and registers of the faulting frame
    /// are readable. Resuming lets the trap proceed; the run then finishes
    /// with `.finished(.trapped(...))`.
    case trap(Trap)
    /// `_start` (or the body given to `start`) returned, the guest called
    /// `proc_exit`, or a trap unwound.
    case finished(ProgramOutcome)
}

extension MachineStop {
    /// Where the guest stands, when that is a machine address.
    public var pc: UInt? {
        switch self {
        case .breakpoint(let pc), .singleStep(let pc), .watch(_, let pc, _, _): pc
        case .paused(let pc, _): pc
        case .trap(let trap): trap.frames.first?.pc
        case .finished: nil
        }
    }

    public var isFinished: Bool {
        if case .finished = self { true } else { false }
    }
}
