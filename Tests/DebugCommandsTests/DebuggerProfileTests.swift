/// The `profile` command: sampling the debugged program's guest thread from
/// the controller, with breakpoints, steps and stops going on as usual.
import Debugger
import Foundation
import Profiler
import TestSupport
import Testing

@Suite(.serialized)
struct DebuggerProfileTests {
    @Test func profilingArmedBeforeRunReportsTheHotFunctions() throws {
        let script = try ScriptedSession(demo: "hotspots", arguments: ["1"])
        let on = script.run("profile start")
        #expect(on.contains("Profiling on (999 Hz, cpu clock): sampling starts when the program runs."), "\(on)")
        #expect(script.run("profile report").contains("No samples yet"))
        #expect(script.run("run").contains("exited normally"))
        let report = script.run("profile report 5")
        #expect(report.contains("hotspots.wasm 1: "), "\(report)")
        for hot in ["count_primes", "multiply", "fnv1a"] {
            #expect(report.contains(hot), "\(hot) in \(report)")
        }
        let profiler = try #require(script.interpreter.profiling.profiler)
        let profile = try #require(profiler.snapshot())
        #expect(profile.totalWeight > 20)
        #expect(profile.weight(of: .jit) > profile.totalWeight / 2)
        #expect(profiler.phase == .stopped, "sampling ends with the guest thread")
        #expect(script.run("info profile").contains("Profiling is on (999 Hz, cpu clock), waiting for the program to run."))
        let off = script.run("profile stop")
        #expect(off.contains("Profiling off; "), "\(off)")
        #expect(script.run("profile").contains("count_primes"), "the last run's profile stays")
    }

    @Test func timeStoppedAtABreakpointIsNotRunTime() throws {
        let script = try ScriptedSession(demo: "hotspots", arguments: ["1"])
        script.run("profile start")
        script.run("break fnv1a")
        #expect(script.run("run").contains("Breakpoint 1, fnv1a ("))
        Thread.sleep(forTimeInterval: 0.4)
        script.run("delete")
        #expect(script.run("continue").contains("exited normally"))
        let profile = try #require(script.interpreter.profiling.profiler?.snapshot())
        let metadata = profile.metadata
        #expect(metadata.pausedNanoseconds >= 400_000_000)
        #expect(metadata.runningSeconds() <= metadata.durationSeconds() - 0.4)
        let header = script.run("profile report").split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.contains(" s running, ") && header.hasSuffix(" s stopped"), "\(header)")
    }

    @Test func breakpointsAndStepsWorkWhileSampling() throws {
        let reference = try stepOffsets(profiling: nil)
        let script = try ScriptedSession(demo: "hotspots", arguments: ["1"])
        // A fast wall clock, so that signals land during single steps: the
        // kernel clears the trap flag for the handler and restores it after.
        let stepped = try stepOffsets(profiling: "profile start --frequency 20000 --clock wall", script: script)
        #expect(stepped == reference, "the same instructions, one at a time")
        #expect(script.run("info profile").contains("paused while the program is stopped"))
        let soFar = script.run("profile report")
        #expect(soFar.contains("count_primes") && soFar.contains("multiply"), "\(soFar)")
        #expect(script.run("continue").contains("Breakpoint 1, fnv1a ("), "the breakpoint hits again")
        script.run("delete")
        #expect(script.run("continue").contains("exited normally"))
        #expect(script.run("profile report").contains("fnv1a"))
    }

    /// Stops at fnv1a, then single-steps: the module offset after each step.
    private func stepOffsets(profiling command: String?, script given: ScriptedSession? = nil) throws -> [String] {
        let script = try given ?? ScriptedSession(demo: "hotspots", arguments: ["1"])
        if let command { script.run(command) }
        script.run("break fnv1a")
        let stop = script.run("run")
        #expect(stop.contains("Breakpoint 1, fnv1a ("), "\(stop)")
        var offsets: [String] = []
        let signalsBefore = script.interpreter.profiling.profiler?.snapshot()?.samples.count ?? 0
        for _ in 0..<3 { script.run("nextw") }
        for _ in 0..<40 {
            // "0x7f… 0x643 in fnv1a (…)": the machine address differs per run, the module offset does not.
            let words = script.run("stepi").split(separator: " ")
            offsets.append(words.count > 1 ? String(words[1]) : "?")
        }
        #expect(script.run("bt 1").hasPrefix("#0  fnv1a"))
        if command != nil {
            // The timer keeps its phase across stops, so the short runs of
            // the steps add up to signals, some of them during a step.
            let signalsAfter = script.interpreter.profiling.profiler?.snapshot()?.samples.count ?? 0
            #expect(signalsAfter > signalsBefore, "signals while stepping: \(signalsBefore) → \(signalsAfter)")
        }
        return offsets
    }

    @Test func wallClockSamplingStartedAtAStopPausesWhileStopped() throws {
        let script = try ScriptedSession(demo: "hotspots", arguments: ["1"])
        script.run("break multiply")
        #expect(script.run("run").contains("Breakpoint 1, multiply ("))
        let on = script.run("profile start --clock=wall --frequency=2000")
        #expect(on.contains("sampling the program from here while it runs"), "\(on)")
        let profiler = try #require(script.interpreter.profiling.profiler)
        #expect(profiler.phase == .paused)
        Thread.sleep(forTimeInterval: 0.2)
        #expect(profiler.snapshot()?.samples.count == 0, "no samples of a stopped guest")
        script.run("next")
        script.run("delete")
        #expect(script.run("continue").contains("exited normally"))
        let report = script.run("profile report")
        #expect(report.contains("multiply") && report.contains("fnv1a"), "\(report)")
        #expect(!report.contains("count_primes"), "sampling began after the sieve: \(report)")
        script.run("profile clear")
        #expect(script.run("profile report").contains("No samples yet"))
    }

    @Test func badProfileCommandsSayWhy() throws {
        let script = try ScriptedSession(demo: "hotspots", arguments: ["1"])
        #expect(script.run("profile").contains("No profile.  \"profile start\" turns profiling on."))
        #expect(script.run("profile stop").contains("Profiling is not on."))
        #expect(script.run("profile start --frequency 0").contains("Invalid frequency \"0\""))
        #expect(script.run("profile start --frequency").contains("--frequency needs a value"))
        #expect(script.run("profile start --clock moon").contains("Invalid clock \"moon\": cpu or wall."))
        #expect(script.run("profile start --bogus").contains("Unknown profile option \"--bogus\""))
        #expect(script.run("profile report x").contains("Invalid count \"x\"."))
        #expect(script.run("profile launch").contains("Unknown profile command \"launch\""))
        #expect(script.run("info profile").contains("Profiling is off."))
        #expect(!script.interpreter.profiling.isOn, "no bad command turned it on")
        script.run("profile start")
        #expect(script.run("profile start").contains("Profiling is already on"))
        #expect(script.run("help profile").contains("profile -- profile start"))
        #expect(script.run("pr 1+1").contains("= 2"), "pr still means print")
    }
}
