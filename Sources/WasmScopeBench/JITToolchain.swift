/// clang-16 for the JIT benchmark: the workloads' wasm builds and native runs.
import Foundation

enum JITToolchain {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let compiler = "/usr/bin/clang-16"

    /// Where the C programs are: next to the engine tests in the source tree this binary was built from.
    static let defaultProgramsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/EngineTests/Programs").path

    /// The program's `// wasm-flags:` lines (see Tests/EngineTests/TestProgram.swift).
    static func wasmFlags(ofSource path: String) throws -> [String] {
        let marker = "// wasm-flags:"
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .filter { $0.hasPrefix(marker) }
            .flatMap { $0.dropFirst(marker.count).split(separator: " ").map(String.init) }
    }

    static func buildWasm(source: String, extraFlags: [String]) throws -> [UInt8] {
        try withTemporaryDirectory { directory in
            let output = directory.appendingPathComponent("program.wasm").path
            try run(
                compiler,
                ["--target=wasm32", "-nostdlib", "-Wl,--no-entry", "-Wl,--export-all", "-O2"] + extraFlags
                    + wasmFlags(ofSource: source) + ["-o", output, source])
            return try [UInt8](Data(contentsOf: URL(fileURLWithPath: output)))
        }
    }

    /// Builds `source` with `driver` as its main at -O2 for the host, runs it, returns its output.
    static func runNative(source: String, driver: String, extraFlags: [String]) throws -> String {
        try withTemporaryDirectory { directory in
            let driverPath = directory.appendingPathComponent("driver.c").path
            let executable = directory.appendingPathComponent("program").path
            try driver.write(toFile: driverPath, atomically: false, encoding: .utf8)
            try run(compiler, ["-O2", "-w"] + extraFlags + ["-o", executable, driverPath, source, "-lm"])
            return try run(executable, [])
        }
    }

    private static func withTemporaryDirectory<Result>(_ body: (URL) throws -> Result) throws -> Result {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent(
                "wasmscope-bench-jit-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try body(directory)
    }

    @discardableResult
    private static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        // Keep binaryen's wasm-opt off PATH: clang would run it at -O2 and change the code under test.
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = "/usr/lib/llvm-16/bin:/usr/bin:/bin"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // Diagnostics go to our stderr; only stdout is read, so no pipe can fill up unread.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason == .exit && process.terminationStatus == 0 else {
            throw Failure(description: "\(executable) exited with status \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
