/// Source files read once for their lines; a file that cannot be read (the
/// program was compiled elsewhere) gives no text, and listings then show
/// positions without it.
import Foundation

public struct SourceFileCache: Sendable {
    private var files: [String: [String]?] = [:]

    public init() {}

    /// Line `number` (1-based) of `path`, without its newline.
    public mutating func line(_ number: Int, of path: String) -> String? {
        guard let lines = lines(of: path), number >= 1, number <= lines.count else { return nil }
        return lines[number - 1]
    }

    /// Every line of `path`; nil when it cannot be read.
    public mutating func lines(of path: String) -> [String]? {
        if let cached = files[path] { return cached }
        var lines = (try? String(contentsOfFile: path, encoding: .utf8))
            .map { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        if lines?.last == "" { lines?.removeLast() }
        files[path] = .some(lines)
        return lines
    }
}
