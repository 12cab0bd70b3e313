import WasmCore

/// Type-checks a function body one instruction at a time, with the spec's
/// validation algorithm (operand stack with unknown types after unconditional
/// branches, control frames with block types).
///
/// It never decodes: whoever walks the body (`ModuleValidator`, or a
/// single-pass compiler that decodes, validates and compiles in one loop)
/// hands it each `Instruction` with its module offset. One validator can
/// serve every function of a module: `begin` resets it and keeps its buffers.
///
/// After a thrown error the validator's state is unspecified until the next `begin`.
/// It is noncopyable because it owns its stacks' buffers.
public struct FunctionValidator: ~Copyable {
    public let context: ModuleContext

    var operands = OperandStack()
    var frames = ControlStack()
    /// The top frame's height and reachability, cached because every pop reads them.
    var frameHeight = 0
    var frameIsUnreachable = false

    var locals = LocalTypes()
    var declaredLocals: [LocalRun] = []
    /// Reused from one function to the next.
    var blocks: [BlockSummary] = []
    var maxControlDepth = 0
    var localUses = LocalUseWeights()
    var typeIndex: UInt32 = 0
    var functionType = TypeLayout.empty
    var phase = Phase.idle
    var lastOffset = 0

    enum Phase {
        /// No function begun yet.
        case idle
        case inBody
        /// The function's own `end` has been seen: no instruction may follow.
        case finished
    }

    // Read on every instruction, so kept here rather than behind the context's arrays.
    let typePool: UnsafePointer<ValueType>
    /// `locals`' table, for the common case of a local in it.
    var flatLocals: UnsafeMutablePointer<ValueType>
    var flatLocalCount = 0
    let operators = OperatorTables.shared
    let memoryCount: Int

    /// A validator with no function begun yet.
    public init(context: ModuleContext) {
        self.context = context
        typePool = context.typePool.types
        flatLocals = locals.flat
        memoryCount = context.memories.count
        blocks.reserveCapacity(64)
    }

    /// A validator ready for the body of a function of type `typeIndex`.
    public init(context: ModuleContext, typeIndex: UInt32, locals: [LocalRun]) throws(ValidationError) {
        self.init(context: context)
        try begin(typeIndex: typeIndex, locals: locals)
    }

    /// Starts a new function body: parameters come from the function type,
    /// `locals` are the body's declarations. `offset` is where errors about
    /// the function itself are reported.
    public mutating func begin(typeIndex: UInt32, locals declared: [LocalRun], at offset: Int = 0) throws(ValidationError) {
        guard Int(typeIndex) < context.typeLayouts.count else {
            throw ValidationError("unknown type \(typeIndex)", at: offset)
        }
        let layout = context.typeLayouts[Int(typeIndex)]
        self.typeIndex = typeIndex
        functionType = layout
        locals.reset(
            parameters: context.typePool[layout.parametersStart..<layout.resultsStart],
            declared: declared
        )
        declaredLocals = declared
        flatLocals = locals.flat
        flatLocalCount = locals.flatCount
        localUses.reset(localCount: locals.count)
        operands.reset()
        frames.removeAll()
        blocks.removeAll(keepingCapacity: true)
        phase = .inBody
        lastOffset = offset
        frames.push(ControlFrame(kind: .function, type: layout, height: 0, isUnreachable: false, blockIndex: -1))
        maxControlDepth = 1
        frameHeight = 0
        frameIsUnreachable = false
    }

    /// How many operands are on the stack now.
    public var operandStackHeight: Int { operands.count }
    /// How many control frames are open, the function's own included.
    public var controlDepth: Int { frames.count }
    /// Whether the code being validated is dead (after `br`, `return`, `unreachable`…
    /// in the current block): a compiler need not emit anything for it.
    public var isUnreachable: Bool { frameIsUnreachable }

