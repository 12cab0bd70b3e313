/// How a program's run ended.
import WasmRuntime

public enum ProgramOutcome: Sendable {
    /// `_start` returned (status 0) or the guest called `proc_exit`.
    case exited(status: UInt32)
    /// An `--invoke`d function returned these results.
    case returned([Value])
    /// The guest trapped; the trap carries the backtrace.
    case trapped(Trap)

    /// The process exit status wasmtime would give: the guest's status
    /// (modulo 256, as the kernel keeps it), 0 for returned results, 134 for a trap.
    public var processExitStatus: Int32 {
        switch self {
        case .exited(let status): Int32(truncatingIfNeeded: status & 0xff)
        case .returned: 0
        case .trapped: 134
        }
    }
}
