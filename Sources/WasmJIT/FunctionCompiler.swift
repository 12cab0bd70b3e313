// The single-pass code generator: walks each function's ops once, in order,
// and emits x86-64 for each as it goes (Winch's codegen + visitor, Liftoff's
// compiler). One instance compiles a whole module into one assembler, so the
// buffers it keeps (value stack, control stack, scratch arrays) are
// allocated once per module, not per function or per op.
//
// This file holds the state, the per-function driver with its prologue, and
// the helpers every op uses to move values between the value stack,
// registers and memory. The ops themselves are in the FunctionCompiler+*.swift
// extensions, one family per file.
//
// Invariants the helpers maintain:
// - an i32 in a general register has its upper 32 bits zero, so it can index
//   memory and convert as unsigned without another instruction;
// - a spilled stack value lives in the frame slot of its own depth;
// - below the innermost block's base every stack value is spilled (blocks
//   spill everything on entry), so merges only move the values they carry.
import WasmCore
import WasmValidator
import X64Assembler

/// A value taken off the stack: where its bits are now. A register in an
/// operand belongs to whoever popped it and must be released or pushed again.
struct Operand {
    enum Kind {
        case constant(UInt64)
        case register(ValueRegister)
        /// A frame slot (spilled value or local); valid until the op pushes or writes locals.
        case memory(Memory)
    }

    var kind: Kind
    var type: ValueType

    init(_ kind: Kind, _ type: ValueType) {
        self.kind = kind
        self.type = type
    }

    var register: ValueRegister? {
        if case .register(let register) = kind { register } else { nil }
    }

    var constantBits: UInt64? {
        if case .constant(let bits) = kind { bits } else { nil }
    }
}

/// A condition held in the flags, for a branch, cmov or setcc.
enum BranchCondition {
    case flags(Condition)
    /// After ucomiss/ucomisd: equal and ordered (ZF = 1, PF = 0).
    case floatEqual
    /// After ucomiss/ucomisd: not equal or unordered (ZF = 0 or PF = 1).
    case floatNotEqual

    var negated: BranchCondition {
        switch self {
        case .flags(let condition): .flags(condition.inverted)
        case .floatEqual: .floatNotEqual
        case .floatNotEqual: .floatEqual
        }
    }
}

/// What the module's functions share while they are compiled.
struct ModuleInfo {
    let module: Module
    let types: [FunctionType]
    /// Type index of every function, imports first.
    let functionTypeIndices: [UInt32]
    let importedFunctionCount: Int
    let globalTypes: [GlobalType]
    /// Every table, imports first.
    let tableTypes: [TableType]

    init(_ validated: ValidatedModule) {
        module = validated.module
        types = validated.context.types
        functionTypeIndices = validated.context.functionTypeIndices
        importedFunctionCount = validated.module.importedFunctionCount
        globalTypes = validated.context.globals
        tableTypes = validated.context.tables
    }
}

struct FunctionCompiler {
    let info: ModuleInfo
    let options: Compiler.Options
    var assembler: Assembler
    /// Direct calls to defined functions, patched once every function is placed:
    /// the rel32 field's position and the callee's defined-function index.
    var callPatches: [(position: Int, calleeDefinedIndex: Int)] = []

    // MARK: Per-function state, reset by `compileFunction`

    var frame = FrameLayout()
    var localTypes: [ValueType] = []
    var functionType = FunctionType(parameters: [], results: [])
    var stack = ValueStack()
    var registers = RegisterAllocator()
    var controlStack: [ControlFrame] = []
    /// Locals whose value is also in a register or known constant (non-debugging compiles).
    var localCache = LocalCache()
    /// Locals kept in registers for the whole function (FunctionCompiler+PinnedLocals).
    var pinnedLocals = PinnedLocals()
    var recorder = CodeMapRecorder(expectedOpCount: 0)
    var pendingTraps: [PendingTrap] = []
    /// Set by a compare whose result the next op (br_if, if, select) takes from the flags.
    var pendingCondition: BranchCondition?
    /// Whether the op being compiled can execute; dead ops are skipped.
    var reachable = true
    /// Blocks opened inside dead code, whose `end`s are skipped too.
    var deadBlockDepth = 0
    var maxOutgoingSlots = 0
    /// Module offset of the op being compiled, for trap and call sites.
    var opOffset = 0

