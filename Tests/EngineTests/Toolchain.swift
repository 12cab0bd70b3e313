/// Builds the C programs with clang-16, for wasm32 without libc and for the
/// host, in a fresh temporary directory per build.
import Foundation

enum Toolchain {
    static let compiler = "/usr/bin/clang-16"

    /// clang-16 and the wasm linker it runs (Debian's lld-16).
    static var isInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: compiler)
            && FileManager.default.isExecutableFile(atPath: "/usr/lib/llvm-16/bin/wasm-ld")
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `clang-16 --target=wasm32 -nostdlib`: no WASI, so the module has no
    /// imports the test does not provide, and every function is exported.
    static func buildWasm(_ program: TestProgram, level: OptimizationLevel) throws -> [UInt8] {
        try withTemporaryDirectory { directory in
            let output = directory.appendingPathComponent("\(program.name).wasm").path
            try run(
                compiler,
                ["--target=wasm32", "-nostdlib", "-Wl,--no-entry", "-Wl,--export-all", level.rawValue]
                    + program.wasmFlags() + ["-o", output, program.sourcePath])
            return try [UInt8](Data(contentsOf: URL(fileURLWithPath: output)))
        }
    }

    /// Builds `program` natively with `driver` as its main, runs it and returns what it printed.
    static func runNative(_ program: TestProgram, driver: String) throws -> String {
        try withTemporaryDirectory { directory in
            let driverPath = directory.appendingPathComponent("driver.c").path
            let executable = directory.appendingPathComponent(program.name).path
            try driver.write(toFile: driverPath, atomically: false, encoding: .utf8)
            try run(compiler, ["-O2", "-w", "-o", executable, driverPath, program.sourcePath, "-lm"])
            return try run(executable, [])
        }
    }

    private static func withTemporaryDirectory<Result>(_ body: (URL) throws -> Result) throws -> Result {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("wasmscope-engine-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try body(directory)
    }

    /// Runs a tool to completion; its standard output, or a failure carrying its standard error.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        // clang runs binaryen's wasm-opt at -O1 and above if it finds one on
        // PATH, and that would change the code under test behind our back.
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = "/usr/lib/llvm-16/bin:/usr/bin:/bin"
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Drain both pipes while the child runs: a full pipe would block it forever.
        let errorReader = PipeReader(errors)
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errorReader.wait()
        process.waitUntilExit()
        guard process.terminationReason == .exit && process.terminationStatus == 0 else {
            let message = String(decoding: errorData, as: UTF8.self)
            throw Failure(
                description:
                    "\(executable) \(arguments.joined(separator: " ")) failed (status \(process.terminationStatus)):\n\(message)"
            )
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
