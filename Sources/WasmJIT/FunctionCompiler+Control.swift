// Structured control flow: block, loop, if/else, end, br, br_if, br_table,
// return and unreachable, and the merges they imply.
//
// The merge rule is Liftoff's simplest one. Entering a block spills the
// whole value stack, so everything below the block's base is in canonical
// slots and stays there. A branch only has to put the values it carries
// (the target's results, or a loop's parameters) into the slots of their
// depths at the target; after a merge point every carried value is spilled
// and every register is free. A block that no branch targets is not a merge
// point: its fallthrough keeps values wherever they are.
import WasmCore
import X64Assembler

/// The parameter and result arity of a block, and where to find their types.
struct BlockSignature {
    var parameterCount: Int
    var resultCount: Int
    /// The result type of a `[] -> [t]` block.
    var singleResult: ValueType?
    /// Index into the module's types for the multi-value form and functions, else -1.
    var typeIndex: Int

    init(function typeIndex: UInt32, type: FunctionType) {
        parameterCount = type.parameters.count
        resultCount = type.results.count
        singleResult = nil
        self.typeIndex = Int(typeIndex)
    }

    init(_ blockType: BlockType, types: [FunctionType]) {
        switch blockType {
        case .empty:
            (parameterCount, resultCount, singleResult, typeIndex) = (0, 0, nil, -1)
        case .value(let type):
            (parameterCount, resultCount, singleResult, typeIndex) = (0, 1, type, -1)
        case .typeIndex(let index):
            let type = types[Int(index)]
            (parameterCount, resultCount, singleResult, typeIndex) =
                (type.parameters.count, type.results.count, nil, Int(index))
        }
    }
}

struct ControlFrame {
    enum Kind {
        case function, block, loop
        /// An `if` before its `else` (or without one).
        case ifThen
        case ifElse
    }

    var kind: Kind
    var signature: BlockSignature
    /// Stack height below the block's parameters: where its branches unwind to.
    var baseHeight: Int
    /// The branch target: the end of a block/if, the header of a loop.
    var label: Label
    /// Where an `if` goes when its condition is false.
    var elseLabel: Label?
    /// Whether some branch (or the then-arm's jump over the else-arm) goes to `label`.
    var labelUsed = false

    /// How many values a branch to this frame carries.
    var branchArity: Int { kind == .loop ? signature.parameterCount : signature.resultCount }
}

/// A condition popped for a branch: known at compile time, or in the flags.
enum PoppedCondition {
    case always
    case never
    case branch(BranchCondition)
}

extension FunctionCompiler {
    func parameterType(_ signature: BlockSignature, _ index: Int) -> ValueType {
        info.types[signature.typeIndex].parameters[index]
    }

    func resultType(_ signature: BlockSignature, _ index: Int) -> ValueType {
        signature.singleResult ?? info.types[signature.typeIndex].results[index]
    }

    func blockSignature(_ blockType: BlockType) throws(OpError) -> BlockSignature {
        switch blockType {
        case .value(.v128): throw OpError("SIMD is not supported yet (v128 block type)")
        case .typeIndex(let index):
            let type = info.types[Int(index)]
            if type.parameters.contains(.v128) || type.results.contains(.v128) {
                throw OpError("SIMD is not supported yet (v128 block type)")
            }
        default: break
        }
        return BlockSignature(blockType, types: info.types)
    }

    // MARK: Blocks

    mutating func compileBlock(_ blockType: BlockType) throws(OpError) {
        let signature = try blockSignature(blockType)
        spillAll()
        controlStack.append(ControlFrame(
            kind: .block, signature: signature, baseHeight: stack.count - signature.parameterCount,
            label: assembler.newLabel(), elseLabel: nil))
    }

    mutating func compileLoop(_ blockType: BlockType) throws(OpError) {
        let signature = try blockSignature(blockType)
        spillAll()
        flushLocalCache()
        let header = assembler.newLabel()
        assembler.bind(header)
        emitInterruptCheck()
        controlStack.append(ControlFrame(
            kind: .loop, signature: signature, baseHeight: stack.count - signature.parameterCount, label: header,
            elseLabel: nil))
    }

    mutating func compileIf(_ blockType: BlockType) throws(OpError) {
        let signature = try blockSignature(blockType)
        let condition = popCondition()
        spillAll()
        let elseLabel = assembler.newLabel()
        switch condition {
        case .always: break
        case .never: assembler.jmp(elseLabel)
        case .branch(let condition): jump(if: condition.negated, to: elseLabel)
        }
        controlStack.append(ControlFrame(
            kind: .ifThen, signature: signature, baseHeight: stack.count - signature.parameterCount,
            label: assembler.newLabel(), elseLabel: elseLabel))
    }

