/// A C program under Programs/, and the extra clang flags its wasm build
/// needs, which the source names itself in `// wasm-flags:` lines so that
/// the flags live next to the code that depends on them.
import Foundation
import Testing

struct TestProgram: Sendable, Hashable, CustomTestStringConvertible {
    /// The file name without `.c`.
    let name: String

    static let programsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Programs")

    /// The programs whose checksums are compared with a native build.
    static let comparedWithNative: [TestProgram] = [
        "hashing", "crypto", "sorting", "recursion", "floating", "saturation", "integers", "dispatch", "memory", "bulk",
        "multivalue",
    ].map(TestProgram.init)

    /// Faults on purpose; wasm only.
    static let traps = TestProgram(name: "traps")

    var sourcePath: String { Self.programsDirectory.appendingPathComponent("\(name).c").path }

    var testDescription: String { "\(name).c" }

    /// The flags of every `// wasm-flags:` line, in order.
    func wasmFlags() throws -> [String] {
        let text = try String(contentsOfFile: sourcePath, encoding: .utf8)
        let marker = "// wasm-flags:"
        return text.split(separator: "\n").filter { $0.hasPrefix(marker) }.flatMap {
            $0.dropFirst(marker.count).split(separator: " ").map(String.init)
        }
    }
}

/// The optimization levels every program is built at: -O0 keeps every local
/// in the C shadow stack and every operation as written; -O2 makes the
/// compact, register-heavy code (selects, br_table, loops rotated) a release
/// build ships.
enum OptimizationLevel: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case none = "-O0"
    case full = "-O2"

    var testDescription: String { rawValue }
}
