/// A wasm op as one line of the text format (`i32.load offset=8`,
/// `call 12`, `local.get 3`), for annotated listings; and reading the op
/// that starts at a module offset.
import WasmCore

enum OperatorText {
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

    static func text(_ instruction: Instruction) -> String {
        switch instruction {
        case .unreachable: "unreachable"
        case .nop: "nop"
        case .block: "block"
        case .loop: "loop"
        case .if: "if"
        case .else: "else"
        case .end: "end"
        case .br(let depth): "br \(depth)"
        case .brIf(let depth): "br_if \(depth)"
        case .brTable(let table): "br_table (\(table.targetCount) labels) default \(table.defaultDepth)"
        case .return: "return"
        case .call(let index): "call \(index)"
        case .callIndirect(let type, let table): "call_indirect \(table) (type \(type))"
        case .drop: "drop"
        case .select, .typedSelect: "select"
        case .localGet(let index): "local.get \(index)"
        case .localSet(let index): "local.set \(index)"
        case .localTee(let index): "local.tee \(index)"
        case .globalGet(let index): "global.get \(index)"
        case .globalSet(let index): "global.set \(index)"
        case .tableGet(let index): "table.get \(index)"
        case .tableSet(let index): "table.set \(index)"
        case .tableInit(let element, let table): "table.init \(table) \(element)"
        case .elemDrop(let element): "elem.drop \(element)"
        case .tableCopy(let destination, let source): "table.copy \(destination) \(source)"
        case .tableGrow(let index): "table.grow \(index)"
        case .tableSize(let index): "table.size \(index)"
        case .tableFill(let index): "table.fill \(index)"
        case .memory(let memoryOperator, let argument):
            memoryOperator.name + (argument.offset != 0 ? " offset=\(argument.offset)" : "")
        case .memorySize: "memory.size"
        case .memoryGrow: "memory.grow"
        case .memoryInit(let data, _): "memory.init \(data)"
        case .dataDrop(let data): "data.drop \(data)"
        case .memoryCopy: "memory.copy"
        case .memoryFill: "memory.fill"
        case .i32Const(let value): "i32.const \(value)"
        case .i64Const(let value): "i64.const \(value)"
        case .f32Const(let bits): "f32.const \(Float(bitPattern: bits))"
        case .f64Const(let bits): "f64.const \(Double(bitPattern: bits))"
        case .numeric(let numericOperator): numericOperator.name
        case .refNull: "ref.null"
        case .refIsNull: "ref.is_null"
        case .refFunc(let index): "ref.func \(index)"
        case .v128Const: "v128.const"
        case .i8x16Shuffle: "i8x16.shuffle"
        case .simd(let simdOperator): simdOperator.name
        case .simdLane(let laneOperator, let lane): "\(laneOperator.name) \(lane)"
        case .simdMemoryLane(let laneOperator, _, let lane): "\(laneOperator.name) \(lane)"
        }
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
