/// A sampler started by one thread for another (the debugger's controller
/// for its guest thread): the timer follows the target thread's clock, its
/// signals reach only that thread, pausing holds them, and an
/// `AttachedProfiler` turns what it sampled into the usual profile.
import Foundation
import Profiler
import ProgramRunner
import Synchronization
import Testing
import WasmRuntime

@Suite struct CrossThreadSamplingTests {
    @Test func aProfilerStartedFromAnotherThreadSamplesTheThreadRunningTheProgram() throws {
        let specification = ProgramSpecification(
            modulePath: try Fixtures.splitProgram(), arguments: ["20000"], standardOutput: Fixtures.devNull,
            standardError: Fixtures.devNull)
        let program = try Program(specification: specification, engine: Engine())
        let profiler = try AttachedProfiler(program: program, options: ProfileOptions(clock: .cpu))
        #expect(profiler.snapshot() == nil, "nothing before start")

        // The CPU clock is the target's: this thread only waits, so every
        // sample comes from the guest thread's own running time.
        let box = UncheckedProgram(program: program)
        let guest = TargetThread { _ = box.program.start() }
        let target = guest.target
        try profiler.start(target: target)
        guest.go()
        guest.waitUntilDone()
        profiler.stop()

        let profile = try #require(profiler.snapshot())
        #expect(profile.metadata.threadID == target.kernelThreadID)
        #expect(profile.metadata.endTimestamp != nil)
        #expect(profile.samples.count > 20, "\(profile.samples.count) samples")
        #expect(profile.weight(of: .jit) > profile.totalWeight * 9 / 10)
        let top = TopReport(profile: profile, limit: 3).text
        #expect(top.contains("busy_major") && top.contains("busy_minor"), "\(top)")
        #expect(profiler.phase == .stopped)
    }

    @Test func theTimerRunsOnTheTargetsCPUTimeNotTheStarters() throws {
        let sampler = try Sampler(frequency: 999, clock: .cpu)
        // The target sleeps while this thread spins: no CPU time of its own, no samples.
        let sleeper = TargetThread { Thread.sleep(forTimeInterval: 0.25) }
        try sampler.start(target: sleeper.target)
        sleeper.go()
        spin(seconds: 0.15)
        sleeper.waitUntilDone()
        sampler.stop()
        #expect(sampler.recordedCount == 0)
    }

    @Test func pausedSamplingRecordsNothingUntilResumed() throws {
        let sampler = try Sampler(frequency: 999, clock: .wall)
        let sleeper = TargetThread { Thread.sleep(forTimeInterval: 0.5) }
        try sampler.start(target: sleeper.target)
        sleeper.go()
        Thread.sleep(forTimeInterval: 0.05)
        sampler.pause()
        let atPause = sampler.recordedCount
        #expect(atPause > 0, "the wall clock samples a sleeping thread")
        Thread.sleep(forTimeInterval: 0.1)
        #expect(sampler.recordedCount == atPause)
        sampler.resume()
        Thread.sleep(forTimeInterval: 0.05)
        sampler.stop()
        let atStop = sampler.recordedCount
        #expect(atStop > atPause)
        Thread.sleep(forTimeInterval: 0.05)
        #expect(sampler.recordedCount == atStop, "nothing after stop")
        sleeper.waitUntilDone()
        // A wall-clock sample of a sleeping thread is outside guest code.
        #expect(sampler.drain().allSatisfy { $0.kind == .outside })
    }

    @Test func startingTwiceOrForAThreadThatEndedFailsCleanly() throws {
        let sampler = try Sampler(frequency: 100, clock: .cpu)
        let done = TargetThread {}
        let target = done.target
        done.go()
        done.waitUntilDone()
        Thread.sleep(forTimeInterval: 0.05)
        // The thread is gone: its CPU clock cannot be had, or timer_create refuses it.
        #expect(throws: SamplerError.self) { try sampler.start(target: target) }

        let live = TargetThread { Thread.sleep(forTimeInterval: 0.05) }
        try sampler.start(target: live.target)
        #expect(throws: SamplerError.self) { try sampler.start(target: live.target) }
        live.go()
        live.waitUntilDone()
        sampler.stop()
    }

    private func spin(seconds: Double) {
        let end = Date().addingTimeInterval(seconds)
        var counter = 0
        while Date() < end { counter &+= 1 }
        _ = counter
    }
}

/// A thread that reports itself as a sampling target, waits for `go()`,
/// runs its body and ends.
private final class TargetThread: @unchecked Sendable {
    // Unchecked Sendable: `reported` is written before `ready` is signalled and read after.
    private var reported: SamplingTarget?
    private let ready = DispatchSemaphore(value: 0)
    private let started = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread { [self] in
            reported = SamplingTarget.currentThread()
            ready.signal()
            started.wait()
            body()
            finished.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        ready.wait()
    }

    var target: SamplingTarget { reported! }
    func go() { started.signal() }
    func waitUntilDone() { finished.wait() }
}

/// The program runs on the target thread while this one only starts and stops the profiler.
private struct UncheckedProgram: @unchecked Sendable {
    let program: Program
}
