// The public entry point of the baseline tier: a validated module in, one
// block of position-independent x86-64 code and its code maps out. Functions
// are compiled one after another into a single buffer; direct calls between
// them are pc-relative and patched once every function has its place.
import WasmCore
import WasmValidator
import X64Assembler

/// The single-pass baseline compiler (Liftoff/Winch style).
public struct Compiler: Sendable {
    public struct Options: Sendable, Hashable {
        /// Whether a compare feeds the br_if, if or select after it through
        /// the flags instead of materializing a 0/1 value. Faster; but the
        /// branch then has no debug side table entry of its own (its
        /// condition lives in the flags, which no `ValueLocation` names), so
        /// debug sessions that step by op may turn it off.
        public var fusesComparisons = true
        /// Whether every function's prologue increments its own 64-bit
        /// counter (`VMContextLayout.callCounts`, one per defined function),
        /// for exact call counts. Off by default: it costs a load and a
        /// read-modify-write per call, and the code is otherwise unchanged.
        public var countsCalls = false
        /// Whether `local.get` may take a local's value from the register (or
        /// constant) it was just written from, within straight-line code,
        /// instead of reloading its slot. Slots are written either way; off for
        /// debug sessions, since a debugger may write a local's slot.
        public var cachesLocals = true
        /// Whether the locals that loops use most live in registers
        /// (FunctionCompiler+PinnedLocals) instead of frame slots.
        public var pinsLocals = true
        /// Whether pinned locals go to their frame slots before every call
        /// and come back after it, so that a debugger finds every caller's
        /// locals in their slots (and a change it makes there is what the
        /// caller continues with); only the innermost frame's pinned locals
        /// are then in registers (`DebugSideTable.pinnedRegisters`).
        public var savesPinnedLocalsAtCalls = false

        public init(
            fusesComparisons: Bool = true, countsCalls: Bool = false, cachesLocals: Bool = true, pinsLocals: Bool = true,
            savesPinnedLocalsAtCalls: Bool = false
        ) {
            self.fusesComparisons = fusesComparisons
            self.countsCalls = countsCalls
            self.cachesLocals = cachesLocals
            self.pinsLocals = pinsLocals
            self.savesPinnedLocalsAtCalls = savesPinnedLocalsAtCalls
        }

        /// Code for a debug session: a stop at every reachable op, callers' locals in their slots.
        public static let debugging = Options(
            fusesComparisons: false, cachesLocals: false, pinsLocals: true, savesPinnedLocalsAtCalls: true)
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    public func compile(_ module: ValidatedModule) throws(CompileError) -> CompiledModule {
        let info = ModuleInfo(module)
        // Records are addressed as index * size in a 32-bit displacement.
        let context = module.context
        if context.functionTypeIndices.count > Int(Int32.max / FunctionReferenceLayout.size)
            || context.globals.count > Int(Int32.max / 8) || context.tables.count > Int(Int32.max / 8)
            || context.types.count > Int(Int32.max / 4)
        {
            throw CompileError("module too large: too many functions, globals, tables or types")
        }
        let codeSize = module.module.functionBodies.reduce(0) { $0 + $1.codeRange.count }
        // Baseline code runs at roughly 4-6 bytes of machine code per byte of wasm.
        var compiler = FunctionCompiler(info: info, options: options, codeCapacity: codeSize * 6 + 4096)
        var functions: [CompiledFunction] = []
        functions.reserveCapacity(module.functionSummaries.count)
        for (definedIndex, summary) in module.functionSummaries.enumerated() {
            functions.append(try compiler.compileFunction(definedIndex: definedIndex, summary: summary))
        }
        for patch in compiler.callPatches {
            let target = functions[patch.calleeDefinedIndex].codeRange.lowerBound
            compiler.assembler.patchInt32(at: patch.position, Int32(target - (patch.position + 4)))
        }
        return CompiledModule(code: compiler.assembler.finish(), functions: functions, countsCalls: options.countsCalls)
    }
}
