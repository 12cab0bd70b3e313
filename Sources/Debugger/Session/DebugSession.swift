/// A debugging session over one program: the module is loaded once, with the
/// JIT's debugging options (every op gets a stop position), and kept across
/// runs, so breakpoints can be set before `run`, in functions not called yet,
/// and survive a restart. Each `run` makes a fresh instance and a
/// `GuestExecution` whose thread runs the guest while this object, on the
/// controller's thread, sets breakpoints, resumes, steps and reads state.
///
/// All methods are for one controller thread, except `pause()`, which any
/// thread may call while the guest runs (the REPL's Ctrl-C handler does).
/// Resuming methods block until the guest stops or ends.
import DWARF
import DebugExpressions
import Foundation
import ProgramRunner
import Symbolication
import WasmCore
import WasmJIT
import WasmRuntime

public final class DebugSession: @unchecked Sendable {
    // Unchecked Sendable: only `pause()` crosses threads, and it touches the
    // execution through its own thread-safe request.
    /// `run ARGS` replaces the arguments, as in gdb.
    public var specification: ProgramSpecification
    public let engine: Engine
    public let codeMap: CodeMap
    public let sourceText = SourceText()
    public internal(set) var state: SessionState = .notStarted
    public internal(set) var execution: GuestExecution?
    /// Breakpoints and watchpoints by number.
    public private(set) var breakpoints: [Breakpoint] = []
    private var nextBreakpointNumber = 1
    /// Machine addresses patched for user breakpoints and for the session's
    /// own temporary ones (stepping, finish): a count per address so one never
    /// removes the other's int3.
    private var patchCounts: [UInt: Int] = [:]
    /// The frame `frame N`/`up`/`down` selected; 0 after every stop.
    public var selectedFrameIndex = 0
    private var cachedFrames: [DebugFrame]?
    /// Set by `pause()`; stepping loops check it between single steps.
    private let pauseRequested = PauseFlag()
    /// Given to every run's `GuestExecution` before its guest thread starts
    /// (the debugger's profiler follows the guest thread through it).
    public var executionObserver: (any GuestExecutionObserver)?

    /// Loads and compiles the module. Fails like `run` would on a bad module.
    public init(specification: ProgramSpecification, engine: Engine) throws(ProgramError) {
        self.specification = specification
        self.engine = engine
        let (module, bytes) = try Program.loadModule(specification.modulePath, engine: engine, options: .debugging)
        codeMap = CodeMap(module: module, symbolizer: Symbolizer(module: module, bytes: bytes))
        moduleBytes = bytes
    }

    private let moduleBytes: [UInt8]

    public var module: LoadedModule { codeMap.module }
    public var debugInfo: DebugInfo? { codeMap.debugInfo }

    // MARK: - Running

    /// Starts the program from the beginning (killing a live run first) and
    /// runs until it stops or ends.
    @discardableResult
    public func run() throws(DebuggerError) -> SessionState {
        kill()
        let program: Program
        do {
            program = try Program(
                specification: specification, engine: engine, module: codeMap.module, moduleBytes: moduleBytes)
        } catch {
            throw DebuggerError(error.description)
        }
        let execution = GuestExecution(program: program)
        execution.observer = executionObserver
        self.execution = execution
        for address in patchCounts.keys { execution.insertBreakpoint(at: address) }
        for breakpoint in breakpoints where breakpoint.isEnabled {
            if case .watchpoint(let expression, let address, let length, _) = breakpoint.kind {
                let id = execution.addWatch(address: address, length: length)
                update(breakpoint.number) { $0.kind = .watchpoint(expression: expression, address: address, length: length, executionID: id) }
            }
        }
        execution.start()
        state = .running
        return waitAndHandleStop()
    }

    /// Ends a live run; the session can `run` again.
    public func kill() {
        execution?.terminate()
        execution = nil
        invalidateFrames()
        if state.isLive { state = .notStarted }
    }

    /// Continues until the next stop (breakpoint, watchpoint, trap, pause, exit).
    @discardableResult
    public func continueExecution() throws(DebuggerError) -> SessionState {
        let execution = try stoppedExecution()
        resume(execution)
        return waitAndHandleStop()
    }

    /// Any thread: stop a running guest soon (a `paused` stop).
    public func pause() {
        pauseRequested.set()
        execution?.requestPause()
    }

    func stoppedExecution() throws(DebuggerError) -> GuestExecution {
        guard let execution else { throw DebuggerError("The program is not being run.") }
        guard state.isStopped else {
            if case .running = state { throw DebuggerError("The program is running.") }
            throw DebuggerError("The program is not being run.")
        }
        return execution
    }

    /// Resumes from a stop. A trap stop lets the trap proceed: the run ends.
    func resume(_ execution: GuestExecution) {
        invalidateFrames()
        pauseRequested.clear()
        state = .running
        execution.resume()
    }

