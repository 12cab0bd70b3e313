/// Exact calls per wasm function, from the JIT's prologue counters
/// (`Compiler.Options.countsCalls`, `wasmscope profile --count`). Unlike the
/// rest of a profile they are counted by instrumentation, not sampled: a
/// function that runs for a microsecond a million times shows a million
/// calls, where sampling may never see it.
///
/// Functions are named and located as the profile names them (demangled,
/// DWARF's definition), through the same symbolication.
import WasmRuntime

public struct CallCounts: Sendable {
    public struct Entry: Sendable, Hashable {
        public var function: ProfileFunction
        public var calls: UInt64

        public init(function: ProfileFunction, calls: UInt64) {
            self.function = function
            self.calls = calls
        }
    }

    /// Functions called at least once, most calls first (then by name).
    public var entries: [Entry]
    /// Defined functions of the counted modules that were never called.
    public var uncalledFunctionCount: Int
    /// Read after the run ended, so exact; false for a read during the run,
    /// which may be a moment behind the guest (see `CallCounters`).
    public var isFinal: Bool

    public init(entries: [Entry], uncalledFunctionCount: Int, isFinal: Bool) {
        self.entries = entries.sorted { ($0.calls, $1.function.name) > ($1.calls, $0.function.name) }
        self.uncalledFunctionCount = uncalledFunctionCount
        self.isFinal = isFinal
    }

    /// Calls to every counted function together.
    public var totalCalls: UInt64 { entries.reduce(0) { $0 &+ $1.calls } }

    /// The counters of every module compiled to count calls, nil if none was.
    public init?(reading modules: [LoadedModule], symbolication: ProfileSymbolication, isFinal: Bool) {
        var entries: [Entry] = []
        var uncalled = 0
        var countedAny = false
        for module in modules {
            guard let counts = module.callCounts() else { continue }
            countedAny = true
            for (functionIndex, calls) in counts {
                guard calls > 0 else {
                    uncalled += 1
                    continue
                }
                guard let function = symbolication.wasmFunction(module: module, functionIndex: functionIndex) else { continue }
                entries.append(Entry(function: function, calls: calls))
            }
        }
        guard countedAny else { return nil }
        self.init(entries: entries, uncalledFunctionCount: uncalled, isFinal: isFinal)
    }
}
