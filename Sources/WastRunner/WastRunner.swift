/// Runs a spec script (.wast) directive by directive and sorts each into
/// passed, failed or skipped.
///
/// Text is parsed by WasmKit's WAT library; everything after the bytes (decoding,
/// validation) is ours. Directives that need execution are skipped, with the
/// reason, until the engine can run them.
import WAT
import WasmParser
import WasmCore
import WasmValidator

public struct WastRunner: Sendable {
    public var knownFailures: KnownFailures

    /// The proposals the Wasm 2.0 test set uses.
    static let features: WasmFeatureSet = [.referenceTypes, .simd]

    static let executionSkipReason = "execution needs the JIT and runtime, which are not built yet"

    public init(knownFailures: KnownFailures = KnownFailures()) {
        self.knownFailures = knownFailures
    }

    /// Runs the script at `path`. Unreadable files give a result with one failure.
    public func run(path: String) -> WastFileResult {
        let fileName = String(path.split(separator: "/").last ?? Substring(path))
        guard let text = readTextFile(path) else {
            var result = WastFileResult(file: fileName)
            result.failures.append(.init(line: 0, directive: "file", message: "cannot read \(path)"))
            return result
        }
        return run(source: text, fileName: fileName)
    }

    public func run(source: String, fileName: String) -> WastFileResult {
        var script = ScriptRun(fileName: fileName, source: source, knownFailures: knownFailures)
        script.runAll()
        return script.finish()
    }
}

/// The state of one script's run.
private struct ScriptRun {
    let fileName: String
    let source: String
    let knownFailures: KnownFailures
    var result: WastFileResult
    /// Known failures that did fail, so the others can be reported as fixed.
    var knownFailureLinesSeen: Set<Int> = []

    init(fileName: String, source: String, knownFailures: KnownFailures) {
        self.fileName = fileName
        self.source = source
        self.knownFailures = knownFailures
        self.result = WastFileResult(file: fileName)
    }

    mutating func runAll() {
        var wast: WAST
        do {
            wast = try parseWAST(source, features: WastRunner.features)
        } catch {
            fail(line: 0, "script", "cannot parse: \(error)")
            return
        }
        while let (directive, location) = wast.nextDirectiveResult() {
            switch directive {
            case .success(let directive):
                run(directive, at: location)
            case .failure(let error):
                let line = location.computeLineAndColumn().line
                fail(line: line, keyword(atLine: line), "the WAT library cannot parse it: \(error.error)")
            }
        }
    }

    mutating func run(_ directive: WASTDirective, at location: Location) {
        switch directive {
        case .module(let module):
            switch bytes(of: module.source) {
            case .failure(let error):
                fail(at: location, "module", "the WAT library cannot encode it: \(error)")
            case .success(let bytes):
                let outcome = ModuleCheck.check(bytes)
                if case .valid = outcome { pass() } else { fail(at: location, "module", outcome.summary) }
            }

        case .assertMalformed(let module, let message):
            expectRejection(of: module.source, as: .malformed, message: message, at: location, directive: "assert_malformed")

        case .assertInvalid(let module, let message):
            expectRejection(of: module.source, as: .invalid, message: message, at: location, directive: "assert_invalid")

        case .assertReturn(let execute, _), .assertTrap(let execute, _):
            if case .wat(let wat) = execute {
                // `(assert_trap (module ...))`: the module must be valid; the trap needs the engine.
                checkValidBeforeSkipping(.text(wat), at: location, directive: "assert_trap")
            } else {
                skip(WastRunner.executionSkipReason)
            }

        case .assertUnlinkable(let wat, _):
            checkValidBeforeSkipping(.text(wat), at: location, directive: "assert_unlinkable")

        case .assertExhaustion, .invoke, .register:
            skip(WastRunner.executionSkipReason)

        case .moduleInstance, .assertException, .assertFuel, .assertOutOfFuel:
            fail(at: location, "directive", "not part of Wasm 2.0, not supported")
        }
    }

    enum Rejection { case malformed, invalid }

