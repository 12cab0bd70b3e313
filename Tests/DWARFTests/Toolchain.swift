/// Runs clang-16 and llvm-dwarfdump-16 for the tests.
import Foundation

enum Toolchain {
    static let cCompiler = "/usr/bin/clang-16"
    static let cppCompiler = "/usr/bin/clang++-16"
    static let dwarfdump = "/usr/bin/llvm-dwarfdump-16"

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static var isInstalled: Bool {
        [cCompiler, dwarfdump, "/usr/lib/llvm-16/bin/wasm-ld"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A fresh directory that `body` may fill; removed afterwards.
    static func withTemporaryDirectory<Result>(_ body: (URL) throws -> Result) throws -> Result {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("wasmscope-dwarf-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try body(directory)
    }

    /// Runs a tool to completion and returns its standard output.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], currentDirectory: URL? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        // clang runs binaryen's wasm-opt at -O1 and above when it finds one on PATH,
        // and wasm-opt drops DWARF: keep PATH to LLVM's and the system's tools.
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = "/usr/lib/llvm-16/bin:/usr/bin:/bin"
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read stderr on another thread so that neither pipe can fill up and block the child.
        let errorReader = PipeReader(errors)
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errorReader.wait()
        process.waitUntilExit()
        guard process.terminationReason == .exit && process.terminationStatus == 0 else {
            throw Failure(
                description: "\(executable) \(arguments.joined(separator: " ")) failed: "
                    + String(decoding: errorData, as: UTF8.self))
        }
        return String(decoding: outputData, as: UTF8.self)
    }
}

/// Reads a pipe to its end on another thread.
private final class PipeReader: @unchecked Sendable {
    // Unchecked Sendable: `data` is written before `done` is signalled and read after.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        DispatchQueue.global().async {
            self.data = pipe.fileHandleForReading.readDataToEndOfFile()
            self.done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
