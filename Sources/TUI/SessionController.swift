/// The only code that touches the debug session: requests run in order on
/// one worker thread, each followed by a fresh snapshot. The UI thread reads
/// snapshots and the busy flag, and calls `pause()` (the one session method
/// any thread may call) for Ctrl-C.
import DebugCommands
import Debugger
import Foundation

public final class SessionController: @unchecked Sendable {
    // Unchecked Sendable: `session`, `interpreter`, `builder`, `shownFunction`,
    // `memoryTarget`, `expandedLocals` and `watches` are only used on `worker`'s thread; `latest` and
    // `pendingCount` and `pendingResumingCount` are guarded by `lock`.
    private let session: DebugSession
    private let worker = WorkerThread(name: "wasmscope.session")
    private let output: OutputBuffer
    private var interpreter: CommandInterpreter!
    private var builder: SnapshotBuilder
    private var shownFunction: UInt32?
    private var memoryTarget: (address: UInt64, expression: String)?
    /// Locals pane rows shown expanded; kept across stops and re-evaluated at each.
    private var expandedLocals: Set<String> = []
    /// Watch expressions in the order they were added (`a` in the TUI, `:display EXPR`).
    private var watches: [String] = []

    private let lock = NSLock()
    private var latest: DebuggerSnapshot?
    private var pendingCount = 0
    private var pendingResumingCount = 0
    private var quitCommandSeen = false
    private var profilingHandle: DebugProfiling?

    public init(session: DebugSession, output: OutputBuffer) {
        self.session = session
        self.output = output
        builder = SnapshotBuilder(session: session)
        worker.submit { [self] in
            interpreter = CommandInterpreter(session: session) { [output] text in output.append(text) }
            lock.withLock { profilingHandle = interpreter.profiling }
            publish()
        }
        // After the first frame: the screen opens without waiting for every
        // function's and global's name. Not counted as busy: the program is
        // not running, and keys pressed meanwhile just queue behind it.
        worker.submit { [self] in
            builder.loadCompletionSymbols()
            publish()
        }
    }

    /// The `profile` command's sampler, for the live profile view (any
    /// thread); nil until the worker has made the interpreter.
    public var profiling: DebugProfiling? { lock.withLock { profilingHandle } }

    /// A request is queued or running: a resuming one means the guest may be running.
    public var isBusy: Bool { lock.withLock { pendingCount > 0 } }

    /// A request that may resume the guest is queued or running: the screen
    /// says "running" and refuses other resuming keys. Requests that only
    /// read or set up (a memory move, a watch, `profile start`) queue behind
    /// without that.
    public var mayBeRunning: Bool { lock.withLock { pendingResumingCount > 0 } }

    /// The command line ran `quit`: the screen should close.
    public var quitRequested: Bool { lock.withLock { quitCommandSeen } }

    /// The newest snapshot not yet taken.
    public func takeSnapshot() -> DebuggerSnapshot? {
        lock.withLock {
            let snapshot = latest
            latest = nil
            return snapshot
        }
    }

    /// Stops a running guest soon; safe from any thread.
    public func pause() {
        session.pause()
    }

    public func submit(_ request: SessionRequest) {
        let resumes = request.resumesGuest
        lock.withLock {
            pendingCount += 1
            if resumes { pendingResumingCount += 1 }
        }
        worker.submit { [self] in
            perform(request)
            publish()
            lock.withLock {
                pendingCount -= 1
                if resumes { pendingResumingCount -= 1 }
            }
        }
    }

    /// Runs `commands` (from -ex/-x) through the interpreter, as the REPL does first.
    public func runInitialCommands(_ commands: [String]) {
        for command in commands { submit(.command(command)) }
    }

    /// Kills the guest and ends the worker; waits up to `timeout` for it.
    /// Returns the exit status the REPL would: the program's if it ended, else 0.
    @discardableResult
    public func shutdown(timeout: TimeInterval = 3) -> Int32 {
        session.pause()
        let done = DispatchSemaphore(value: 0)
        let status = StatusBox()
        worker.submit { [self] in
            if case .exited(let code, _) = session.state { status.value = code }
            session.kill()
            done.signal()
        }
        worker.stop()
        if done.wait(timeout: .now() + timeout) == .timedOut { return status.value }
        return status.value
    }

    private func publish() {
        let snapshot = builder.build(
            shownFunction: shownFunction, memory: memoryTarget, expandedLocals: expandedLocals, watches: watches)
        lock.withLock { latest = snapshot }
    }

