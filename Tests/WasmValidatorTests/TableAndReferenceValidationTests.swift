import Testing
import WasmCore
import WasmValidator

@Suite struct TableAndReferenceValidationTests {
    static let function: TestFunction = {
        var function = TestFunction.withMemoryAndTables()
        function.elementTypes = [.funcref, .externref]
        function.functionTypeIndices = [0, 0, 0]
        function.declaredFunctionReferences = [1]
        return function
    }()

    @Test func tableGetAndSetUseTheElementType() {
        expectValid([.i32Const(0), .tableGet(1), .drop, .i32Const(0), .refNull(.funcref), .tableSet(0)], in: Self.function)
        expectInvalid([.i32Const(0), .refNull(.funcref), .tableSet(1)], in: Self.function, "type mismatch", at: 2)
        expectInvalid([.i32Const(0), .tableGet(2), .drop], in: Self.function, "unknown table 2", at: 1)
    }

    @Test func sizeGrowAndFillCheckTheirOperands() {
        expectValid([.tableSize(0), .drop, .refNull(.externref), .i32Const(1), .tableGrow(1), .drop], in: Self.function)
        expectValid([.i32Const(0), .refNull(.funcref), .i32Const(1), .tableFill(0)], in: Self.function)
        expectInvalid([.i32Const(1), .refNull(.externref), .tableGrow(1), .drop], in: Self.function, "type mismatch", at: 2)
        expectInvalid([.i32Const(0), .refNull(.externref), .i32Const(1), .tableFill(0)], in: Self.function, "type mismatch", at: 3)
        expectInvalid([.tableSize(5), .drop], in: Self.function, "unknown table 5", at: 0)
    }

    @Test func tableCopyNeedsTablesOfOneType() {
        let three: [Instruction] = [.i32Const(0), .i32Const(0), .i32Const(0)]
        expectValid(three + [.tableCopy(destinationTable: 1, sourceTable: 1)], in: Self.function)
        expectInvalid(three + [.tableCopy(destinationTable: 0, sourceTable: 1)], in: Self.function, "type mismatch", at: 3)
        expectInvalid(three + [.tableCopy(destinationTable: 0, sourceTable: 3)], in: Self.function, "unknown table 3", at: 3)
    }

    @Test func tableInitNeedsASegmentOfTheTableType() {
        let three: [Instruction] = [.i32Const(0), .i32Const(0), .i32Const(0)]
        expectValid(three + [.tableInit(elementIndex: 1, tableIndex: 1), .elemDrop(elementIndex: 0)], in: Self.function)
        expectInvalid(three + [.tableInit(elementIndex: 1, tableIndex: 0)], in: Self.function, "type mismatch", at: 3)
        expectInvalid(three + [.tableInit(elementIndex: 4, tableIndex: 0)], in: Self.function, "unknown elem segment 4", at: 3)
        expectInvalid([.elemDrop(elementIndex: 2)], in: Self.function, "unknown elem segment 2", at: 0)
        // table_init.wast: with neither, the table is reported.
        expectInvalid(three + [.tableInit(elementIndex: 4, tableIndex: 0)], in: TestFunction(), "unknown table 0", at: 3)
    }

    @Test func refNullAndRefIsNull() {
        expectValid([.refNull(.funcref), .refIsNull], in: TestFunction(results: [.i32]))
        expectValid([.unreachable, .refIsNull], in: TestFunction(results: [.i32]))
        expectInvalid([.i32Const(0), .refIsNull], in: TestFunction(results: [.i32]), "type mismatch", at: 1)
        expectInvalid([.refIsNull], in: TestFunction(results: [.i32]), "type mismatch", at: 0)
    }

    @Test func refFuncNeedsADeclaredFunction() {
        expectValid([.refFunc(functionIndex: 1), .drop], in: Self.function)
        expectInvalid([.refFunc(functionIndex: 0), .drop], in: Self.function, "undeclared function reference", at: 0)
        expectInvalid([.refFunc(functionIndex: 7), .drop], in: Self.function, "unknown function 7", at: 0)
    }

    @Test func refFuncProducesAFuncref() {
        var function = Self.function
        function.results = [.externref]
        expectInvalid([.refFunc(functionIndex: 1)], in: function, "type mismatch", at: 1)
    }
}
