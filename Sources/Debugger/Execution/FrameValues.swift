/// Reads and writes wasm values where the debug side table says they live:
/// a frame slot (rbp-relative, in any frame), a register of the stopped
/// context (the innermost frame only), or a constant the compiler folded.
///
/// Frame layout (WasmJIT Frame.swift): parameters at rbp + 16 + 8i, declared
/// locals at rbp - 24 - 8j, then one operand slot per stack depth. A caller
/// frame is suspended at a call, where the JIT has spilled every value held
/// in a register to its depth's operand slot, so a register location in a
/// caller's table entry is read from that slot instead.
import WasmCore
import WasmJIT
import WasmRuntime

struct FrameValues {
    let walker: FrameWalker
    /// Reads a register of the stopped context, when frame 0 has one.
    let register: (ValueLocation.Kind) -> (low: UInt64, high: UInt64)?

    // MARK: - Locals

    func locals(of frame: WasmFrame) -> [Value]? {
        var values: [Value] = []
        for index in frame.function.debugSideTable.locals.indices {
            guard let value = read(Self.location(ofLocal: index, in: frame), in: frame, depth: nil) else { return nil }
            values.append(value)
        }
        return values
    }

    /// Where local `index` (a valid one) of the frame is now: the side
    /// table's location, except that the innermost frame, in its body and
    /// not at a call (a host call, or just back from one before the locals
    /// are reloaded), has its pinned locals in their registers.
    static func location(ofLocal index: Int, in frame: WasmFrame) -> ValueLocation {
        let table = frame.function.debugSideTable
        let location = table.locals[index]
        guard frame.index == 0, frame.isHostCall == nil, frame.machineOffset >= frame.function.bodyStartOffset,
            let pinned = table.pinnedRegisters.first(where: { $0.local == UInt32(index) }),
            frame.function.callSite(returningTo: frame.machineOffset) == nil
        else { return location }
        return ValueLocation(pinned.register, type: location.type)
    }

    // MARK: - Operand stack

    /// Bottom first. Frame 0 must be at an op boundary; callers and host calls
    /// show the stack under the call's arguments (the callee owns those now).
    func operandStack(of frame: WasmFrame) -> [Value]? {
        let table = frame.function.debugSideTable
        if frame.index == 0 && frame.isHostCall == nil {
            guard frame.isAtOpBoundary, let entry = entry(of: frame) else { return nil }
            var values: [Value] = []
            for location in table.stack(at: entry) {
                guard let value = read(location, in: frame, depth: nil) else { return nil }
                values.append(value)
            }
            return values
        }
        guard let wasmOffset = frame.wasmOffset, let entry = table.entry(atWasmOffset: UInt32(wasmOffset)),
            let consumed = Self.operandsConsumedByCall(in: frame.module.module, at: wasmOffset)
        else { return nil }
        let stack = table.stack(at: entry)
        let kept = max(0, stack.count - consumed)
        var values: [Value] = []
        for (depth, location) in stack.prefix(kept).enumerated() {
            guard let value = read(location, in: frame, depth: depth) else { return nil }
            values.append(value)
        }
        return values
    }

    /// The side-table entry for frame 0's pc: the one of the frame's op when
    /// it starts here, else the first at this machine offset.
    private func entry(of frame: WasmFrame) -> DebugSideTable.Entry? {
        let table = frame.function.debugSideTable
        if let wasmOffset = frame.wasmOffset, let entry = table.entry(atWasmOffset: UInt32(wasmOffset)),
            Int(entry.machineOffset) == frame.machineOffset
        {
            return entry
        }
        return table.entry(atMachineOffset: UInt32(frame.machineOffset))
    }

    /// How many operands the call op at `offset` takes off the stack
    /// (its arguments, and call_indirect's table index); nil for other ops.
    static func operandsConsumedByCall(in module: Module, at offset: Int) -> Int? {
        let bytes = module.bytes
        guard offset >= 0 && offset < bytes.count else { return nil }
        var position = offset + 1
        guard let index = readUnsignedLEB(bytes, &position) else { return nil }
        switch bytes[offset] {
        case 0x10:  // call
            let types = module.allFunctionTypeIndices
            guard Int(index) < types.count, Int(types[Int(index)]) < module.types.count else { return nil }
            return module.types[Int(types[Int(index)])].parameters.count
        case 0x11:  // call_indirect
            guard Int(index) < module.types.count else { return nil }
            return module.types[Int(index)].parameters.count + 1
        default:
            return nil
        }
    }

    private static func readUnsignedLEB(_ bytes: ModuleBytes, _ position: inout Int) -> UInt32? {
        var result: UInt32 = 0
        var shift: UInt32 = 0
        while position < bytes.count && shift < 35 {
            let byte = bytes[position]
            position += 1
            result |= UInt32(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
        return nil
    }

    // MARK: - Locations

    /// `depth`: the operand-stack depth of the value, for caller frames (whose
    /// register values were spilled to their depth's slot); nil for frame 0.
    func read(_ location: ValueLocation, in frame: WasmFrame, depth: Int?) -> Value? {
        switch location.kind {
        case .constant(let bits):
            return Self.value(of: location.type, low: bits, high: 0)
        case .frameSlot(let offset):
            return readSlot(frame.framePointer, offset: offset, type: location.type)
        case .generalRegister, .vectorRegister:
            if let depth {
                let offset = Self.operandSlotOffset(in: frame.function, depth: depth)
                return readSlot(frame.framePointer, offset: offset, type: location.type)
            }
            guard frame.index == 0, frame.isHostCall == nil, let bits = register(location.kind) else { return nil }
            return Self.value(of: location.type, low: bits.low, high: bits.high)
        }
    }

    private func readSlot(_ framePointer: UInt, offset: Int32, type: ValueType) -> Value? {
        let address = UInt64(Int64(framePointer) + Int64(offset))
        guard let low = walker.readStack(address) else { return nil }
        let high = type == .v128 ? walker.readStack(address + 8) ?? 0 : 0
        return Self.value(of: type, low: low, high: high)
    }

    /// rbp offset of the operand slot of `depth` (WasmJIT's FrameLayout.operandSlotOffset).
    static func operandSlotOffset(in function: CompiledFunction, depth: Int) -> Int32 {
        let locals = function.debugSideTable.locals
        let declared = locals.filter { if case .frameSlot(let offset) = $0.kind { offset < 0 } else { false } }.count
        return -24 - Int32(declared + depth) * 8
    }

    static func value(of type: ValueType, low: UInt64, high: UInt64) -> Value {
        switch type {
        case .i32: .i32(UInt32(truncatingIfNeeded: low))
        case .i64: .i64(low)
        case .f32: .f32(UInt32(truncatingIfNeeded: low))
        case .f64: .f64(low)
        case .v128: .v128(V128(low: low, high: high))
        case .funcref: .funcref(low == 0 ? nil : FunctionReference(address: UInt(low)))
        case .externref: .externref(low == 0 ? nil : low &- 1)
        }
    }

    /// The 64-bit slot form of a value (i32 and f32 zero-extended; references as JIT code holds them).
    static func bits(of value: Value) -> (low: UInt64, high: UInt64) {
        switch value {
        case .i32(let bits), .f32(let bits): (UInt64(bits), 0)
        case .i64(let bits), .f64(let bits): (bits, 0)
        case .v128(let vector): (vector.low, vector.high)
        case .funcref(let reference): (UInt64(reference?.address ?? 0), 0)
        case .externref(let value): (value.map { $0 &+ 1 } ?? 0, 0)
        }
    }
}
