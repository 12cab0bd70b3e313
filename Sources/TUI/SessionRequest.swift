/// What the view asks of the session. The view never calls the session: it
/// returns requests, and the session controller runs them on its thread.
import Debugger

public enum SessionRequest: Sendable, Equatable {
    /// `run` when the program is not started or has exited, else `continue`.
    case continueOrRun
    case next
    case step
    case finish
    case stepInstruction
    case stepOp
    case addBreakpoint(BreakpointLocation)
    case deleteBreakpoint(Int)
    case selectFrame(Int)
    /// A command line for the command interpreter, echoed into the output pane.
    case command(String)
    /// Show memory at an address or expression.
    case showMemory(String)
    /// Move the memory pane to an address (scrolling past what was read).
    case moveMemory(UInt64)
    /// Show a function's code (by name) in the code panes.
    case showFunction(String)
    /// Show the code of the function holding a module offset.
    case showFunctionAt(moduleOffset: Int)
    /// Expand (or collapse) a locals pane row: its expression, e.g. `s`, `s.next`, `a[3]`, `*p`.
    case setLocalExpanded(String, Bool)
    case quit

    /// Requests that resume the guest: the screen shows "running" until they end.
    public var resumesGuest: Bool {
        switch self {
        case .continueOrRun, .next, .step, .finish, .stepInstruction, .stepOp, .command: true
        default: false
        }
    }
}
