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
    /// Show memory at an address, titled with an expression (following a
    /// pointer: `*0x115b0`; going back: what was shown before).
    case showMemoryAt(address: UInt64, expression: String)
    /// Show a function's code (by name) in the code panes.
    case showFunction(String)
    /// Show the code of the function holding a module offset.
    case showFunctionAt(moduleOffset: Int)
    /// Expand (or collapse) a locals pane row: its expression, e.g. `s`, `s.next`, `a[3]`, `*p`.
    case setLocalExpanded(String, Bool)
    /// Add a watch expression (the locals pane shows it at every stop).
    case addWatch(String)
    /// Remove a watch expression.
    case removeWatch(String)
    /// Show the program's output raw on the terminal (the application
    /// answers this one itself; the session is not involved).
    case showProgramOutput
    /// Open the live profile view (the screen's business; sampling starts through `profile start`).
    case showProfile
    /// `profile start` for the profile view: sets sampling up, never resumes the guest.
    case startProfiling
    case quit

    /// Requests that resume the guest: the screen shows "running" until they end.
    public var resumesGuest: Bool {
        switch self {
        case .continueOrRun, .next, .step, .finish, .stepInstruction, .stepOp, .command: true
        default: false
        }
    }
}
