/// `wasmscope profile --count` and `--format counts` end to end, in-process,
/// on a program whose call counts are known (Tests/ProfilerFixtures/calls.c).
import Foundation
import TestSupport
import Testing

@testable import WasmScopeCommands

@Suite struct ProfileCountCommandTests {
    /// Builds calls.wasm and runs `wasmscope profile FLAGS calls.wasm ROUNDS` on a
    /// guest thread; the report (stdout) and the exit status.
    private func profile(_ flags: [String], rounds: Int) throws -> (status: Int32, output: String) {
        try TemporaryDirectory.with(prefix: "wasmscope-profile-count") { directory in
            let program = directory.appendingPathComponent("calls.wasm").path
            let source = Demos.repositoryRoot.appendingPathComponent("Tests/ProfilerFixtures/calls.c").path
            try Subprocess.check("/usr/bin/clang-16", ["--target=wasm32-wasi", "-g", "-O1", "-o", program, source])
            let outputPath = directory.appendingPathComponent("stdout").path
            let output = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            let errors = open("/dev/null", O_WRONLY)
            let arguments = flags + [program, "\(rounds)"]
            _ = try Profile.parse(arguments)
            // Parsed again on the guest thread: a parsed command is not Sendable.
            let status = GuestThread.run { (try? Profile.parse(arguments))?.execute(standardOutput: output, standardError: errors) }
            close(output)
            close(errors)
            return (try #require(status ?? nil), try String(contentsOfFile: outputPath, encoding: .utf8))
        }
    }

    @Test func countAddsAnExactTableLabeledNotSampledAfterTheTopReport() throws {
        let (status, output) = try profile(["--count", "--limit", "10"], rounds: 7)
        #expect(status == 0)
        let parts = output.components(separatedBy: "Call counts (exact, counted by instrumentation — not sampled)")
        try #require(parts.count == 2, "one call-count table")
        #expect(parts[0].contains("calls.wasm 7: "), "the sampled report's header comes first")
        let rows = parts[1].split(separator: "\n").map(String.init)
        let leaf = try #require(rows.first { $0.contains(" leaf ") })
        #expect(leaf.split(separator: " ").first == "7000")
        #expect(leaf.contains("calls.c:"))
        #expect(rows.contains { $0.contains(" fib ") && $0.split(separator: " ").first == "1973" })
        #expect(rows.contains { $0.contains(" count_round ") && $0.split(separator: " ").first == "7" })
    }

    @Test func formatCountsPrintsOnlyTheTable() throws {
        let (status, output) = try profile(["--format", "counts"], rounds: 3)
        #expect(status == 0)
        // The program's own output (it prints one line) passes through first.
        let report = output.split(separator: "\n", maxSplits: 1).last.map(String.init) ?? ""
        #expect(report.hasPrefix("Call counts (exact, counted by instrumentation — not sampled)"))
        #expect(!output.contains("samples"))
        #expect(output.contains(" 3000  leaf "))
    }

    @Test func withoutCountThereIsNoTable() throws {
        let (status, output) = try profile([], rounds: 1)
        #expect(status == 0)
        #expect(!output.contains("Call counts"))
    }
}