    /// Checks one instruction of the body and applies its effect on the stacks.
    public mutating func validate(_ instruction: Instruction, at offset: Int) throws(ValidationError) {
        lastOffset = offset
        if _slowPath(phase != .inBody) { throw outsideBody(at: offset) }
        switch instruction {
        case .numeric(let op): try apply(operators[op], at: offset)
        case .localGet(let index):
            push(try localType(index, at: offset))
            localUses.use(index)
        case .localSet(let index):
            try pop(try localType(index, at: offset), at: offset)
            localUses.use(index)
        case .localTee(let index):
            let type = try localType(index, at: offset)
            try pop(type, at: offset)
            push(type)
            localUses.use(index)
        case .i32Const: push(.i32)
        case .i64Const: push(.i64)
        case .f32Const: push(.f32)
        case .f64Const: push(.f64)
        case .memory(let op, let memoryArgument): try validateMemoryAccess(op, memoryArgument, at: offset)
        case .globalGet(let index): try validateGlobalGet(index, at: offset)
        case .globalSet(let index): try validateGlobalSet(index, at: offset)
        case .drop: _ = try popAny(at: offset)
        case .select: try validateSelect(at: offset)
        case .typedSelect(let type): try validateTypedSelect(type, at: offset)

        case .unreachable: markUnreachable()
        case .nop: break
        case .block(let blockType): try validateBlock(.block, blockType, at: offset)
        case .loop(let blockType): try validateBlock(.loop, blockType, at: offset)
        case .if(let blockType):
            try pop(.i32, at: offset)
            try validateBlock(.if, blockType, at: offset)
        case .else: try validateElse(at: offset)
        case .end: try validateEnd(at: offset)
        case .br(let depth): try validateBranch(depth, at: offset)
        case .brIf(let depth): try validateConditionalBranch(depth, at: offset)
        case .brTable(let table): try validateBranchTable(table, at: offset)
        case .return: try validateReturn(at: offset)
        case .call(let functionIndex): try validateCall(functionIndex, at: offset)
        case .callIndirect(let typeIndex, let tableIndex): try validateCallIndirect(typeIndex, tableIndex, at: offset)

        case .tableGet(let table): try validateTableGet(table, at: offset)
        case .tableSet(let table): try validateTableSet(table, at: offset)
        case .tableInit(let element, let table): try validateTableInit(element, table, at: offset)
        case .elemDrop(let element): try checkElementSegment(element, at: offset)
        case .tableCopy(let destination, let source): try validateTableCopy(destination, source, at: offset)
        case .tableGrow(let table): try validateTableGrow(table, at: offset)
        case .tableSize(let table):
            _ = try tableType(table, at: offset)
            push(.i32)
        case .tableFill(let table): try validateTableFill(table, at: offset)

        case .memorySize(let memory):
            try checkMemory(memory, at: offset)
            push(.i32)
        case .memoryGrow(let memory):
            try checkMemory(memory, at: offset)
            try pop(.i32, at: offset)
            push(.i32)
        case .memoryInit(let data, let memory): try validateMemoryInit(data, memory, at: offset)
        case .dataDrop(let data): try checkDataSegment(data, at: offset)
        case .memoryCopy(let destination, let source): try validateMemoryCopy(destination, source, at: offset)
        case .memoryFill(let memory): try validateMemoryFill(memory, at: offset)

        case .refNull(let type): push(ValueType(type))
        case .refIsNull: try validateReferenceIsNull(at: offset)
        case .refFunc(let functionIndex): try validateReferenceFunction(functionIndex, at: offset)

        case .v128Const: push(.v128)
        case .i8x16Shuffle(let lanes): try validateShuffle(lanes, at: offset)
        case .simd(let op): try apply(operators[op], at: offset)
        case .simdLane(let op, let lane): try validateLaneAccess(op, lane: lane, at: offset)
        case .simdMemoryLane(let op, let memoryArgument, let lane):
            try validateMemoryLaneAccess(op, memoryArgument, lane: lane, at: offset)
        }
    }

    /// What the compiler needs from the validated body. Throws if the body's
    /// final `end` has not been validated.
    public func finish() throws(ValidationError) -> FunctionSummary {
        switch phase {
        case .idle: throw ValidationError("no function begun", at: lastOffset)
        case .inBody: throw ValidationError("END opcode expected", at: lastOffset)
        case .finished: break
        }
        return FunctionSummary(
            typeIndex: typeIndex,
            parameters: context.types[Int(typeIndex)].parameters,
            declaredLocals: declaredLocals,
            localCount: locals.count,
            maxOperandStackHeight: operands.maxCount,
            maxControlDepth: maxControlDepth,
            // An exact-size copy: the validator keeps its buffer for the next function.
            blocks: blocks.withUnsafeBufferPointer { Array($0) },
            loopLocals: localUses.candidates()
        )
    }

    @inline(never)
    func outsideBody(at offset: Int) -> ValidationError {
        phase == .idle
            ? ValidationError("no function begun", at: offset)
            : ValidationError("operators remaining after end of function", at: offset)
    }

    /// Pops an operator's operands, last first, and pushes its result.
    @inline(__always)
    mutating func apply(_ signature: PackedSignature, at offset: Int) throws(ValidationError) {
        switch signature.parameterCount {
        case 0: break
        case 1: try pop(signature.first, at: offset)
        case 2:
            try pop(signature.second, at: offset)
            try pop(signature.first, at: offset)
        default:
            try pop(signature.third, at: offset)
            try pop(signature.second, at: offset)
            try pop(signature.first, at: offset)
        }
        if let result = signature.result { push(result) }
    }
}
