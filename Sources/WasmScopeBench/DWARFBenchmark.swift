// `wasmscope-bench dwarf`: how long loading DWARF takes for a module with a
// million line-table rows, the size of a large debug build.
//
//   wasmscope-bench dwarf [MODULE.wasm] [--rows N] [--runs N] [--save PATH]
//
// Without a module it generates C with about N line rows (default 1,000,000),
// compiles it with clang-16 -g -O0 and loads that. Each figure is the best of
// N runs (default 5) of a fresh DebugInfo: opening (ELF wrapping + libdw),
// then forcing the merged line table and the unit address index, then the
// function index on its own.
import DWARF
import Dispatch
import Foundation
import Synchronization
import WasmCore

enum DWARFBenchmark {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func run(arguments: [String]) throws {
        var modulePath: String?
        var targetRows = 1_000_000
        var runs = 5
        var savePath: String?
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--rows": targetRows = Int(iterator.next() ?? "") ?? targetRows
            case "--runs": runs = max(1, Int(iterator.next() ?? "") ?? runs)
            case "--save": savePath = iterator.next()
            default: modulePath = argument
            }
        }
        let bytes: [UInt8]
        if let modulePath {
            bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: modulePath)))
        } else {
            bytes = try buildModule(rows: targetRows)
        }
        if let savePath { _ = FileManager.default.createFile(atPath: savePath, contents: Data(bytes)) }
        try measure(bytes, runs: runs)
    }

    private static func measure(_ bytes: [UInt8], runs: Int) throws {
        let module = try Module(decoding: bytes)
        guard let probe = try DebugInfo(moduleBytes: bytes, module: module) else {
            throw Failure(description: "the module has no .debug_info")
        }
        let rowCount = probe.lineTable.count
        let unitCount = probe.compilationUnits.count
        let functionCount = probe.functions.count
        let debugBytes = module.customSections.filter { $0.name.hasPrefix(".debug_") }.reduce(0) { $0 + $1.payloadRange.count }

        var open = Double.infinity
        var lines = Double.infinity
        var unitIndex = Double.infinity
        var functions = Double.infinity
        var total = Double.infinity
        for _ in 0..<runs {
            let start = now()
            guard let info = try DebugInfo(moduleBytes: bytes, module: module) else { return }
            let opened = now()
            let rows = info.lineTable.count
            let linesDone = now()
            _ = info.compilationUnitIndex(containing: info.lineTable.first?.address ?? 0)
            let indexDone = now()
            _ = info.functions.count
            let functionsDone = now()
            precondition(rows == rowCount)
            open = min(open, opened - start)
            lines = min(lines, linesDone - opened)
            unitIndex = min(unitIndex, indexDone - linesDone)
            functions = min(functions, functionsDone - indexDone)
            total = min(total, indexDone - start)
        }
        print("dwarf module: \(bytes.count) bytes, \(debugBytes) bytes of .debug_* sections")
        print("dwarf units: \(unitCount), functions: \(functionCount)")
        print("dwarf line rows: \(rowCount)")
        print(String(format: "dwarf open (ELF wrapping + libdw): %.1f ms", open * 1e3))
        print(String(format: "dwarf line table: %.1f ms (%.0f ns/row)", lines * 1e3, lines * 1e9 / Double(max(rowCount, 1))))
        print(String(format: "dwarf unit address index: %.1f ms", unitIndex * 1e3))
        print(String(format: "dwarf load (open + line table + unit index): %.1f ms", total * 1e3))
        print(String(format: "dwarf function index: %.1f ms", functions * 1e3))
    }

    private static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    // MARK: The generated program

    /// One unit of `functionsPerUnit` functions of `linesPerFunction` lines gives about
    /// 200,000 rows at -O0 (clang writes a row per column change, ten per line here).
    private static let functionsPerUnit = 200
    private static let linesPerFunction = 100
    private static let rowsPerUnit = 200_000

    static func buildModule(rows: Int) throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("wasmscope-bench-dwarf-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let unitCount = max(1, (rows + rowsPerUnit - 1) / rowsPerUnit)
        let sources = (0..<unitCount).map { directory.appendingPathComponent("lines\($0).c").path }
        for (unit, path) in sources.enumerated() {
            try unitSource(unit).write(toFile: path, atomically: false, encoding: .utf8)
        }
        // Compile units side by side, then link: clang alone would compile them one after another.
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: unitCount) { unit in
            do {
                try runClang(["--target=wasm32", "-g", "-O0", "-c", "-o", sources[unit] + ".o", sources[unit]])
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        if let failure = failures.withLock({ $0.first }) { throw Failure(description: failure) }
        let output = directory.appendingPathComponent("lines.wasm").path
        try runClang(
            ["--target=wasm32", "-nostdlib", "-Wl,--no-entry", "-Wl,--export-all", "-o", output]
                + sources.map { $0 + ".o" })
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: output)))
    }

    /// Straight-line arithmetic, one source line per pair of statements.
    private static func unitSource(_ unit: Int) -> String {
        var text = "static volatile int sink\(unit);\n"
        for function in 0..<functionsPerUnit {
            text += "int lines\(unit)_\(function)(int a, int b) {\n    int x = a, y = b;\n"
            for line in 0..<linesPerFunction {
                text += "    x = x * \(line + 3) + y; y = y ^ (x >> \(line % 7 + 1));\n"
            }
            text += "    sink\(unit) = x;\n    return x + y;\n}\n"
        }
        return text
    }

    private static func runClang(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/clang-16")
        process.arguments = arguments
        // Keep binaryen's wasm-opt off PATH: clang would run it, and it strips DWARF.
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = "/usr/lib/llvm-16/bin:/usr/bin:/bin"
        process.environment = environment
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit && process.terminationStatus == 0 else {
            throw Failure(description: "clang-16 \(arguments.joined(separator: " ")) exited with status \(process.terminationStatus)")
        }
    }
}
