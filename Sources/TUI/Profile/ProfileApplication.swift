/// `wasmscope profile --tui`: runs the program under the profiler on a
/// guest thread of its own while the UI (main) thread shows the live
/// profile view, polling a snapshot every 250 ms. After the program ends the
/// final profile stays up until `q`; `q` while it runs asks, then stops the
/// guest through the store's interrupt flag. The terminal is restored on
/// every way out.
import Foundation
import Glibc
import Profiler
import ProgramRunner
import Synchronization

public final class ProfileApplication {
    /// How the run ended, for the command to report after the screen is gone.
    public struct Ending: Sendable {
        /// The run, if it finished (also after a stop: then it trapped with `interrupted`).
        public var run: ProfileRun?
        public var error: ProfileError?
        /// The user quit while the program was running.
        public var stoppedByUser: Bool
    }

    /// How often the view asks for a new snapshot while the program runs.
    public static let pollInterval: TimeInterval = 0.25
    /// How long a quit waits for an interrupted guest (one stuck in a blocking host call never notices).
    static let stopTimeout: TimeInterval = 3

    private let session: ProfileSession
    private let capture: OutputCapture?
    private let invoke: String?
    private let arguments: [String]
    private let shared = SharedState()

    /// What the guest and signal threads hand to the UI thread.
    private final class SharedState: Sendable {
        let result = Mutex<Result<ProfileRun, ProfileError>?>(nil)
        let interruptedFromOutside = Atomic<Bool>(false)
    }

    /// - Parameters:
    ///   - capture: the pipe the program's stdout and stderr go to (shown in the output pane).
    ///   - invoke: the export to call instead of `_start`, with `arguments`.
    public init(session: ProfileSession, capture: OutputCapture?, invoke: String? = nil, arguments: [String] = []) {
        self.session = session
        self.capture = capture
        self.invoke = invoke
        self.arguments = arguments
    }

    /// Runs until `q`; nil when the terminal cannot go full screen (nothing ran).
    public func run() -> Ending? {
        let terminal = Terminal()
        guard terminal.start() else { return nil }
        defer { terminal.stop() }
        // A SIGINT from outside stops the program and quits.
        let interrupts = OutsideInterrupts(label: "wasmscope.profile.interrupts") { [shared] in
            shared.interruptedFromOutside.store(true, ordering: .relaxed)
        }
        defer { interrupts.cancel() }

        startGuestThread()
        let (width, height) = terminal.size
        let view = ProfileView(source: session, width: width, height: height)
        view.runState = .running
        let output = capture?.buffer ?? OutputBuffer()
        var lastPoll = Date.distantPast
        var needsDraw = true
        var finished = false
        var stopRequestedAt: Date?
        while true {
            if !finished, let ended = shared.result.withLock({ $0 }) {
                finished = true
                switch ended {
                case .success(let run):
                    view.apply(run.profile)
                    view.runState = Self.state(after: run.outcome, stopped: stopRequestedAt != nil)
                case .failure(let error):
                    view.runState = .failed(error.description)
                }
                needsDraw = true
            }
            if !finished, Date().timeIntervalSince(lastPoll) >= Self.pollInterval {
                lastPoll = Date()
                if view.refresh() { needsDraw = true }
            }
            for piece in output.drain() {
                view.appendOutput(piece.text)
                needsDraw = true
            }
            if shared.interruptedFromOutside.load(ordering: .relaxed), stopRequestedAt == nil {
                stopRequestedAt = Date()
                session.program.store.interrupt()
            }
            if let stopRequestedAt, finished || Date().timeIntervalSince(stopRequestedAt) > Self.stopTimeout { break }
            if needsDraw {
                terminal.draw(view.render(), cursor: view.cursorPosition)
                needsDraw = false
            }
            guard let key = terminal.readKey(timeoutMilliseconds: 20) else { continue }
            needsDraw = true
            if key == .resize {
                let (newWidth, newHeight) = terminal.size
                view.resize(width: newWidth, height: newHeight)
                terminal.invalidate()
                continue
            }
            if key == .control("l") { terminal.invalidate() }
            if view.handle(key) == .quit {
                if finished { break }
                if stopRequestedAt == nil {
                    stopRequestedAt = Date()
                    view.message = "Stopping the program…"
                    session.program.store.interrupt()
                }
            }
        }
        capture?.close()
        let ended = shared.result.withLock { $0 }
        return Ending(
            run: try? ended?.get(), error: ended.flatMap { if case .failure(let error) = $0 { error } else { nil } },
            stoppedByUser: stopRequestedAt != nil && !Self.endedByItself(ended))
    }

    /// Whether the program ended on its own (a quit then stopped nothing), not by the interrupt.
    private static func endedByItself(_ ended: Result<ProfileRun, ProfileError>?) -> Bool {
        guard let ended, case .success(let run) = ended else { return false }
        if case .trapped(let trap) = run.outcome, trap.code == .interrupted { return false }
        return true
    }

    static func state(after outcome: ProgramOutcome, stopped: Bool) -> ProfileRunState {
        switch outcome {
        case .exited(let status): .finished(exitStatus: Int32(truncatingIfNeeded: status & 0xff))
        case .returned: .finished(exitStatus: 0)
        case .trapped(let trap): stopped && trap.code == .interrupted ? .stopped : .trapped(trap.message)
        }
    }

    /// The sampler samples the thread that runs the program: a thread of its own, so the UI stays responsive.
    private func startGuestThread() {
        let thread = Thread { [session, invoke, arguments, shared] in
            let outcome = Result { () throws(ProfileError) in try session.run(invoke: invoke, arguments: arguments) }
            shared.result.withLock { $0 = outcome }
        }
        thread.name = "wasmscope.guest"
        // The size the main thread would have had; deep guest recursion needs it.
        thread.stackSize = 8 << 20
        thread.start()
    }
}
