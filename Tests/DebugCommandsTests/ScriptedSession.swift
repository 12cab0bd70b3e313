/// Runs a debugger session on a demo the way `debug --batch` does, in-process:
/// commands go through the same interpreter, the debugger's output is
/// collected, and the program's own output goes to a temporary file.
import DebugCommands
import Debugger
import Foundation
import ProgramRunner
import TestSupport
import WasmRuntime

let sharedEngine = Engine()

final class ScriptedSession {
    let session: DebugSession
    let interpreter: CommandInterpreter
    private let collected = OutputBuffer()
    private let programOutputPath: String
    private let programOutput: Int32

    init(demo: String, arguments: [String] = [], unoptimized: Bool = false) throws {
        programOutputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("wasmscope-debug-\(UUID().uuidString).out").path
        programOutput = open(programOutputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let specification = ProgramSpecification(
            modulePath: try Demos.wasm(demo, unoptimized: unoptimized), arguments: arguments, standardOutput: programOutput,
            standardError: programOutput)
        session = try DebugSession(specification: specification, engine: sharedEngine)
        let buffer = collected
        interpreter = CommandInterpreter(session: session) { buffer.append($0) }
    }

    deinit {
        session.kill()
        close(programOutput)
        try? FileManager.default.removeItem(atPath: programOutputPath)
    }

    /// Runs one command and returns what it printed.
    @discardableResult
    func run(_ command: String) -> String {
        collected.take()
        interpreter.execute(command)
        return collected.take()
    }

    var programOutputText: String {
        (try? String(contentsOfFile: programOutputPath, encoding: .utf8)) ?? ""
    }
}

private final class OutputBuffer: @unchecked Sendable {
    private var text = ""
    func append(_ more: String) { text += more }
    @discardableResult
    func take() -> String {
        defer { text = "" }
        return text
    }
}

/// The line number of a marker comment in a demo's source.
func markerLine(_ marker: String, demo: String, file: String) throws -> Int {
    try Demos.line(of: marker, in: demo, file: file)
}

/// The first line of `file` in the demo that contains `text`.
func sourceLine(containing text: String, demo: String, file: String) throws -> Int {
    let source = try String(contentsOfFile: Demos.source(demo, file), encoding: .utf8)
    let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    guard let index = lines.firstIndex(where: { $0.contains(text) }) else {
        throw SubprocessFailure(description: "no line containing \(text) in \(file)")
    }
    return index + 1
}