    mutating func compileElse() {
        flushLocalCache()
        var frame = controlStack.removeLast()
        if reachable {
            moveResultsToCanonicalSlots(frame)
            assembler.jmp(frame.label)
            frame.labelUsed = true
        }
        truncateStack(to: frame.baseHeight)
        assembler.bind(frame.elseLabel!)
        for index in 0..<frame.signature.parameterCount {
            stack.push(StackValue(.spilled, parameterType(frame.signature, index)))
        }
        stack.markAllSpilled()
        frame.kind = .ifElse
        frame.elseLabel = nil
        controlStack.append(frame)
        reachable = true
        deadBlockDepth = 0
    }

    mutating func compileEnd() {
        let frame = controlStack.removeLast()
        // Where branches (or an if's false path) join, the cache knows nothing;
        // a loop's end and an unused block label join nothing.
        if frame.labelUsed || frame.kind == .ifThen || frame.kind == .function { flushLocalCache() }
        switch frame.kind {
        case .function:
            if reachable { emitReturn() }
            reachable = false
        case .loop:
            // Nothing branches to a loop's end: the fallthrough state carries on.
            break
        case .block, .ifElse:
            if frame.labelUsed {
                mergeResults(frame)
                assembler.bind(frame.label)
                reachable = true
            }
        case .ifThen:
            // Without an else, the false path brings the parameters, already
            // in canonical slots, as the results.
            mergeResults(frame)
            assembler.bind(frame.elseLabel!)
            assembler.bind(frame.label)
            reachable = true
        }
        deadBlockDepth = 0
        // Still dead: the enclosing block's values are gone too.
        if !reachable && !controlStack.isEmpty { markUnreachable() }
    }

    /// At a merge point: the results of the fallthrough go to canonical slots;
    /// from dead code, the stack is rebuilt as the branches left it.
    private mutating func mergeResults(_ frame: ControlFrame) {
        if reachable {
            moveResultsToCanonicalSlots(frame)
        } else {
            truncateStack(to: frame.baseHeight)
            for index in 0..<frame.signature.resultCount {
                stack.push(StackValue(.spilled, resultType(frame.signature, index)))
            }
            stack.markAllSpilled()
        }
    }

    /// The fallthrough's results are exactly the values above the frame's base.
    private mutating func moveResultsToCanonicalSlots(_ frame: ControlFrame) {
        assert(stack.count == frame.baseHeight + frame.signature.resultCount, "stack height at end of block")
        for index in frame.baseHeight..<stack.count { spill(index) }
        stack.markAllSpilled()
    }

    mutating func truncateStack(to height: Int) {
        while stack.count > height { drop() }
    }

    /// The rest of the current block is dead: its values are gone.
    mutating func markUnreachable() {
        truncateStack(to: controlStack[controlStack.count - 1].baseHeight)
        flushLocalCache()
        reachable = false
        deadBlockDepth = 0
        pendingCondition = nil
    }

    /// Dead code: only the nesting matters, to find the `else`/`end` that revives it.
    mutating func skip(_ instruction: Instruction) throws(OpError) {
        switch instruction {
        case .block, .loop, .if:
            deadBlockDepth += 1
        case .else:
            if deadBlockDepth == 0 { compileElse() }
        case .end:
            if deadBlockDepth > 0 { deadBlockDepth -= 1 } else { compileEnd() }
        case .v128Const, .i8x16Shuffle, .simd, .simdLane, .simdMemoryLane:
            try rejectSIMD(instruction)
        case .memory(let memoryOperator, _) where memoryOperator.rawValue > 0xFF:
            try rejectSIMD(instruction)
        default:
            break
        }
    }

    // MARK: Branches

    /// The condition on top of the stack (or in the flags, from a fused compare).
    mutating func popCondition() -> PoppedCondition {
        if let condition = pendingCondition {
            pendingCondition = nil
            return .branch(condition)
        }
        let operand = pop()
        switch operand.kind {
        case .constant(let bits):
            return UInt32(truncatingIfNeeded: bits) != 0 ? .always : .never
        case .register(let register):
            assembler.testl(register.gpr, register.gpr)
            registers.release(register)
        case .memory(let memory):
            assembler.cmpl(memory, 0)
        }
        return .branch(.flags(.notEqual))
    }

