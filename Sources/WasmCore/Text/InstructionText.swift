/// The text of one instruction in the flat syntax of the text format, as
/// `wasm2wat` and `wasm-objdump -d` print it: `i32.add`, `local.get 3`,
/// `i32.load offset=8 align=2`, `br_table 0 1 2 3`, `call_indirect (type 3)`.
///
/// The debugger's listings, the TUI's wasm pane and the `disassemble` command
/// print ops with it. Every string it returns is valid text-format input that
/// encodes back to the same instruction: the tests assemble the printed text
/// with `wat2wasm` and compare the decoded instructions.
///
/// Like `wasm2wat` it leaves out what the text format lets a reader assume:
/// a zero `offset=`, an `align=` equal to the access size, and memory or table
/// index 0 where the syntax allows omitting it. Floats print in decimal (the
/// shortest form that reads back to the same bits, more readable than
/// `wasm2wat`'s hex floats), NaNs as `nan` or `nan:0x…` with their payload.
public enum InstructionText {
    /// The text of `instruction`. A `br_table` reads its labels from the
    /// module's bytes unless the caller already has them in `brTableLabels`
    /// (the targets, without the default, in order).
    public static func format(_ instruction: Instruction, module: Module, brTableLabels: [UInt32]? = nil) -> String {
        switch instruction {
        case .unreachable: "unreachable"
        case .nop: "nop"
        case .block(let type): "block" + blockTypeText(type)
        case .loop(let type): "loop" + blockTypeText(type)
        case .if(let type): "if" + blockTypeText(type)
        case .else: "else"
        case .end: "end"
        case .br(let depth): "br \(depth)"
        case .brIf(let depth): "br_if \(depth)"
        case .brTable(let table):
            branchTableText(table, labels: brTableLabels ?? module.bytes.branchTargets(table))
        case .return: "return"
        case .call(let functionIndex): "call \(functionIndex)"
        case .callIndirect(let typeIndex, let tableIndex):
            tableIndex == 0 ? "call_indirect (type \(typeIndex))" : "call_indirect \(tableIndex) (type \(typeIndex))"

        case .drop: "drop"
        case .select: "select"
        case .typedSelect(let type): "select (result \(type))"

        case .localGet(let index): "local.get \(index)"
        case .localSet(let index): "local.set \(index)"
        case .localTee(let index): "local.tee \(index)"
        case .globalGet(let index): "global.get \(index)"
        case .globalSet(let index): "global.set \(index)"

        // The table index stays even when it is 0, as wasm2wat prints it,
        // except where the syntax pairs it with a second index.
        case .tableGet(let table): "table.get \(table)"
        case .tableSet(let table): "table.set \(table)"
        case .tableInit(let element, let table):
            table == 0 ? "table.init \(element)" : "table.init \(table) \(element)"
        case .elemDrop(let element): "elem.drop \(element)"
        case .tableCopy(let destination, let source):
            destination == 0 && source == 0 ? "table.copy" : "table.copy \(destination) \(source)"
        case .tableGrow(let table): "table.grow \(table)"
        case .tableSize(let table): "table.size \(table)"
        case .tableFill(let table): "table.fill \(table)"

        case .memory(let memoryOperator, let argument):
            memoryOperator.name + memoryArgumentText(argument, naturalAlignment: memoryOperator.naturalAlignment)
        case .memorySize(let memory): "memory.size" + memoryIndexText(memory)
        case .memoryGrow(let memory): "memory.grow" + memoryIndexText(memory)
        case .memoryInit(let data, let memory):
            memory == 0 ? "memory.init \(data)" : "memory.init \(memory) \(data)"
        case .dataDrop(let data): "data.drop \(data)"
        case .memoryCopy(let destination, let source):
            destination == 0 && source == 0 ? "memory.copy" : "memory.copy \(destination) \(source)"
        case .memoryFill(let memory): "memory.fill" + memoryIndexText(memory)

        case .i32Const(let value): "i32.const \(value)"
        case .i64Const(let value): "i64.const \(value)"
        case .f32Const(let bits): "f32.const " + floatText(Float(bitPattern: bits))
        case .f64Const(let bits): "f64.const " + floatText(Double(bitPattern: bits))
        case .numeric(let numericOperator): numericOperator.name

        case .refNull(let type): type == .funcref ? "ref.null func" : "ref.null extern"
        case .refIsNull: "ref.is_null"
        case .refFunc(let functionIndex): "ref.func \(functionIndex)"

        case .v128Const(let value): "v128.const " + vectorText(value)
        case .i8x16Shuffle(let lanes): "i8x16.shuffle " + lanes.bytes.map(String.init).joined(separator: " ")
        case .simd(let simdOperator): simdOperator.name
        case .simdLane(let laneOperator, let lane): "\(laneOperator.name) \(lane)"
        case .simdMemoryLane(let laneOperator, let argument, let lane):
            laneOperator.name + memoryArgumentText(argument, naturalAlignment: laneOperator.naturalAlignment)
                + " \(lane)"
        }
    }

