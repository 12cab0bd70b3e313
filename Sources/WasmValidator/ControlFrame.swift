import WasmCore

/// One open block, loop, if, else or the function body itself, as the spec's
/// validation algorithm tracks it.
struct ControlFrame {
    enum Kind: UInt8 {
        case function, block, loop, `if`, `else`
    }

    var kind: Kind
    /// Parameters and results, as a range of the module's type pool.
    var type: TypeLayout
    /// Operand stack height below the frame's parameters.
    var height: Int
    /// Set after an unconditional branch: the rest of the frame is dead code
    /// and its operand stack is polymorphic.
    var isUnreachable: Bool
    /// Index into the summary's blocks; -1 for the function frame.
    var blockIndex: Int

    /// What a branch to this frame carries: a loop's parameters (it branches
    /// back to the start), every other frame's results.
    @inline(__always) var labelStart: Int { kind == .loop ? type.parametersStart : type.resultsStart }
    @inline(__always) var labelCount: Int { kind == .loop ? type.parameterCount : type.resultCount }
}

/// The open control frames, innermost last: a raw buffer kept from one
/// function to the next, noncopyable like the operand stack.
struct ControlStack: ~Copyable {
    private var base: UnsafeMutablePointer<ControlFrame>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 64) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    var isEmpty: Bool { count == 0 }

    /// The frame `depth` levels out from the innermost one (0), which must exist.
    @inline(__always)
    subscript(fromTop depth: Int) -> ControlFrame {
        get { base[count - 1 - depth] }
        set { base[count - 1 - depth] = newValue }
    }

    @inline(__always)
    mutating func push(_ frame: ControlFrame) {
        if _slowPath(count == capacity) { grow() }
        (base + count).initialize(to: frame)
        count += 1
    }

    @inline(__always)
    mutating func removeLast() -> ControlFrame {
        count -= 1
        return base[count]
    }

    mutating func removeAll() { count = 0 }

    @inline(never)
    private mutating func grow() {
        let newBase = UnsafeMutablePointer<ControlFrame>.allocate(capacity: capacity * 2)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity *= 2
    }
}
