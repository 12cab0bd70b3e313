/// Samples a program that something else runs: the debugger's guest thread,
/// which `GuestExecution` starts, stops at breakpoints and resumes. The
/// profiler is told which thread (`start(target:)`, from any thread, the
/// sampled one included) and when the thread is held still (`pause()` and
/// `resume()`: a stopped guest has nothing to show), and gives the profile of
/// what it sampled so far at any time, as `ProfileSession` does for a run it
/// makes itself.
import Foundation
import Glibc
import ProgramRunner
import Synchronization

public final class AttachedProfiler: Sendable {
    public let options: ProfileOptions
    /// Maps addresses to functions, ops and lines; reports that look at code use it too.
    public let symbolication: ProfileSymbolication
    private let programName: String
    private let arguments: [String]
    private let sampler: Sampler
    private let state = Mutex(State())

    private struct State {
        var phase = Phase.ready
        var assembly: ProfileAssembly?
        /// The profile as it was when sampling stopped.
        var final: Profile?
        /// When the current pause began (CLOCK_MONOTONIC nanoseconds).
        var pausedSince: UInt64?

        /// Ends the current pause, counting its time.
        mutating func endPause(at now: UInt64) {
            guard let since = pausedSince else { return }
            assembly?.addPause(from: since, to: now)
            pausedSince = nil
        }
    }

    public enum Phase: Sendable, Equatable {
        /// Not started yet.
        case ready
        case sampling
        /// Started, held by `pause()`.
        case paused
        case stopped
    }

    public init(program: Program, options: ProfileOptions = ProfileOptions()) throws(ProfileError) {
        self.options = options
        programName = program.module.name ?? program.specification.modulePath
        arguments = program.specification.arguments
        symbolication = ProfileSymbolication(engine: program.engine, modules: program.modules)
        sampler = try Sampler.make(for: program, options: options)
    }

    deinit {
        stop()
    }

    public var phase: Phase { state.withLock { $0.phase } }

    /// Starts sampling `target`, a thread running the program. Once only.
    public func start(target: SamplingTarget) throws(ProfileError) {
        let result = state.withLock { state -> Result<Void, ProfileError> in
            guard state.phase == .ready else { return .failure(ProfileError("the profiler has already started")) }
            let metadata = ProfileMetadata(
                programName: programName, arguments: arguments, frequency: options.frequency, clock: options.clock,
                startDate: Date().timeIntervalSince1970, startTimestamp: monotonicNanoseconds(), processID: getpid(),
                threadID: target.kernelThreadID)
            let assembly = ProfileAssembly(metadata: metadata, sampler: sampler, symbolication: symbolication)
            do {
                try sampler.start(target: target)
            } catch {
                assembly.abandon()
                return .failure(ProfileError(String(describing: error)))
            }
            state.assembly = assembly
            state.phase = .sampling
            return .success(())
        }
        try result.get()
    }

    /// Holds sampling while the sampled thread is held still; no effect unless sampling.
    public func pause() {
        state.withLock { state in
            guard state.phase == .sampling else { return }
            sampler.pause()
            state.phase = .paused
            state.pausedSince = monotonicNanoseconds()
        }
    }

    /// Samples again after `pause()`.
    public func resume() {
        state.withLock { state in
            guard state.phase == .paused else { return }
            state.endPause(at: monotonicNanoseconds())
            sampler.resume()
            state.phase = .sampling
        }
    }

    /// Ends sampling for good (before the sampled thread ends, or after); the
    /// profile keeps what was sampled. Idempotent.
    public func stop() {
        state.withLock { state in
            guard state.phase != .stopped else { return }
            let wasStarted = state.phase != .ready
            state.phase = .stopped
            guard wasStarted, let assembly = state.assembly else { return }
            sampler.stop()
            let now = monotonicNanoseconds()
            state.endPause(at: now)
            state.final = assembly.finish(endTimestamp: now)
        }
    }

    /// The profile of what has been sampled so far, nil before `start`. Any thread.
    public func snapshot() -> Profile? {
        let (assembly, final) = state.withLock { ($0.assembly, $0.final) }
        return final ?? assembly?.profile()
    }
}

extension AttachedProfiler: LiveProfileSource {}
