// Calls: direct calls within the module (pc-relative, patched when every
// function has its place), calls to imports and call_indirect through
// FunctionReference records, and calls of runtime builtins with the C ABI.
//
// Wasm calls pass arguments and results in 8-byte slots at [rsp] (see
// docs/jit-abi.md). Every register is clobbered by a call, so values held in
// registers are spilled first; constants and lazily read locals survive as
// they are, since a callee cannot change them. Every call's return address
// is recorded as a call site.
import WasmCore
import X64Assembler

extension FunctionCompiler {
    /// The C argument registers after the VM context in rdi.
    private static let builtinArgumentRegisters: [Register] = [.rsi, .rdx, .rcx, .r8, .r9]

    private func requireScalar(_ type: FunctionType) throws(OpError) {
        if type.parameters.contains(.v128) || type.results.contains(.v128) {
            throw OpError("SIMD is not supported yet (v128 in a call signature)")
        }
    }

    /// Stores the arguments into the outgoing slots, pops them, and spills the rest.
    private mutating func prepareCall(_ type: FunctionType) {
        let count = type.parameters.count
        let first = stack.count - count
        for position in 0..<count {
            emitStore(operand(at: first + position), to: Memory(base: .rsp, displacement: Int32(position) * 8))
        }
        for _ in 0..<count { drop() }
        spillRegisters()
        storePinnedLocals(beforeBuiltin: false)
        maxOutgoingSlots = max(maxOutgoingSlots, count, type.results.count)
    }

    /// Records the call site and pushes the results from the outgoing slots.
    private mutating func finishCall(_ type: FunctionType) {
        recorder.recordCall(returnOffset: assembler.offset, wasmOffset: opOffset)
        reloadPinnedLocals(afterBuiltin: false)
        for (position, resultType) in type.results.enumerated() {
            let register = allocate(resultType.registerClass)
            assembler.load(resultType, register, Memory(base: .rsp, displacement: Int32(position) * 8))
            push(register, resultType)
        }
    }

    mutating func compileCall(functionIndex: UInt32) throws(OpError) {
        let type = info.types[Int(info.functionTypeIndices[Int(functionIndex)])]
        try requireScalar(type)
        prepareCall(type)
        if Int(functionIndex) < info.importedFunctionCount {
            let record = Int32(functionIndex) * FunctionReferenceLayout.size
            assembler.movq(.rax, Memory(base: .r14, displacement: VMContextLayout.functions))
            assembler.movq(.rdi, Memory(base: .rax, displacement: record + FunctionReferenceLayout.vmContext))
            assembler.call(Memory(base: .rax, displacement: record + FunctionReferenceLayout.code))
        } else {
            assembler.movq(.rdi, .r14)
            let position = assembler.callPlaceholder()
            callPatches.append((position, Int(functionIndex) - info.importedFunctionCount))
        }
        finishCall(type)
    }

    /// Checks, in the spec's order: index within the table, a non-null entry,
    /// and the callee's canonical type id equal to the expected type's.
    mutating func compileCallIndirect(typeIndex: UInt32, tableIndex: UInt32) throws(OpError) {
        let type = info.types[Int(typeIndex)]
        try requireScalar(type)
        // The index stays where it is (popped, so no spill moves it) while the arguments are stored.
        let index = pop()
        prepareCall(type)
        assembler.moveInteger(wide: false, Scratch.gpr, integerSource(index, wide: false))
        release(index)

        assembler.movq(.rax, Memory(base: .r14, displacement: VMContextLayout.tables))
        assembler.movq(.rax, Memory(base: .rax, displacement: Int32(tableIndex) * 8))
        assembler.cmpq(Scratch.gpr, Memory(base: .rax, displacement: TableStorageLayout.count))
        assembler.jcc(.aboveOrEqual, trapLabel(.undefinedElement))
        assembler.movq(.rax, Memory(base: .rax, displacement: TableStorageLayout.elements))
        assembler.movq(.rax, Memory(base: .rax, index: Scratch.gpr, scale: 8))
        assembler.testq(.rax, .rax)
        assembler.jcc(.equal, trapLabel(.uninitializedElement))
        assembler.movq(Scratch.gpr, Memory(base: .r14, displacement: VMContextLayout.typeIDs))
        assembler.movl(Scratch.gpr, Memory(base: Scratch.gpr, displacement: Int32(typeIndex) * 4))
        assembler.cmpl(Scratch.gpr, Memory(base: .rax, displacement: FunctionReferenceLayout.typeID))
        assembler.jcc(.notEqual, trapLabel(.indirectCallTypeMismatch))
        assembler.movq(.rdi, Memory(base: .rax, displacement: FunctionReferenceLayout.vmContext))
        assembler.call(Memory(base: .rax, displacement: FunctionReferenceLayout.code))
        finishCall(type)
    }

    // MARK: Builtins

    /// Calls a builtin with the VM context, up to two immediates, then the top
    /// `stackArguments` stack values (deepest first) as C arguments, and pops them.
    /// The caller's frame is recorded as the last exit, as host calls do, so
    /// a profiler sample taken inside the runtime can walk the wasm frames.
    mutating func callBuiltin(
        _ builtin: Builtin, _ first: UInt32? = nil, _ second: UInt32? = nil, stackArguments: Int
    ) {
        // With every register value spilled, loading the argument registers cannot clobber a source.
        spillRegisters()
        var position = 0
        if let first {
            assembler.loadImmediate(Self.builtinArgumentRegisters[position], UInt64(first))
            position += 1
        }
        if let second {
            assembler.loadImmediate(Self.builtinArgumentRegisters[position], UInt64(second))
            position += 1
        }
        let firstArgument = stack.count - stackArguments
        for index in firstArgument..<stack.count {
            let argument = operand(at: index)
            let wide = argument.type.isWide
            assembler.moveInteger(
                wide: wide, Self.builtinArgumentRegisters[position], integerSource(argument, wide: wide))
            position += 1
        }
        for _ in 0..<stackArguments { drop() }

        let returnLabel = assembler.newLabel()
        assembler.movq(Memory(base: .r14, displacement: VMContextLayout.lastExitFramePointer), .rbp)
        assembler.leaq(Scratch.gpr, Memory(label: returnLabel))
        assembler.movq(Memory(base: .r14, displacement: VMContextLayout.lastExitPC), Scratch.gpr)
        assembler.movq(.rdi, .r14)
        storePinnedLocals(beforeBuiltin: true)
        assembler.movq(.rax, Memory(base: .r14, displacement: VMContextLayout.builtins))
        assembler.call(Memory(base: .rax, displacement: builtin.tableOffset))
        assembler.bind(returnLabel)
        recorder.recordCall(returnOffset: assembler.offset, wasmOffset: opOffset)
        reloadPinnedLocals(afterBuiltin: true)
    }

    /// A builtin's nonzero result is a trap; this op can only trap with `code`.
    mutating func checkBuiltinTrap(_ code: TrapCode) {
        assembler.testl(.rax, .rax)
        assembler.jcc(.notEqual, trapLabel(code))
    }

    /// Pushes the builtin's result from rax (every register is free after the call).
    mutating func pushBuiltinResult(_ type: ValueType) {
        let rax = ValueRegister(.rax)
        registers.take(rax)
        if type == .i32 { assembler.movl(.rax, .rax) }
        push(rax, type)
    }
}
