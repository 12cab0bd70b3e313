import WasmCore

/// Blocks, branches and calls.
extension FunctionValidator {
    @inline(__always)
    func blockLayout(_ blockType: BlockType, at offset: Int) throws(ValidationError) -> TypeLayout {
        switch blockType {
        case .empty: return .empty
        case .value(let type): return .singleResult(type)
        case .typeIndex(let index):
            guard Int(index) < context.typeLayouts.count else { throw ValidationError("unknown type \(index)", at: offset) }
            return context.typeLayouts[Int(index)]
        }
    }

    mutating func validateBlock(_ kind: BlockSummary.Kind, _ blockType: BlockType, at offset: Int) throws(ValidationError) {
        let layout = try blockLayout(blockType, at: offset)
        // BlockSummary keeps offsets in 32 bits.
        guard offset >= 0 && offset < Int(UInt32.max) else {
            throw ValidationError("offset out of range: \(offset)", at: offset)
        }
        try pop(typesFrom: layout.parametersStart, count: layout.parameterCount, at: offset)
        let frameKind: ControlFrame.Kind
        switch kind {
        case .block: frameKind = .block
        case .loop:
            frameKind = .loop
            localUses.enterLoop()
        case .if: frameKind = .if
        }
        blocks.append(BlockSummary(
            kind: kind, startOffset: offset, endOffset: offset,
            parameterCount: layout.parameterCount, resultCount: layout.resultCount,
            entryStackHeight: operands.count
        ))
        pushFrame(ControlFrame(
            kind: frameKind, type: layout, height: operands.count, isUnreachable: false, blockIndex: blocks.count - 1
        ))
    }

    @inline(__always)
    mutating func pushFrame(_ frame: ControlFrame) {
        frames.push(frame)
        if frames.count > maxControlDepth { maxControlDepth = frames.count }
        frameHeight = frame.height
        frameIsUnreachable = false
        push(typesFrom: frame.type.parametersStart, count: frame.type.parameterCount)
    }

    /// Checks that the top frame ends with exactly its results on the stack, and closes it.
    @inline(__always)
    mutating func popFrame(at offset: Int) throws(ValidationError) -> ControlFrame {
        let frame = frames[fromTop: 0]
        try pop(typesFrom: frame.type.resultsStart, count: frame.type.resultCount, at: offset)
        guard operands.count == frameHeight else {
            throw ValidationError("type mismatch: \(operands.count - frameHeight) values left at the end of the block", at: offset)
        }
        _ = frames.removeLast()
        if !frames.isEmpty {
            frameHeight = frames[fromTop: 0].height
            frameIsUnreachable = frames[fromTop: 0].isUnreachable
        }
        return frame
    }

    mutating func validateElse(at offset: Int) throws(ValidationError) {
        guard frames[fromTop: 0].kind == .if else { throw ValidationError("else without matching if", at: offset) }
        let frame = try popFrame(at: offset)
        blocks[frame.blockIndex].elseOffset = offset
        pushFrame(ControlFrame(kind: .else, type: frame.type, height: operands.count, isUnreachable: false, blockIndex: frame.blockIndex))
    }

    mutating func validateEnd(at offset: Int) throws(ValidationError) {
        let frame = try popFrame(at: offset)
        if frame.kind == .if && !parametersMatchResults(frame.type) {
            // Without an else, the false branch passes the parameters through as the results.
            throw ValidationError("type mismatch: if without else must have matching parameter and result types", at: offset)
        }
        if frame.kind == .loop { localUses.leaveLoop() }
        if frame.kind == .function {
            phase = .finished
        } else {
            blocks[frame.blockIndex].endOffset = offset
        }
        push(typesFrom: frame.type.resultsStart, count: frame.type.resultCount)
    }

    private func parametersMatchResults(_ type: TypeLayout) -> Bool {
        guard type.parameterCount == type.resultCount else { return false }
        for index in 0..<type.parameterCount
        where typePool[type.parametersStart + index] != typePool[type.resultsStart + index] {
            return false
        }
        return true
    }

    /// The frame a branch of relative `depth` targets.
    @inline(__always)
    func branchTarget(_ depth: UInt32, at offset: Int) throws(ValidationError) -> ControlFrame {
        guard Int(depth) < frames.count else { throw ValidationError("unknown label \(depth)", at: offset) }
        return frames[fromTop: Int(depth)]
    }

    mutating func validateBranch(_ depth: UInt32, at offset: Int) throws(ValidationError) {
        let target = try branchTarget(depth, at: offset)
        try pop(typesFrom: target.labelStart, count: target.labelCount, at: offset)
        markUnreachable()
    }

    mutating func validateConditionalBranch(_ depth: UInt32, at offset: Int) throws(ValidationError) {
        let target = try branchTarget(depth, at: offset)
        try pop(.i32, at: offset)
        try checkBranchOperands(typesFrom: target.labelStart, count: target.labelCount, adoptLabelTypes: true, at: offset)
    }

    mutating func validateBranchTable(_ table: BranchTable, at offset: Int) throws(ValidationError) {
        try pop(.i32, at: offset)
        let defaultTarget = try branchTarget(table.defaultDepth, at: offset)
        let arity = defaultTarget.labelCount
        var labels = try BranchTableLabels(table, in: context.bytes, at: offset)
        while let depth = try labels.next(at: offset) {
            let target = try branchTarget(depth, at: offset)
            guard target.labelCount == arity else {
                throw ValidationError(
                    "type mismatch: br_table label \(depth) carries \(target.labelCount) values, the default \(arity)",
                    at: offset
                )
            }
            try checkBranchOperands(typesFrom: target.labelStart, count: arity, adoptLabelTypes: false, at: offset)
        }
        try pop(typesFrom: defaultTarget.labelStart, count: arity, at: offset)
        markUnreachable()
    }

    mutating func validateReturn(at offset: Int) throws(ValidationError) {
        try pop(typesFrom: functionType.resultsStart, count: functionType.resultCount, at: offset)
        markUnreachable()
    }

    mutating func validateCall(_ functionIndex: UInt32, at offset: Int) throws(ValidationError) {
        guard Int(functionIndex) < context.functionTypeIndices.count else {
            throw ValidationError("unknown function \(functionIndex)", at: offset)
        }
        let typeIndex = Int(context.functionTypeIndices[Int(functionIndex)])
        guard typeIndex < context.typeLayouts.count else { throw ValidationError("unknown type \(typeIndex)", at: offset) }
        try applyCall(context.typeLayouts[typeIndex], at: offset)
    }

    mutating func validateCallIndirect(_ typeIndex: UInt32, _ tableIndex: UInt32, at offset: Int) throws(ValidationError) {
        let table = try tableType(tableIndex, at: offset)
        guard Int(typeIndex) < context.typeLayouts.count else { throw ValidationError("unknown type \(typeIndex)", at: offset) }
        guard table.elementType == .funcref else {
            throw ValidationError("type mismatch: call_indirect needs a funcref table, table \(tableIndex) holds \(table.elementType)", at: offset)
        }
        try pop(.i32, at: offset)
        try applyCall(context.typeLayouts[Int(typeIndex)], at: offset)
    }

    @inline(__always)
    private mutating func applyCall(_ type: TypeLayout, at offset: Int) throws(ValidationError) {
        try pop(typesFrom: type.parametersStart, count: type.parameterCount, at: offset)
        push(typesFrom: type.resultsStart, count: type.resultCount)
    }
}
