/// Source files' lines for listings and stop reports, read once and cached.
/// A file that cannot be read (compiled elsewhere) yields no lines, and
/// front ends then print the position without text, as gdb does.
import Foundation

public final class SourceText: @unchecked Sendable {
    // Unchecked Sendable: the cache is only touched under `lock`.
    private var files: [String: [Substring]?] = [:]
    private let lock = NSLock()

    public init() {}

    /// Line `number` (1-based) of `path`, without its newline.
    public func line(_ number: Int, of path: String) -> String? {
        guard let lines = lines(of: path), number >= 1, number <= lines.count else { return nil }
        return String(lines[number - 1])
    }

    public func lineCount(of path: String) -> Int? {
        lines(of: path)?.count
    }

    public func lines(of path: String) -> [Substring]? {
        lock.lock()
        defer { lock.unlock() }
        if let cached = files[path] { return cached }
        var lines: [Substring]?
        if let data = FileManager.default.contents(atPath: path) {
            var split = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            if split.last == "" { split.removeLast() }
            lines = split
        }
        files[path] = lines
        return lines
    }
}
