/// A profiled run of a program: starts the sampler on the calling thread
/// (which becomes the guest thread), runs the program, stops, and turns the
/// samples into a `Profile`. While the run goes on, any other thread may ask
/// for a `snapshot()` of what has been sampled so far (a live view).
import Foundation
import Glibc
import ProgramRunner
import Synchronization
import WasmRuntime

public struct ProfileOptions: Sendable {
    public var frequency: Int
    public var clock: SamplingClock
    /// Write /tmp/perf-PID.map and /tmp/jit-PID.dump before the run, for Linux perf.
    public var writePerfMap: Bool
    /// Ring buffer size in 8-byte words.
    public var bufferWords: Int

    public init(frequency: Int = 999, clock: SamplingClock = .cpu, writePerfMap: Bool = false, bufferWords: Int = 1 << 20) {
        self.frequency = frequency
        self.clock = clock
        self.writePerfMap = writePerfMap
        self.bufferWords = bufferWords
    }
}

public struct ProfileError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// What a profiled run gives back.
public struct ProfileRun: Sendable {
    public var outcome: ProgramOutcome
    public var profile: Profile
}

public final class ProfileSession: @unchecked Sendable {
    // Unchecked Sendable: `program` and `sampler.start/stop` are used only by
    // `run`, on the thread that calls it; what other threads reach
    // (`snapshot`) goes through the collector, the symbolication and the
    // `assembly` mutex, all thread-safe.

    public let program: Program
    public let options: ProfileOptions
    /// Maps addresses to functions, ops and lines; reports that look at code use it too.
    public let symbolication: ProfileSymbolication
    private let sampler: Sampler
    private let collectorSlot = Mutex<SampleCollector?>(nil)
    private let assembly = Mutex<Assembly?>(nil)
    /// The jitdump file stays mapped as long as the session lives (perf reads the mapping).
    public private(set) var jitDump: JitDump?

    /// Samples symbolized into a profile so far, and how many of the collector's samples that is.
    private struct Assembly {
        var builder: ProfileBuilder
        var consumed = 0
    }

    public init(program: Program, options: ProfileOptions = ProfileOptions()) throws(ProfileError) {
        self.program = program
        self.options = options
        symbolication = ProfileSymbolication(engine: program.engine, modules: program.modules)
        do {
            sampler = try Sampler(frequency: options.frequency, clock: options.clock, capacityWords: options.bufferWords)
            try sampler.addVMContext(program.instance.vmContextAddress)
        } catch {
            throw ProfileError(error.description)
        }
    }

    /// Loads the program in a new engine and makes a session for it.
    public convenience init(specification: ProgramSpecification, options: ProfileOptions = ProfileOptions()) throws(ProfileError) {
        let program: Program
        do {
            program = try Program(specification: specification, engine: Engine())
        } catch {
            throw ProfileError(error.description)
        }
        try self.init(program: program, options: options)
    }

    /// Runs `_start` (or the export `invoke` with `arguments`) under the
    /// sampler, on the calling thread. One run per session.
    public func run(invoke: String? = nil, arguments: [String] = []) throws(ProfileError) -> ProfileRun {
        let alreadyRan = assembly.withLock { $0 != nil }
        guard !alreadyRan else { throw ProfileError("a profile session runs its program once") }
        let threadID = currentKernelThreadID()
        if options.writePerfMap {
            do {
                try PerfMap.write(modules: symbolication.modules, symbolication: symbolication)
                jitDump = try JitDump(modules: symbolication.modules, symbolication: symbolication, threadID: threadID)
            } catch {
                throw ProfileError("cannot write the perf map: \(error.localizedDescription)")
            }
        }
        let metadata = ProfileMetadata(
            programName: program.module.name ?? program.specification.modulePath,
            arguments: invoke.map { [$0] + arguments } ?? program.specification.arguments,
            frequency: options.frequency, clock: options.clock, startDate: Date().timeIntervalSince1970,
            startTimestamp: monotonicNanoseconds(), processID: getpid(), threadID: threadID)
        assembly.withLock { $0 = Assembly(builder: ProfileBuilder(metadata: metadata)) }
        let collector = SampleCollector(sampler: sampler)
        collectorSlot.withLock { $0 = collector }

        do {
            try sampler.start()
        } catch {
            collector.finish()
            throw ProfileError(error.description)
        }
        let outcome: ProgramOutcome
        do {
            outcome = try invoke.map { name throws(ProgramError) in try program.invoke(name, arguments: arguments) }
                ?? program.start()
        } catch {
            sampler.stop()
            collector.finish()
            throw ProfileError(error.description)
        }
        sampler.stop()
        let end = monotonicNanoseconds()
        collector.finish()

        let profile = assembly.withLock { state in
            absorbNewSamples(into: &state!)
            state!.builder.setEndTimestamp(end)
            return state!.builder.profile
        }
        return ProfileRun(outcome: outcome, profile: profile)
    }

    /// The profile of what has been sampled so far; any thread, during or after the run.
    public func snapshot() -> Profile? {
        collectorSlot.withLock { $0 }?.drainNow()
        return assembly.withLock { state -> Profile? in
            guard state != nil else { return nil }
            absorbNewSamples(into: &state!)
            return state!.builder.profile
        }
    }

    /// Symbolizes the samples the collector got since the last call.
    private func absorbNewSamples(into state: inout Assembly) {
        guard let collector = collectorSlot.withLock({ $0 }) else { return }
        let (samples, next) = collector.samples(from: state.consumed)
        state.consumed = next
        for sample in samples {
            let frames = symbolication.frames(of: sample).map { resolved in
                let function = state.builder.intern(resolved.function)
                let wasmFunction = resolved.wasmFunction.map { state.builder.intern($0) }
                return state.builder.intern(
                    ProfileFrame(
                        function: function, address: resolved.address, moduleOffset: resolved.moduleOffset,
                        source: resolved.source, inlineDepth: resolved.inlineDepth, wasmFunction: wasmFunction))
            }
            state.builder.appendSample(
                framesInnermostFirst: frames, timestamp: sample.timestamp, weight: sample.weight, kind: sample.kind)
        }
        state.builder.setDroppedSampleCount(sampler.droppedCount)
    }
}