    // MARK: Scratch buffers reused by br_table

    var branchTableDepths: [UInt32] = []
    var branchTableCaseLabels: [Label] = []
    /// Per relative depth, the label a br_table jumps to for that target.
    var branchTableTargetLabels: [Label?] = []
    var branchTableStubDepths: [Int] = []

    init(info: ModuleInfo, options: Compiler.Options, codeCapacity: Int) {
        self.info = info
        self.options = options
        assembler = Assembler(capacity: codeCapacity)
    }

    // MARK: Driver

    mutating func compileFunction(definedIndex: Int, summary: FunctionSummary) throws(CompileError) -> CompiledFunction {
        let body = info.module.functionBodies[definedIndex]
        let functionIndex = UInt32(info.importedFunctionCount + definedIndex)
        try begin(summary: summary, body: body, functionIndex: functionIndex)

        assembler.align(to: 16)
        let functionStart = assembler.offset
        opOffset = body.codeRange.lowerBound
        let frameSizePosition = emitPrologue(definedIndex: definedIndex)
        let bodyStart = assembler.offset

        var decoder = InstructionDecoder(module: info.module, body: body)
        var current: Instruction?
        var currentOffset = 0
        while true {
            // One decode per op, one instruction ahead: a compare looks at
            // the op after it to decide whether to fuse with it.
            let next: Instruction?
            do {
                next = try decoder.next()
            } catch {
                throw CompileError(error.message, at: error.offset, function: functionIndex)
            }
            let nextOffset = decoder.instructionOffset
            if let instruction = current {
                try compileOp(instruction, at: currentOffset, next: next, function: functionIndex)
            }
            guard let next else { break }
            current = next
            currentOffset = nextOffset
        }

        emitTrapStubs()
        let reserved = frame.reservedBytes(outgoingSlotCount: maxOutgoingSlots)
        assembler.patchInt32(at: frameSizePosition, reserved)
        let locals = (0..<frame.localCount).map { index in
            // Debug code names the slots, where callers' locals are; the innermost frame's are in pinnedRegisters.
            if !options.savesPinnedLocalsAtCalls, let pinned = pinnedLocals.register(of: UInt32(index)) {
                return ValueLocation(pinned.locationKind, type: localTypes[index])
            }
            return ValueLocation(.frameSlot(rbpOffset: frame.localOffset(index)), type: localTypes[index])
        }
        return recorder.finish(
            functionIndex: functionIndex, codeRange: functionStart..<assembler.offset, bodyStartOffset: bodyStart,
            locals: locals, pinnedRegisters: pinnedRegisterRecords())
    }

    private mutating func compileOp(
        _ instruction: Instruction, at offset: Int, next: Instruction?, function: UInt32
    ) throws(CompileError) {
        opOffset = offset
        let machineStart = assembler.offset
        do {
            if reachable {
                // The consumer of a fused compare has no stop of its own: its
                // condition lives in the flags, which no ValueLocation names.
                if pendingCondition == nil {
                    recorder.recordStop(machineOffset: machineStart, wasmOffset: offset, stack: &stack, frame: frame)
                }
                try compile(instruction, next: next)
            } else {
                try skip(instruction)
                // An else/end that branches lead to revives the code: its
                // label is here, with the carried values in their slots.
                if reachable {
                    recorder.recordStop(machineOffset: machineStart, wasmOffset: offset, stack: &stack, frame: frame)
                }
            }
        } catch {
            throw CompileError(error.message, at: offset, function: function)
        }
        recorder.recordOp(wasmOffset: offset, machineStart: machineStart, machineEnd: assembler.offset)
        assert(
            registers.allocatedCount == stack.registerCount + localCache.registerCount,
            "a register leaked at offset \(offset)")
        assert(stack.count <= frame.maxOperandStackHeight, "stack deeper than validation said at offset \(offset)")
    }

