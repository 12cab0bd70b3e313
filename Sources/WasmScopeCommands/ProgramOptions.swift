/// What `run` and `profile` both take to start a program: the sandbox
/// (`--dir`, `--env`), `--invoke`, `--preload`, the module and everything
/// after it. `debug` takes the sandbox only: it has no --invoke.
import ArgumentParser
import ProgramRunner
import Symbolication

public struct ProgramOptions: ParsableArguments {
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

    func specification(standardOutput: Int32, standardError: Int32) throws(ProgramError) -> ProgramSpecification {
        try wasi.specification(
            module: module, arguments: arguments, preloads: preloads, standardOutput: standardOutput,
            standardError: standardError)
    }

    /// The invoked export's parameters; with `_start` the arguments are argv instead.
    var invokeArguments: [String] { invoke == nil ? [] : arguments }

    /// After the program ended, as `run` reports it: a trap's report on
    /// `diagnostics`, an invoked export's results on `standardOutput`.
    static func report(
        _ outcome: ProgramOutcome, of program: Program, standardOutput: Int32, diagnostics: FileDescriptorWriter
    ) {
        switch outcome {
        case .trapped(let trap):
            diagnostics.write(TrapReport(trap: trap, symbolizers: Symbolizers(modules: program.modules)).text)
        case .returned:
            FileDescriptorWriter(descriptor: standardOutput).write(outcome.resultLines.map { $0 + "\n" }.joined())
        case .exited:
            break
        }
    }
}
