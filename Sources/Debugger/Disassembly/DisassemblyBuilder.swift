/// Puts a function's listing together from what the module already knows:
/// the body's ops (decoded again, with their nesting), the compiler's op map
/// and trap sites (which machine code belongs to which op), DWARF's line table
/// (where source lines start) and Zydis (the machine code's text).
///
/// Machine code is decoded one op's range at a time rather than in one sweep,
/// so an instruction can never straddle two ops in the listing, and a stray
/// byte cannot throw the decoding of the rest of the function out of step.
import Disassembler
import DWARF
import Symbolication
import WasmCore
import WasmJIT
import WasmRuntime

struct DisassemblyBuilder {
    let loadedModule: LoadedModule
    let functionIndex: UInt32
    let compiled: CompiledFunction
    let body: FunctionBody
    let debugInfo: DebugInfo?
    let sourceLine: (String, Int) -> String?
    /// The function's machine code as the JIT emitted it: `compiled.codeRange`, from its start.
    let code: [UInt8]
    /// Where the ops' code ends and the out-of-line code (trap stubs) begins, as a code offset.
    private(set) var bodyEndOffset: Int
    private let disassembler = Disassembler()
    private var lines: [DisassemblyLine] = []

    init(
        module: LoadedModule, functionIndex: UInt32, debugInfo: DebugInfo?,
        sourceLine: @escaping (String, Int) -> String?, originalCode: (UInt, Int) -> [UInt8]
    ) throws(DisassemblyError) {
        let definedIndex = Int(functionIndex) - module.module.importedFunctionCount
        guard definedIndex >= 0 else {
            throw DisassemblyError("function \(functionIndex) is imported: it has no code in this module")
        }
        guard definedIndex < module.compiledModule.functions.count, definedIndex < module.module.functionBodies.count
        else {
            let count = module.module.allFunctionTypeIndices.count
            throw DisassemblyError("no function \(functionIndex): the module has \(count)")
        }
        let compiled = module.compiledModule.functions[definedIndex]
        guard compiled.functionIndex == functionIndex else {
            throw DisassemblyError(
                "compiled function \(definedIndex) is function \(compiled.functionIndex), not \(functionIndex)")
        }
        self.loadedModule = module
        self.functionIndex = functionIndex
        self.compiled = compiled
        self.body = module.module.functionBodies[definedIndex]
        self.debugInfo = debugInfo
        self.sourceLine = sourceLine
        let start = module.codeBaseAddress + UInt(compiled.codeRange.lowerBound)
        code = originalCode(start, compiled.codeRange.count)
        guard code.count == compiled.codeRange.count else {
            throw DisassemblyError(
                "read \(code.count) bytes of function \(functionIndex)'s code, expected \(compiled.codeRange.count)")
        }
        bodyEndOffset = compiled.opMap.map { Int($0.machineEnd) }.max() ?? compiled.bodyStartOffset
    }

    /// The name section's name (demangled), else an export's name.
    static func functionName(_ index: UInt32, in module: Module) -> String? {
        if let name = module.names?.functionNames[index] { return Demangler.demangle(name) }
        return InstructionText.annotation(.call(functionIndex: index), module: module, functionIndex: nil)
    }

    // MARK: Building

    mutating func build() throws(DisassemblyError) -> [DisassemblyLine] {
        let module = loadedModule.module
        let instructions: [WalkedInstruction]
        do {
            instructions = try OperatorWalker.instructions(of: body, in: module)
        } catch {
            throw DisassemblyError(
                "function \(functionIndex) does not decode: \(error.message) at 0x\(String(error.offset, radix: 16))")
        }
        guard let firstOffset = instructions.first?.moduleOffset, let lastOffset = instructions.last?.moduleOffset
        else { return [] }
        var opRanges: [Int: Range<Int>] = [:]
        for entry in compiled.opMap where opRanges[Int(entry.wasmOffset)] == nil {
            opRanges[Int(entry.wasmOffset)] = Int(entry.machineStart)..<Int(entry.machineEnd)
        }
        let demangledName: (UInt32) -> String? = { index in module.names?.functionNames[index].map(Demangler.demangle) }

        // The compiler attributes the prologue to the body's first op (its stack check traps there).
        appendMachineCode(compiled.codeRange.lowerBound..<compiled.bodyStartOffset, owner: firstOffset)
        var previousLine: SourceLocation?
        var attributedEnd = compiled.bodyStartOffset
        for walked in instructions {
            let location = sourceLocation(ofModuleOffset: walked.moduleOffset)
            // Code without a line (line 0, compiler-made) stays under the line
            // before it: printing that line again after each such op only adds
            // noise, since optimized code interleaves the two all the time.
            if let location, location.file != previousLine?.file || location.line != previousLine?.line {
                let text = sourceLine(location.file, location.line)
                lines.append(
                    DisassemblyLine(
                        kind: .source(file: location.file, line: location.line, text: text),
                        moduleOffset: walked.moduleOffset))
                previousLine = location
            }
            let text = InstructionText.format(walked.instruction, module: module)
            let annotation = InstructionText.annotation(
                walked.instruction, module: module, functionIndex: functionIndex, functionName: demangledName)
            let op = DisassemblyLine.Kind.op(
                moduleOffset: walked.moduleOffset, depth: walked.depth, text: text, annotation: annotation)
            lines.append(DisassemblyLine(kind: op, moduleOffset: walked.moduleOffset))
            guard let range = opRanges[walked.moduleOffset] else { continue }
            // Ops' code is contiguous; should a gap ever appear, its code is shown under the op after it.
            let start = attributedEnd < range.lowerBound ? attributedEnd : range.lowerBound
            appendMachineCode(start..<range.upperBound, owner: walked.moduleOffset)
            attributedEnd = max(attributedEnd, range.upperBound)
        }
        bodyEndOffset = max(bodyEndOffset, attributedEnd)
        appendOutOfLineCode(bodyEndOffset..<compiled.codeRange.upperBound, lastOffset: lastOffset)
        return lines
    }