    private mutating func begin(summary: FunctionSummary, body: FunctionBody, functionIndex: UInt32) throws(CompileError) {
        functionType = info.types[Int(summary.typeIndex)]
        let parameterCount = summary.parameters.count
        let slotCount = summary.localCount - parameterCount + summary.maxOperandStackHeight
        guard slotCount <= FrameLayout.maxSlotCount else {
            throw CompileError("function frame too large: \(summary.localCount) locals", at: body.codeRange.lowerBound, function: functionIndex)
        }
        frame = FrameLayout(
            parameterCount: parameterCount, localCount: summary.localCount,
            maxOperandStackHeight: summary.maxOperandStackHeight)
        localTypes.removeAll(keepingCapacity: true)
        localTypes.reserveCapacity(summary.localCount)
        localTypes.append(contentsOf: summary.parameters)
        if summary.parameters.contains(.v128) {
            throw CompileError("SIMD is not supported yet (v128 parameter)", at: body.codeRange.lowerBound, function: functionIndex)
        }
        for run in summary.declaredLocals {
            if run.type == .v128 {
                throw CompileError("SIMD is not supported yet (v128 local)", at: body.codeRange.lowerBound, function: functionIndex)
            }
            localTypes.append(contentsOf: repeatElement(run.type, count: Int(run.count)))
        }
        if functionType.results.contains(.v128) {
            throw CompileError("SIMD is not supported yet (v128 result)", at: body.codeRange.lowerBound, function: functionIndex)
        }
        choosePinnedLocals(summary)
        stack.reset(capacity: summary.maxOperandStackHeight)
        registers.reset()
        localCache.reset(localCount: summary.localCount)
        controlStack.removeAll(keepingCapacity: true)
        controlStack.append(ControlFrame(
            kind: .function, signature: BlockSignature(function: summary.typeIndex, type: functionType), baseHeight: 0,
            label: assembler.newLabel(), elseLabel: nil))
        if branchTableTargetLabels.count < summary.maxControlDepth + 1 {
            branchTableTargetLabels = Array(repeating: nil, count: summary.maxControlDepth + 1)
        }
        recorder = CodeMapRecorder(expectedOpCount: body.codeRange.count / 2 + 4)
        pendingTraps.removeAll(keepingCapacity: true)
        pendingCondition = nil
        reachable = true
        deadBlockDepth = 0
        maxOutgoingSlots = 0
    }

    /// Returns the position of the frame size, patched at the end.
    private mutating func emitPrologue(definedIndex: Int) -> Int {
        assembler.pushq(.rbp)
        assembler.movq(.rbp, .rsp)
        assembler.pushq(.r14)
        assembler.pushq(.r15)
        assembler.movq(.r14, .rdi)
        assembler.movq(.r15, Memory(base: .r14, displacement: VMContextLayout.memoryBase))
        let frameSizePosition = assembler.subqPatchable(.rsp)
        assembler.cmpq(.rsp, Memory(base: .r14, displacement: VMContextLayout.stackLimit))
        assembler.jcc(.below, trapLabel(.callStackExhausted))
        if options.countsCalls { emitCallCount(definedIndex: definedIndex) }
        zeroDeclaredLocals()
        emitPinnedLocalsEntry()
        emitInterruptCheck()
        return frameSizePosition
    }

    /// Counts this call in the function's counter. After the stack check, so
    /// a call that overflows the stack (and never ran) is not counted. Not
    /// atomic: counts are exact for one thread per module, which is how
    /// wasmscope runs programs.
    private mutating func emitCallCount(definedIndex: Int) {
        assembler.movq(Scratch.gpr, Memory(base: .r14, displacement: VMContextLayout.callCounts))
        assembler.incq(Memory(base: Scratch.gpr, displacement: Int32(definedIndex * 8)))
    }

