/// `wasmscope inspect MODULE`: what a module holds, in the spirit of
/// `wasm-objdump -x`: imports, exports, functions with their names, types,
/// body offsets and op counts, custom sections, and whether it validates.
/// With `--disassemble FUNC`, the machine code the JIT makes for a function
/// as `run` compiles it (the debugger's `disassemble` shows the code compiled
/// for debugging, which has a stop at every op and keeps every local's slot current).
import ArgumentParser
import Debugger
import ProgramRunner
import Symbolication
import WasmCore
import WasmJIT
import WasmRuntime
import WasmValidator

public struct Inspect: ParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Show a module's imports, exports, functions and custom sections, and validate it.",
        discussion: """
            --disassemble FUNC (a name or a function index) shows the function's wasm ops, each \
            with the x86-64 code the JIT makes for it and its source line, instead of the summary.
            """
    )

    @Argument(help: "A .wasm or .wat file.")
    public var module: String

    @Option(name: .customLong("disassemble"), help: ArgumentHelp("Show the JIT's machine code for this function (name or index); repeatable.", valueName: "FUNC"))
    public var functions: [String] = []

    @Flag(name: .customLong("debugging"), help: "With --disassemble: compile as the debugger does (every op a stop position, locals' slots kept current).")
    public var debugging = false

    public init() {}

    public func run() throws {
        let bytes: [UInt8]
        do {
            bytes = try ModuleFile.load(module)
        } catch {
            throw ValidationError(error.description)
        }
        if !functions.isEmpty {
            try disassemble(bytes)
            return
        }
        let decoded: Module
        do {
            decoded = try Module(decoding: bytes)
        } catch {
            print("\(module): malformed: \(error)")
            throw ExitCode.failure
        }
        let report = ModuleReport(module: decoded, name: module)
        print(report.render())
        if !report.isValid { throw ExitCode.failure }
    }

    private func disassemble(_ bytes: [UInt8]) throws {
        let listing = Self.disassembly(of: functions, in: bytes, name: module, debugging: debugging)
        for line in listing.lines { print(line) }
        if !listing.succeeded { throw ExitCode.failure }
    }

    /// The listings of `functions` (names or indices) as the JIT compiles
    /// `bytes`, one after another, with an error line for each that cannot be shown.
    static func disassembly(
        of functions: [String], in bytes: [UInt8], name: String, debugging: Bool = false
    ) -> (lines: [String], succeeded: Bool) {
        let loaded: LoadedModule
        do {
            loaded = try LoadedModule(
                engine: Engine(), bytes: bytes, name: name, options: debugging ? .debugging : Compiler.Options())
        } catch {
            return (["wasmscope: \(name): \(error)"], false)
        }
        let symbolizer = Symbolizer(module: loaded, bytes: bytes)
        var lines: [String] = []
        var succeeded = true
        for (position, function) in functions.enumerated() {
            if position > 0 { lines.append("") }
            guard let index = functionIndex(named: function, in: loaded, symbolizer: symbolizer) else {
                lines.append("wasmscope: no function \"\(function)\" in \(name) (a name or an index)")
                succeeded = false
                continue
            }
            do {
                let listing = try FunctionDisassembly(module: loaded, functionIndex: index, debugInfo: symbolizer.debugInfo)
                lines += listing.render()
            } catch {
                lines.append("wasmscope: \(function): \(error)")
                succeeded = false
            }
        }
        return (lines, succeeded)
    }

    /// A function named `text` (demangled or not, or an export's name), or its index.
    static func functionIndex(named text: String, in module: LoadedModule, symbolizer: Symbolizer) -> UInt32? {
        let count = UInt32(module.module.allFunctionTypeIndices.count)
        if let index = UInt32(text), index < count { return index }
        let names = module.module.names?.functionNames ?? [:]
        if let match = names.first(where: { $0.value == text }) { return match.key }
        return (0..<count).first { symbolizer.functionName($0) == text }
    }
}