    /// File and line of the op at `moduleOffset`; DWARF counts addresses from the code section's payload.
    private func sourceLocation(ofModuleOffset moduleOffset: Int) -> SourceLocation? {
        guard let debugInfo, let payloadOffset = loadedModule.module.codeSectionPayloadOffset,
            moduleOffset >= payloadOffset
        else { return nil }
        return debugInfo.sourceLocation(at: UInt32(truncatingIfNeeded: moduleOffset - payloadOffset))
    }

    // MARK: Machine code

    /// The instructions in `range` (code offsets), as lines of op `owner`.
    private mutating func appendMachineCode(_ range: Range<Int>, owner: Int) {
        for instruction in decode(range) {
            lines.append(machineLine(instruction, owner: owner, note: nil))
        }
    }

    /// The code after the ops: trap stubs, each a `ud2` (and a jump back for
    /// resumable traps) that belongs to the op whose trap it raises.
    private mutating func appendOutOfLineCode(_ range: Range<Int>, lastOffset: Int) {
        let stubs = compiled.trapSites.filter { range.contains(Int($0.machineOffset)) }
            .sorted { $0.machineOffset < $1.machineOffset }
        var stubIndex = -1
        for instruction in decode(range) {
            let offset = Int(instruction.address - UInt64(loadedModule.codeBaseAddress))
            while stubIndex + 1 < stubs.count, Int(stubs[stubIndex + 1].machineOffset) <= offset {
                stubIndex += 1
            }
            let stub = stubIndex >= 0 ? stubs[stubIndex] : nil
            let note = stub.flatMap { Int($0.machineOffset) == offset ? "trap: \($0.code)" : nil }
            lines.append(machineLine(instruction, owner: stub.map { Int($0.wasmOffset) } ?? lastOffset, note: note))
        }
    }

    private func decode(_ range: Range<Int>) -> [DisassembledInstruction] {
        let codeRange = compiled.codeRange
        let clamped = range.clamped(to: codeRange)
        guard !clamped.isEmpty else { return [] }
        let start = clamped.lowerBound - codeRange.lowerBound
        let slice = Array(code[start..<(start + clamped.count)])
        let address = UInt64(loadedModule.codeBaseAddress + UInt(clamped.lowerBound))
        return disassembler.instructions(in: slice, address: address)
    }

    private func machineLine(_ instruction: DisassembledInstruction, owner: Int, note: String?) -> DisassemblyLine {
        var text = instruction.text
        if let target = instruction.branchTarget, let name = targetName(UInt(truncatingIfNeeded: target)) {
            text += " <\(name)>"
        }
        // Intel syntax's comment character.
        if let note { text += " ; \(note)" }
        return DisassemblyLine(
            kind: .machine(
                address: UInt(truncatingIfNeeded: instruction.address), bytes: instruction.bytes, text: text,
                moduleOffset: owner),
            moduleOffset: owner)
    }

    /// gdb's name for a jump or call target: `+52` inside this function,
    /// `average` or `average+8` in another function of the module; nil elsewhere
    /// (stubs and builtins, which have no name here).
    private func targetName(_ target: UInt) -> String? {
        let base = loadedModule.codeBaseAddress
        guard loadedModule.codeRange.contains(target) else { return nil }
        let offset = Int(target - base)
        if compiled.codeRange.contains(offset) { return "+\(offset - compiled.codeRange.lowerBound)" }
        guard let callee = loadedModule.compiledModule.function(containing: offset) else { return nil }
        let name = Self.functionName(callee.functionIndex, in: loadedModule.module) ?? "func[\(callee.functionIndex)]"
        let distance = offset - callee.codeRange.lowerBound
        return distance == 0 ? name : "\(name)+\(distance)"
    }
}