    mutating func compileBranch(depth: UInt32) {
        emitBranch(toFrame: controlStack.count - 1 - Int(depth))
        markUnreachable()
    }

    mutating func compileBranchIf(depth: UInt32) {
        let targetIndex = controlStack.count - 1 - Int(depth)
        switch popCondition() {
        case .never:
            break
        case .always:
            emitBranch(toFrame: targetIndex)
        case .branch(let condition):
            let target = controlStack[targetIndex]
            if target.kind != .function && !branchNeedsMoves(to: target) {
                jump(if: condition, to: target.label)
                controlStack[targetIndex].labelUsed = true
            } else {
                let notTaken = assembler.newLabel()
                jump(if: condition.negated, to: notTaken)
                emitBranch(toFrame: targetIndex)
                assembler.bind(notTaken)
            }
        }
    }

    mutating func compileBranchTable(_ table: BranchTable) {
        readBranchTableDepths(table)
        let index = pop()
        if let bits = index.constantBits {
            let selected = UInt32(truncatingIfNeeded: bits)
            let depth = selected < table.targetCount ? branchTableDepths[Int(selected)] : table.defaultDepth
            compileBranch(depth: depth)
            return
        }
        // A jump table needs the scratch register for its address, and
        // scales the index in place: the index goes in a register of its own.
        let usesJumpTable = table.targetCount >= Self.smallestJumpTable
        let indexRegister: Register
        var ownedIndex: ValueRegister?
        switch index.kind {
        case .register(let register): indexRegister = register.gpr
        case .memory(let memory) where usesJumpTable:
            let register = allocate(.general)
            assembler.movl(register.gpr, memory)
            indexRegister = register.gpr
            ownedIndex = register
        case .memory(let memory):
            assembler.movl(Scratch.gpr, memory)
            indexRegister = Scratch.gpr
        case .constant: preconditionFailure("handled above")
        }

        branchTableCaseLabels.removeAll(keepingCapacity: true)
        for depth in branchTableDepths { branchTableCaseLabels.append(branchTableLabel(depth: Int(depth))) }
        let defaultLabel = branchTableLabel(depth: Int(table.defaultDepth))
        if table.targetCount == 0 {
            assembler.jmp(defaultLabel)
        } else {
            assembler.cmpl(indexRegister, Int32(bitPattern: table.targetCount))
            assembler.jcc(.aboveOrEqual, defaultLabel)
            if usesJumpTable && sameBranchTableLabel(0, Int(table.targetCount)) == nil {
                emitJumpTable(indexRegister, count: Int(table.targetCount))
            } else {
                emitBranchTableDispatch(indexRegister, low: 0, high: Int(table.targetCount))
            }
        }
        release(index)
        if let ownedIndex { registers.release(ownedIndex) }

        // Targets whose values must move first get a stub: the moves, then the jump.
        for depth in branchTableStubDepths {
            assembler.bind(branchTableTargetLabels[depth]!)
            emitBranch(toFrame: controlStack.count - 1 - depth)
        }
        for depth in branchTableDepths { branchTableTargetLabels[Int(depth)] = nil }
        branchTableTargetLabels[Int(table.defaultDepth)] = nil
        branchTableStubDepths.removeAll(keepingCapacity: true)
        markUnreachable()
    }

    /// Tables with this many cases or more dispatch through a jump table.
    static let smallestJumpTable: UInt32 = 4

    /// An indirect jump into a table of `jmp rel32`, one per case: constant
    /// time, and one predicted indirect branch per dispatch (an interpreter's
    /// `switch`). The entries are real instructions, so disassembly and the
    /// debugger read the table as code. `index` (below `count`, upper half
    /// zero) is clobbered.
    private mutating func emitJumpTable(_ index: Register, count: Int) {
        let table = assembler.newLabel()
        assembler.leaq(index, Memory(base: index, index: index, scale: 4))
        assembler.leaq(Scratch.gpr, Memory(label: table))
        assembler.addq(Scratch.gpr, index)
        assembler.jmp(Scratch.gpr)
        assembler.bind(table)
        for position in 0..<count { assembler.jmpLong(branchTableCaseLabels[position]) }
    }

