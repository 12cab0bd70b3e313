import WasmCore

/// Where every wasm local and operand-stack value lives at each op boundary
/// where execution can stop, modelled on V8's DebugSideTable. A debugger
/// stopped at a machine offset finds the entry for it and reads each value
/// from a register (saved in the signal context), a frame slot (relative to
/// rbp) or the recorded constant.
///
/// Entries share one flat array of locations instead of holding arrays of
/// their own, so a function of 100k ops costs a few allocations, not 100k.
public struct DebugSideTable: Sendable {
    public struct Entry: Sendable, Hashable {
        /// Machine offset of the op's first instruction: the stop position.
        public var machineOffset: UInt32
        /// Module offset of the op.
        public var wasmOffset: UInt32
        /// The operand stack, bottom first: `locations[stackStart ..< stackStart + stackCount]`.
        public var stackStart: UInt32
        public var stackCount: UInt32

        public init(machineOffset: UInt32, wasmOffset: UInt32, stackStart: UInt32, stackCount: UInt32) {
            self.machineOffset = machineOffset
            self.wasmOffset = wasmOffset
            self.stackStart = stackStart
            self.stackCount = stackCount
        }
    }

    /// Sorted by machine offset, and by wasm offset too (code is emitted in op
    /// order). Several entries can share a machine offset; see `entry(atWasmOffset:)`.
    public var entries: [Entry]
    /// Operand stack locations of all entries.
    public var locations: [ValueLocation]
    /// Where each local (parameters first) lives for the whole function body:
    /// its frame slot, or the register it is pinned to. It does not change
    /// from op to op; a later tier may record per-entry locals.
    public var locals: [ValueLocation]
    /// The registers the function pins locals to. In debug code
    /// (`Compiler.Options.savesPinnedLocalsAtCalls`) `locals` names the
    /// slots: a caller's locals are there during a call (host calls and
    /// builtins included), and are read back from there after it; only the
    /// innermost frame, stopped in its body, has its pinned locals in these
    /// registers.
    public var pinnedRegisters: [PinnedRegister]

    public init(
        entries: [Entry] = [], locations: [ValueLocation] = [], locals: [ValueLocation] = [],
        pinnedRegisters: [PinnedRegister] = []
    ) {
        self.pinnedRegisters = pinnedRegisters
        self.entries = entries
        self.locations = locations
        self.locals = locals
    }

    /// The operand stack at an entry, bottom first.
    public func stack(at entry: Entry) -> ArraySlice<ValueLocation> {
        locations[Int(entry.stackStart)..<Int(entry.stackStart + entry.stackCount)]
    }

    /// The entry of the op at a module offset, if execution can stop there.
    /// Ops that emit no code (a folded constant, a lazily read local) share
    /// their machine offset with the op after them; this finds each one's own
    /// stack, where `entry(atMachineOffset:)` finds the first of them.
    public func entry(atWasmOffset offset: UInt32) -> Entry? {
        let low = entries.partitionPoint(where: { $0.wasmOffset < offset })
        return low < entries.count && entries[low].wasmOffset == offset ? entries[low] : nil
    }

    /// The entry for a machine offset, if execution can stop there.
    public func entry(atMachineOffset offset: UInt32) -> Entry? {
        let low = entries.partitionPoint(where: { $0.machineOffset < offset })
        return low < entries.count && entries[low].machineOffset == offset ? entries[low] : nil
    }
}

/// A register a function keeps a local in for its whole body.
public struct PinnedRegister: Sendable, Hashable {
    public var local: UInt32
    /// `.generalRegister` or `.vectorRegister`.
    public var register: ValueLocation.Kind

    public init(local: UInt32, register: ValueLocation.Kind) {
        self.local = local
        self.register = register
    }
}

/// Where one wasm value lives.
public struct ValueLocation: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A general-purpose register, by x86 encoding number (0 = rax … 15 = r15).
        case generalRegister(UInt8)
        /// An xmm register by number.
        case vectorRegister(UInt8)
        /// A frame slot at rbp + offset.
        case frameSlot(rbpOffset: Int32)
        /// A constant the compiler folded; the bits of the value.
        case constant(UInt64)
    }

    public var kind: Kind
    public var type: ValueType

    public init(_ kind: Kind, type: ValueType) {
        self.kind = kind
        self.type = type
    }
}
