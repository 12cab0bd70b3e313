// `wasmscope-bench debug`: what the debugger engine costs.
//
//   wasmscope-bench debug [MODULE.wasm] [--hits N] [--steps N] [--runs N] [ARGS...]
//
// Three figures:
// - a breakpoint hit, end to end: the guest hits an int3, the controller
//   sees the stop (futex wake), resumes, the guest steps off the int3 and
//   runs to the next hit; a loop calling a small function N times (default
//   20,000) with a breakpoint at its first op, minus the same loop's time
//   without the breakpoint, divided by N;
// - a single step: N (default 20,000) `resumeSingleStep` + `waitForStop`
//   round trips through a loop's machine code;
// - a whole program with no breakpoints, Demos/build/hotspots.wasm (built by
//   `make -C Demos`) unless a module is given: `Program.start()` with the
//   `run` options, `Program.start()` with the debugging options, and under
//   `GuestExecution` (debugging options, its own thread), alternating the
//   order per run. Medians of N runs (default 3); the overhead that matters
//   is GuestExecution over the debugging build's direct run.
import Debugger
import Foundation
import ProgramRunner
import WasmJIT
import WasmRuntime

enum DebuggerBenchmark {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func run(arguments: [String]) throws {
        var modulePath = "Demos/build/hotspots.wasm"
        var hits = 20_000
        var steps = 20_000
        var runs = 3
        var programArguments: [String] = []
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--hits": hits = max(1, Int(iterator.next() ?? "") ?? hits)
            case "--steps": steps = max(1, Int(iterator.next() ?? "") ?? steps)
            case "--runs": runs = max(1, Int(iterator.next() ?? "") ?? runs)
            default:
                if argument.hasSuffix(".wasm") || argument.hasSuffix(".wat") {
                    modulePath = argument
                } else {
                    programArguments.append(argument)
                }
            }
        }
        let engine = Engine()
        try measureBreakpointHits(hits, engine: engine)
        try measureSingleSteps(steps, engine: engine)
        guard FileManager.default.fileExists(atPath: modulePath) else {
            throw Failure(description: "\(modulePath) does not exist: run `make -C Demos` (or give a module)")
        }
        try measureProgram(modulePath, arguments: programArguments, runs: runs, engine: engine)
    }

    // MARK: - Breakpoints and steps

    /// `main(n)` calls `tick` n times; `tick` is where the breakpoint goes.
    private static let loop = """
        (module
          (func $tick (param $value i64) (result i64)
            (i64.add (local.get $value) (i64.const 3)))
          (func (export "main") (param $count i64) (result i64)
            (local $i i64)
            (local $sum i64)
            (block $done
              (loop $again
                (br_if $done (i64.ge_u (local.get $i) (local.get $count)))
                (local.set $sum (call $tick (local.get $sum)))
                (local.set $i (i64.add (local.get $i) (i64.const 1)))
                (br $again)))
            (local.get $sum)))
        """

    private static func loopProgram(engine: Engine) throws -> Program {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("debug-bench-\(getpid()).wat").path
        try loop.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try Program(specification: ProgramSpecification(modulePath: path), engine: engine, options: .debugging)
    }

    private static func invokeMain(_ count: Int) -> @Sendable (Program) -> ProgramOutcome {
        { program in (try? program.invoke("main", arguments: ["\(count)"])) ?? .exited(status: 1) }
    }

    private static func measureBreakpointHits(_ hits: Int, engine: Engine) throws {
        // Without the breakpoint: the loop's own time, subtracted below.
        let plain = try loopProgram(engine: engine)
        let plainStart = now()
        _ = try plain.invoke("main", arguments: ["\(hits)"])
        let plainSeconds = Double(now() - plainStart) / 1e9

        let program = try loopProgram(engine: engine)
        let execution = GuestExecution(program: program)
        guard let tick = program.module.compiledModule.functions.first(where: { $0.functionIndex == 0 }) else {
            throw Failure(description: "no tick function")
        }
        let address = program.module.codeBaseAddress + UInt(tick.bodyStartOffset)
        execution.insertBreakpoint(at: address)
        let start = now()
        execution.start(invokeMain(hits))
        var seen = 0
        while true {
            guard let stop = execution.waitForStop(timeout: .seconds(60)) else {
                throw Failure(description: "no stop within a minute after \(seen) hits")
            }
            if case .finished = stop { break }
            seen += 1
            execution.resume()
        }
        let seconds = Double(now() - start) / 1e9
        guard seen == hits else { throw Failure(description: "\(seen) hits, expected \(hits)") }
        print(
            String(
                format: "breakpoint hit: %.2f µs per hit, hit → stop seen → resume → next hit (%d hits in %.3f s; loop alone %.4f s)",
                (seconds - plainSeconds) / Double(hits) * 1e6, hits, seconds, plainSeconds))
    }

    private static func measureSingleSteps(_ steps: Int, engine: Engine) throws {
        let program = try loopProgram(engine: engine)
        let execution = GuestExecution(program: program)
        guard let main = program.module.compiledModule.functions.first(where: { $0.functionIndex == 1 }) else {
            throw Failure(description: "no main function")
        }
        let address = program.module.codeBaseAddress + UInt(main.bodyStartOffset)
        execution.insertBreakpoint(at: address)
        execution.start(invokeMain(Int(Int32.max)))
        guard case .breakpoint = execution.waitForStop(timeout: .seconds(60)) else {
            throw Failure(description: "the benchmark loop did not stop at its breakpoint")
        }
        let start = now()
        for step in 0..<steps {
            execution.resumeSingleStep()
            guard case .singleStep = execution.waitForStop(timeout: .seconds(60)) else {
                throw Failure(description: "step \(step) did not end in a single-step stop")
            }
        }
        let seconds = Double(now() - start) / 1e9
        execution.terminate()
        print(
            String(
                format: "single step: %.2f µs per step, resume → one instruction → stop seen (%d steps in %.3f s)",
                seconds / Double(steps) * 1e6, steps, seconds))
    }

    // MARK: - A whole program

    private static func measureProgram(_ modulePath: String, arguments: [String], runs: Int, engine: Engine) throws {
        let devNull = open("/dev/null", O_WRONLY | O_CLOEXEC)
        defer { close(devNull) }
        let specification = ProgramSpecification(
            modulePath: modulePath, arguments: arguments, standardOutput: devNull, standardError: devNull)
        let command = ([modulePath] + arguments).joined(separator: " ")
        print("no breakpoints: \(command), \(runs) runs each")

        enum Variant: CaseIterable { case run, debugBuild, guestExecution }
        var times: [Variant: [Double]] = [:]
        for index in 0..<runs {
            // Rotate the order, so a drift in machine load is shared.
            let variants = Variant.allCases
            for offset in 0..<variants.count {
                let variant = variants[(index + offset) % variants.count]
                let program = try Program(
                    specification: specification, engine: engine,
                    options: variant == .run ? Compiler.Options() : .debugging)
                let start = now()
                let outcome: ProgramOutcome
                switch variant {
                case .run, .debugBuild:
                    outcome = program.start()
                case .guestExecution:
                    let execution = GuestExecution(program: program)
                    execution.start()
                    guard case .finished(let finished) = execution.waitForStop(timeout: .seconds(600)) else {
                        throw Failure(description: "\(command) stopped under GuestExecution with no breakpoints")
                    }
                    outcome = finished
                }
                times[variant, default: []].append(Double(now() - start) / 1e9)
                guard outcome.processExitStatus == 0 else {
                    throw Failure(description: "\(command) exited with status \(outcome.processExitStatus)")
                }
            }
        }
        let run = median(times[.run]!)
        let debugBuild = median(times[.debugBuild]!)
        let underExecution = median(times[.guestExecution]!)
        print(String(format: "  Program.start(), run options:        %.3f s (best %.3f)", run, times[.run]!.min()!))
        print(
            String(
                format: "  Program.start(), debugging options:  %.3f s (best %.3f), %+.1f%% over run options",
                debugBuild, times[.debugBuild]!.min()!, (debugBuild - run) / run * 100))
        print(
            String(
                format: "  GuestExecution, debugging options:   %.3f s (best %.3f), %+.1f%% over the debugging build, %+.1f%% over run options",
                underExecution, times[.guestExecution]!.min()!, (underExecution - debugBuild) / debugBuild * 100,
                (underExecution - run) / run * 100))
    }

    private static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
