/// One decoded wasm instruction, with its immediates.
///
/// Every payload is trivially copyable, so instructions cost nothing to pass
/// around in the decoder → validator → compiler pipeline. The operand lists
/// that have a variable length stay in the module bytes: `BranchTable` says
/// where its targets are, and `ModuleBytes.branchTargets(_:)` reads them.
public enum Instruction: Sendable, Hashable {
    // Control
    case unreachable
    case nop
    case block(BlockType)
    case loop(BlockType)
    case `if`(BlockType)
    case `else`
    case end
    case br(relativeDepth: UInt32)
    case brIf(relativeDepth: UInt32)
    case brTable(BranchTable)
    case `return`
    case call(functionIndex: UInt32)
    case callIndirect(typeIndex: UInt32, tableIndex: UInt32)

    // Parametric
    case drop
    case select
    /// `select t`: the typed form reference types introduced.
    case typedSelect(ValueType)

    // Variables
    case localGet(UInt32)
    case localSet(UInt32)
    case localTee(UInt32)
    case globalGet(UInt32)
    case globalSet(UInt32)

    // Tables
    case tableGet(UInt32)
    case tableSet(UInt32)
    case tableInit(elementIndex: UInt32, tableIndex: UInt32)
    case elemDrop(elementIndex: UInt32)
    case tableCopy(destinationTable: UInt32, sourceTable: UInt32)
    case tableGrow(UInt32)
    case tableSize(UInt32)
    case tableFill(UInt32)

    // Memory
    /// Every load and store, scalar or SIMD.
    case memory(MemoryOperator, MemArg)
    case memorySize(memoryIndex: UInt32)
    case memoryGrow(memoryIndex: UInt32)
    case memoryInit(dataIndex: UInt32, memoryIndex: UInt32)
    case dataDrop(dataIndex: UInt32)
    case memoryCopy(destinationMemory: UInt32, sourceMemory: UInt32)
    case memoryFill(memoryIndex: UInt32)

    // Numeric
    case i32Const(Int32)
    case i64Const(Int64)
    /// The bit pattern, so NaN payloads survive.
    case f32Const(UInt32)
    /// The bit pattern, so NaN payloads survive.
    case f64Const(UInt64)
    case numeric(NumericOperator)

    // References
    case refNull(ReferenceType)
    case refIsNull
    case refFunc(functionIndex: UInt32)

    // SIMD
    case v128Const(V128)
    /// The 16 lane indices, one per byte.
    case i8x16Shuffle(V128)
    case simd(SIMDOperator)
    case simdLane(SIMDLaneOperator, lane: UInt8)
    case simdMemoryLane(SIMDMemoryLaneOperator, MemArg, lane: UInt8)
}

/// The type of a block, loop or if.
public enum BlockType: Sendable, Hashable {
    case empty
    case value(ValueType)
    /// An index into the type section: the multi-value form.
    case typeIndex(UInt32)
}

/// The immediate of a load or store.
public struct MemArg: Sendable, Hashable {
    /// log2 of the alignment hint.
    public var alignment: UInt32
    public var offset: UInt64
    public var memoryIndex: UInt32

    public init(alignment: UInt32, offset: UInt64, memoryIndex: UInt32 = 0) {
        self.alignment = alignment
        self.offset = offset
        self.memoryIndex = memoryIndex
    }
}

/// A `br_table` immediate. The targets are not copied out of the module:
/// `targetsOffset` is the module offset of the first target's LEB.
public struct BranchTable: Sendable, Hashable {
    /// Module offset of the first target label's LEB128.
    public var targetsOffset: Int
    /// Number of labels before the default one.
    public var targetCount: UInt32
    public var defaultDepth: UInt32

    public init(targetsOffset: Int, targetCount: UInt32, defaultDepth: UInt32) {
        self.targetsOffset = targetsOffset
        self.targetCount = targetCount
        self.defaultDepth = defaultDepth
    }
}
