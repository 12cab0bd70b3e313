/// One run of a program under the debugger, at the machine and wasm level:
/// the guest runs on a thread of its own (`GuestThread`), and stops — at a
/// breakpoint, after a single step, on a pause request, on a watched write,
/// at a trap — by blocking inside its signal handler (or at the end of a
/// host call) until the controller resumes it. While it is stopped the
/// controller reads and writes registers, frames, locals, globals and
/// memory. docs/debugger-engine.md explains the machinery.
///
/// Threads: one controller thread calls everything, except `requestPause`,
/// which any thread may call while the guest runs. The program must be
/// loaded with `Compiler.Options.debugging`, so every op has a stop in the
/// debug side table.
///
/// Call `terminate()` to end a run early; it is also what `deinit` does.
import CDebuggerSupport
import CRuntimeSupport
import Glibc
import ProgramRunner
import Synchronization
import WasmCore
import WasmJIT
import WasmRuntime

public final class GuestExecution: @unchecked Sendable {
    // Unchecked Sendable: `program` is only touched by the controller and,
    // through `start`'s body, by the guest thread while it runs; the rest is
    // behind `state`, the outcome box, or the C session's own synchronization.

    public let program: Program
    let channel: DebugChannel
    /// The program's modules, preloads first: breakpoints and frames may be in any.
    let modules: [LoadedModule]
    let hostCallNames: HostCallNames
    let state = Mutex(ControllerState())
    /// Written by the guest thread when its body returns.
    private let outcome = OutcomeBox()
    private let threadFacts = ThreadFacts()

    struct ControllerState {
        var thread: GuestThread?
        var started = false
        var terminated = false
        /// The last stop sequence number consumed.
        var seenSequence: UInt32 = 0
        /// The stop being reported; nil while running.
        var currentStop: MachineStop?
        var record: StopRecord?
        var breakpoints = BreakpointPatches()
        var watches = WatchedPages()
    }

    /// How long `terminate` waits for the guest thread to trap out before
    /// leaving it detached (it can be blocked in a host call, e.g. reading
    /// a terminal, which the interrupt flag cannot reach).
    public static let terminationGracePeriod: Duration = .seconds(3)

    public init(program: Program) {
        self.program = program
        channel = DebugChannel(vmContext: program.instance.vmContextAddress)
        modules = program.modules.map(\.module)
        for module in modules { channel.addModule(module) }
        hostCallNames = HostCallNames(instance: program.instance)
    }

    deinit {
        terminate()
    }

    // MARK: - Running

    /// Told when the guest thread starts and ends and when it stops and
    /// resumes. Set it before `start` to see the thread start.
    public var observer: (any GuestExecutionObserver)? {
        get { threadFacts.observer.withLock { $0 } }
        set { threadFacts.observer.withLock { $0 = newValue } }
    }

    /// The guest thread, from when it attached to the debugger until its program returns.
    public var guestThread: GuestThreadIdentity? { threadFacts.identity.withLock { $0 } }

    /// Starts the guest thread, which runs `body` (by default the program's
    /// `_start`), and returns at once. Once only.
    public func start(_ body: @escaping @Sendable (Program) -> ProgramOutcome = { $0.start() }) {
        let canStart = state.withLock { state -> Bool in
            guard !state.started, !state.terminated else { return false }
            state.started = true
            return true
        }
        guard canStart else { return }
        let channel = channel
        let program = UncheckedProgram(program: program)
        let outcome = outcome
        let threadFacts = threadFacts
        let thread = GuestThread {
            channel.attachCurrentThread()
            let bounds = channel.guestStackBounds
            let identity = GuestThreadIdentity(
                kernelThreadID: channel.guestThreadID, thread: pthread_self(),
                stackBounds: bounds.low..<max(bounds.low, bounds.high))
            threadFacts.identity.withLock { $0 = identity }
            let observer = threadFacts.observer.withLock { $0 }
            observer?.guestThreadStarted(identity, program: program.program)
            let result = body(program.program)
            observer?.guestThreadFinishing()
            outcome.value.withLock { $0 = result }
            threadFacts.identity.withLock { $0 = nil }
            channel.guestFinished()
        }
        state.withLock { $0.thread = thread }
    }

    /// The guest thread is executing: started, not stopped, not finished.
    public var isRunning: Bool { channel.guestState == .running }

