/// The two text front ends over the command interpreter: batch (commands
/// from `-ex` and `-x`, then exit with the program's status) and the REPL
/// (a prompt, history when stdin is a terminal, commands from stdin
/// otherwise). Ctrl-C while the program runs pauses it, as in gdb.
import Debugger
import Dispatch
import Foundation
import Glibc

public struct DebuggerFrontEnd {
    public let session: DebugSession
    private let write: (String) -> Void

    public init(session: DebugSession, write: @escaping (String) -> Void) {
        self.session = session
        self.write = write
    }

    /// Runs commands in order; stops at `quit`. Returns the exit status:
    /// the program's if it ended, else 0.
    public func runBatch(_ commands: [String]) -> Int32 {
        let interpreter = CommandInterpreter(session: session, write: write)
        let interrupts = InterruptForwarder(session: session)
        defer { interrupts.stop() }
        var status: Int32 = 0
        for command in commands {
            let outcome = interpreter.execute(command)
            if case .exited(let exitStatus, _) = session.state { status = exitStatus }
            if outcome == .quit { break }
        }
        if session.state.isLive { session.kill() }
        return status
    }

    /// The interactive loop. `commands` run first (from -ex/-x).
    public func runInteractive(initialCommands: [String], editor: LineEditor?) -> Int32 {
        let interpreter = CommandInterpreter(session: session, write: write)
        let interrupts = InterruptForwarder(session: session)
        defer { interrupts.stop() }
        var status: Int32 = 0
        for command in initialCommands {
            if interpreter.execute(command) == .quit { return exitStatus(fallback: status) }
        }
        editor?.completer = Self.completer(for: session)
        while true {
            let result: LineEditor.Result
            if let editor {
                result = editor.readLine(prompt: "(wasmscope) ")
            } else {
                guard let line = Swift.readLine() else { break }
                result = .line(line)
            }
            switch result {
            case .endOfInput:
                session.kill()
                return exitStatus(fallback: status)
            case .interrupted:
                continue
            case .line(let line):
                editor?.addToHistory(line)
                if interpreter.execute(line) == .quit { return exitStatus(fallback: status) }
                if case .exited(let exitStatus, _) = session.state { status = exitStatus }
            }
        }
        session.kill()
        return exitStatus(fallback: status)
    }

    /// Tab completion over the session; the module's names are gathered on the first Tab.
    static func completer(for session: DebugSession) -> (String) -> Completion {
        var sessionWide: CompletionSymbols?
        return { line in
            var symbols = sessionWide ?? CompletionSymbols(sessionWideNamesOf: session)
            sessionWide = symbols
            symbols.locals = CompletionSymbols.localNames(in: session)
            return CommandCompletion.complete(line, symbols: symbols)
        }
    }

    private func exitStatus(fallback: Int32) -> Int32 {
        if case .exited(let status, _) = session.state { return status }
        return fallback
    }
}

/// Turns SIGINT into `session.pause()` while a front end runs; the default
/// action comes back when it stops.
final class InterruptForwarder: @unchecked Sendable {
    // Unchecked Sendable: the source is created and cancelled on one thread.
    private let source: DispatchSourceSignal

    init(session: DebugSession) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: DispatchQueue(label: "wasmscope.interrupts"))
        source.setEventHandler { session.pause() }
        source.resume()
    }

    func stop() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
