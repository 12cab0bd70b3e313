/// clang-16 for wasm32-wasi (Debian's, which finds the wasi sysroot itself),
/// run with binaryen off PATH so -O1 and above do not run wasm-opt on the
/// output behind our back.
import Foundation

enum Toolchain {
    static let compiler = "/usr/bin/clang-16"

    /// clang-16, its wasm linker and wasi-libc.
    static var isInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: compiler)
            && FileManager.default.isExecutableFile(atPath: "/usr/lib/llvm-16/bin/wasm-ld")
            && FileManager.default.fileExists(atPath: "/usr/include/wasm32-wasi/wasi/api.h")
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Compiles one C source for wasm32-wasi at -O1 with debug information.
    static func buildWASI(source: String, name: String) throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wasi-build-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sourcePath = directory.appendingPathComponent("\(name).c").path
        let outputPath = directory.appendingPathComponent("\(name).wasm").path
        try source.write(toFile: sourcePath, atomically: false, encoding: .utf8)
        try run(compiler, ["--target=wasm32-wasi", "-O1", "-g", "-o", outputPath, sourcePath])
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: outputPath)))
    }

    /// Runs a tool to completion; a failure carries its standard error.
    static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = "/usr/lib/llvm-16/bin:/usr/bin:/bin"
        process.environment = environment
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("clang-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        let errorHandle = try FileHandle(forWritingTo: errors)
        process.standardError = errorHandle
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try errorHandle.close()
        guard process.terminationReason == .exit && process.terminationStatus == 0 else {
            let message = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) failed:\n\(message)")
        }
    }
}
