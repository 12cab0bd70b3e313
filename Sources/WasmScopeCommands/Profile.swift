/// `wasmscope profile`: runs a WASI program under the sampling profiler and
/// reports where the time went. The program's own stdout and stderr pass
/// through; the report follows on stdout (or goes to -o FILE) once the
/// program has ended. The exit status is the program's, 134 after a trap
/// (whose report is printed first, as `run` prints it).
import ArgumentParser
import Foundation
import ProgramRunner
import Profiler
import Symbolication

extension ReportFormat: ExpressibleByArgument {}
extension SamplingClock: ExpressibleByArgument {}

public struct Profile: ParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Run a WebAssembly program under the sampling profiler and report where its time goes.",
        discussion: """
            Formats: top (functions, the default), annotate (lines, wasm ops and machine \
            instructions of the hottest functions), tree (call tree), folded (collapsed stacks \
            for flame graph tools), svg (an interactive flame graph), firefox (Firefox Profiler), \
            speedscope, counts (only the call counts). With --count the JIT also counts every \
            call exactly (one increment per call), and top and annotate end with a table of \
            call counts, labeled as counted rather than sampled. With --perfmap, \
            /tmp/perf-PID.map and /tmp/jit-PID.dump let `perf record -k mono` on wasmscope \
            resolve the JIT's frames.
            """
    )

    @Option(name: .customLong("frequency"), help: ArgumentHelp("Samples per second.", valueName: "HZ"))
    public var frequency: Int = 999

    @Option(name: .customLong("clock"), help: "What the sampling timer counts: the program's CPU time (cpu) or elapsed time (wall).")
    public var clock: SamplingClock = .cpu

    @Option(name: .customLong("format"), help: "The report: top, annotate, tree, folded, svg, firefox, speedscope or counts.")
    public var format: ReportFormat = .top

    @Option(name: .short, help: ArgumentHelp("Write the report to FILE instead of stdout.", valueName: "FILE"))
    public var output: String?

    @Option(name: .customLong("limit"), help: ArgumentHelp("Functions shown by top, and annotated by annotate.", valueName: "N"))
    public var limit: Int?

    @Flag(name: .customLong("count"), help: "Count every function's calls exactly (JIT instrumentation) and report them.")
    public var countCalls = false

    @Flag(name: .customLong("perfmap"), help: "Write /tmp/perf-PID.map and /tmp/jit-PID.dump for Linux perf.")
    public var perfMap = false

    @Flag(name: .customLong("tui"), help: "Show a live, full-screen profile while the program runs (needs a terminal).")
    public var tui = false

    @OptionGroup public var program: ProgramOptions

    public init() {}

    public func run() throws {
        let status = execute(standardOutput: 1, standardError: 2)
        throw ExitCode(status)
    }

    /// Profiles the program with its stdout and stderr on the given host fds
    /// and returns the process exit status; tests call this in-process.
    public func execute(standardOutput: Int32, standardError: Int32) -> Int32 {
        let diagnostics = FileDescriptorWriter(descriptor: standardError)
        guard frequency > 0 && frequency <= 100_000 else {
            diagnostics.write("wasmscope: --frequency must be between 1 and 100000\n")
            return 1
        }
        if tui { return executeLive(standardOutput: standardOutput, standardError: standardError) }
        do {
            let specification = try program.specification(standardOutput: standardOutput, standardError: standardError)
            let options = ProfileOptions(
                frequency: frequency, clock: clock, writePerfMap: perfMap, countsCalls: countCalls || format == .counts)
            let session = try ProfileSession(specification: specification, options: options)
            let run = try session.run(invoke: program.invoke, arguments: program.invokeArguments)
            ProgramOptions.report(run.outcome, of: session.program, standardOutput: standardOutput, diagnostics: diagnostics)
            let report = format.render(run.profile, symbolication: session.symbolication, limit: limit, callCounts: run.callCounts)
            if let output {
                guard write(report, toFile: output, diagnostics: diagnostics) else { return 1 }
            } else {
                FileDescriptorWriter(descriptor: standardOutput).write(report)
            }
            if perfMap, let dump = session.jitDump {
                diagnostics.write("wasmscope: wrote \(PerfMap.defaultPath()) and \(dump.path)\n")
            }
            return run.outcome.processExitStatus
        } catch {
            diagnostics.write("wasmscope: \(error)\n")
            return 1
        }
    }

    /// `-o FILE`; false (and the reason on `diagnostics`) when it cannot be written.
    func write(_ report: String, toFile path: String, diagnostics: FileDescriptorWriter) -> Bool {
        do {
            try report.write(toFile: path, atomically: true, encoding: .utf8)
            return true
        } catch {
            diagnostics.write("wasmscope: cannot write \(path): \(error.localizedDescription)\n")
            return false
        }
    }
}
