// The layout of a wasm function's frame, all relative to rbp so the debugger
// can find every value from the frame pointer alone:
//
//   rbp + 16 + 8*i   parameter i (the caller's argument/result slots)
//   rbp + 8          return address
//   rbp + 0          caller's rbp
//   rbp - 8          caller's r14
//   rbp - 16         caller's r15
//   rbp - 24 - 8*j   declared local j (j = 0 for the first non-parameter local)
//   below them       one slot per operand stack depth, depth 0 first
//   below them       the caller's values of the registers the function pins locals to
//   rsp ...          outgoing argument/result slots of calls, `max(params, results)` of the largest callee
//
// rsp stays put for the whole body (16-byte aligned), so calls, builtins and
// host calls never adjust it. The operand slots are the canonical locations
// of stack values at control-flow merges: a spilled value is in the slot of
// its own depth.
import WasmCore

struct FrameLayout {
    var parameterCount = 0
    var localCount = 0
    var maxOperandStackHeight = 0
    /// How many registers hold pinned locals (their callers' values are saved in the frame).
    var pinnedRegisterCount = 0

    static let savedR14Offset: Int32 = -8
    static let savedR15Offset: Int32 = -16
    static let firstLocalOffset: Int32 = -24
    static let parameterAreaOffset: Int32 = 16
    static let slotSize: Int32 = 8

    /// Frames beyond this many slots are refused at compile time: the offsets
    /// stay far inside an Int32 and the stack check traps long before.
    static let maxSlotCount = 1 << 24

    var declaredLocalCount: Int { localCount - parameterCount }

    /// rbp offset of local `index` (parameters first).
    func localOffset(_ index: Int) -> Int32 {
        if index < parameterCount {
            return Self.parameterAreaOffset + Int32(index) * Self.slotSize
        }
        return Self.firstLocalOffset - Int32(index - parameterCount) * Self.slotSize
    }

    /// rbp offset of the slot of operand stack depth `depth`.
    func operandSlotOffset(_ depth: Int) -> Int32 {
        Self.firstLocalOffset - Int32(declaredLocalCount + depth) * Self.slotSize
    }

    /// rbp offset of the slot keeping the caller's value of pinned register `position`.
    func pinnedRegisterSaveOffset(_ position: Int) -> Int32 {
        operandSlotOffset(maxOperandStackHeight + position)
    }

    /// Bytes to reserve below the saved registers, rounded so rsp stays 16-byte aligned.
    func reservedBytes(outgoingSlotCount: Int) -> Int32 {
        let slots = declaredLocalCount + maxOperandStackHeight + pinnedRegisterCount + outgoingSlotCount
        return Int32((slots * Int(Self.slotSize) + 15) & ~15)
    }
}