    /// Declared locals start at zero; a few stores for a few, a loop for many.
    private mutating func zeroDeclaredLocals() {
        let count = frame.declaredLocalCount
        if count == 0 { return }
        let first = frame.parameterCount
        if count <= 16 && (0..<count).allSatisfy({ slotNeedsNoZero(first + $0) }) { return }
        assembler.xorl(.rax, .rax)
        if count <= 16 {
            // A pinned local's slot is never read before it is written: its register starts at zero.
            for index in 0..<count where !slotNeedsNoZero(first + index) {
                assembler.movq(frameSlot(frame.localOffset(first + index)), .rax)
            }
            return
        }
        // rdi = lowest local; rcx counts down to 1, storing [rdi + rcx*8 - 8].
        assembler.leaq(.rdi, frameSlot(frame.localOffset(frame.localCount - 1)))
        assembler.movl(.rcx, Int32(count))
        let loop = assembler.newLabel()
        assembler.bind(loop)
        assembler.movq(Memory(base: .rdi, index: .rcx, scale: 8, displacement: -8), .rax)
        assembler.decl(.rcx)
        assembler.jcc(.notEqual, loop)
    }

    /// Traps with `interrupted` when the store's interrupt flag is set.
    mutating func emitInterruptCheck() {
        assembler.movq(Scratch.gpr, Memory(base: .r14, displacement: VMContextLayout.interruptFlag))
        assembler.cmpl(Memory(base: Scratch.gpr), 0)
        let resume = assembler.newLabel()
        assembler.jcc(.notEqual, trapLabel(.interrupted, resume: resume))
        assembler.bind(resume)
    }

    // MARK: Registers

    /// A free register of the class, spilling the oldest register value if there is none.
    mutating func allocate(_ registerClass: RegisterClass) -> ValueRegister {
        if let register = allocateWithoutSpilling(registerClass) { return register }
        for index in stack.spilledPrefix..<stack.count {
            if let register = stack[index].register, register.isVector == (registerClass == .vector) {
                spill(index)
                return registers.allocate(registerClass)!
            }
        }
        preconditionFailure("no register to spill")
    }

    /// Frees `register` for an instruction that needs that one: the stack value
    /// holding it moves to another register, or to its slot.
    mutating func evict(_ register: ValueRegister) {
        if registers.isFree(register) { return }
        if let local = localCache.owner(of: register) {
            uncacheLocal(local)
            return
        }
        var index = stack.count - 1
        while index >= stack.spilledPrefix {
            if stack[index].register == register {
                let value = stack[index]
                if let replacement = allocateWithoutSpilling(value.type.registerClass) {
                    assembler.move(value.type, replacement, register)
                    stack.setLocation(index, .register(replacement))
                    registers.release(register)
                } else {
                    spill(index)
                }
                return
            }
            index -= 1
        }
        preconditionFailure("register \(register.rawValue) is held outside the value stack")
    }

    /// Takes `register` for this op, evicting whatever stack value holds it.
    mutating func claim(_ register: ValueRegister) {
        evict(register)
        registers.take(register)
    }

    mutating func release(_ operand: Operand) {
        if let register = operand.register { registers.release(register) }
    }

    // MARK: Spilling

    /// Moves stack entry `index` into the slot of its depth.
    mutating func spill(_ index: Int) {
        let value = stack[index]
        let slot = frameSlot(frame.operandSlotOffset(index))
        switch value.location {
        case .spilled:
            return
        case .register(let register):
            assembler.store(value.type, slot, register)
            registers.release(register)
        case .constant(let bits):
            assembler.storeConstant(value.type, slot, bits)
        case .local(let local):
            assembler.movq(Scratch.gpr, frameSlot(frame.localOffset(Int(local))))
            assembler.movq(slot, Scratch.gpr)
        }
        stack.setLocation(index, .spilled)
    }

    /// Puts every stack value in its canonical slot (block entries).
    mutating func spillAll() {
        for index in stack.spilledPrefix..<stack.count { spill(index) }
        stack.markAllSpilled()
    }

    /// Before calls: registers do not survive them; constants and locals do.
    /// The local cache lets its registers go too.
    mutating func spillRegisters() {
        flushLocalCache()
        if stack.registerCount == 0 { return }
        for index in stack.spilledPrefix..<stack.count where stack[index].register != nil { spill(index) }
    }

    // MARK: Stack access

    /// Where stack entry `index` is, without taking it off the stack.
    func operand(at index: Int) -> Operand {
        let value = stack[index]
        switch value.location {
        case .constant(let bits): return Operand(.constant(bits), value.type)
        case .register(let register): return Operand(.register(register), value.type)
        case .local(let local): return Operand(.memory(frameSlot(frame.localOffset(Int(local)))), value.type)
        case .spilled: return Operand(.memory(frameSlot(frame.operandSlotOffset(index))), value.type)
        }
    }