    mutating func expectRejection(
        of source: ModuleSource, as expected: Rejection, message: String, at location: Location, directive: String
    ) {
        let encoded = bytes(of: source)
        if case .quote = source, case .failure = encoded {
            // A text module the text parser refuses is malformed text: the point of the directive.
            if expected == .malformed { pass() } else {
                fail(at: location, directive, "the WAT library cannot encode it: \(encoded)")
            }
            return
        }
        guard case .success(let bytes) = encoded else {
            if expected == .invalid, case .failure(let error) = encoded,
                let rejection = TextIndexRejection(error), rejection.matches(message)
            {
                // WAT resolves indices while encoding, so a module whose point is an
                // out-of-range index never reaches our validator as bytes. Its rejection
                // matches the directive's message exactly, so it counts, and is listed.
                pass()
                result.textParserRejections.append(
                    .init(line: line(of: location), directive: directive, message: "\(rejection)"))
                return
            }
            fail(at: location, directive, "the WAT library cannot encode it: \(encoded)")
            return
        }
        let outcome = ModuleCheck.check(bytes)
        switch (outcome, expected) {
        case (.malformed(let actual, _), .malformed), (.invalid(let actual, _), .invalid):
            pass()
            if case .binary = source, !actual.contains(message) {
                result.messageMismatches.append(
                    .init(line: line(of: location), directive: directive, message: "expected \"\(message)\", got \"\(actual)\""))
            }
        case (.valid, _):
            fail(at: location, directive, "module was accepted, expected \"\(message)\"")
        case (.malformed, .invalid), (.invalid, .malformed):
            fail(at: location, directive, "\(outcome.summary), expected \(expected) (\"\(message)\")")
        }
    }

    mutating func checkValidBeforeSkipping(_ source: ModuleSource, at location: Location, directive: String) {
        switch bytes(of: source) {
        case .failure(let error):
            fail(at: location, directive, "the WAT library cannot encode it: \(error)")
        case .success(let bytes):
            let outcome = ModuleCheck.check(bytes)
            if case .valid = outcome { skip(WastRunner.executionSkipReason) } else {
                fail(at: location, directive, outcome.summary)
            }
        }
    }

    func bytes(of source: ModuleSource) -> Result<[UInt8], WatParserError> {
        do throws(WatParserError) {
            switch source {
            case .binary(let bytes):
                return .success(bytes)
            case .quote(let text):
                return .success(try wat2wasm(String(decoding: text, as: UTF8.self), features: WastRunner.features))
            case .text(let wat):
                var wat = wat
                return .success(try wat.encode())
            }
        } catch {
            return .failure(error)
        }
    }

    mutating func pass() { result.passed += 1 }

    mutating func skip(_ reason: String) { result.skips.append(.init(line: nil, reason: reason)) }

    mutating func fail(at location: Location, _ directive: String, _ message: String) {
        fail(line: line(of: location), directive, message)
    }

    mutating func fail(line: Int, _ directive: String, _ message: String) {
        let failure = WastFileResult.Failure(line: line, directive: directive, message: message)
        if knownFailures.reason(file: fileName, line: line) != nil {
            knownFailureLinesSeen.insert(line)
            result.knownFailures.append(failure)
        } else {
            result.failures.append(failure)
        }
    }

    /// Line numbers cost a scan of the text before the location, so only failures ask for them.
    func line(of location: Location) -> Int { location.computeLineAndColumn().line }

    func keyword(atLine line: Int) -> String {
        let text = source.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(line - 1).first ?? ""
        let trimmed = text.drop { $0 == " " || $0 == "(" }
        return String(trimmed.prefix { !$0.isWhitespace && $0 != "(" && $0 != ")" })
    }

    consuming func finish() -> WastFileResult {
        for line in knownFailures.lines(in: fileName).subtracting(knownFailureLinesSeen).sorted() {
            result.failures.append(
                .init(line: line, directive: "known failure", message: "now passes: remove it from the known-failure list"))
        }
        return result
    }
}
