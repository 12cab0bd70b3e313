/// A scratch directory per test: `sandbox/` is what the guest is given,
/// `outside/` holds what an escape would reach (a canary file, a directory),
/// `stdio/` captures the guest's standard streams. Escape tests compare a
/// snapshot of everything but the sandbox before and after.
import Foundation
import Glibc

final class Scratch {
    let root: String
    let sandbox: String
    let outside: String
    let stdio: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("wasi-tests-\(UUID().uuidString)").path
        sandbox = root + "/sandbox"
        outside = root + "/outside"
        stdio = root + "/stdio"
        for directory in [sandbox, outside, stdio, outside + "/secret-directory"] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        try "do not touch".write(toFile: outside + "/canary", atomically: false, encoding: .utf8)
    }

    deinit {
        // A test may have left a directory without permissions.
        chmodRecursively(root)
        try? FileManager.default.removeItem(atPath: root)
    }

    func path(_ relative: String) -> String { sandbox + "/" + relative }

    func createFile(_ relative: String, _ contents: String = "") throws {
        try contents.write(toFile: path(relative), atomically: false, encoding: .utf8)
    }

    func createDirectory(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: path(relative), withIntermediateDirectories: true)
    }

    func createSymbolicLink(_ relative: String, to target: String) throws {
        guard symlink(target, path(relative)) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno)!) }
    }

    func contents(_ relative: String) -> String? {
        try? String(contentsOfFile: path(relative), encoding: .utf8)
    }

    func exists(_ relative: String) -> Bool {
        var status = stat()
        return lstat(path(relative), &status) == 0
    }

    func isSymbolicLink(_ relative: String) -> Bool {
        var status = stat()
        return lstat(path(relative), &status) == 0 && status.st_mode & S_IFMT == S_IFLNK
    }

    func isDirectory(_ relative: String) -> Bool {
        var status = stat()
        return lstat(path(relative), &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }

    /// Everything outside the sandbox: each path under the root but not in
    /// `sandbox/` or `stdio/`, with its kind, contents or link text, mode,
    /// modification and change times, so any change an escape made shows up.
    func outsideSnapshot() -> [String: String] {
        var snapshot: [String: String] = [:]
        func visit(_ path: String, _ relative: String) {
            var status = stat()
            guard lstat(path, &status) == 0 else { return }
            // Not the access time: taking the snapshot reads the files and directories and may change it.
            let times = "mtime \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec) ctime \(status.st_ctim.tv_sec).\(status.st_ctim.tv_nsec) mode \(status.st_mode)"
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path))?.sorted() ?? []
                snapshot[relative] = "dir \(names) \(times)"
                for name in names where !(relative.isEmpty && (name == "sandbox" || name == "stdio")) {
                    visit(path + "/" + name, relative + "/" + name)
                }
            case S_IFLNK:
                snapshot[relative] = "link \((try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?")"
            default:
                snapshot[relative] = "file \((try? String(contentsOfFile: path, encoding: .utf8)) ?? "?") \(times)"
            }
        }
        visit(root, "")
        return snapshot
    }

    private func chmodRecursively(_ path: String) {
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { return }
        chmod(path, 0o755)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
            chmodRecursively(path + "/" + name)
        }
    }
}
