/// `wasmscope debug`: the debugger. `--batch` runs the `-x` files' and `-ex`
/// commands and exits with the program's status; on a terminal (or with
/// `--tui`) the full-screen debugger; otherwise a REPL (with line editing when
/// stdin is a terminal). The program's WASI setup takes `run`'s flags.
import ArgumentParser
import DebugCommands
import Debugger
import Foundation
import Glibc
import ProgramRunner
import TUI
import WASIPreview1
import WasmRuntime

public struct Debug: ParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Debug a WebAssembly program with gdb's commands.",
        discussion: """
            Breakpoints by FILE:LINE, function, *MODULE-OFFSET or machine address; step by source line \
            (step/next), wasm op (stepw/nextw) or machine instruction (stepi/nexti); print C expressions \
            with their DWARF types; examine linear memory with x. `help` inside lists every command.
            """
    )

    @Flag(name: .long, help: "Run the commands, print their output and exit with the program's status.")
    public var batch = false

    @Option(name: .customLong("ex", withSingleDash: true), help: ArgumentHelp("Execute a command (repeatable).", valueName: "COMMAND"))
    public var commands: [String] = []

    @Option(name: .customShort("x"), help: ArgumentHelp("Execute the commands in a file.", valueName: "FILE"))
    public var commandFiles: [String] = []

    @Flag(name: .long, help: "Use the full-screen terminal interface (the default when stdin and stdout are terminals).")
    public var tui = false

    @OptionGroup public var wasi: WASIOptions

    @Argument(help: "A .wasm or .wat file.")
    public var module: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the program.")
    public var arguments: [String] = []

    public init() {}

    public func run() throws {
        throw ExitCode(execute(standardOutput: 1, standardError: 2))
    }

    /// Runs the debugger with its own output on `standardOutput`; tests call this in-process.
    public func execute(standardOutput: Int32, standardError: Int32) -> Int32 {
        let output = FileDescriptorWriter(descriptor: standardOutput)
        let errors = FileDescriptorWriter(descriptor: standardError)
        let session: DebugSession
        var allCommands: [String]
        // Full screen needs a terminal to draw on; without one, the REPL.
        let terminalOutput = isatty(standardOutput) == 1
        let fullScreen = !batch && terminalOutput && (tui || isatty(0) == 1)
        var capture: OutputCapture?
        do {
            var specification = try wasi.specification(
                module: module, arguments: arguments, standardOutput: standardOutput, standardError: standardError)
            if fullScreen {
                // Before the Engine exists, so its fault handlers chain to these.
                Terminal.installRestoringSignalHandlers()
                // The program's output goes to the output pane, and it must not
                // read the keys the screen is waiting for.
                let pipe = try OutputCapture()
                capture = pipe
                specification.standardOutput = pipe.writeDescriptor
                specification.standardError = pipe.writeDescriptor
                specification.standardInput = open("/dev/null", O_RDONLY | O_CLOEXEC)
            }
            session = try DebugSession(specification: specification, engine: Engine())
            allCommands = try commandFiles.flatMap { path throws(ProgramError) in try Self.commands(inFile: path) }
        } catch {
            errors.write("wasmscope: \(error)\n")
            return 1
        }
        allCommands += commands
        let frontEnd = DebuggerFrontEnd(session: session, write: output.write)
        if batch { return frontEnd.runBatch(allCommands) }
        if fullScreen {
            let application = TUIApplication(session: session, capture: capture, initialCommands: allCommands)
            if let status = application.run() { return status }
            let terminalType = ProcessInfo.processInfo.environment["TERM"] ?? ""
            errors.write("wasmscope: cannot use this terminal (TERM=\(terminalType)) full screen; using the command line.\n")
            session.specification.standardInput = 0
            session.specification.standardOutput = standardOutput
            session.specification.standardError = standardError
        }
        if tui && !terminalOutput { errors.write("wasmscope: standard output is not a terminal; using the command line.\n") }
        let editor = isatty(0) == 1 && isatty(standardOutput) == 1 ? LineEditor(input: 0, output: standardOutput) : nil
        return frontEnd.runInteractive(initialCommands: allCommands, editor: editor)
    }

    static func commands(inFile path: String) throws(ProgramError) -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ProgramError("cannot read command file \(path)")
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter {
            !$0.trimmingCharacters(in: .whitespaces).isEmpty
        }
    }
}
