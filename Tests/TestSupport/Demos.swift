/// The bundled demos (Demos/), built once per test process for wasm and
/// natively. Several test targets share them, and swift-testing runs suites
/// in parallel, so the build holds a file lock: one `make` at a time.
import Foundation

public enum Demos {
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static var directory: String { repositoryRoot.appendingPathComponent("Demos").path }

    /// `Demos/build/NAME.wasm` (-O1), or with `unoptimized` `Demos/build/O0/NAME.wasm`; built if needed.
    public static func wasm(_ name: String, unoptimized: Bool = false) throws -> String {
        try ensureBuilt()
        return "\(directory)/build/\(unoptimized ? "O0/" : "")\(name).wasm"
    }

    /// `Demos/build/native/NAME`, built if needed.
    public static func native(_ name: String) throws -> String {
        try ensureBuilt()
        return "\(directory)/build/native/\(name)"
    }

    /// The demo's source file, e.g. `source("crash", "crash.c")`.
    public static func source(_ demo: String, _ file: String) -> String {
        "\(directory)/\(demo)/\(file)"
    }

    /// The 1-based line of the source that contains `marker` (`// TRAP: div`).
    public static func line(of marker: String, in demo: String, file: String) throws -> Int {
        let text = try String(contentsOfFile: source(demo, file), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let index = lines.firstIndex(where: { $0.contains(marker) }) else {
            throw SubprocessFailure(description: "no line with \(marker) in \(file)")
        }
        return index + 1
    }

    private static let buildResult: Result<Void, SubprocessFailure> = {
        do {
            try FileManager.default.createDirectory(atPath: "\(directory)/build", withIntermediateDirectories: true)
            try Subprocess.check(
                "/usr/bin/flock", ["\(directory)/build/.lock", "make", "-s", "-C", directory, "all", "native"])
            return .success(())
        } catch let failure as SubprocessFailure {
            return .failure(failure)
        } catch {
            return .failure(SubprocessFailure(description: "cannot build the demos: \(error)"))
        }
    }()

    public static func ensureBuilt() throws {
        try buildResult.get()
    }
}
