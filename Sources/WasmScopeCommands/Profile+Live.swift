/// `wasmscope profile --tui`: the live profile view instead of a report at
/// the end. The program's stdout and stderr go to the view's output pane
/// (a pipe) and its stdin is /dev/null, so neither disturbs the screen.
/// After the view closes: a trap's report on stderr, as without --tui, and
/// the report in --format when -o asks for a file.
import Foundation
import Glibc
import ProgramRunner
import Profiler
import Symbolication
import TUI

extension Profile {
    func executeLive(standardOutput: Int32, standardError: Int32) -> Int32 {
        let diagnostics = FileDescriptorWriter(descriptor: standardError)
        guard isatty(standardOutput) == 1 else {
            diagnostics.write("wasmscope: --tui needs a terminal on standard output; leave it out for a report\n")
            return 1
        }
        let session: ProfileSession
        let capture: OutputCapture
        do {
            // Before the Engine exists, so its fault handlers chain to these.
            Terminal.installRestoringSignalHandlers()
            capture = try OutputCapture()
            var specification = try program.specification(
                standardOutput: capture.writeDescriptor, standardError: capture.writeDescriptor)
            specification.standardInput = open("/dev/null", O_RDONLY | O_CLOEXEC)
            let options = ProfileOptions(
                frequency: frequency, clock: clock, writePerfMap: perfMap, countsCalls: countCalls || format == .counts)
            session = try ProfileSession(specification: specification, options: options)
        } catch {
            diagnostics.write("wasmscope: \(error)\n")
            return 1
        }
        let application = ProfileApplication(
            session: session, capture: capture, invoke: program.invoke, arguments: program.invokeArguments)
        guard let ending = application.run() else {
            let terminalType = ProcessInfo.processInfo.environment["TERM"] ?? ""
            diagnostics.write("wasmscope: cannot use this terminal (TERM=\(terminalType)) full screen; leave out --tui for a report\n")
            return 1
        }
        if let error = ending.error {
            diagnostics.write("wasmscope: \(error)\n")
            return 1
        }
        guard let run = ending.run else {
            // The guest did not stop in time (blocked in a host call): the process ends it.
            diagnostics.write("wasmscope: stopped the program\n")
            return 130
        }
        if ending.stoppedByUser {
            diagnostics.write("wasmscope: stopped the program\n")
        } else if case .trapped(let trap) = run.outcome {
            diagnostics.write(TrapReport(trap: trap, symbolizers: Symbolizers(modules: session.program.modules)).text)
        }
        if let output {
            let report = format.render(run.profile, symbolication: session.symbolication, limit: limit, callCounts: run.callCounts)
            guard write(report, toFile: output, diagnostics: diagnostics) else { return 1 }
        }
        return ending.stoppedByUser ? 130 : run.outcome.processExitStatus
    }
}
