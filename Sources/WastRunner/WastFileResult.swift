/// What running one spec script found.
public struct WastFileResult: Sendable {
    public struct Failure: Sendable, CustomStringConvertible {
        public let line: Int
        public let directive: String
        public let message: String
        public var description: String { "line \(line): \(directive): \(message)" }
    }

    public struct Skip: Sendable {
        public let line: Int?
        public let reason: String
    }

    public let file: String
    public var passed = 0
    public var failures: [Failure] = []
    public var skips: [Skip] = []
    /// Failures that the known-failure list expects; counted as skipped.
    public var knownFailures: [Failure] = []
    /// Directives that passed (the module was rejected) with a message other than the script's.
    public var messageMismatches: [Failure] = []
    /// `assert_invalid` directives whose text module WAT rejected for the very
    /// unknown index the directive is about (see `TextIndexRejection`); counted as passed.
    public var textParserRejections: [Failure] = []

    public var failed: Int { failures.count }
    public var skipped: Int { skips.count + knownFailures.count }

    public init(file: String) { self.file = file }
}
