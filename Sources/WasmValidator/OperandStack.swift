import WasmCore

/// The operand stack of the spec's validation algorithm: the type of every
/// value a function body has pushed and not yet popped.
///
/// An entry is nil for the spec's `Unknown`: a value conjured by popping
/// below the height of an unreachable frame, which matches any type.
///
/// Every instruction pushes or pops, so this is a raw buffer without the
/// uniqueness and bounds checks of an `Array`: callers keep `count` within
/// what they pushed (the validator checks heights before popping). It is
/// noncopyable so that no two validators can share one.
struct OperandStack: ~Copyable {
    private var base: UnsafeMutablePointer<ValueType?>
    private var capacity: Int
    private(set) var count = 0
    /// The highest `count` since the last `reset`.
    private(set) var maxCount = 0

    init(capacity: Int = 1024) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    mutating func reset() {
        count = 0
        maxCount = 0
    }

    @inline(__always)
    subscript(index: Int) -> ValueType? {
        get { base[index] }
        set { base[index] = newValue }
    }

    @inline(__always)
    mutating func push(_ type: ValueType?) {
        if _slowPath(count == capacity) { grow(toHold: count + 1) }
        base[count] = type
        count += 1
        if count > maxCount { maxCount = count }
    }

    /// Pushes `types[range]` in order.
    @inline(__always)
    mutating func push(_ types: UnsafePointer<ValueType>, count pushed: Int) {
        if _slowPath(count + pushed > capacity) { grow(toHold: count + pushed) }
        for index in 0..<pushed { base[count + index] = types[index] }
        count += pushed
        if count > maxCount { maxCount = count }
    }

    @inline(__always)
    mutating func removeLast() -> ValueType? {
        count -= 1
        return base[count]
    }

    @inline(__always)
    mutating func removeLast(_ removed: Int) {
        count -= removed
    }

    /// Opens a gap of `inserted` entries at `position`, filled by `fill(index within the gap)`.
    mutating func insert(count inserted: Int, at position: Int, _ fill: (Int) -> ValueType?) {
        if count + inserted > capacity { grow(toHold: count + inserted) }
        (base + position + inserted).update(from: base + position, count: count - position)
        for index in 0..<inserted { base[position + index] = fill(index) }
        count += inserted
        if count > maxCount { maxCount = count }
    }

    @inline(never)
    private mutating func grow(toHold needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let newBase = UnsafeMutablePointer<ValueType?>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}

/// The spec's `pop_val`, `push_val` and friends: operand stack operations
/// that know the current frame's height, below which popping is an error, or
/// yields an unknown type if the frame is unreachable.
///
/// The top frame's height and reachability are cached in the validator rather
/// than read from the control stack each time, and the error paths are kept
/// out of line.
extension FunctionValidator {
    @inline(__always)
    mutating func push(_ type: ValueType?) {
        operands.push(type)
    }

    /// Pops one operand of any type; nil when it is unknown.
    @inline(__always)
    mutating func popAny(at offset: Int) throws(ValidationError) -> ValueType? {
        if operands.count > frameHeight { return operands.removeLast() }
        if frameIsUnreachable { return nil }
        throw Self.missingOperand(at: offset)
    }

    @inline(__always)
    mutating func pop(_ expected: ValueType, at offset: Int) throws(ValidationError) {
        if _fastPath(operands.count > frameHeight) {
            let actual = operands.removeLast()
            if _slowPath(actual != expected && actual != nil) {
                throw Self.typeMismatch(expected: expected, actual: actual, at: offset)
            }
        } else if !frameIsUnreachable {
            throw Self.missingOperand(expected: expected, at: offset)
        }
    }

    /// Pops `count` operands that must match the pool's types from `start` on,
    /// the last of them on top.
    @inline(__always)
    mutating func pop(typesFrom start: Int, count: Int, at offset: Int) throws(ValidationError) {
        if count == 0 { return }
        let types = typePool + start
        if operands.count - frameHeight >= count {
            let base = operands.count - count
            for index in 0..<count {
                let actual = operands[base + index]
                if actual != types[index] && actual != nil {
                    throw Self.typeMismatch(expected: types[index], actual: actual, at: offset)
                }
            }
            operands.removeLast(count)
        } else {
            var index = count
            while index > 0 {
                index -= 1
                try pop(types[index], at: offset)
            }
        }
    }

    @inline(__always)
    mutating func push(typesFrom start: Int, count: Int) {
        operands.push(typePool + start, count: count)
    }

    /// Checks that the operands on top match a branch target's label types
    /// and leaves them on the stack, for `br_if` and each `br_table` label.
    ///
    /// `br_if` passes `adoptLabelTypes` so that unknown operands become the
    /// label's types, as its pop-then-push in the spec does; `br_table` keeps
    /// what it popped, so an unknown operand can still meet another label of
    /// a different type.
    mutating func checkBranchOperands(
        typesFrom start: Int, count: Int, adoptLabelTypes: Bool, at offset: Int
    ) throws(ValidationError) {
        if count == 0 { return }
        let types = typePool + start
        let available = operands.count - frameHeight
        if available >= count {
            let base = operands.count - count
            for index in 0..<count {
                let actual = operands[base + index]
                if actual != types[index] {
                    if actual != nil { throw Self.typeMismatch(expected: types[index], actual: actual, at: offset) }
                    if adoptLabelTypes { operands[base + index] = types[index] }
                }
            }
            return
        }
        // Only an unreachable frame can be short of operands: the missing
        // ones are unknown, and they go below the ones that are present.
        let missing = count - available
        if !frameIsUnreachable {
            throw Self.missingOperand(expected: types[missing - 1], at: offset)
        }
        try checkBranchOperands(typesFrom: start + missing, count: available, adoptLabelTypes: adoptLabelTypes, at: offset)
        operands.insert(count: missing, at: frameHeight) { index in adoptLabelTypes ? types[index] : nil }
    }

    /// Makes the rest of the current frame dead code, as after `br` or `unreachable`.
    @inline(__always)
    mutating func markUnreachable() {
        operands.removeLast(operands.count - frameHeight)
        frameIsUnreachable = true
        frames[fromTop: 0].isUnreachable = true
    }

    @inline(never)
    static func typeMismatch(expected: ValueType, actual: ValueType?, at offset: Int) -> ValidationError {
        ValidationError("type mismatch: expected \(expected), found \(actual.map(\.description) ?? "unknown")", at: offset)
    }

    @inline(never)
    static func missingOperand(expected: ValueType? = nil, at offset: Int) -> ValidationError {
        if let expected {
            return ValidationError("type mismatch: expected \(expected), found an empty stack", at: offset)
        }
        return ValidationError("type mismatch: expected an operand, found an empty stack", at: offset)
    }
}