    /// Blocks until the guest stops or finishes and reports why; if it is
    /// already stopped, reports that stop again. nil when `timeout` passes
    /// first (the guest still runs), or when the guest was never started.
    public func waitForStop(timeout: Duration?) -> MachineStop? {
        let clock = ContinuousClock()
        let deadline = timeout.map { clock.now + $0 }
        while true {
            let (current, seen, started) = state.withLock { ($0.currentStop, $0.seenSequence, $0.started) }
            if let current { return current }
            guard started else { return nil }
            var remaining: Int64?
            if let deadline {
                let left = clock.now.duration(to: deadline)
                remaining = max(0, Int64(left.components.seconds) * 1_000_000_000 + left.components.attoseconds / 1_000_000_000)
            }
            let sequence = channel.waitForStop(seen: seen, timeoutNanoseconds: remaining)
            if sequence == seen { return nil }
            observer?.guestStopped()
            let record = StopRecord(channel.currentStop)
            state.withLock { $0.seenSequence = sequence }
            if let stop = interpret(record) {
                state.withLock { state in
                    state.currentStop = stop
                    state.record = record
                }
                return stop
            }
        }
    }

    /// Turns a published stop into what the controller sees; nil for stops
    /// the engine handles itself (resumed here).
    private func interpret(_ record: StopRecord) -> MachineStop? {
        switch record.kind {
        case .breakpoint:
            return .breakpoint(pc: record.pc)
        case .singleStep:
            return .singleStep(pc: record.pc)
        case .paused:
            return .paused(pc: record.pc, inHostCall: nil)
        case .pausedInHostCall:
            return .paused(pc: nil, inHostCall: hostCallName(record))
        case .watch:
            let length = state.withLock { $0.watches.watches[record.watchID]?.length } ?? 0
            let before = channel.watchBytes(id: Int32(record.watchID), after: false, length: length)
            let after = channel.watchBytes(id: Int32(record.watchID), after: true, length: length)
            let pc = record.inHostCall ? UInt(record.exitPC) : record.pc
            return .watch(id: record.watchID, pc: pc, oldBytes: before, newBytes: after)
        case .trap:
            // The host-call stub's ud2 raises a host function's error, and
            // proc_exit is one: not a fault in the guest's code. Let it proceed.
            if program.engine.isStubCode(record.pc) {
                resumeChannel(.continue)
                return nil
            }
            let bounds = channel.guestStackBounds
            let trap = channel.withTrapRecord { Trap.classify(faultRecord: $0, engine: program.engine, stackBounds: bounds) }
            return .trap(trap)
        case .finished:
            return .finished(finish())
        case .unknown:
            resumeChannel(.continue)
            return nil
        }
    }

    /// After the guest's body returned: join its thread, take the int3s out
    /// of the (possibly shared) module code and open the watched pages.
    private func finish() -> ProgramOutcome {
        let thread = state.withLock { state -> GuestThread? in
            state.breakpoints.removeAll(channel: channel)
            state.watches.removeAll(channel: channel)
            defer { state.thread = nil }
            return state.thread
        }
        thread?.join()
        return outcome.value.withLock { $0 } ?? .trapped(Trap(code: .interrupted))
    }

    /// Takes the current stop away before resuming; false when not stopped
    /// (running, finished, never started).
    private func takeStop() -> Bool {
        state.withLock { state in
            guard let stop = state.currentStop, !stop.isFinished else { return false }
            state.currentStop = nil
            state.record = nil
            return true
        }
    }

    /// Continues a stopped guest. At a trap stop, lets the trap proceed.
    public func resume() {
        guard takeStop() else { return }
        resumeChannel(.continue)
    }

    /// Runs exactly one machine instruction, then stops with `.singleStep`.
    /// Stepping off a breakpoint's int3 is handled (the original instruction
    /// runs). A call into host code is stepped over (the stop is at its
    /// return into module code); stopped inside a host call, the step ends
    /// where the call returns. At a trap stop, the trap proceeds.
    public func resumeSingleStep() {
        guard takeStop() else { return }
        resumeChannel(.singleStep)
    }

    private func resumeChannel(_ command: DebugChannel.Command) {
        observer?.guestResuming()
        channel.resume(command)
    }

    /// Any thread: stops a running guest as soon as possible with `.paused`.
    /// In JIT code it stops right there. Inside a host call (a WASI call
    /// blocked in fd_read) the host code is never blocked: the stop is
    /// reported at once with the call's wasm frames, and the guest is held
    /// when the call returns. Anywhere else (a runtime builtin, between
    /// entering and running wasm) it stops at the next interrupt check.
    public func requestPause() {
        channel.requestPause()
    }

