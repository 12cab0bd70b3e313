/// `wasmscope run`: runs a WASI program as `wasmtime run` does, with the
/// same flags. The guest's exit status becomes ours; a trap prints its
/// reason and a source-level backtrace on stderr and exits with 134.
import ArgumentParser
import Foundation
import ProgramRunner
import Symbolication
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

    @OptionGroup public var wasi: WASIOptions

    @Option(name: .customLong("invoke"), help: ArgumentHelp("Call this export instead of _start; the arguments are its parameters.", valueName: "FUNC"))
    public var invoke: String?

    @Option(name: .customLong("preload"), help: ArgumentHelp("Instantiate another module first and link its exports under NAME.", valueName: "NAME=PATH"))
    public var preloads: [String] = []

    @Argument(help: "A .wasm or .wat file.")
    public var module: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the program (or for --invoke's function).")
    public var arguments: [String] = []

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
            let specification = try wasi.specification(
                module: module, arguments: arguments, preloads: preloads, standardOutput: standardOutput,
                standardError: standardError)
            let program = try Program(specification: specification, engine: Engine())
            let outcome = try invoke.map { name throws(ProgramError) in try program.invoke(name, arguments: arguments) }
                ?? program.start()
            switch outcome {
            case .trapped(let trap):
                diagnostics.write(TrapReport(trap: trap, symbolizers: Symbolizers(modules: program.modules)).text)
            case .returned:
                FileDescriptorWriter(descriptor: standardOutput).write(outcome.resultLines.map { $0 + "\n" }.joined())
            case .exited:
                break
            }
            return outcome.processExitStatus
        } catch {
            diagnostics.write("wasmscope: \(error)\n")
            return 1
        }
    }

    static func preload(_ text: String) throws(ProgramError) -> ProgramSpecification.Preload {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex, text.index(after: equals) != text.endIndex
        else { throw ProgramError("--preload \(text): expected NAME=PATH") }
        return .init(name: String(text[..<equals]), path: String(text[text.index(after: equals)...]))
    }
}
