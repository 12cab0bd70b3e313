import Foundation

/// Compiles the generated C corpus to one wasm module with clang-16.
enum CorpusBuilder {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let compiler = "/usr/bin/clang-16"

    /// Builds the module in a fresh temporary directory and returns its bytes.
    static func build(unitCount: Int, functionsPerUnit: Int) throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("wasmscope-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        var generator = CorpusGenerator(seed: 0x5EED)
        var sources: [String] = []
        for unit in 0..<unitCount {
            let path = directory.appendingPathComponent("unit\(unit).c").path
            let text = generator.translationUnit(prefix: "unit\(unit)", functionCount: functionsPerUnit)
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            sources.append(path)
        }
        let output = directory.appendingPathComponent("corpus.wasm").path
        // -O0 -g: the shape of a debug build, which is what a debugger loads.
        let arguments = [
            "--target=wasm32-wasi", "-O0", "-g", "-nostdlib", "-Wl,--no-entry", "-Wl,--export-all",
            "-Wl,--allow-undefined", "-o", output,
        ] + sources
        try run(compiler, arguments)
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: output)))
    }

    private static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        // Keep binaryen's wasm-opt off PATH: clang would run it, and it strips DWARF.
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = "/usr/bin:/bin"
        process.environment = environment
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(executable) exited with status \(process.terminationStatus)")
        }
    }
}
