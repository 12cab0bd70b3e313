/// What the compiler hands to the runtime: position-independent machine code
/// for every defined function, and per function the maps that tie machine
/// code back to wasm. The runtime copies `code` into executable memory as
/// one block; every offset here is relative to the start of that block.
///
/// These maps are the instrumentation hooks: the runtime uses trap sites and
/// call sites for traps and backtraces, the debugger uses the op map and the
/// debug side table for breakpoints, stepping and variables, the profiler
/// uses the op map to attribute samples.
import WasmCore

public struct CompiledModule: Sendable {
    /// Machine code for all functions, back to back. Calls between functions
    /// of the module are pc-relative; nothing in it needs relocating.
    public var code: [UInt8]
    /// One per defined function, in function-section order.
    public var functions: [CompiledFunction]
    /// Whether the prologues increment the call counters the VM context's
    /// `callCounts` field points to (`Compiler.Options.countsCalls`); the
    /// runtime then gives every instance a counter per defined function.
    public var countsCalls: Bool

    public init(code: [UInt8], functions: [CompiledFunction], countsCalls: Bool = false) {
        self.code = code
        self.functions = functions
        self.countsCalls = countsCalls
    }

    /// The function whose code contains `offset`, by binary search.
    public func function(containing offset: Int) -> CompiledFunction? {
        // Functions are laid out in order, without overlap: the first one
        // ending after `offset` is the only one that can contain it.
        let index = functions.partitionPoint(where: { $0.codeRange.upperBound <= offset })
        return index < functions.count && functions[index].codeRange.contains(offset) ? functions[index] : nil
    }
}

public struct CompiledFunction: Sendable {
    /// Index in the module's function index space (imports first).
    public var functionIndex: UInt32
    /// Where the function's code lies in `CompiledModule.code`; its entry is the lower bound.
    public var codeRange: Range<Int>
    /// Machine offset where the first op's code begins (after the prologue):
    /// where a function breakpoint goes.
    public var bodyStartOffset: Int
    /// One entry per wasm op, sorted by machine offset (and by wasm offset).
    public var opMap: [OpMapEntry]
    /// Sorted by machine offset.
    public var trapSites: [TrapSite]
    /// Sorted by return address.
    public var callSites: [CallSite]
    public var debugSideTable: DebugSideTable

    public init(
        functionIndex: UInt32, codeRange: Range<Int>, bodyStartOffset: Int, opMap: [OpMapEntry],
        trapSites: [TrapSite], callSites: [CallSite], debugSideTable: DebugSideTable
    ) {
        self.functionIndex = functionIndex
        self.codeRange = codeRange
        self.bodyStartOffset = bodyStartOffset
        self.opMap = opMap
        self.trapSites = trapSites
        self.callSites = callSites
        self.debugSideTable = debugSideTable
    }
}

/// The machine code of one wasm op. Ops that emit no code (a folded constant,
/// a `nop`) have an empty range at the position where they would be.
public struct OpMapEntry: Sendable, Hashable {
    /// Module offset of the op.
    public var wasmOffset: UInt32
    public var machineStart: UInt32
    public var machineEnd: UInt32

    public init(wasmOffset: UInt32, machineStart: UInt32, machineEnd: UInt32) {
        self.wasmOffset = wasmOffset
        self.machineStart = machineStart
        self.machineEnd = machineEnd
    }
}

/// A machine instruction that can trap (the `ud2` of a trap stub, or a memory
/// access that faults on a guard page) and what the trap means.
public struct TrapSite: Sendable, Hashable {
    public var machineOffset: UInt32
    public var code: TrapCode
    /// Module offset of the op that trapped.
    public var wasmOffset: UInt32

    public init(machineOffset: UInt32, code: TrapCode, wasmOffset: UInt32) {
        self.machineOffset = machineOffset
        self.code = code
        self.wasmOffset = wasmOffset
    }
}

/// A call from this function: the return address identifies the caller's op
/// when walking frames.
public struct CallSite: Sendable, Hashable {
    /// Machine offset of the instruction after the call.
    public var returnOffset: UInt32
    /// Module offset of the call op.
    public var wasmOffset: UInt32

    public init(returnOffset: UInt32, wasmOffset: UInt32) {
        self.returnOffset = returnOffset
        self.wasmOffset = wasmOffset
    }
}
