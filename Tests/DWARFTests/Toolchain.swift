/// Runs clang-16 and llvm-dwarfdump-16 for the tests.
import Foundation
import TestSupport

enum Toolchain {
    static let cCompiler = "/usr/bin/clang-16"
    static let cppCompiler = "/usr/bin/clang++-16"
    static let dwarfdump = "/usr/bin/llvm-dwarfdump-16"

    typealias Failure = SubprocessFailure

    static var isInstalled: Bool {
        [cCompiler, dwarfdump, "/usr/lib/llvm-16/bin/wasm-ld"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A fresh directory that `body` may fill; removed afterwards.
    static func withTemporaryDirectory<Result>(_ body: (URL) throws -> Result) throws -> Result {
        try TemporaryDirectory.with(prefix: "wasmscope-dwarf-tests", body)
    }

    /// Runs a tool that must succeed and returns its standard output.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], currentDirectory: URL? = nil) throws -> String {
        try Subprocess.check(executable, arguments, directory: currentDirectory?.path)
    }
}
