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

    /// Where the source line of the op at `offset` is looked up: the op
    /// itself, except for a `loop`. A `loop`'s only code is the interrupt
    /// check at its header, which runs once per iteration: it counts for the
    /// line of the loop's last op (its back edge, `br_if 0` or `br 0`), not
    /// for the line clang gives the `loop` marker and the ops that open the
    /// body (the enclosing statement's, often an outer loop's, which then
    /// seemed to take a tenth of an inner loop's time).
    static func lineOffset(ofOp offset: Int, in module: Module, body: FunctionBody) -> Int {
        guard body.codeRange.contains(offset) else { return offset }
        var decoder = InstructionDecoder(
            bytes: module.bytes, range: offset..<body.codeRange.upperBound, hasDataCount: module.dataCount != nil)
        guard case .loop? = try? decoder.next() else { return offset }
        var depth = 1
        var previous = offset
        while let instruction = try? decoder.next() {
            switch instruction {
            case .block, .loop, .if: depth += 1
            case .end:
                depth -= 1
                if depth == 0 { return previous }
            default: break
            }
            previous = decoder.instructionOffset
        }
        return offset
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
