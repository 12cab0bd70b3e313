/// A profiled run of a program: starts the sampler on the calling thread
/// (which becomes the guest thread), runs the program, stops, and turns the
/// samples into a `Profile`. While the run goes on, any other thread may ask
/// for a `snapshot()` of what has been sampled so far (a live view).
import Foundation
import Glibc
import ProgramRunner
import Synchronization
import WasmJIT
import WasmRuntime

public struct ProfileOptions: Sendable {
    public var frequency: Int
    public var clock: SamplingClock
    /// Write /tmp/perf-PID.map and /tmp/jit-PID.dump before the run, for Linux perf.
    public var writePerfMap: Bool
    /// Ring buffer size in 8-byte words.
    public var bufferWords: Int
    /// Compile with the JIT's call counters, for exact call counts beside the
    /// samples (`ProfileRun.callCounts`). Used when the session loads the program.
    public var countsCalls: Bool

    public init(
        frequency: Int = 999, clock: SamplingClock = .cpu, writePerfMap: Bool = false, bufferWords: Int = 1 << 20,
        countsCalls: Bool = false
    ) {
        self.frequency = frequency
        self.clock = clock
        self.writePerfMap = writePerfMap
        self.bufferWords = bufferWords
        self.countsCalls = countsCalls
    }
}

extension Sampler {
    /// A sampler at `options`' rate, clock and buffer size that attributes
    /// samples taken in host calls of `program`'s instances (preloads too)
    /// to the import called.
    static func make(for program: Program, options: ProfileOptions) throws(ProfileError) -> Sampler {
        do {
            let sampler = try Sampler(frequency: options.frequency, clock: options.clock, capacityWords: options.bufferWords)
            for instance in program.instances { try sampler.addVMContext(instance.vmContextAddress) }
            return sampler
        } catch {
            throw ProfileError(error.description)
        }
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
    /// Exact counts read after the run; nil unless the program was compiled to count calls.
    public var callCounts: CallCounts? = nil
}

public final class ProfileSession: @unchecked Sendable {
    // Unchecked Sendable: `program` and `sampler.start/stop` are used only by
    // `run`, on the thread that calls it; what other threads reach
    // (`snapshot`) goes through the `assembly` mutex and the assembly and
    // symbolication it reaches, all thread-safe.

    public let program: Program
    public let options: ProfileOptions
    /// Maps addresses to functions, ops and lines; reports that look at code use it too.
    public let symbolication: ProfileSymbolication
    private let sampler: Sampler
    /// Set when the run starts.
    private let assembly = Mutex<ProfileAssembly?>(nil)
    /// The jitdump file stays mapped as long as the session lives (perf reads the mapping).
    public private(set) var jitDump: JitDump?

    public init(program: Program, options: ProfileOptions = ProfileOptions()) throws(ProfileError) {
        self.program = program
        self.options = options
        symbolication = ProfileSymbolication(engine: program.engine, modules: program.modules)
        sampler = try Sampler.make(for: program, options: options)
    }

    /// Loads the program in a new engine and makes a session for it.
    public convenience init(specification: ProgramSpecification, options: ProfileOptions = ProfileOptions()) throws(ProfileError) {
        let program: Program
        do {
            program = try Program(
                specification: specification, engine: Engine(), options: Compiler.Options(countsCalls: options.countsCalls))
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
        let assembly = ProfileAssembly(metadata: metadata, sampler: sampler, symbolication: symbolication)
        self.assembly.withLock { $0 = assembly }

        do {
            try sampler.start()
        } catch {
            assembly.abandon()
            throw ProfileError(error.description)
        }
        let outcome: ProgramOutcome
        do {
            outcome = try invoke.map { name throws(ProgramError) in try program.invoke(name, arguments: arguments) }
                ?? program.start()
        } catch {
            sampler.stop()
            assembly.abandon()
            throw ProfileError(error.description)
        }
        sampler.stop()
        let profile = assembly.finish(endTimestamp: monotonicNanoseconds())
        return ProfileRun(outcome: outcome, profile: profile, callCounts: readCallCounts(isFinal: true))
    }

    /// The profile of what has been sampled so far; any thread, during or after the run.
    public func snapshot() -> Profile? {
        assembly.withLock { $0 }?.profile()
    }
}
