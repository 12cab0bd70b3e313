/// Reading the op that starts at a module offset (annotated listings and
/// host-call attribution need the op a sample or a call site points at), and
/// the builtin an op calls. Its text is WasmCore's `InstructionText`.
import WasmCore

enum OpLookup {
    /// The instruction at `offset`, which must be the start of an op in `body`.
    static func instruction(at offset: Int, in module: Module, body: FunctionBody) -> Instruction? {
        guard body.codeRange.contains(offset) else { return nil }
        var decoder = InstructionDecoder(
            bytes: module.bytes, range: offset..<body.codeRange.upperBound, hasDataCount: module.dataCount != nil)
        return try? decoder.next()
    }

    /// The body of defined function `functionIndex` (imports first in the index space).
    static func body(ofFunction functionIndex: UInt32, in module: Module) -> FunctionBody? {
        let defined = Int(functionIndex) - module.importedFunctionCount
        return defined >= 0 && defined < module.functionBodies.count ? module.functionBodies[defined] : nil
    }

    /// What a builtin-calling op is called, for samples taken inside the builtin.
    static func builtinName(_ instruction: Instruction) -> String? {
        switch instruction {
        case .memoryGrow: "memory.grow"
        case .memoryFill: "memory.fill"
        case .memoryCopy: "memory.copy"
        case .memoryInit: "memory.init"
        case .dataDrop: "data.drop"
        case .tableGrow: "table.grow"
        case .tableFill: "table.fill"
        case .tableCopy: "table.copy"
        case .tableInit: "table.init"
        case .elemDrop: "elem.drop"
        default: nil
        }
    }
}
