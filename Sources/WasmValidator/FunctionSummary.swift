import WasmCore

/// What validation learned about a function that a single-pass compiler would
/// otherwise have to compute again: how deep its stacks get, what its locals
/// are, and where each block starts, splits and ends.
///
/// Building one allocates the block list, and for a function with loops the
/// short list of its loops' locals: parameters and locals are the arrays the
/// module already holds.
public struct FunctionSummary: Sendable, Hashable {
    public var typeIndex: UInt32
    /// The function type's parameters: the first locals.
    public var parameters: [ValueType]
    /// The body's local declarations, as runs of one type. Runs, not one
    /// entry per local, because a body may declare billions of locals.
    public var declaredLocals: [LocalRun]
    /// Parameters plus declared locals.
    public var localCount: Int
    /// The most operand stack entries live at once, over the whole body.
    public var maxOperandStackHeight: Int
    /// The most control frames open at once, counting the function's own.
    public var maxControlDepth: Int
    /// Every block, loop and if, in the order they start.
    public var blocks: [BlockSummary]
    /// Locals used inside loops, most used first (uses weigh 16 times more
    /// per loop around them), at most 8: those worth keeping in registers.
    public var loopLocals: [UInt32]

    public init(
        typeIndex: UInt32, parameters: [ValueType], declaredLocals: [LocalRun], localCount: Int,
        maxOperandStackHeight: Int, maxControlDepth: Int, blocks: [BlockSummary], loopLocals: [UInt32] = []
    ) {
        self.typeIndex = typeIndex
        self.parameters = parameters
        self.declaredLocals = declaredLocals
        self.localCount = localCount
        self.maxOperandStackHeight = maxOperandStackHeight
        self.maxControlDepth = maxControlDepth
        self.blocks = blocks
        self.loopLocals = loopLocals
    }

    /// Parameters then declared locals, as runs of one type (empty runs left out).
    public var localRuns: [LocalRun] {
        var runs: [LocalRun] = []
        for parameter in parameters {
            if let last = runs.last, last.type == parameter {
                runs[runs.count - 1].count += 1
            } else {
                runs.append(LocalRun(count: 1, type: parameter))
            }
        }
        return runs + declaredLocals.filter { $0.count > 0 }
    }

    /// The type of local `index` (parameters first), by a walk over the runs.
    public func localType(_ index: Int) -> ValueType? {
        guard index >= 0 && index < localCount else { return nil }
        if index < parameters.count { return parameters[index] }
        var remaining = index - parameters.count
        for run in declaredLocals {
            if remaining < Int(run.count) { return run.type }
            remaining -= Int(run.count)
        }
        return nil
    }
}

/// One structured control instruction and the offsets a compiler branches to.
///
/// Stored in 32-bit fields (a module offset fits: `FunctionValidator` rejects
/// larger ones), because a module can have millions of blocks.
public struct BlockSummary: Sendable, Hashable {
    public enum Kind: UInt8, Sendable, Hashable {
        case block, loop, `if`
    }

    public var kind: Kind
    private var storedStartOffset: UInt32
    private var storedElseOffset: UInt32
    private var storedEndOffset: UInt32
    private var storedParameterCount: UInt32
    private var storedResultCount: UInt32
    private var storedEntryStackHeight: UInt32

    private static let noElse = UInt32.max

    /// Module offset of the `block`, `loop` or `if` instruction.
    public var startOffset: Int { Int(storedStartOffset) }
    /// Module offset of the `else`, for an `if` that has one.
    public var elseOffset: Int? {
        get { storedElseOffset == Self.noElse ? nil : Int(storedElseOffset) }
        set { storedElseOffset = newValue.map { UInt32(truncatingIfNeeded: $0) } ?? Self.noElse }
    }
    /// Module offset of the matching `end`.
    public var endOffset: Int {
        get { Int(storedEndOffset) }
        set { storedEndOffset = UInt32(truncatingIfNeeded: newValue) }
    }
    public var parameterCount: Int { Int(storedParameterCount) }
    public var resultCount: Int { Int(storedResultCount) }
    /// Operand stack height at entry, not counting the block's parameters:
    /// what a branch out of the block unwinds to.
    public var entryStackHeight: Int { Int(storedEntryStackHeight) }

    /// Offsets must be below 2^32 - 1, counts and heights below 2^32.
    public init(
        kind: Kind, startOffset: Int, elseOffset: Int? = nil, endOffset: Int,
        parameterCount: Int, resultCount: Int, entryStackHeight: Int
    ) {
        self.kind = kind
        storedStartOffset = UInt32(startOffset)
        storedElseOffset = elseOffset.map { UInt32($0) } ?? Self.noElse
        storedEndOffset = UInt32(endOffset)
        storedParameterCount = UInt32(parameterCount)
        storedResultCount = UInt32(resultCount)
        storedEntryStackHeight = UInt32(entryStackHeight)
    }
}
