/// The texts of one wasm function that profile views put percentages beside:
/// its wasm ops (with nesting and module offsets) and its machine code (per
/// op, from the compiler's output, so a debugger's int3s never show).
///
/// Machine code is decoded one op's range at a time, as the debugger's
/// listing does, so an instruction never straddles two ops.
import Disassembler
import Symbolication
import WasmCore
import WasmJIT
import WasmRuntime

public struct FunctionListing: Sendable {
    public struct Op: Sendable, Equatable {
        public var moduleOffset: Int
        /// Block nesting, for indentation.
        public var depth: Int
        public var text: String
        /// Names of called functions and locals (`call 12` → `count_primes`).
        public var annotation: String?
        /// The line the op's samples count for (column 0): its own, or for an
        /// op without one (line 0) the line of the op before it, as the
        /// profile attributes samples; a `loop`'s is its back edge's
        /// (`OpLookup.lineOffset`). Nil without DWARF.
        public var source: SourcePosition?
    }

    public struct Instruction: Sendable, Equatable {
        public var address: UInt64
        public var text: String
        /// The op whose code this instruction is (the prologue counts for the first op).
        public var moduleOffset: Int
    }

    public var functionName: String
    public var ops: [Op]
    /// In address order.
    public var instructions: [Instruction]

    /// The listing of wasm function `function` of a profile.
    public init(function: ProfileFunction, symbolication: ProfileSymbolication) throws(ProfileError) {
        guard function.kind == .wasm, let functionIndex = function.wasmFunctionIndex,
            let module = function.moduleIndex.flatMap({ symbolication.module(at: $0) })
        else {
            throw ProfileError("\(function.displayName) is not a wasm function with code")
        }
        try self.init(functionIndex: functionIndex, in: module, name: function.displayName)
        let body = OpLookup.body(ofFunction: functionIndex, in: module.module)
        ops = symbolication.withSymbolizer(for: module) { symbolizer in
            Self.withSources(ops, symbolizer: symbolizer) { offset in
                body.map { OpLookup.lineOffset(ofOp: offset, in: module.module, body: $0) } ?? offset
            }
        }
    }

    /// The listing without source lines (`Op.source` nil).
    public init(functionIndex: UInt32, in module: LoadedModule, name: String) throws(ProfileError) {
        functionName = name
        guard let body = OpLookup.body(ofFunction: functionIndex, in: module.module),
            let compiled = Self.compiledFunction(functionIndex, in: module)
        else {
            throw ProfileError("function \(functionIndex) of \(module.name ?? "the module") has no compiled code")
        }
        let walked: [WalkedInstruction]
        do {
            walked = try OperatorWalker.instructions(of: body, in: module.module)
        } catch {
            throw ProfileError("function \(functionIndex) does not decode: \(error.message)")
        }
        ops = walked.map { instruction in
            Op(
                moduleOffset: instruction.moduleOffset, depth: instruction.depth,
                text: InstructionText.format(instruction.instruction, module: module.module),
                annotation: InstructionText.annotation(
                    instruction.instruction, module: module.module, functionIndex: functionIndex))
        }
        instructions = Self.machineCode(of: compiled, in: module, firstOp: walked.first?.moduleOffset ?? 0)
    }

    /// The ops of one source line, in offset order.
    public func ops(ofLine line: Int, in file: String) -> [Op] {
        ops.filter { $0.source?.line == line && $0.source?.file == file }
    }

    /// Each op's line as the profile attributes samples: its own (`lineOffset`
    /// says where to look it up), or the line before it when that has none.
    private static func withSources(_ ops: [Op], symbolizer: Symbolizer, lineOffset: (Int) -> Int) -> [Op] {
        guard let debugInfo = symbolizer.debugInfo else { return ops }
        func line(at offset: Int) -> SourcePosition? {
            guard let address = symbolizer.debugAddress(moduleOffset: offset),
                let location = debugInfo.sourceLocation(at: address), location.line > 0
            else { return nil }
            return SourcePosition(file: location.file, line: location.line, column: 0)
        }
        // Each op's own line, or the line before it when it has none.
        var current: SourcePosition?
        let lines = ops.map { op -> SourcePosition? in
            if let own = line(at: op.moduleOffset) { current = own }
            return current
        }
        let indexByOffset = Dictionary(ops.enumerated().map { ($1.moduleOffset, $0) }, uniquingKeysWith: { first, _ in first })
        return ops.enumerated().map { index, op in
            var op = op
            op.source = lines[indexByOffset[lineOffset(op.moduleOffset)] ?? index]
            return op
        }
    }

    /// The instructions of one op, in address order.
    public func instructions(ofOp moduleOffset: Int) -> [Instruction] {
        instructions.filter { $0.moduleOffset == moduleOffset }
    }

    static func compiledFunction(_ index: UInt32, in module: LoadedModule) -> CompiledFunction? {
        let defined = Int(index) - module.module.importedFunctionCount
        let functions = module.compiledModule.functions
        if defined >= 0 && defined < functions.count && functions[defined].functionIndex == index { return functions[defined] }
        return functions.first { $0.functionIndex == index }
    }

    /// Prologue, each op's code, then the out-of-line trap stubs (each under the op whose trap it raises).
    private static func machineCode(of compiled: CompiledFunction, in module: LoadedModule, firstOp: Int) -> [Instruction] {
        let code = module.compiledModule.code
        let base = UInt64(module.codeBaseAddress)
        let disassembler = Disassembler()
        var result: [Instruction] = []
        func decode(_ range: Range<Int>, owner: (UInt64) -> Int) {
            let clamped = max(range.lowerBound, 0)..<min(range.upperBound, code.count)
            guard !clamped.isEmpty else { return }
            let start = base + UInt64(clamped.lowerBound)
            for instruction in disassembler.instructions(in: Array(code[clamped]), address: start) {
                result.append(
                    Instruction(address: instruction.address, text: instruction.text, moduleOffset: owner(instruction.address)))
            }
        }
        decode(compiled.codeRange.lowerBound..<compiled.bodyStartOffset) { _ in firstOp }
        var end = compiled.bodyStartOffset
        var lastOp = firstOp
        let ranges = compiled.opMap.filter { $0.machineEnd > $0.machineStart }.sorted { $0.machineStart < $1.machineStart }
        for entry in ranges {
            // Ops' code is contiguous; should a gap appear, its code shows under the op after it.
            decode(end..<Int(entry.machineEnd)) { _ in Int(entry.wasmOffset) }
            end = max(end, Int(entry.machineEnd))
            lastOp = Int(entry.wasmOffset)
        }
        let stubs = compiled.trapSites.filter { Int($0.machineOffset) >= end }.sorted { $0.machineOffset < $1.machineOffset }
        decode(end..<compiled.codeRange.upperBound) { address in
            let offset = Int(address - base)
            return stubs.last { Int($0.machineOffset) <= offset }.map { Int($0.wasmOffset) } ?? lastOp
        }
        return result
    }
}
