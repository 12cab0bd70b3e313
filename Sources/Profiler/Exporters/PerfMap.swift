/// `--perfmap`, part one: `/tmp/perf-PID.map`, the symbol file Linux perf
/// reads for code it finds no ELF file for (JIT code): one line per wasm
/// function, `START SIZE NAME` with START and SIZE in hex. `perf report` on a
/// `perf record` of wasmscope then names JIT frames `wasm!module!function`.
import Foundation
import Symbolication
import WasmRuntime

public enum PerfMap {
    /// One map entry: a function's code in memory.
    public struct Entry: Sendable, Hashable {
        public var address: UInt64
        public var size: UInt64
        public var name: String
    }

    /// The entries for every defined function of `modules`, by address.
    public static func entries(modules: [LoadedModule], symbolication: ProfileSymbolication) -> [Entry] {
        var entries: [Entry] = []
        for module in modules {
            let moduleName = module.name ?? "module"
            symbolication.withSymbolizer(for: module) { symbolizer in
                for function in module.compiledModule.functions where !function.codeRange.isEmpty {
                    entries.append(
                        Entry(
                            address: UInt64(module.codeBaseAddress) + UInt64(function.codeRange.lowerBound),
                            size: UInt64(function.codeRange.count),
                            name: "wasm!\(moduleName)!\(symbolizer.functionName(function.functionIndex))"))
                }
            }
        }
        return entries.sorted { $0.address < $1.address }
    }

    public static func text(_ entries: [Entry]) -> String {
        entries.map { entry in
            // perf splits on the first two spaces; the name may contain more, but no newline.
            let name = entry.name.replacingOccurrences(of: "\n", with: " ")
            return "\(String(entry.address, radix: 16)) \(String(entry.size, radix: 16)) \(name)\n"
        }.joined()
    }

    /// Where perf looks for this process's map.
    public static func defaultPath(processID: Int32 = getpid()) -> String { "/tmp/perf-\(processID).map" }

    /// Writes the map for `modules` to `path`.
    public static func write(
        modules: [LoadedModule], symbolication: ProfileSymbolication, to path: String = defaultPath()
    ) throws {
        let text = text(entries(modules: modules, symbolication: symbolication))
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
