/// Shared by the execution engine's tests: programs from wat text (written
/// to a temporary file, loaded as `wasmscope debug` would load them), the
/// demos, addresses of functions, and waits that never hang a test run.
import Debugger
import Foundation
import ProgramRunner
import TestSupport
import Testing
import WAT
import WasmCore
import WasmJIT
import WasmRuntime

enum Fixtures {
    /// One engine for every test, as a debugger process has.
    static let engine = Engine()
    /// Generous: the machine is shared and suites run in parallel.
    static let timeout: Duration = .seconds(30)

    /// A program from wat text, compiled with the debugging options.
    static func program(
        wat: String, standardInput: Int32 = 0, standardOutput: Int32 = 1
    ) throws -> Program {
        let bytes = try wat2wasm(wat)
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("execution-\(UUID().uuidString).wasm").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try Program(
            specification: ProgramSpecification(
                modulePath: path, standardInput: standardInput, standardOutput: standardOutput),
            engine: engine, options: .debugging)
    }

    /// A demo program (`Demos/build/NAME.wasm`), its output thrown away.
    static func demo(_ name: String, arguments: [String]) throws -> Program {
        let null = open("/dev/null", O_WRONLY)
        return try Program(
            specification: ProgramSpecification(
                modulePath: try Demos.wasm(name), arguments: arguments, standardOutput: null, standardError: null),
            engine: engine, options: .debugging)
    }

    /// The compiled function exported (or named) `name`.
    static func function(_ name: String, in module: LoadedModule) throws -> CompiledFunction {
        let index =
            module.module.exports.first { $0.name == name }.flatMap { export -> UInt32? in
                if case .function(let index) = export.descriptor { index } else { nil }
            } ?? module.module.names?.functionNames.first { $0.value == name }?.key
        let found = module.compiledModule.functions.first { $0.functionIndex == index }
        return try #require(found, "no function \(name)")
    }

    /// Where a function breakpoint goes: the machine address of the first op.
    static func entryBreakpoint(_ name: String, in module: LoadedModule) throws -> UInt {
        module.codeBaseAddress + UInt(try function(name, in: module).bodyStartOffset)
    }

    /// A body that calls an export with arguments, as `--invoke` does.
    static func invoking(_ name: String, _ arguments: [String] = []) -> @Sendable (Program) -> ProgramOutcome {
        { program in
            do {
                return try program.invoke(name, arguments: arguments)
            } catch {
                return .trapped(Trap(code: nil, message: "\(error)"))
            }
        }
    }
}

extension GuestExecution {
    /// The next stop, failing the test (not hanging it) when none comes in time.
    func nextStop(
        _ timeout: Duration = Fixtures.timeout, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> MachineStop {
        try #require(waitForStop(timeout: timeout), "no stop within \(timeout)", sourceLocation: sourceLocation)
    }

    /// Resumes and waits for the next stop.
    func continueToNextStop(sourceLocation: SourceLocation = #_sourceLocation) throws -> MachineStop {
        resume()
        return try nextStop(sourceLocation: sourceLocation)
    }

    func stepToNextStop(sourceLocation: SourceLocation = #_sourceLocation) throws -> MachineStop {
        resumeSingleStep()
        return try nextStop(sourceLocation: sourceLocation)
    }
}

extension MachineStop {
    var breakpointPC: UInt? { if case .breakpoint(let pc) = self { pc } else { nil } }
    var singleStepPC: UInt? { if case .singleStep(let pc) = self { pc } else { nil } }
    var outcome: ProgramOutcome? { if case .finished(let outcome) = self { outcome } else { nil } }
}

extension ProgramOutcome {
    var returnedValues: [Value]? { if case .returned(let values) = self { values } else { nil } }
    var exitStatus: UInt32? { if case .exited(let status) = self { status } else { nil } }
    var trap: Trap? { if case .trapped(let trap) = self { trap } else { nil } }
}

/// A pipe the test writes a guest's stdin through.
final class InputPipe {
    let readEnd: Int32
    let writeEnd: Int32

    init() throws {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { throw POSIXError(.EMFILE) }
        readEnd = descriptors[0]
        writeEnd = descriptors[1]
    }

    func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Foundation.write(writeEnd, $0.baseAddress, $0.count) }
    }

    func closeWriteEnd() { close(writeEnd) }

    deinit {
        close(readEnd)
        close(writeEnd)
    }
}
