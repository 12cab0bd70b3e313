/// Fresh scratch directories for tests that build or write files.
import Foundation

public enum TemporaryDirectory {
    /// Runs `body` with a new empty directory, removed afterwards whatever happens.
    public static func with<Result>(prefix: String = "wasmscope-tests", _ body: (URL) throws -> Result) throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try body(directory)
    }
}
