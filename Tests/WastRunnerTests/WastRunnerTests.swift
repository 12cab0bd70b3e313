import Testing
import WastRunner

@Suite struct WastRunnerTests {
    let script = """
        (module (func (export "f") (result i32) (i32.const 1)))
        (assert_return (invoke "f") (i32.const 1))
        (assert_invalid (module (func (result i32) (i64.const 1))) "type mismatch")
        (assert_malformed (module binary "\\00asm\\02\\00\\00\\00") "unknown binary version")
        (assert_malformed (module quote "(func (i32.frobnicate))") "unknown operator")
        """

    @Test func checksModulesAndRejectionsAndSkipsExecution() {
        let result = WastRunner().run(source: script, fileName: "t.wast")
        #expect(result.passed == 4)
        #expect(result.failed == 0, "\(result.failures)")
        #expect(result.skipped == 1)
        #expect(result.skips.first?.reason.contains("execution") == true)
    }

    @Test func anInvalidModuleDirectiveFailsWithItsLine() {
        let result = WastRunner().run(source: "\n\n(module (func (result i32) (f32.const 0)))", fileName: "t.wast")
        #expect(result.failed == 1)
        #expect(result.failures.first?.line == 3)
        #expect(result.failures.first?.message.contains("type mismatch") == true)
    }

    @Test func anAcceptedAssertInvalidIsAFailure() {
        let result = WastRunner().run(
            source: #"(assert_invalid (module (func (result i32) (i32.const 1))) "type mismatch")"#, fileName: "t.wast")
        #expect(result.failed == 1)
        #expect(result.failures.first?.message.contains("accepted") == true)
    }

    @Test func aListedFailureCountsAsSkipped() throws {
        let known = try KnownFailures(contents: "t.wast:1  the reason\n")
        let result = WastRunner(knownFailures: known).run(source: "(module (func (drop)))", fileName: "t.wast")
        #expect(result.failed == 0)
        #expect(result.knownFailures.count == 1)
        #expect(result.skipped == 1)
    }

    @Test func aListedDirectiveThatPassesIsReportedSoTheListShrinks() throws {
        let known = try KnownFailures(contents: "# comment\nt.wast:1  fixed since\n")
        let result = WastRunner(knownFailures: known).run(source: "(module)", fileName: "t.wast")
        #expect(result.passed == 1)
        #expect(result.failed == 1)
        #expect(result.failures.first?.message.contains("remove it") == true)
    }

    @Test func aMalformedKnownFailureLineIsRejected() {
        #expect(throws: KnownFailuresError.self) { try KnownFailures(contents: "no-line-number reason") }
        #expect(throws: KnownFailuresError.self) { try KnownFailures(contents: "t.wast:12") }
    }

    @Test func anUnreadableFileIsOneFailure() {
        let result = WastRunner().run(path: "/nonexistent/x.wast")
        #expect(result.failed == 1)
    }
}