    /// A binary search over the case index, so a big table costs log2(n) compares.
    private mutating func emitBranchTableDispatch(_ index: Register, low: Int, high: Int) {
        if let target = sameBranchTableLabel(low, high) {
            assembler.jmp(target)
            return
        }
        let middle = (low + high) / 2
        assembler.cmpl(index, Int32(bitPattern: UInt32(middle)))
        if let lowerTarget = sameBranchTableLabel(low, middle) {
            assembler.jcc(.below, lowerTarget)
            emitBranchTableDispatch(index, low: middle, high: high)
            return
        }
        let upperHalf = assembler.newLabel()
        assembler.jcc(.aboveOrEqual, upperHalf)
        emitBranchTableDispatch(index, low: low, high: middle)
        assembler.bind(upperHalf)
        emitBranchTableDispatch(index, low: middle, high: high)
    }

    /// The label every case in `low..<high` jumps to, if they all jump to one.
    private func sameBranchTableLabel(_ low: Int, _ high: Int) -> Label? {
        let first = branchTableCaseLabels[low]
        for position in (low + 1)..<high where branchTableCaseLabels[position] != first { return nil }
        return first
    }

    private mutating func branchTableLabel(depth: Int) -> Label {
        if let label = branchTableTargetLabels[depth] { return label }
        let targetIndex = controlStack.count - 1 - depth
        let target = controlStack[targetIndex]
        let label: Label
        if target.kind != .function && !branchNeedsMoves(to: target) {
            label = target.label
            controlStack[targetIndex].labelUsed = true
        } else {
            label = assembler.newLabel()
            branchTableStubDepths.append(depth)
        }
        branchTableTargetLabels[depth] = label
        return label
    }

    /// The labels of a br_table, read into a reused buffer.
    private mutating func readBranchTableDepths(_ table: BranchTable) {
        info.module.bytes.readBranchTargets(table, into: &branchTableDepths)
    }

    /// Whether the values a branch to `target` carries are not all in its canonical slots yet.
    func branchNeedsMoves(to target: ControlFrame) -> Bool {
        let arity = target.branchArity
        let first = stack.count - arity
        if arity == 0 { return false }
        if first != target.baseHeight { return true }
        for index in first..<stack.count where !stack[index].isSpilled { return true }
        return false
    }

    /// Moves the carried values and jumps; the compile-time state is left as
    /// it was, so this can sit on one path of a conditional branch.
    mutating func emitBranch(toFrame targetIndex: Int) {
        let target = controlStack[targetIndex]
        if target.kind == .function {
            emitReturn()
            return
        }
        let arity = target.branchArity
        let first = stack.count - arity
        // In increasing order: a value's source slot is never a lower value's destination.
        for position in 0..<arity {
            let index = first + position
            let destination = target.baseHeight + position
            if stack[index].isSpilled && index == destination { continue }
            emitStore(operand(at: index), to: frameSlot(frame.operandSlotOffset(destination)))
        }
        assembler.jmp(target.label)
        if target.kind != .loop { controlStack[targetIndex].labelUsed = true }
    }

    // MARK: Return

    mutating func compileReturn() {
        emitReturn()
        markUnreachable()
    }

    /// Writes the results over the argument area and returns. Changes no
    /// compile-time state (it also serves br_if and br_table to the function).
    mutating func emitReturn() {
        let resultCount = functionType.results.count
        let first = stack.count - resultCount
        // A result read from parameter slot p < k would already be overwritten
        // by result p when result k is written: copy those to their own
        // operand slots first.
        var copiedToOwnSlot = false
        for position in 0..<resultCount {
            if case .local(let local) = stack[first + position].location, Int(local) < position,
                Int(local) < frame.parameterCount
            {
                emitStore(operand(at: first + position), to: frameSlot(frame.operandSlotOffset(first + position)))
                copiedToOwnSlot = true
            }
        }
        for position in 0..<resultCount {
            let index = first + position
            var source = operand(at: index)
            if copiedToOwnSlot, case .local(let local) = stack[index].location, Int(local) < position,
                Int(local) < frame.parameterCount
            {
                source = Operand(.memory(frameSlot(frame.operandSlotOffset(index))), source.type)
            }
            emitStore(source, to: frameSlot(FrameLayout.parameterAreaOffset + Int32(position) * FrameLayout.slotSize))
        }
        emitPinnedLocalsExit()
        assembler.movq(.r14, frameSlot(FrameLayout.savedR14Offset))
        assembler.movq(.r15, frameSlot(FrameLayout.savedR15Offset))
        assembler.movq(.rsp, .rbp)
        assembler.popq(.rbp)
        assembler.ret()
    }

    mutating func compileUnreachable() {
        emitTrap(.unreachable)
        markUnreachable()
    }
}
