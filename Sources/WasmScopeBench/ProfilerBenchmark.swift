// `wasmscope-bench profile`: what sampling costs a running program.
//
//   wasmscope-bench profile [MODULE.wasm] [--runs N] [--frequency HZ] [--clock cpu|wall|both] [ARGS...]
//
// Runs the CPU-heavy demo (Demos/build/hotspots.wasm, built by
// `make -C Demos`; its default 10 rounds) N times plain and N times under
// the profiler, alternating plain and profiled (and which of the two goes
// first) so a change in machine load hits both alike. The plain time is
// `_start` from call to return; the profiled time is the same call between
// starting and stopping the sampler, which is what the program feels.
// A third variant profiles with exact call counting on (`profile --count`:
// the JIT increments a counter in every prologue), timed the same way.
// Symbolizing the samples afterwards is printed on its own line. Figures are
// the median and the best of N; overhead is median over median.
import Foundation
import Profiler
import ProgramRunner
import WasmJIT
import WasmRuntime

enum ProfilerBenchmark {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func run(arguments: [String]) throws {
        var modulePath = "Demos/build/hotspots.wasm"
        var runs = 5
        var frequency = 999
        var clocks: [SamplingClock] = [.cpu, .wall]
        var programArguments: [String] = []
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--runs": runs = max(1, Int(iterator.next() ?? "") ?? runs)
            case "--frequency": frequency = Int(iterator.next() ?? "") ?? frequency
            case "--clock":
                let value = iterator.next() ?? "both"
                clocks = value == "both" ? [.cpu, .wall] : [SamplingClock(rawValue: value)].compactMap { $0 }
            default:
                if argument.hasSuffix(".wasm") || argument.hasSuffix(".wat") {
                    modulePath = argument
                } else {
                    programArguments.append(argument)
                }
            }
        }
        guard FileManager.default.fileExists(atPath: modulePath) else {
            throw Failure(description: "\(modulePath) does not exist: run `make -C Demos` (or give a module)")
        }
        let devNull = open("/dev/null", O_WRONLY | O_CLOEXEC)
        defer { close(devNull) }
        let specification = ProgramSpecification(
            modulePath: modulePath, arguments: programArguments, standardOutput: devNull, standardError: devNull)
        let engine = Engine()
        let command = ([modulePath] + programArguments).joined(separator: " ")
        print("profiler overhead: \(command), \(runs) runs each, \(frequency) Hz")

        for clock in clocks {
            var plain: [Double] = []
            var profiled: [Double] = []
            var counted: [Double] = []
            var symbolizing: [Double] = []
            var samples: [Int] = []
            for index in 0..<runs {
                // Rotate which goes first, so a drift in load is shared.
                let variants = [Variant.plain, .profiled, .counted]
                for position in 0..<variants.count {
                    let variant = variants[(position + index) % variants.count]
                    if variant != .plain {
                        let counting = variant == .counted
                        let program = try Program(
                            specification: specification, engine: engine, options: Compiler.Options(countsCalls: counting))
                        let session = try ProfileSession(
                            program: program, options: ProfileOptions(frequency: frequency, clock: clock, countsCalls: counting))
                        let start = monotonicNanoseconds()
                        let run = try session.run()
                        let total = Double(monotonicNanoseconds() - start) / 1e9
                        let sampled = run.profile.metadata.durationSeconds()
                        if counting {
                            counted.append(sampled)
                            continue
                        }
                        profiled.append(sampled)
                        symbolizing.append(total - sampled)
                        samples.append(run.profile.samples.count)
                    } else {
                        let program = try Program(specification: specification, engine: engine)
                        let start = monotonicNanoseconds()
                        let outcome = program.start()
                        plain.append(Double(monotonicNanoseconds() - start) / 1e9)
                        guard outcome.processExitStatus == 0 else {
                            throw Failure(description: "\(command) exited with status \(outcome.processExitStatus)")
                        }
                    }
                }
            }
            let plainMedian = median(plain)
            let profiledMedian = median(profiled)
            let overhead = (profiledMedian - plainMedian) / plainMedian * 100
            print(
                String(
                    format: "%@ clock: run %.3f s (best %.3f), profiled %.3f s (best %.3f), overhead %+.1f%% (best vs best %+.1f%%)",
                    clock.rawValue, plainMedian, plain.min()!, profiledMedian, profiled.min()!, overhead,
                    (profiled.min()! - plain.min()!) / plain.min()! * 100))
            print(
                String(
                    format: "%@ clock: profiled with --count %.3f s (best %.3f), overhead %+.1f%% over run, %+.1f%% over profiled",
                    clock.rawValue, median(counted), counted.min()!, (median(counted) - plainMedian) / plainMedian * 100,
                    (median(counted) - profiledMedian) / profiledMedian * 100))
            print(
                String(
                    format: "%@ clock: %.0f signals a second of run; symbolizing them afterwards %.3f s",
                    clock.rawValue, Double(median(samples.map(Double.init))) / profiledMedian, median(symbolizing)))
        }
    }

    private enum Variant { case plain, profiled, counted }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
