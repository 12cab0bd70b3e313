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

    @Test func checksModulesRejectionsAndResults() {
        let result = WastRunner().run(source: script, fileName: "t.wast")
        #expect(result.passed == 5)
        #expect(result.failed == 0, "\(result.failures)")
        #expect(result.skipped == 0)
    }

    @Test func executesTrapsExhaustionLinkingAndRegistration() {
        let script = """
            (module $m
              (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
              (func $loop (export "recurse") (call $loop))
              (global (export "g") i32 (i32.const 7)))
            (assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
            (assert_exhaustion (invoke "recurse") "call stack exhausted")
            (assert_return (get "g") (i32.const 7))
            (register "m" $m)
            (module (import "m" "g" (global i32)) (func (export "h") (result i32) (global.get 0)))
            (assert_return (invoke "h") (i32.const 7))
            (assert_unlinkable (module (import "m" "nothing" (func))) "unknown import")
            (assert_trap (module (func $f unreachable) (start $f)) "unreachable")
            (module (func (export "nan") (result f32) (f32.div (f32.const 0) (f32.const 0))))
            (assert_return (invoke "nan") (f32.const nan:arithmetic))
            """
        let result = WastRunner().run(source: script, fileName: "t.wast")
        #expect(result.failed == 0, "\(result.failures)")
        #expect(result.passed == 11)
    }

    @Test func aGuestThatNeverReturnsIsInterruptedAndTheScriptGoesOn() {
        let script = """
            (module (func (export "spin") (loop (br 0))) (func (export "five") (result i32) (i32.const 5)))
            (invoke "spin")
            (assert_return (invoke "five") (i32.const 5))
            """
        let result = WastRunner(callTimeLimit: 0.3).run(source: script, fileName: "t.wast")
        #expect(result.failed == 1)
        #expect(result.failures.first?.message.contains("interrupted") == true)
        #expect(result.passed == 2)
    }

    @Test func aWrongResultIsAFailure() {
        let script = """
            (module (func (export "f") (result i32) (i32.const 1)))
            (assert_return (invoke "f") (i32.const 2))
            (assert_trap (invoke "f") "unreachable")
            """
        let result = WastRunner().run(source: script, fileName: "t.wast")
        #expect(result.failed == 2)
    }

    @Test func simdExecutionIsSkippedWithTheReason() {
        let script = """
            (module (func (export "v") (result v128) (v128.const i32x4 1 2 3 4)))
            (assert_return (invoke "v") (v128.const i32x4 1 2 3 4))
            """
        let result = WastRunner().run(source: script, fileName: "t.wast")
        #expect(result.failed == 0, "\(result.failures)")
        #expect(result.passed == 1)
        #expect(result.skips.first?.reason.contains("SIMD") == true)
    }

    @Test func anInvalidModuleDirectiveFailsWithItsLine() {
        let result = WastRunner().run(source: "\n\n(module (func (result i32) (f32.const 0)))", fileName: "t.wast")
        #expect(result.failed == 1)
        #expect(result.failures.first?.line == 3)
        #expect(result.failures.first?.message.contains("type mismatch") == true)
    }

    @Test func aStrayClosingParenthesisFailsInsteadOfEndingTheScriptQuietly() {
        // The WAT library's parser stops at the stray `)`: without the check
        // the failing assertion after it would never run, and nothing would fail.
        let script = """
            (module (func (export "f") (result i32) (i32.const 1)))
              )
            (assert_return (invoke "f") (i32.const 2))
            """
        let result = WastRunner().run(source: script, fileName: "t.wast")
        #expect(result.failed >= 1)
        #expect(result.failures.first?.line == 2)
        #expect(result.failures.first?.message.contains("closes nothing") == true)
    }

    @Test func parenthesesInStringsAndCommentsDoNotCount() {
        let script = #"""
            ;; a comment with ) and (
            (; a block (; nested ;) comment with ) ;)
            (module (memory 1) (func (export "f") (result i32) (i32.const 1)) (data (i32.const 0) "(\")"))
            (assert_return (invoke "f") (i32.const 1))
            """#
        let result = WastRunner().run(source: script, fileName: "t.wast")
        #expect(result.failed == 0, "\(result.failures)")
        #expect(result.passed == 2)
        let unclosed = WastRunner().run(source: "(module\n  (func)", fileName: "t.wast")
        #expect(unclosed.failures.contains { $0.line == 1 && $0.message.contains("never closed") }, "\(unclosed.failures)")
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
