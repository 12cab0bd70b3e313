/// The debugger's `profile` command's engine: samples the guest thread of
/// the session's runs while profiling is on. It follows each run's guest
/// thread (`GuestExecutionObserver`): sampling starts with the thread when
/// profiling was turned on before `run`, or at once when the guest is
/// stopped; it pauses whenever the debugger holds the guest still
/// (breakpoints, steps) and ends with the thread. Each run gets a fresh
/// `AttachedProfiler`; the last one stays readable after the run ends.
///
/// A live view (the TUI) polls `profiler` from its own thread; everything
/// here may be called from any thread.
import Debugger
import Foundation
import Profiler
import ProgramRunner
import Synchronization

public final class DebugProfiling: GuestExecutionObserver {
    private let state = Mutex(State())

    private struct State {
        var isOn = false
        var options = ProfileOptions()
        var profiler: AttachedProfiler?
        /// The live guest thread, between its start and its end.
        var guest: LiveGuest?
        /// Why sampling could not start on the last run, until profiling is turned on again.
        var failure: String?
    }

    private struct LiveGuest {
        let identity: GuestThreadIdentity
        let program: UncheckedProgram
    }

    public init() {}

    /// The profiler of the current run, or of the last one once it ended;
    /// nil before profiling first sampled anything. Replaced at each run
    /// and by `clear()`: compare by identity to notice.
    public var profiler: AttachedProfiler? { state.withLock { $0.profiler } }

    /// `profile start` is in effect.
    public var isOn: Bool { state.withLock { $0.isOn } }

    /// The frequency and clock of the current (or next) sampling.
    public var options: ProfileOptions { state.withLock { $0.options } }

    /// Why sampling the last run failed to start, if it did.
    public var failure: String? { state.withLock { $0.failure } }

    /// Whether a guest thread is live (running or stopped) to sample now.
    public var hasLiveGuest: Bool { state.withLock { $0.guest != nil } }

    /// Turns profiling on: samples the live guest now (it is stopped, so
    /// sampling waits for it to resume), or the next run's from its start.
    /// Either way a new profile begins; the one before it is dropped.
    public func start(options: ProfileOptions) throws(DebuggerError) {
        try state.withLock { (state) throws(DebuggerError) in
            guard !state.isOn else { throw DebuggerError("Profiling is already on; \"profile stop\" first.") }
            state.isOn = true
            state.options = options
            state.failure = nil
            guard let guest = state.guest else { return }
            startSampling(guest, state: &state, paused: true)
            if let failure = state.failure {
                state.isOn = false
                throw DebuggerError("Cannot profile the program: \(failure)")
            }
        }
    }

    /// Turns profiling off; what was sampled stays for `profile report`.
    public func stop() {
        state.withLock { state in
            state.isOn = false
            state.profiler?.stop()
        }
    }

    /// Forgets what was sampled; if profiling is on and a guest is live,
    /// sampling goes on from here with an empty profile.
    public func clear() {
        state.withLock { state in
            state.profiler?.stop()
            state.profiler = nil
            state.failure = nil
            if state.isOn, let guest = state.guest { startSampling(guest, state: &state, paused: true) }
        }
    }

    /// A new profiler for `guest`, started (and paused when the guest is held still).
    private func startSampling(_ guest: LiveGuest, state: inout State, paused: Bool) {
        state.profiler?.stop()
        do {
            let profiler = try AttachedProfiler(program: guest.program.program, options: state.options)
            let target = try SamplingTarget(
                thread: guest.identity.thread, kernelThreadID: guest.identity.kernelThreadID,
                stackBounds: guest.identity.stackBounds)
            try profiler.start(target: target)
            if paused { profiler.pause() }
            state.profiler = profiler
        } catch let error as ProfileError {
            state.failure = error.description
        } catch {
            state.failure = "\(error)"
        }
    }

    // MARK: - GuestExecutionObserver

    public func guestThreadStarted(_ identity: GuestThreadIdentity, program: Program) {
        state.withLock { state in
            let guest = LiveGuest(identity: identity, program: UncheckedProgram(program: program))
            state.guest = guest
            if state.isOn { startSampling(guest, state: &state, paused: false) }
        }
    }

    public func guestThreadFinishing() {
        state.withLock { state in
            state.guest = nil
            state.profiler?.stop()
        }
    }

    public func guestStopped() {
        state.withLock { $0.profiler?.pause() }
    }

    public func guestResuming() {
        state.withLock { $0.profiler?.resume() }
    }
}

/// The guest's program, kept only to build a profiler for it; the profiler
/// reads its modules' code maps, which do not change while it runs.
private struct UncheckedProgram: @unchecked Sendable {
    let program: Program
}
