/// `wasmscope run`: runs a WASI program as `wasmtime run` does, with the
/// same flags. The guest's exit status becomes ours; a trap prints its
/// reason and a source-level backtrace on stderr and exits with 134.
import ArgumentParser
import Foundation
import ProgramRunner
import WASIPreview1
import WasmRuntime

public struct Run: ParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Run a WebAssembly program (WASI preview1), as wasmtime run does.",
        discussion: """
            Everything after the module goes to the program as its arguments. \
            The program sees files only inside the directories given with --dir.
            """
    )

    @OptionGroup public var program: ProgramOptions

    public init() {}

    public func run() throws {
        let status = execute(standardOutput: 1, standardError: 2)
        throw ExitCode(status)
    }

    /// Runs the program with its stdout and stderr on the given host fds and
    /// returns the process exit status; tests call this in-process.
    public func execute(standardOutput: Int32, standardError: Int32) -> Int32 {
        let diagnostics = FileDescriptorWriter(descriptor: standardError)
        do {
            let specification = try program.specification(standardOutput: standardOutput, standardError: standardError)
            let running = try Program(specification: specification, engine: Engine())
            let outcome = try program.invoke.map { name throws(ProgramError) in
                try running.invoke(name, arguments: program.arguments)
            } ?? running.start()
            ProgramOptions.report(outcome, of: running, standardOutput: standardOutput, diagnostics: diagnostics)
            return outcome.processExitStatus
        } catch {
            diagnostics.write("wasmscope: \(error)\n")
            return 1
        }
    }
}