    /// Ends the run: no more stops, every breakpoint and watch removed, the
    /// store's interrupt flag set so the guest traps out, the guest resumed if
    /// stopped, its thread joined. A guest blocked in a host call that does
    /// not return within `terminationGracePeriod` is left detached to finish
    /// on its own. Afterwards `waitForStop` reports `.finished`.
    public func terminate() {
        let (thread, wasStarted) = state.withLock { state -> (GuestThread?, Bool) in
            guard !state.terminated else { return (nil, false) }
            state.terminated = true
            return (state.thread, state.started)
        }
        if state.withLock({ $0.currentStop?.isFinished ?? false }) { return }
        channel.beginTermination()
        state.withLock { state in
            state.breakpoints.removeAll(channel: channel)
            state.watches.removeAll(channel: channel)
            state.currentStop = nil
            state.record = nil
        }
        guard wasStarted else { return }
        program.store.interrupt()
        channel.resume(.continue)

        let clock = ContinuousClock()
        let deadline = clock.now + Self.terminationGracePeriod
        var seen = state.withLock { $0.seenSequence }
        while channel.guestState != .finished && clock.now < deadline {
            seen = channel.waitForStop(seen: seen, timeoutNanoseconds: 20_000_000)
            // A stop published before termination began still waits for a command.
            if channel.guestState == .stopped || channel.guestState == .stoppedInHostCall { channel.resume(.continue) }
        }
        if channel.guestState == .finished {
            thread?.join()
        } else {
            thread?.detach()
        }
        let result = outcome.value.withLock { $0 } ?? .trapped(Trap(code: .interrupted))
        state.withLock { state in
            state.seenSequence = seen
            state.thread = nil
            state.currentStop = .finished(result)
        }
    }

    // MARK: - Breakpoints

    /// Patches an int3 at `address`, which must be the first byte of an
    /// instruction in the code of one of the program's modules (other
    /// addresses are ignored). Set semantics: idempotent per address; one
    /// `removeBreakpoint` removes it. Allowed while running. The patches
    /// belong to this execution: they go when it finishes or terminates.
    public func insertBreakpoint(at address: UInt) {
        state.withLock { state in
            guard !state.terminated, !(state.currentStop?.isFinished ?? false) else { return }
            _ = state.breakpoints.insert(address, modules: modules, channel: channel)
        }
    }

    public func removeBreakpoint(at address: UInt) {
        state.withLock { $0.breakpoints.remove(address, channel: channel) }
    }

    public var breakpointAddresses: Set<UInt> { state.withLock { $0.breakpoints.addresses } }

    /// The code bytes at `address` with every int3 patch undone, for
    /// disassembly; cut at the end of the module's code block. Empty outside
    /// module code.
    public func originalCode(at address: UInt, count: Int) -> [UInt8] {
        guard count > 0, let module = modules.first(where: { $0.codeMemory.contains(address) }) else { return [] }
        let end = UInt(bitPattern: module.codeMemory.executableBase) + UInt(module.codeMemory.byteCount)
        return DebugChannel.originalCode(at: address, count: min(count, Int(end - address)))
    }

    // MARK: - Watchpoints

    /// Watches writes to `length` bytes of linear memory 0 at `address`.
    /// Returns the watch's id, or -1 when the range is outside the memory,
    /// longer than 4096 bytes, or 32 watches exist.
    public func addWatch(address: UInt64, length: Int) -> Int {
        state.withLock { state in
            guard !state.terminated else { return -1 }
            return state.watches.add(address: address, length: length, memory: memory, channel: channel)
        }
    }

    public func removeWatch(_ id: Int) {
        state.withLock { $0.watches.remove(id, channel: channel) }
    }

    /// At a `.watch` stop caused by a store in JIT code: the address of that
    /// store instruction (the stop's `pc` is the instruction after it, which
    /// may already belong to the next op or line). nil otherwise, e.g. for a
    /// write by host code.
    public var watchStorePC: UInt? {
        state.withLock { state in
            guard case .watch = state.currentStop else { return nil }
            return state.record?.storePC
        }
    }

    // MARK: - Helpers

    var currentRecord: StopRecord? { state.withLock { $0.currentStop?.isFinished == false ? $0.record : nil } }

    func hostCallName(_ record: StopRecord) -> String? {
        let frames = walker.frames(exitFramePointer: record.exitFramePointer, exitPC: record.exitPC, hostCall: nil)
        return hostCallNames.name(
            hostRecord: record.hostRecord, callOffset: frames.first?.wasmOffset, module: frames.first?.module.module)
    }

    var walker: FrameWalker { FrameWalker(modules: modules, stackBounds: channel.guestStackBounds) }
}

private final class OutcomeBox: Sendable {
    let value = Mutex<ProgramOutcome?>(nil)
}

/// What the guest thread publishes about itself, and who wants to know.
private final class ThreadFacts: Sendable {
    let identity = Mutex<GuestThreadIdentity?>(nil)
    let observer = Mutex<(any GuestExecutionObserver)?>(nil)
}

/// Hands the program to the guest thread; the controller does not use it
/// concurrently with the guest's run (it inspects only while the guest is stopped).
private struct UncheckedProgram: @unchecked Sendable {
    let program: Program
}
