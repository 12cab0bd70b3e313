/// Follows a `GuestExecution`'s guest thread: when it starts and ends, and
/// when the controller holds it still or lets it run. The debugger's
/// profiler uses it to sample the guest thread from its first instruction
/// and only while it runs: a stopped guest blocks inside the debugger's
/// signal handler, where samples would say nothing about the program.
///
/// Calls come from two threads, never at once for one execution's start
/// and its first stop: the guest thread for `guestThreadStarted` and
/// `guestThreadFinishing`, the controller for the rest. They must be quick
/// and must not call back into the execution.
import ProgramRunner

public protocol GuestExecutionObserver: AnyObject, Sendable {
    /// On the guest thread, attached to the debugger, before the program's first instruction.
    func guestThreadStarted(_ identity: GuestThreadIdentity, program: Program)
    /// On the guest thread, after the program's last instruction (or its trap).
    func guestThreadFinishing()
    /// On the controller thread: the guest stopped (a stop the user sees or
    /// one the engine handles itself).
    func guestStopped()
    /// On the controller thread: the guest is about to run again (continue, a step).
    func guestResuming()
}
