// Compiling WAT for the JIT tests, and reading the result back as text.
//
// Golden listings print branch targets symbolically, so they do not change
// when unrelated code moves: a jump to a trap stub reads `trap(<code>)`, a
// jump inside the body `@<offset from the body start>`.
import Disassembler
import Testing
import WAT
import WasmCore
import WasmJIT
import WasmValidator

struct CompiledTestModule {
    let module: Module
    let compiled: CompiledModule

    init(_ text: String, simd: Bool = false, options: Compiler.Options = Compiler.Options()) throws {
        let bytes = try simd ? wat2wasm(text, features: [.referenceTypes, .simd]) : wat2wasm(text, features: [.referenceTypes])
        module = try Module(decoding: bytes)
        compiled = try Compiler(options: options).compile(try ModuleValidator.validate(module))
    }

    /// The defined function at `index` (imports not counted).
    func function(_ index: Int = 0) -> CompiledFunction { compiled.functions[index] }

    /// The function's instructions, addresses relative to the module's code.
    func instructions(_ index: Int = 0) -> [DisassembledInstruction] {
        let range = function(index).codeRange
        return Disassembler().instructions(in: Array(compiled.code[range]), address: UInt64(range.lowerBound))
    }

    /// The instruction at a machine offset of the module's code.
    func instruction(at offset: Int) -> DisassembledInstruction? {
        Disassembler().instruction(at: Array(compiled.code[offset...].prefix(16)), address: UInt64(offset))
    }

    /// The body's instructions (first op to the end of the last op), with symbolic branch targets.
    func body(_ index: Int = 0) -> [String] {
        let function = self.function(index)
        let end = function.opMap.last.map { Int($0.machineEnd) } ?? function.bodyStartOffset
        return golden(index, from: function.bodyStartOffset, to: end)
    }

    /// The prologue's instructions, with symbolic branch targets.
    func prologue(_ index: Int = 0) -> [String] {
        let function = self.function(index)
        return golden(index, from: function.codeRange.lowerBound, to: function.bodyStartOffset)
    }

    /// The instructions of the ops at `wasmOffsets`' op map entries, in order.
    func code(ofOpAt wasmOffset: Int, function index: Int = 0) -> [String] {
        let entry = function(index).opMap.first { Int($0.wasmOffset) == wasmOffset }!
        return golden(index, from: Int(entry.machineStart), to: Int(entry.machineEnd))
    }

    func golden(_ index: Int, from start: Int, to end: Int) -> [String] {
        let function = self.function(index)
        return instructions(index).filter { Int($0.address) >= start && Int($0.address) < end }.map { instruction in
            guard let target = instruction.branchTarget else { return instruction.text }
            let mnemonic = instruction.text.split(separator: " ").first.map(String.init) ?? instruction.text
            if let site = function.trapSites.first(where: { UInt64($0.machineOffset) == target }) {
                return "\(mnemonic) trap(\(site.code))"
            }
            return "\(mnemonic) @\(Int(target) - function.bodyStartOffset)"
        }
    }

    /// The module offsets of every op of defined function `index`, in order.
    func opOffsets(_ index: Int = 0) throws -> [Int] {
        var decoder = InstructionDecoder(module: module, body: module.functionBodies[index])
        var offsets: [Int] = []
        while try decoder.next() != nil { offsets.append(decoder.instructionOffset) }
        return offsets
    }

    /// The ops of defined function `index` with their offsets.
    func ops(_ index: Int = 0) throws -> [(offset: Int, instruction: Instruction)] {
        var decoder = InstructionDecoder(module: module, body: module.functionBodies[index])
        var ops: [(Int, Instruction)] = []
        while let instruction = try decoder.next() { ops.append((decoder.instructionOffset, instruction)) }
        return ops
    }

    /// A listing with each op's machine range, for failure messages.
    func listing(_ index: Int = 0) -> String {
        let function = self.function(index)
        var lines: [String] = []
        for instruction in instructions(index) {
            for op in function.opMap where Int(op.machineStart) == Int(instruction.address) {
                lines.append("  ; op @0x\(String(op.wasmOffset, radix: 16))")
            }
            lines.append(String(instruction.address, radix: 16) + "  " + instruction.text)
        }
        return lines.joined(separator: "\n")
    }
}

/// The registers the compiler may put a value in (not rsp, rbp, r11, r14, r15; not xmm15).
let allocatableGeneralRegisters: Set<UInt8> = [0, 1, 2, 3, 6, 7, 8, 9, 10, 12, 13]
let allocatableVectorRegisters: Set<UInt8> = Set(0...14)
