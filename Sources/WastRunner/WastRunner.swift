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
    /// Seconds a guest call may run before the runner interrupts it and counts a failure.
    public var callTimeLimit: Double

    /// The proposals the Wasm 2.0 test set uses.
    static let features: WasmFeatureSet = [.referenceTypes, .simd]

    public init(knownFailures: KnownFailures = KnownFailures(), callTimeLimit: Double = 20) {
        self.knownFailures = knownFailures
        self.callTimeLimit = callTimeLimit
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
        var script = ScriptRun(
            fileName: fileName, source: source, knownFailures: knownFailures, callTimeLimit: callTimeLimit)
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
    let executor: ScriptExecutor

    init(fileName: String, source: String, knownFailures: KnownFailures, callTimeLimit: Double) {
        self.executor = ScriptExecutor(callTimeLimit: callTimeLimit)
        self.fileName = fileName
        self.source = source
        self.knownFailures = knownFailures
        self.result = WastFileResult(file: fileName)
    }

    mutating func runAll() {
        switch ParenthesisBalance.firstProblem(in: source) {
        case .strayClose(let line)?:
            fail(line: line, "script", "a ')' closes nothing here: the directives after it would not run")
        case .unclosedOpen(let line)?:
            fail(line: line, "script", "a '(' opened here is never closed")
        case nil:
            break
        }
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
            defineModule(module.source, name: module.id, at: location)

        case .assertMalformed(let module, let message):
            expectRejection(of: module.source, as: .malformed, message: message, at: location, directive: "assert_malformed")

        case .assertInvalid(let module, let message):
            expectRejection(of: module.source, as: .invalid, message: message, at: location, directive: "assert_invalid")

        case .assertReturn(let execute, let expected):
            switch execute {
            case .invoke(let invoke):
                expectReturn(executor.call(invoke), expected, at: location)
            case .get(let module, let name):
                expectReturn(executor.global(module: module, name: name), expected, at: location)
            case .wat(let wat):
                defineModule(.text(wat), name: nil, at: location)
            }

        case .assertTrap(let execute, let message):
            switch execute {
            case .invoke(let invoke):
                expectTrap(executor.call(invoke), message, at: location, directive: "assert_trap")
            case .get(let module, let name):
                expectTrap(executor.global(module: module, name: name), message, at: location, directive: "assert_trap")
            case .wat(let wat):
                expectInstantiationTrap(.text(wat), message, at: location)
            }

        case .assertExhaustion(let invoke, let message):
            expectTrap(executor.call(invoke), message, at: location, directive: "assert_exhaustion")

        case .invoke(let invoke):
            switch executor.call(invoke) {
            case .returned: pass()
            case .trapped(let trap): fail(at: location, "invoke", "trapped: \(trap.message)")
            case .skipped(let reason): skip(reason)
            case .failed(let message): fail(at: location, "invoke", message)
            }

        case .register(let name, let moduleID):
            if let problem = executor.register(as: name, moduleName: moduleID) {
                fail(at: location, "register", problem)
            } else {
                pass()
            }

        case .assertUnlinkable(let wat, let message):
            expectLinkFailure(.text(wat), message, at: location)

        case .moduleInstance, .assertException, .assertFuel, .assertOutOfFuel:
            fail(at: location, "directive", "not part of Wasm 2.0, not supported")
        }
    }

    /// A `module` directive: it must decode and validate, then it is instantiated
    /// and becomes the module later directives use.
    mutating func defineModule(_ source: ModuleSource, name: String?, at location: Location) {
        guard let bytes = validBytes(source, at: location, directive: "module") else {
            executor.define(.broken("its module did not load"), name: name)
            return
        }
        switch executor.instantiate(bytes) {
        case .instantiated(let instance):
            pass()
            executor.define(.instance(instance), name: name)
        case .unsupported(let reason):
            // Decoding and validation passed; only execution is out of reach.
            pass()
            executor.define(.unavailable(reason), name: name)
        case .loadFailed(let message), .linkFailed(let message):
            fail(at: location, "module", message)
            executor.define(.broken("its module did not load"), name: name)
        case .trapped(let trap):
            fail(at: location, "module", "instantiation trapped: \(trap.message)")
            executor.define(.broken("its module did not load"), name: name)
        }
    }

    mutating func expectReturn(_ outcome: ScriptExecutor.CallOutcome, _ expected: [WASTExpectValue], at location: Location) {
        switch outcome {
        case .returned(let values):
            guard values.count == expected.count else {
                fail(at: location, "assert_return", "returned \(values.count) values, expected \(expected.count)")
                return
            }
            do {
                for (value, expectation) in zip(values, expected) where try !ValueConversion.matches(value, expectation) {
                    let got = values.map(ValueConversion.describe).joined(separator: " ")
                    let wanted = expected.map(ValueConversion.describe).joined(separator: " ")
                    fail(at: location, "assert_return", "got \(got), expected \(wanted)")
                    return
                }
                pass()
            } catch {
                skip(error.reason)
            }
        case .trapped(let trap): fail(at: location, "assert_return", "trapped: \(trap.message)")
        case .skipped(let reason): skip(reason)
        case .failed(let message): fail(at: location, "assert_return", message)
        }
    }

    mutating func expectTrap(
        _ outcome: ScriptExecutor.CallOutcome, _ message: String, at location: Location, directive: String
    ) {
        switch outcome {
        case .trapped(let trap):
            if Self.trapMessage(trap.message, matches: message) { pass() } else {
                fail(at: location, directive, "trapped with \"\(trap.message)\", expected \"\(message)\"")
            }
        case .returned(let values):
            fail(at: location, directive, "returned \(values.map(ValueConversion.describe)), expected trap \"\(message)\"")
        case .skipped(let reason): skip(reason)
        case .failed(let problem): fail(at: location, directive, problem)
        }
    }

    mutating func expectInstantiationTrap(_ source: ModuleSource, _ message: String, at location: Location) {
        guard let bytes = validBytes(source, at: location, directive: "assert_trap") else { return }
        switch executor.instantiate(bytes) {
        case .trapped(let trap):
            if Self.trapMessage(trap.message, matches: message) { pass() } else {
                fail(at: location, "assert_trap", "trapped with \"\(trap.message)\", expected \"\(message)\"")
            }
        case .instantiated: fail(at: location, "assert_trap", "instantiated, expected trap \"\(message)\"")
        case .unsupported(let reason): skip(reason)
        case .loadFailed(let problem), .linkFailed(let problem): fail(at: location, "assert_trap", problem)
        }
    }

    mutating func expectLinkFailure(_ source: ModuleSource, _ message: String, at location: Location) {
        guard let bytes = validBytes(source, at: location, directive: "assert_unlinkable") else { return }
        switch executor.instantiate(bytes) {
        case .linkFailed(let actual):
            if actual.contains(message) { pass() } else {
                fail(at: location, "assert_unlinkable", "failed with \"\(actual)\", expected \"\(message)\"")
            }
        case .instantiated: fail(at: location, "assert_unlinkable", "linked, expected \"\(message)\"")
        case .trapped(let trap): fail(at: location, "assert_unlinkable", "trapped: \(trap.message)")
        case .unsupported(let reason): skip(reason)
        case .loadFailed(let problem): fail(at: location, "assert_unlinkable", problem)
        }
    }

    /// The bytes of a module that must be valid, or nil after recording the failure.
    mutating func validBytes(_ source: ModuleSource, at location: Location, directive: String) -> [UInt8]? {
        switch bytes(of: source) {
        case .failure(let error):
            fail(at: location, directive, "the WAT library cannot encode it: \(error)")
            return nil
        case .success(let bytes):
            let outcome = ModuleCheck.check(bytes)
            guard case .valid = outcome else {
                fail(at: location, directive, outcome.summary)
                return nil
            }
            return bytes
        }
    }

    /// Scripts sometimes abbreviate: "undefined element" for "undefined element 3".
    static func trapMessage(_ actual: String, matches expected: String) -> Bool {
        actual.hasPrefix(expected) || expected.hasPrefix(actual)
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

    func bytes(of source: ModuleSource) -> Result<[UInt8], WatParserError> {
        do throws(WatParserError) {
            switch source {
            case .binary(let bytes):
                return .success(bytes)
            case .quote(let text):
                return .success(try wat2wasm(String(decoding: text, as: UTF8.self), features: WastRunner.features))
            case .text(let wat):
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
