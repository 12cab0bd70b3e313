/// The full-screen debugger's event loop on the UI (main) thread: read a key
/// (waking every few milliseconds), turn it into session requests for the
/// controller's thread, take in new snapshots and output, and redraw when
/// anything changed. The terminal is restored on every way out.
import DebugCommands
import Debugger
import Foundation
import Glibc

public final class TUIApplication {
    private let controller: SessionController
    private let capture: OutputCapture?
    private let output: OutputBuffer
    private let initialCommands: [String]

    /// - Parameters:
    ///   - capture: the pipe the program writes its stdout/stderr to (its
    ///     output goes to the output pane); nil when the program writes elsewhere.
    public init(session: DebugSession, capture: OutputCapture?, initialCommands: [String] = []) {
        self.capture = capture
        output = capture?.buffer ?? OutputBuffer()
        controller = SessionController(session: session, output: output)
        self.initialCommands = initialCommands
    }

    /// Runs until `q`; returns the program's exit status if it ended, else 0.
    /// nil when the terminal cannot go full screen (the caller falls back to the REPL).
    public func run() -> Int32? {
        let terminal = Terminal()
        guard terminal.start() else {
            _ = controller.shutdown()
            return nil
        }
        defer { terminal.stop() }
        // A SIGINT from outside pauses the guest, as Ctrl-C does.
        let interrupts = OutsideInterrupts(label: "wasmscope.tui.interrupts") { [controller] in controller.pause() }
        defer { interrupts.cancel() }

        let (width, height) = terminal.size
        let view = DebuggerView(width: width, height: height)
        controller.runInitialCommands(initialCommands)
        var needsDraw = true
        var quitRequestedAt: Date?
        var profileScreen: DebuggerProfileScreen?
        while true {
            // Take in what happened on other threads.
            let busy = controller.isBusy
            let mayBeRunning = controller.mayBeRunning
            if mayBeRunning != view.isBusy {
                view.isBusy = mayBeRunning
                needsDraw = true
            }
            if let snapshot = controller.takeSnapshot() {
                view.apply(snapshot)
                needsDraw = true
            }
            for piece in output.drain() {
                view.appendOutput(piece.text, style: piece.style)
                profileScreen?.view?.appendOutput(piece.text)
                needsDraw = true
            }
            if let profileScreen,
                profileScreen.update(width: terminal.size.width, height: terminal.size.height, session: view.snapshot.state)
            {
                needsDraw = true
            }
            if controller.quitRequested { break }
            if let quitRequestedAt, !busy || Date().timeIntervalSince(quitRequestedAt) > 3 { break }
            if needsDraw {
                if let shown = profileScreen?.view {
                    terminal.draw(shown.render(), cursor: shown.cursorPosition)
                } else {
                    terminal.draw(view.render(), cursor: view.cursorPosition)
                }
                needsDraw = false
            }
            guard let key = terminal.readKey(timeoutMilliseconds: 20) else { continue }
            needsDraw = true
            if key == .resize {
                let (newWidth, newHeight) = terminal.size
                view.resize(width: newWidth, height: newHeight)
                profileScreen?.view?.resize(width: newWidth, height: newHeight)
                terminal.invalidate()
                continue
            }
            if let shown = profileScreen?.view {
                // The program goes on under the profile view: continue and pause are the debugger's.
                switch key {
                case .control("c") where view.isBusy:
                    controller.pause()
                    shown.message = "Pausing…"
                case .function(5), .character("c"):
                    if view.isBusy {
                        shown.message = "The program is running."
                    } else {
                        view.isBusy = true
                        controller.submit(.continueOrRun)
                    }
                default:
                    if shown.handle(key) == .quit { profileScreen?.close() }
                }
                continue
            }
            if key == .control("l") { terminal.invalidate() }
            if key == .control("c"), view.isBusy, !view.commandLine.isActive {
                controller.pause()
                view.message = "Pausing…"
                continue
            }
            if view.layout.isTooSmall, key != .character("q") { continue }
            for request in view.handle(key) {
                switch request {
                case .quit:
                    if quitRequestedAt == nil {
                        quitRequestedAt = Date()
                        controller.pause()
                        controller.submit(.quit)
                    }
                case .moveMemory:
                    view.memoryMoved()
                    controller.submit(request)
                case .showProfile:
                    guard let profiling = controller.profiling else {
                        view.message = "The debugger is still starting."
                        continue
                    }
                    let screen = profileScreen ?? DebuggerProfileScreen(profiling: profiling)
                    profileScreen = screen
                    if screen.open() { controller.submit(.startProfiling) }
                    if !screen.update(width: terminal.size.width, height: terminal.size.height, session: view.snapshot.state) {
                        view.message = "Profiling is on; the profile view opens when the program runs (c)."
                    }
                case .showProgramOutput:
                    guard let capture else {
                        view.message = "The program writes to the terminal itself here."
                        continue
                    }
                    let bytes = capture.rawOutput()
                    let header = "--- wasmscope: the program's output, as written (\(bytes.count) bytes) ---"
                    terminal.showRaw(bytes, header: header)
                    // Keys and resizes while away: start from the terminal's size now.
                    let (newWidth, newHeight) = terminal.size
                    view.resize(width: newWidth, height: newHeight)
                    terminal.invalidate()
                default:
                    if request.resumesGuest { view.isBusy = true }
                    controller.submit(request)
                }
            }
        }
        let status = controller.shutdown()
        capture?.close()
        return status
    }
}