    /// Waits for the guest's next machine stop and turns it into a session
    /// state: breakpoint conditions and ignore counts are applied here, so a
    /// breakpoint that should not stop is resumed past without the caller knowing.
    func waitAndHandleStop() -> SessionState {
        guard let execution else { return state }
        while true {
            let stop = execution.waitForStop(timeout: nil) ?? .paused(pc: nil, inHostCall: nil)
            invalidateFrames()
            selectedFrameIndex = 0
            // Stopped while conditions are evaluated, so they can read the frame.
            state = .stopped(.stepFinished)
            if let newState = interpretStop(stop, execution: execution) {
                state = newState
                if case .exited = newState { self.execution = nil }
                return newState
            }
            state = .running
            execution.resume()
        }
    }

    /// nil: not a stop the user should see; resume.
    func interpretStop(_ stop: MachineStop, execution: GuestExecution) -> SessionState? {
        switch stop {
        case .breakpoint(let pc):
            return breakpointHit(at: pc)
        case .singleStep:
            return .stopped(.stepFinished)
        case .paused(_, let hostCall):
            return .stopped(.paused(inHostCall: hostCall))
        case .watch(let id, _, let old, let new):
            guard let index = breakpoints.firstIndex(where: {
                if case .watchpoint(_, _, _, let executionID) = $0.kind { return executionID == id }
                return false
            }) else { return nil }
            breakpoints[index].hitCount += 1
            return .stopped(.watchpoint(breakpoints[index].number, old: old, new: new))
        case .trap(let trap):
            return .stopped(.trap(trap))
        case .finished(let outcome):
            switch outcome {
            case .trapped(let trap): return .exited(status: outcome.processExitStatus, trap: trap)
            default: return .exited(status: outcome.processExitStatus, trap: nil)
            }
        }
    }

    private func breakpointHit(at pc: UInt) -> SessionState? {
        let hits = breakpoints.indices.filter { index in
            breakpoints[index].isEnabled && breakpoints[index].sites.contains { $0.machineAddress == pc }
        }
        // Only the session's own temporary breakpoint is here: its owner decides.
        guard !hits.isEmpty else { return .stopped(.stepFinished) }
        var stopping: Int?
        for index in hits {
            breakpoints[index].hitCount += 1
            if let condition = breakpoints[index].condition {
                do {
                    guard try evaluateCondition(condition) else { continue }
                } catch {
                    return .stopped(.conditionError(breakpoint: breakpoints[index].number, message: error.description))
                }
            }
            if breakpoints[index].ignoreCount > 0 {
                breakpoints[index].ignoreCount -= 1
                continue
            }
            stopping = stopping ?? index
        }
        guard let stopping else { return nil }
        let number = breakpoints[stopping].number
        if breakpoints[stopping].isTemporary { try? deleteBreakpoint(number) }
        return .stopped(.breakpoint(number))
    }


    // MARK: - Breakpoint bookkeeping

    /// Adds an int3 at `address` on behalf of a user breakpoint or the session.
    func retainPatch(at address: UInt) {
        patchCounts[address, default: 0] += 1
        if patchCounts[address] == 1 { execution?.insertBreakpoint(at: address) }
    }

    func releasePatch(at address: UInt) {
        guard let count = patchCounts[address] else { return }
        if count <= 1 {
            patchCounts[address] = nil
            execution?.removeBreakpoint(at: address)
        } else {
            patchCounts[address] = count - 1
        }
    }

    func appendBreakpoint(_ make: (Int) -> Breakpoint) -> Breakpoint {
        let breakpoint = make(nextBreakpointNumber)
        nextBreakpointNumber += 1
        breakpoints.append(breakpoint)
        return breakpoint
    }

    func update(_ number: Int, _ change: (inout Breakpoint) -> Void) {
        guard let index = breakpoints.firstIndex(where: { $0.number == number }) else { return }
        change(&breakpoints[index])
    }

    func removeBreakpointRecord(_ number: Int) -> Breakpoint? {
        guard let index = breakpoints.firstIndex(where: { $0.number == number }) else { return nil }
        return breakpoints.remove(at: index)
    }

    // MARK: - Frames cache

    func invalidateFrames() {
        cachedFrames = nil
    }

    /// After a command changed program state (`set var`): frames and values are read again.
    public func invalidateSessionCaches() {
        cachedFrames = nil
    }

    /// The stopped program's frames, innermost first, inlined calls expanded.
    public func frames() -> [DebugFrame] {
        if let cachedFrames { return cachedFrames }
        guard let execution, state.isStopped else { return [] }
        let frames = FrameBuilder(codeMap: codeMap).frames(of: execution.wasmFrames(), execution: execution)
        cachedFrames = frames
        return frames
    }

    public var selectedFrame: DebugFrame? {
        let frames = frames()
        return frames.indices.contains(selectedFrameIndex) ? frames[selectedFrameIndex] : frames.first
    }

    var isPauseRequested: Bool { pauseRequested.isSet }
}

/// What the debugger refuses, in gdb's words where gdb has them.
public struct DebuggerError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A flag one thread sets and another polls.
final class PauseFlag: @unchecked Sendable {
    // Unchecked Sendable: the value is only touched under `lock`.
    private var value = false
    private let lock = NSLock()

    func set() { lock.withLock { value = true } }
    func clear() { lock.withLock { value = false } }
    var isSet: Bool { lock.withLock { value } }
}
