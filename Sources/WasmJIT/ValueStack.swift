// The compiler's model of the wasm operand stack: for every value, where it
// lives right now (Winch's stack.rs, Liftoff's VarState). A value can be a
// constant the compiler has not materialized, a register, a reference to a
// local it has not loaded yet, or spilled to its own frame slot. Keeping
// values in these lazy forms is what lets constants fold into immediates and
// locals into memory operands.
//
// A spilled value always lives in the slot of its own stack depth, so a
// spilled entry needs no offset, and "canonical location" at a merge point
// simply means "spilled".
//
// Besides the values, the stack keeps a few counts that let the compiler skip
// scans in the common case: how many bottom entries are known to be spilled,
// how many entries hold registers or reference locals, and the lowest depth
// changed since the debug side table last recorded the stack.
import WasmCore

struct StackValue {
    enum Location: Equatable {
        /// The bits of the value; an i32 is zero-extended, an f32 is its bit pattern.
        case constant(UInt64)
        case register(ValueRegister)
        /// The value of local `index`, read lazily: valid until that local is written.
        case local(UInt32)
        /// In the frame slot of the value's stack depth.
        case spilled
    }

    var location: Location
    var type: ValueType

    init(_ location: Location, _ type: ValueType) {
        self.location = location
        self.type = type
    }

    var register: ValueRegister? {
        if case .register(let register) = location { register } else { nil }
    }

    var constantBits: UInt64? {
        if case .constant(let bits) = location { bits } else { nil }
    }

    var isSpilled: Bool { location == .spilled }

    static func constant(_ type: ValueType, _ bits: UInt64) -> StackValue { StackValue(.constant(bits), type) }
}

struct ValueStack {
    private(set) var values: [StackValue] = []
    /// Entries below this index are all spilled.
    private(set) var spilledPrefix = 0
    /// Entries whose location is a register.
    private(set) var registerCount = 0
    /// Entries whose location is a local.
    private(set) var localReferenceCount = 0
    /// The lowest index written, pushed or popped since `markRecorded()`.
    private(set) var lowestChange = 0

    var count: Int { values.count }

    mutating func reset(capacity: Int) {
        values.removeAll(keepingCapacity: true)
        values.reserveCapacity(capacity)
        spilledPrefix = 0
        registerCount = 0
        localReferenceCount = 0
        lowestChange = 0
    }

    subscript(index: Int) -> StackValue { values[index] }

    /// The value `depth` entries below the top (0 is the top).
    func peek(_ depth: Int = 0) -> StackValue { values[values.count - 1 - depth] }

    mutating func push(_ value: StackValue) {
        count(value, +1)
        values.append(value)
    }

    /// Removes the top value. A register it held stays allocated: the caller owns it now.
    mutating func pop() -> StackValue {
        let value = values.removeLast()
        count(value, -1)
        let index = values.count
        if spilledPrefix > index { spilledPrefix = index }
        if lowestChange > index { lowestChange = index }
        return value
    }

    /// Replaces the location of entry `index` (a spill, a materialization).
    mutating func setLocation(_ index: Int, _ location: StackValue.Location) {
        count(values[index], -1)
        values[index].location = location
        count(values[index], +1)
        if lowestChange > index { lowestChange = index }
    }

    /// Replaces the type of entry `index` without moving it (reinterpretations, wraps).
    mutating func setType(_ index: Int, _ type: ValueType) {
        values[index].type = type
        if lowestChange > index { lowestChange = index }
    }

    /// Records that every entry is spilled (after `FunctionCompiler.spillAll()`).
    mutating func markAllSpilled() {
        spilledPrefix = values.count
    }

    /// The debug side table recorded the stack as it is now.
    mutating func markRecorded() {
        lowestChange = values.count
    }

    private mutating func count(_ value: StackValue, _ delta: Int) {
        switch value.location {
        case .register: registerCount += delta
        case .local: localReferenceCount += delta
        default: break
        }
    }
}