    mutating func pop() -> Operand {
        let result = operand(at: stack.count - 1)
        _ = stack.pop()
        return result
    }

    /// Drops the top value, releasing its register.
    mutating func drop() {
        if let register = stack.pop().register { registers.release(register) }
    }

    mutating func push(_ register: ValueRegister, _ type: ValueType) {
        stack.push(StackValue(.register(register), type))
    }

    mutating func pushConstant(_ type: ValueType, _ bits: UInt64) {
        stack.push(.constant(type, bits))
    }

    // MARK: Moving values

    /// The operand in a register of its class that the caller owns.
    mutating func loadToRegister(_ operand: Operand) -> ValueRegister {
        switch operand.kind {
        case .register(let register):
            return register
        case .constant(let bits):
            let register = allocate(operand.type.registerClass)
            assembler.loadConstant(operand.type, register, bits)
            return register
        case .memory(let memory):
            let register = allocate(operand.type.registerClass)
            assembler.load(operand.type, register, memory)
            return register
        }
    }

    mutating func popToRegister() -> ValueRegister { loadToRegister(pop()) }

    /// Moves the operand into `target`, which the caller already owns; the
    /// operand's own register, if different, is released.
    mutating func load(_ operand: Operand, into target: ValueRegister) {
        switch operand.kind {
        case .register(let register):
            if register != target {
                assembler.move(operand.type, target, register)
                registers.release(register)
            }
        case .constant(let bits):
            assembler.loadConstant(operand.type, target, bits)
        case .memory(let memory):
            assembler.load(operand.type, target, memory)
        }
    }

    /// The operand as the source of a 32- or 64-bit integer instruction; a
    /// 64-bit constant beyond imm32 goes through the scratch register.
    mutating func integerSource(_ operand: Operand, wide: Bool) -> IntegerSource {
        switch operand.kind {
        case .register(let register):
            return .register(register.gpr)
        case .memory(let memory):
            return .memory(memory)
        case .constant(let bits):
            if !wide { return .immediate(Int32(bitPattern: UInt32(truncatingIfNeeded: bits))) }
            if let narrow = Int32(exactly: Int64(bitPattern: bits)) { return .immediate(narrow) }
            assembler.movq(Scratch.gpr, imm64: bits)
            return .register(Scratch.gpr)
        }
    }

    /// Stores the operand into an 8-byte slot. Uses only the scratch registers,
    /// and changes no compiler state, so it may be emitted on a branch path.
    mutating func emitStore(_ operand: Operand, to destination: Memory) {
        switch operand.kind {
        case .register(let register):
            assembler.store(operand.type, destination, register)
        case .constant(let bits):
            assembler.storeConstant(operand.type, destination, bits)
        case .memory(let source):
            if source != destination {
                assembler.movq(Scratch.gpr, source)
                assembler.movq(destination, Scratch.gpr)
            }
        }
    }

    /// Jumps to `label` when the condition holds.
    mutating func jump(if condition: BranchCondition, to label: Label) {
        switch condition {
        case .flags(let flags):
            assembler.jcc(flags, label)
        case .floatEqual:
            let unordered = assembler.newLabel()
            assembler.jcc(.parity, unordered)
            assembler.jcc(.equal, label)
            assembler.bind(unordered)
        case .floatNotEqual:
            assembler.jcc(.parity, label)
            assembler.jcc(.notEqual, label)
        }
    }
}

/// Why a module could not be compiled.
public struct CompileError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// Module offset of the op or body at fault.
    public var offset: Int?
    /// Index (imports first) of the function being compiled.
    public var functionIndex: UInt32?

    public init(_ message: String, at offset: Int? = nil, function functionIndex: UInt32? = nil) {
        self.message = message
        self.offset = offset
        self.functionIndex = functionIndex
    }

    public var description: String {
        var text = message
        if let functionIndex { text += " in function \(functionIndex)" }
        if let offset { text += " at offset 0x\(String(offset, radix: 16))" }
        return text
    }
}

/// An error inside an op, before the driver adds where it happened.
struct OpError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
