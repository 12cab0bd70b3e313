/// The checked-in list of spec directives we know we fail, and why.
///
/// The list may only shrink: a listed directive that passes is reported as a
/// failure ("remove it from the list"), so fixes cannot go unnoticed.
/// Format, one entry per line, `#` starts a comment:
///     binary-leb128.wast:969  WAT library mis-encodes a 0xFC sub-opcode LEB
public struct KnownFailures: Sendable {
    /// file name (no directory) → line → reason
    private var entries: [String: [Int: String]] = [:]

    public init() {}

    public init(contents: String) throws(KnownFailuresError) {
        for (index, rawLine) in contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.prefix { $0 != "#" }.trimmingWhitespace()
            if line.isEmpty { continue }
            let location = line.prefix { !$0.isWhitespace }
            let reason = line.dropFirst(location.count).trimmingWhitespace()
            guard let colon = location.lastIndex(of: ":"), let number = Int(location[location.index(after: colon)...]),
                !reason.isEmpty
            else {
                throw KnownFailuresError(line: index + 1, text: String(rawLine))
            }
            entries[String(location[..<colon]), default: [:]][number] = String(reason)
        }
    }

    public func reason(file: String, line: Int) -> String? { entries[file]?[line] }

    public func lines(in file: String) -> Set<Int> { Set(entries[file]?.keys ?? [:].keys) }

    public var isEmpty: Bool { entries.isEmpty }
}

public struct KnownFailuresError: Error, CustomStringConvertible {
    public let line: Int
    public let text: String
    public var description: String { "known-failures line \(line): expected 'FILE.wast:LINE  reason', got '\(text)'" }
}

extension StringProtocol {
    func trimmingWhitespace() -> SubSequence {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<end]
    }
}
