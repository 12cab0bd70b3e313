/// `wasmscope run` end to end, in-process: exit statuses, `--invoke`,
/// `--preload`, `.wat` modules, and trap reports whose backtraces point at
/// the right source lines of the crash demo.
import Foundation
import TestSupport
import Testing

@testable import WasmScopeCommands

/// Runs `wasmscope run ARGUMENTS` with stdout and stderr captured in files.
private func run(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wasmscope-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let outputPath = directory.appendingPathComponent("stdout").path
    let errorPath = directory.appendingPathComponent("stderr").path
    let output = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let errors = open(errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let command = try Run.parse(arguments)
    let status = command.execute(standardOutput: output, standardError: errors)
    close(output)
    close(errors)
    return (
        status, try String(contentsOfFile: outputPath, encoding: .utf8),
        try String(contentsOfFile: errorPath, encoding: .utf8)
    )
}

/// A backtrace line: `#N 0xOFFSET MODULE!FUNCTION at FILE:LINE:COLUMN`.
private struct BacktraceLine {
    var function: String
    var file: String?
    var line: Int?

    init?(_ text: Substring) {
        guard text.hasPrefix("#"), let bang = text.firstIndex(of: "!") else { return nil }
        let afterBang = text[text.index(after: bang)...]
        guard let at = afterBang.range(of: " at ") else {
            function = String(afterBang)
            return
        }
        function = String(afterBang[..<at.lowerBound])
        let position = afterBang[at.upperBound...].split(separator: " ").first ?? ""
        let parts = position.split(separator: ":")
        guard parts.count >= 2 else { return nil }
        file = String(parts[0])
        line = Int(parts[1])
    }
}

@Suite struct RunCommandTests {
    @Test func argumentsAfterTheModuleGoToTheProgram() throws {
        let command = try Run.parse(["--dir", "a::b", "--env", "X=1", "m.wasm", "-n", "5", "--dir", "x"])
        #expect(command.program.module == "m.wasm")
        #expect(command.program.arguments == ["-n", "5", "--dir", "x"])
        #expect(command.program.wasi.directories == ["a::b"])
        #expect(command.program.wasi.environment == ["X=1"])
    }

    @Test func dirWithoutAGuestNameKeepsTheHostName() throws {
        let preopen = try WASIOptions.preopen("some/dir")
        #expect(preopen.hostPath == "some/dir" && preopen.guestPath == "some/dir")
        let renamed = try WASIOptions.preopen("/tmp/x::data")
        #expect(renamed.hostPath == "/tmp/x" && renamed.guestPath == "data")
        #expect(throws: (any Error).self) { try WASIOptions.preopen("::data") }
    }

    @Test func invokeParsesArgumentsByTypeAndPrintsResults() throws {
        let path = try writeModule(
            """
            (module
              (func (export "add") (param i32 i64) (result i64)
                (i64.add (i64.extend_i32_s (local.get 0)) (local.get 1)))
              (func (export "half") (param f64) (result f64) (f64.mul (local.get 0) (f64.const 0.5))))
            """)
        let added = try run(["--invoke", "add", path, "-7", "0x10"])
        #expect(added.status == 0)
        #expect(added.output == "9\n")
        let halved = try run(["--invoke", "half", path, "5"])
        #expect(halved.output == "2.5\n")
        let wrong = try run(["--invoke", "add", path, "x", "1"])
        #expect(wrong.status == 1)
        #expect(wrong.errors.contains("cannot read 'x' as i32"))
        let missing = try run(["--invoke", "nope", path])
        #expect(missing.errors.contains("no exported function named 'nope'"))
    }

    @Test func preloadLinksAnotherModulesExports() throws {
        let library = try writeModule(#"(module (func (export "triple") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3))))"#)
        let main = try writeModule(
            """
            (module (import "lib" "triple" (func $triple (param i32) (result i32)))
              (func (export "nine") (result i32) (call $triple (i32.const 3))))
            """)
        let result = try run(["--preload", "lib=\(library)", "--invoke", "nine", main])
        #expect(result.output == "9\n")
        let unlinked = try run(["--invoke", "nine", main])
        #expect(unlinked.status == 1)
        #expect(unlinked.errors.contains("unknown import: lib.triple"))
    }

    @Test func badModulesAreErrorsNotCrashes() throws {
        let garbage = FileManager.default.temporaryDirectory.appendingPathComponent("garbage-\(UUID().uuidString).wasm").path
        try Data([0, 0x61, 0x73, 0x6d, 9, 9]).write(to: URL(fileURLWithPath: garbage))
        defer { try? FileManager.default.removeItem(atPath: garbage) }
        let result = try run([garbage])
        #expect(result.status == 1)
        #expect(result.errors.hasPrefix("wasmscope: "))
        let missing = try run(["/nonexistent/x.wasm"])
        #expect(missing.status == 1)
        #expect(missing.errors.contains("cannot read /nonexistent/x.wasm"))
    }

    @Test func exitStatusIsTheGuests() throws {
        let usage = try run([try Demos.wasm("crash")])
        #expect(usage.status == 1)
        let fine = try run([try Demos.wasm("crash"), "div", "6", "2"])
        #expect(fine.status == 0)
    }

    @Test(arguments: [
        ("oob", ["set_cell", "plot_points", "run_oob", "main"]),
        ("div", ["average", "summarize", "run_div", "main"]),
        ("null", ["apply_operation", "calculate", "run_null", "main"]),
    ])
    func trapBacktracesPointAtTheFaultingLines(_ bug: String, _ functions: [String]) throws {
        let result = try run([try Demos.wasm("crash"), bug])
        #expect(result.status == 134)
        let lines = result.errors.split(separator: "\n")
        #expect(lines.first?.hasPrefix("wasm trap: ") == true, "\(result.errors)")
        let frames = lines.compactMap(BacktraceLine.init)
        try #require(frames.count >= functions.count, "\(result.errors)")
        #expect(Array(frames.prefix(functions.count).map(\.function)) == functions, "\(result.errors)")
        #expect(frames[0].line == (try Demos.line(of: "// TRAP: \(bug)", in: "crash", file: "crash.c")))
        // Each caller's line is the one that calls the next frame's function
        // (main calls through its table of commands).
        let source = try String(contentsOfFile: Demos.source("crash", "crash.c"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        for (caller, callee) in zip(frames.dropFirst().prefix(functions.count - 1), functions) {
            let line = try #require(caller.line, "\(result.errors)")
            #expect(caller.file?.hasSuffix("crash.c") == true)
            let call = callee.hasPrefix("run_") ? ".run(" : "\(callee)("
            #expect(source[line - 1].contains(call), "line \(line) of crash.c should call \(callee)")
        }
    }

    @Test func trapMessagesUseTheSpecsWords() throws {
        let expected = [
            "oob": "out of bounds memory access", "div": "integer divide by zero",
            "stack": "call stack exhausted",
        ]
        for (bug, message) in expected {
            let result = try run([try Demos.wasm("crash"), bug])
            #expect(result.errors.hasPrefix("wasm trap: \(message)\n"), "\(bug): \(result.errors.prefix(200))")
        }
    }

    @Test func cplusplusFramesAreDemangled() throws {
        let result = try run([try Demos.wasm("shapes"), "crash"])
        #expect(result.status == 134)
        let frames = result.errors.split(separator: "\n").compactMap(BacktraceLine.init)
        try #require(!frames.isEmpty, "\(result.errors)")
        #expect(frames[0].function == "geometry::Rectangle::tiles_across(int) const", "\(result.errors)")
        #expect(frames[0].line == (try Demos.line(of: "// TRAP: shapes", in: "shapes", file: "shapes.cpp")))
        #expect(frames.contains { $0.function.hasPrefix("(anonymous namespace)::lay_tiles(") }, "\(result.errors)")
    }

    @Test func withoutDWARFNamesAndOffsetsStillPrint() throws {
        let path = try writeModule(
            """
            (module (func $inner (export "inner") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
              (func $outer (export "outer") (result i32) (call $inner (i32.const 0))))
            """)
        let result = try run(["--invoke", "outer", path])
        #expect(result.status == 134)
        let lines = result.errors.split(separator: "\n")
        #expect(lines.count == 3, "\(result.errors)")
        #expect(lines[1].hasPrefix("#0 0x") && lines[1].hasSuffix("!inner"), "\(result.errors)")
        #expect(lines[2].hasPrefix("#1 0x") && lines[2].hasSuffix("!outer"), "\(result.errors)")
    }
}

private func writeModule(_ text: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("module-\(UUID().uuidString).wat").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}
