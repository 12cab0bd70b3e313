/// `wasmscope inspect MODULE`: what a module holds, in the spirit of
/// `wasm-objdump -x`: imports, exports, functions with their names, types,
/// body offsets and op counts, custom sections, and whether it validates.
import ArgumentParser
import ProgramRunner
import WasmCore
import WasmValidator

public struct Inspect: ParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Show a module's imports, exports, functions and custom sections, and validate it."
    )

    @Argument(help: "A .wasm or .wat file.")
    public var module: String

    public init() {}

    public func run() throws {
        let bytes: [UInt8]
        do {
            bytes = try ModuleFile.load(module)
        } catch {
            throw ValidationError(error.description)
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
}
