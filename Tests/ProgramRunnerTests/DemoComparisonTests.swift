/// Every demo's output under our runtime is byte-identical to the same
/// source built natively and run natively, exit code included; the trapping
/// cases trap in both (a signal natively, a wasm trap here).
import Foundation
import ProgramRunner
import TestSupport
import Testing
import WASIPreview1
import WasmRuntime

private let engine = Engine()

@Suite(.serialized)
struct DemoComparisonTests {
    static let sameOutputCases: [[String]] = [
        ["hotspots", "1"],
        ["wordfreq", "texts/sample.txt"],
        ["wordfreq", "-n", "5", "-o", "out/report.txt", "texts/sample.txt", "texts/river.txt"],
        ["wordfreq", "texts/missing.txt"],
        ["wordfreq", "-n", "3"],
        ["wordfreq", "-x"],
        ["inventory"],
        ["shapes"],
        ["crash"],
        ["crash", "overrun"],
        ["crash", "oob", "3"],
        ["crash", "div", "3", "4", "8"],
        ["crash", "null", "mul"],
        ["crash", "stack", "1000"],
    ]

    static let trappingCases: [[String]] = [
        ["crash", "oob"], ["crash", "div"], ["crash", "null"], ["crash", "stack"], ["shapes", "crash"],
    ]

    @Test(arguments: sameOutputCases)
    func outputMatchesNative(_ command: [String]) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let native = try Subprocess.run(
            try Demos.native(command[0]), Array(command.dropFirst()), directory: workspace.nativeDirectory,
            standardInput: workspace.standardInputPath)
        #expect(!native.wasSignaled)

        let wasm = try workspace.runWasm(command)
        #expect(wasm.outcome.processExitStatus == native.status, "exit status of \(command)")
        #expect(wasm.standardOutput == native.standardOutput, "stdout of \(command)")
        #expect(
            try workspace.files(in: "\(workspace.nativeDirectory)/out") == workspace.files(in: workspace.wasmOutput),
            "files written by \(command)")
    }

    @Test(arguments: trappingCases)
    func trapsWhereNativeCrashes(_ command: [String]) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let native = try Subprocess.run(
            try Demos.native(command[0]), Array(command.dropFirst()), directory: workspace.nativeDirectory)
        #expect(native.wasSignaled, "native \(command) should die from a signal")
        let wasm = try workspace.runWasm(command)
        guard case .trapped = wasm.outcome else {
            Issue.record("\(command) ended with \(wasm.outcome), not a trap")
            return
        }
        #expect(wasm.outcome.processExitStatus == 134)
    }
}

/// A temporary directory laid out like compare.sh's: `texts` for reading,
/// `out` for writing (one for the native run, one for wasm), stdin a text.
private struct Workspace {
    let root: String
    var nativeDirectory: String { "\(root)/native" }
    var wasmOutput: String { "\(root)/out-wasm" }
    var standardInputPath: String { Demos.source("wordfreq", "texts/river.txt") }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("wasmscope-demos-\(UUID().uuidString)").path
        let manager = FileManager.default
        try manager.createDirectory(atPath: "\(nativeDirectory)/out", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: wasmOutput, withIntermediateDirectories: true)
        try manager.createSymbolicLink(
            atPath: "\(nativeDirectory)/texts", withDestinationPath: Demos.source("wordfreq", "texts"))
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }

    func runWasm(_ command: [String]) throws -> (outcome: ProgramOutcome, standardOutput: Data) {
        let outputPath = "\(root)/wasm-stdout"
        let output = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let errors = open("/dev/null", O_WRONLY)
        let input = open(standardInputPath, O_RDONLY)
        defer {
            close(output)
            close(errors)
            close(input)
        }
        let specification = ProgramSpecification(
            modulePath: try Demos.wasm(command[0]), arguments: Array(command.dropFirst()),
            directories: [
                PreopenDirectory(hostPath: Demos.source("wordfreq", "texts"), guestPath: "texts"),
                PreopenDirectory(hostPath: wasmOutput, guestPath: "out"),
            ],
            standardInput: input, standardOutput: output, standardError: errors)
        let program = try Program(specification: specification, engine: engine)
        let outcome = program.start()
        return (outcome, try Data(contentsOf: URL(fileURLWithPath: outputPath)))
    }

    /// File name to contents, for comparing what the two runs wrote.
    func files(in directory: String) throws -> [String: Data] {
        var contents: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            contents[name] = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name)"))
        }
        return contents
    }
}