    // MARK: Immediates

    /// ` (result i32)`, ` (type 3)`, or nothing for an empty block type.
    static func blockTypeText(_ type: BlockType) -> String {
        switch type {
        case .empty: ""
        case .value(let valueType): " (result \(valueType))"
        case .typeIndex(let index): " (type \(index))"
        }
    }

    /// The targets, then the default: the order of the binary and of the text format.
    static func branchTableText(_ table: BranchTable, labels: [UInt32]) -> String {
        (["br_table"] + labels.map(String.init) + [String(table.defaultDepth)]).joined(separator: " ")
    }

    /// ` 1 offset=8 align=2`, each part only when it is not the default.
    /// The text format spells the alignment in bytes; the binary as its log2.
    static func memoryArgumentText(_ argument: MemArg, naturalAlignment: UInt32) -> String {
        var text = memoryIndexText(argument.memoryIndex)
        if argument.offset != 0 { text += " offset=\(argument.offset)" }
        if argument.alignment != naturalAlignment {
            // A validated module keeps the exponent at most the natural one; a
            // malformed one may not, and must still print without overflowing.
            text += argument.alignment < 64
                ? " align=\(UInt64(1) << UInt64(argument.alignment))" : " align=2**\(argument.alignment)"
        }
        return text
    }

    static func memoryIndexText(_ index: UInt32) -> String {
        index == 0 ? "" : " \(index)"
    }

    /// `v128.const`'s operand as `wasm2wat` prints it: four 32-bit lanes in hex,
    /// since a vector's lane shape is not in the binary.
    static func vectorText(_ value: V128) -> String {
        let lanes = [value.low, value.low >> 32, value.high, value.high >> 32].map { UInt32(truncatingIfNeeded: $0) }
        return "i32x4 " + lanes.map { "0x" + hexDigits($0, width: 8) }.joined(separator: " ")
    }

    // MARK: Floats

    /// Decimal for numbers (Swift's shortest round-tripping form, which the
    /// text format's grammar accepts: `1.5`, `1e-07`, `-0.0`, `inf`), and
    /// `nan` or `nan:0x…` for NaNs, since the payload is part of the value.
    static func floatText<Value: BinaryFloatingPoint>(_ value: Value) -> String
    where Value.RawSignificand: FixedWidthInteger {
        guard value.isNaN else { return "\(value)" }
        let sign = value.sign == .minus ? "-" : ""
        let payload = value.significandBitPattern
        // The canonical NaN has only the quiet bit (the top significand bit) set.
        let canonical = Value.RawSignificand(1) << (Value.significandBitCount - 1)
        if payload == canonical { return sign + "nan" }
        return sign + "nan:0x" + String(payload, radix: 16)
    }

    static func hexDigits(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
