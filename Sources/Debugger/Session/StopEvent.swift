/// Why a debug session's program stopped, and what the front ends print for it.
import WasmRuntime

public enum StopReason: Sendable {
    /// A user breakpoint (its number); temporary ones are deleted by now.
    case breakpoint(Int)
    /// A watchpoint's bytes changed (its number, the old and new bytes).
    case watchpoint(Int, old: [UInt8], new: [UInt8])
    /// A step, next, finish or stepi completed.
    case stepFinished
    /// `finish` returned from a frame; the value on top of the caller's operand stack, if the function returns one.
    case finished(returnValue: Value?)
    /// Ctrl-C or `pause()`; inside a WASI call, the import's name.
    case paused(inHostCall: String?)
    /// A wasm trap, caught before the stack unwound: the faulting frame is still there.
    case trap(Trap)
    /// A breakpoint condition could not be evaluated (gdb stops then too).
    case conditionError(breakpoint: Int, message: String)
}

public enum SessionState: Sendable {
    case notStarted
    case running
    case stopped(StopReason)
    /// The program ended: its exit status (134 when a trap ended it).
    case exited(status: Int32, trap: Trap?)

    public var isStopped: Bool {
        if case .stopped = self { return true }
        return false
    }

    public var isLive: Bool {
        switch self {
        case .running, .stopped: true
        case .notStarted, .exited: false
        }
    }
}
