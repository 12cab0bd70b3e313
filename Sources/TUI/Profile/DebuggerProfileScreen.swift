/// The live profile view inside the full-screen debugger (`:profile`, `P`):
/// it shows the `ProfileView` of the debugger's `profile` sampler over the
/// whole screen while the debugger goes on underneath. Sampling starts with
/// the view if it was off; a new run brings a new profiler, and the view
/// follows it. `q` or Esc on the table closes the view; `c`/F5 and Ctrl-C
/// still continue and pause the program, so it can be watched live.
import DebugCommands
import Debugger
import Foundation
import Profiler

final class DebuggerProfileScreen {
    private let profiling: DebugProfiling
    private(set) var view: ProfileView?
    /// The user asked for the view and it has not been closed: it opens as
    /// soon as there is a profiler (profiling armed before `run` has none yet).
    private(set) var isWanted = false
    private var lastPoll = Date.distantPast

    init(profiling: DebugProfiling) {
        self.profiling = profiling
    }

    var isShown: Bool { view != nil }

    /// Asks for the view; says whether the caller must turn sampling on first.
    func open() -> Bool {
        isWanted = true
        lastPoll = .distantPast
        return !profiling.isOn
    }

    func close() {
        isWanted = false
        view = nil
    }

    /// Creates, replaces or refreshes the view; true when the screen must be
    /// redrawn. `session` says how a run that sampling followed to its end ended.
    func update(width: Int, height: Int, session: SessionState) -> Bool {
        guard isWanted else { return false }
        guard let profiler = profiling.profiler else { return false }
        var changed = false
        if view == nil || view?.source !== profiler {
            let view = ProfileView(source: profiler, width: width, height: height)
            view.confirmsQuitWhileLive = false
            view.quitLabel = "close"
            self.view = view
            changed = true
        }
        guard let view, Date().timeIntervalSince(lastPoll) >= ProfileApplication.pollInterval || changed else { return changed }
        lastPoll = Date()
        var state = ProfileRunState(profiler.phase)
        if state == .stopped, case .exited(let status, let trap) = session {
            state = trap.map { .trapped($0.message) } ?? .finished(exitStatus: status)
        }
        if view.runState != state {
            view.runState = state
            changed = true
        }
        return view.refresh() || changed
    }

    /// Whether the view is waiting for a profiler (armed before the program runs).
    var isWaitingForProgram: Bool { isWanted && view == nil }
}
