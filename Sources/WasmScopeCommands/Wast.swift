/// `wasmscope wast FILE...`: runs spec scripts and prints a line per file,
/// then `N passed, N failed, N skipped`. Exits non-zero if anything failed.
import ArgumentParser
import Foundation
import WastRunner

public struct Wast: ParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Run WebAssembly spec scripts (.wast).",
        discussion: """
            Execution directives are skipped, with the reason, until the engine can run them. \
            A known-failure list (FILE.wast:LINE  reason per line) turns expected failures into skips; \
            a listed directive that passes is a failure, so the list can only shrink.
            """
    )

    @Argument(help: "Spec scripts to run.")
    public var files: [String]

    @Option(name: .customLong("known-failures"), help: "File listing expected failures.")
    public var knownFailuresPath: String?

    @Flag(name: .shortAndLong, help: "Also list skip reasons, known failures and message mismatches.")
    public var verbose = false

    public init() {}

    public func run() throws {
        var knownFailures = KnownFailures()
        if let knownFailuresPath {
            let contents = try String(contentsOfFile: knownFailuresPath, encoding: .utf8)
            knownFailures = try KnownFailures(contents: contents)
        }
        let runner = WastRunner(knownFailures: knownFailures)
        var (passed, failed, skipped, mismatches, textRejections) = (0, 0, 0, 0, 0)
        for file in files {
            let result = runner.run(path: file)
            print(describe(result))
            passed += result.passed
            failed += result.failed
            skipped += result.skipped
            mismatches += result.messageMismatches.count
            textRejections += result.textParserRejections.count
        }
        if textRejections > 0 {
            print("(\(textRejections) assert_invalid passed because the text parser rejected the unknown index they test; -v lists them)")
        }
        if mismatches > 0 {
            print("(\(mismatches) rejections with a message other than the script's; -v lists them)")
        }
        print("\(passed) passed, \(failed) failed, \(skipped) skipped")
        if failed > 0 { throw ExitCode.failure }
    }

    func describe(_ result: WastFileResult) -> String {
        var lines = ["\(result.file): \(result.passed) passed, \(result.failed) failed, \(result.skipped) skipped"]
        lines += result.failures.map { "  FAIL \($0)" }
        if verbose {
            lines += result.knownFailures.map { "  known failure \($0)" }
            lines += result.messageMismatches.map { "  message \($0)" }
            lines += result.textParserRejections.map { "  text parser \($0)" }
            let reasons = Dictionary(grouping: result.skips, by: \.reason)
            lines += reasons.keys.sorted().map { "  skipped \(reasons[$0]!.count): \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}