    private func perform(_ request: SessionRequest) {
        // Memory changed by this run is highlighted against what the pane read before it.
        switch request {
        case .continueOrRun, .next, .step, .finish, .stepInstruction, .stepOp: builder.beginNewStop()
        case .command(let line) where ResumingCommands.contains(line): builder.beginNewStop()
        default: break
        }
        do {
            switch request {
            case .continueOrRun:
                shownFunction = nil
                if session.state.isStopped {
                    _ = try session.continueExecution()
                } else {
                    output.append("Starting program: \(session.specification.modulePath) \(session.specification.arguments.joined(separator: " "))\n", style: .dim)
                    _ = try session.run()
                }
                reportEnd()
            case .next:
                shownFunction = nil
                _ = try session.stepLine(overCalls: true)
                reportEnd()
            case .step:
                shownFunction = nil
                _ = try session.stepLine(overCalls: false)
                reportEnd()
            case .finish:
                shownFunction = nil
                let state = try session.finish()
                if case .stopped(.finished(let value?)) = state {
                    output.append("Value returned: \(SnapshotBuilder.describe(value))\n", style: .dim)
                }
                reportEnd()
            case .stepInstruction:
                shownFunction = nil
                _ = try session.stepInstruction(overCalls: false)
                reportEnd()
            case .stepOp:
                shownFunction = nil
                _ = try session.stepOp(overCalls: false)
                reportEnd()
            case .addBreakpoint(let location):
                let breakpoint = try session.addBreakpoint(location)
                let place = breakpoint.sites.first?.source?.description ?? breakpoint.sites.first.map { hex($0.machineAddress) } ?? "?"
                output.append("Breakpoint \(breakpoint.number) at \(place)\n", style: .dim)
            case .deleteBreakpoint(let number):
                try session.deleteBreakpoint(number)
                output.append("Deleted breakpoint \(number)\n", style: .dim)
            case .selectFrame(let index):
                guard session.state.isStopped, session.frames().indices.contains(index) else { return }
                session.selectedFrameIndex = index
                shownFunction = nil
            case .command(let line):
                output.append("(wasmscope) \(line)\n", style: .dim)
                let before = session.state
                if interpreter.execute(line) == .quit { lock.withLock { quitCommandSeen = true } }
                // Stopping somewhere new shows the new place.
                if case .running = before {} else if !sameStop(before, session.state) { shownFunction = nil }
            case .showMemory(let expression):
                let address = try session.evaluateAddress(expression)
                memoryTarget = (address, expression)
            case .moveMemory(let address):
                memoryTarget = (address, hex(address))
            case .showMemoryAt(let address, let expression):
                memoryTarget = (address, expression)
            case .showFunction(let name):
                guard let found = session.codeMap.functionBreakpointAddress(named: name) else {
                    throw DebuggerError("Function \"\(name)\" not defined.")
                }
                shownFunction = found.functionIndex
            case .showFunctionAt(let offset):
                guard let function = session.codeMap.function(atModuleOffset: offset) else {
                    throw DebuggerError("No function at module offset \(hex(offset)).")
                }
                shownFunction = function.functionIndex
            case .setLocalExpanded(let expression, let isExpanded):
                if isExpanded {
                    expandedLocals.insert(expression)
                } else {
                    expandedLocals.remove(expression)
                }
            case .addWatch(let text):
                guard !text.allSatisfy({ $0 == " " }) else { return }
                let label = try DisplayExpression(parsing: text).label
                guard !watches.contains(label) else { throw DebuggerError("Already watching \(label).") }
                watches.append(label)
                output.append("Watch \(watches.count): \(label)\n", style: .dim)
            case .removeWatch(let label):
                guard let index = watches.firstIndex(of: label) else { return }
                watches.remove(at: index)
                output.append("Deleted watch \(label)\n", style: .dim)
            case .startProfiling:
                output.append("(wasmscope) profile start\n", style: .dim)
                _ = interpreter.execute("profile start")
            case .showProgramOutput, .showProfile:
                return
            case .quit:
                session.kill()
            }
        } catch {
            output.append("\(error)\n", style: .error)
        }
    }

    private func sameStop(_ first: SessionState, _ second: SessionState) -> Bool {
        String(describing: first) == String(describing: second)
    }

    /// Says how the program ended, since the panes show only live state.
    private func reportEnd() {
        if case .exited = session.state {
            output.append("[program \(DebuggerSnapshot.describe(session.state))]\n", style: .dim)
        }
    }
}

/// A value a waiting thread reads after a semaphore, written once by the worker.
private final class StatusBox: @unchecked Sendable {
    // Unchecked Sendable: written before `done.signal()`, read after `wait`.
    var value: Int32 = 0
}
