// Collects the code maps of one function while it is compiled: the op map,
// trap sites, call sites and the debug side table (see CodeMaps/). The
// compiler calls it at every op boundary and at every instruction that can
// trap or call; at the end it hands back a `CompiledFunction`.
//
// The debug side table stores each stop's operand stack as a range of one
// flat location array. Consecutive stops mostly differ at the top of the
// stack, so a stop whose stack extends the previous one appends only the new
// values, and one whose stack is a prefix of the previous one appends
// nothing; only other changes copy the whole stack. That keeps the table
// linear in the number of ops for the shallow stacks compilers produce.
import WasmCore

struct CodeMapRecorder {
    private(set) var opMap: [OpMapEntry] = []
    /// Traps inside the body (memory accesses, `unreachable`), in code order;
    /// they all precede the trap stubs.
    private var bodySites: [TrapSite] = []
    /// The stubs' `ud2`s, emitted after the body.
    private var stubSites: [TrapSite] = []
    private(set) var callSites: [CallSite] = []
    private var entries: [DebugSideTable.Entry] = []
    private var locations: [ValueLocation] = []
    /// The stack of the last entry: `locations[lastStart ..< lastStart + lastCount]`.
    private var lastStart = 0
    private var lastCount = 0

    init(expectedOpCount: Int) {
        opMap.reserveCapacity(expectedOpCount)
        entries.reserveCapacity(expectedOpCount)
        locations.reserveCapacity(expectedOpCount / 2)
    }

    mutating func recordOp(wasmOffset: Int, machineStart: Int, machineEnd: Int) {
        opMap.append(OpMapEntry(
            wasmOffset: UInt32(truncatingIfNeeded: wasmOffset), machineStart: UInt32(truncatingIfNeeded: machineStart),
            machineEnd: UInt32(truncatingIfNeeded: machineEnd)))
    }

    /// A trapping instruction inside the body: a memory access, or an inline `ud2`.
    mutating func recordBodyTrap(machineOffset: Int, code: TrapCode, wasmOffset: Int) {
        bodySites.append(TrapSite(
            machineOffset: UInt32(truncatingIfNeeded: machineOffset), code: code,
            wasmOffset: UInt32(truncatingIfNeeded: wasmOffset)))
    }

    mutating func recordTrapStub(machineOffset: Int, code: TrapCode, wasmOffset: Int) {
        stubSites.append(TrapSite(
            machineOffset: UInt32(truncatingIfNeeded: machineOffset), code: code,
            wasmOffset: UInt32(truncatingIfNeeded: wasmOffset)))
    }

    mutating func recordCall(returnOffset: Int, wasmOffset: Int) {
        callSites.append(CallSite(
            returnOffset: UInt32(truncatingIfNeeded: returnOffset), wasmOffset: UInt32(truncatingIfNeeded: wasmOffset)))
    }

    /// A stop position: the operand stack as it is when the op's code begins.
    mutating func recordStop(machineOffset: Int, wasmOffset: Int, stack: inout ValueStack, frame: FrameLayout) {
        let count = stack.count
        let unchanged = min(stack.lowestChange, lastCount)
        let start: Int
        if count <= unchanged {
            start = lastStart
        } else if unchanged == lastCount && lastStart + lastCount == locations.count {
            start = lastStart
            for index in lastCount..<count { locations.append(location(of: stack[index], depth: index, frame: frame)) }
        } else {
            start = locations.count
            for index in 0..<count { locations.append(location(of: stack[index], depth: index, frame: frame)) }
        }
        entries.append(DebugSideTable.Entry(
            machineOffset: UInt32(truncatingIfNeeded: machineOffset), wasmOffset: UInt32(truncatingIfNeeded: wasmOffset),
            stackStart: UInt32(start), stackCount: UInt32(count)))
        lastStart = start
        lastCount = count
        stack.markRecorded()
    }

    func location(of value: StackValue, depth: Int, frame: FrameLayout) -> ValueLocation {
        switch value.location {
        case .constant(let bits):
            return ValueLocation(.constant(bits), type: value.type)
        case .register(let register):
            return ValueLocation(register.locationKind, type: value.type)
        case .local(let index):
            return ValueLocation(.frameSlot(rbpOffset: frame.localOffset(Int(index))), type: value.type)
        case .spilled:
            return ValueLocation(.frameSlot(rbpOffset: frame.operandSlotOffset(depth)), type: value.type)
        }
    }

    /// The maps of the finished function.
    func finish(
        functionIndex: UInt32, codeRange: Range<Int>, bodyStartOffset: Int, locals: [ValueLocation],
        pinnedRegisters: [PinnedRegister]
    ) -> CompiledFunction {
        CompiledFunction(
            functionIndex: functionIndex, codeRange: codeRange, bodyStartOffset: bodyStartOffset, opMap: opMap,
            trapSites: bodySites + stubSites, callSites: callSites,
            debugSideTable: DebugSideTable(
                entries: entries, locations: locations, locals: locals, pinnedRegisters: pinnedRegisters))
    }
}
