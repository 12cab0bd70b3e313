import Testing
import WasmCore
import WasmValidator

@Suite struct ControlValidationTests {
    /// Types 0: [i32 i32] -> [i32 i64], 1: [i32] -> [i32], 2: [] -> [i32 i32].
    static let multiValue = TestFunction(
        results: [.i32, .i64],
        types: [
            FunctionType(parameters: [.i32, .i32], results: [.i32, .i64]),
            FunctionType(parameters: [.i32], results: [.i32]),
            FunctionType(parameters: [], results: [.i32, .i32]),
        ]
    )

    @Test func blocksProduceTheirResults() {
        expectValid([.block(.value(.i32)), .i32Const(1), .end], in: TestFunction(results: [.i32]))
        expectValid([.block(.empty), .end, .loop(.empty), .end])
        expectInvalid([.block(.value(.i32)), .end, .drop], "type mismatch", at: 1)
        expectInvalid([.block(.empty), .i32Const(1), .end], "type mismatch", at: 2)
    }

    @Test func aBlockCannotPopOperandsFromOutside() {
        expectInvalid([.i32Const(1), .block(.empty), .drop, .end, .drop], "type mismatch", at: 2)
    }

    @Test func multiValueBlocksTakeParametersAndReturnSeveralResults() {
        expectValid(
            [.i32Const(1), .i32Const(2), .block(.typeIndex(0)), .numeric(.i32Add), .i64Const(3), .end],
            in: Self.multiValue
        )
        expectValid([.block(.typeIndex(2)), .i32Const(1), .i32Const(2), .end, .drop, .drop], in: TestFunction(types: Self.multiValue.types))
        expectInvalid([.i32Const(1), .block(.typeIndex(0))], in: Self.multiValue, "type mismatch", at: 1)
        expectInvalid([.block(.typeIndex(7))], in: Self.multiValue, "unknown type 7", at: 0)
    }

    @Test func aLoopLabelCarriesItsParameters() {
        let function = TestFunction(results: [.i32], types: Self.multiValue.types)
        // Branching to a loop passes its [i32] parameter, not its result.
        expectValid([.i32Const(1), .loop(.typeIndex(1)), .i32Const(0), .brIf(relativeDepth: 0), .end], in: function)
        expectInvalid([.i32Const(1), .loop(.value(.i32)), .br(relativeDepth: 0), .end], in: function, "type mismatch")
    }

    @Test func ifNeedsAConditionAndMatchingBranches() {
        let function = TestFunction(results: [.i32])
        expectValid([.i32Const(1), .if(.value(.i32)), .i32Const(2), .else, .i32Const(3), .end], in: function)
        expectInvalid([.if(.empty), .end], "type mismatch", at: 0)
        expectInvalid([.i32Const(1), .if(.value(.i32)), .i32Const(2), .else, .i64Const(3), .end], in: function, "type mismatch", at: 5)
        expectInvalid([.i32Const(1), .if(.value(.i32)), .else, .i32Const(3), .end], in: function, "type mismatch", at: 2)
    }

    @Test func ifWithoutElseMustPassItsParametersThrough() {
        // [i32] -> [i32]: the missing else forwards the parameter.
        expectValid([.i32Const(5), .i32Const(1), .if(.typeIndex(1)), .end], in: TestFunction(results: [.i32], types: Self.multiValue.types))
        expectInvalid([.i32Const(1), .if(.value(.i32)), .i32Const(2), .end], in: TestFunction(results: [.i32]), "type mismatch", at: 3)
    }

    @Test func elseStartsFromTheIfParameters() {
        let function = TestFunction(results: [.i32], types: Self.multiValue.types)
        expectValid([.i32Const(5), .i32Const(1), .if(.typeIndex(1)), .else, .i32Const(1), .numeric(.i32Add), .end], in: function)
        expectInvalid([.else], "else without matching if", at: 0)
        expectInvalid([.block(.empty), .else, .end], "else without matching if", at: 1)
    }

    @Test func branchesCheckTheLabelTypes() {
        let function = TestFunction(results: [.i32])
        expectValid([.block(.value(.i32)), .i32Const(1), .br(relativeDepth: 0), .end], in: function)
        expectValid([.i32Const(1), .br(relativeDepth: 0)], in: function)
        expectInvalid([.block(.value(.i32)), .i64Const(1), .br(relativeDepth: 0), .end], in: function, "type mismatch", at: 2)
        expectInvalid([.block(.empty), .br(relativeDepth: 2), .end], "unknown label 2", at: 1)
    }

    @Test func brIfKeepsTheOperandsForTheFallthrough() {
        let function = TestFunction(results: [.i32])
        expectValid([.block(.value(.i32)), .i32Const(1), .i32Const(0), .brIf(relativeDepth: 0), .end], in: function)
        expectInvalid([.block(.value(.i32)), .i32Const(1), .brIf(relativeDepth: 0), .end], in: function, "type mismatch", at: 2)
        expectInvalid([.i32Const(0), .brIf(relativeDepth: 1)], "unknown label 1", at: 1)
    }

    @Test func brIfAfterUnreachableGivesTheLabelTypes() {
        // From unreached-invalid.wast: the operand br_if conjures is the label's i64.
        expectInvalid([.unreachable, .brIf(relativeDepth: 0), .numeric(.i64ExtendI32U)], in: TestFunction(results: [.i64]), "type mismatch", at: 2)
        expectValid([.unreachable, .brIf(relativeDepth: 0)], in: TestFunction(results: [.i64]))
    }

    @Test func codeAfterAnUnconditionalBranchIsPolymorphic() {
        let function = TestFunction(results: [.i32])
        expectValid([.unreachable, .numeric(.i32Add)], in: function)
        expectValid([.unreachable], in: function)
        expectValid([.block(.value(.f64)), .unreachable, .end, .drop, .i32Const(0)], in: function)
        expectValid([.i32Const(1), .return, .numeric(.i32Add)], in: function)
        // Known operands still have to match.
        expectInvalid([.unreachable, .i64Const(0), .numeric(.i32Add)], in: function, "type mismatch", at: 2)
        expectInvalid([.unreachable, .i64Const(0)], in: function, "type mismatch", at: 2)
    }

    @Test func unreachabilityEndsWithItsBlock() {
        expectInvalid([.block(.empty), .unreachable, .end, .drop], "type mismatch", at: 3)
    }

    @Test func returnChecksTheFunctionResults() {
        expectValid([.block(.empty), .i32Const(1), .return, .end, .i32Const(2)], in: TestFunction(results: [.i32]))
        expectInvalid([.i64Const(1), .return], in: TestFunction(results: [.i32]), "type mismatch", at: 1)
    }

    @Test func callsPopParametersAndPushResults() {
        let function = TestFunction(
            results: [.i64],
            types: [FunctionType(parameters: [.i32, .f32], results: [.i64])],
            functionTypeIndices: [0]
        )
        expectValid([.i32Const(1), .f32Const(0), .call(functionIndex: 0)], in: function)
        expectInvalid([.f32Const(0), .i32Const(1), .call(functionIndex: 0)], in: function, "type mismatch", at: 2)
        expectInvalid([.call(functionIndex: 1)], in: function, "unknown function 1", at: 0)
    }

    @Test func callIndirectNeedsAFuncrefTableAndAKnownType() {
        var function = TestFunction(
            results: [.i64],
            types: [FunctionType(parameters: [.i32], results: [.i64])],
            tables: [TestFunction.funcrefTable, TestFunction.externrefTable]
        )
        expectValid([.i32Const(7), .i32Const(0), .callIndirect(typeIndex: 0, tableIndex: 0)], in: function)
        expectInvalid([.i32Const(7), .callIndirect(typeIndex: 0, tableIndex: 0)], in: function, "type mismatch")
        expectInvalid([.i32Const(7), .i32Const(0), .callIndirect(typeIndex: 0, tableIndex: 1)], in: function, "type mismatch", at: 2)
        expectInvalid([.i32Const(0), .callIndirect(typeIndex: 9, tableIndex: 0)], in: function, "unknown type 9", at: 1)
        expectInvalid([.i32Const(0), .callIndirect(typeIndex: 0, tableIndex: 2)], in: function, "unknown table 2", at: 1)
        function.tables = []
        expectInvalid([.i32Const(0), .callIndirect(typeIndex: 0, tableIndex: 0)], in: function, "unknown table 0", at: 1)
    }

    @Test func instructionsAfterTheFunctionEndAreRejected() throws {
        let context = TestFunction().context
        var validator = try FunctionValidator(context: context, typeIndex: 0, locals: [])
        try validator.validate(.end, at: 0)
        #expect(throws: ValidationError.self) { try validator.validate(.nop, at: 1) }
    }

    @Test func aBodyWithoutItsFinalEndDoesNotFinish() throws {
        var validator = try FunctionValidator(context: TestFunction().context, typeIndex: 0, locals: [])
        try validator.validate(.nop, at: 0)
        #expect(throws: ValidationError.self) { try validator.finish() }
    }

    @Test func aValidatorRefusesInstructionsBeforeAFunctionBegins() {
        var validator = FunctionValidator(context: TestFunction().context)
        #expect(throws: ValidationError("no function begun", at: 4)) { try validator.validate(.nop, at: 4) }
    }

    @Test func anUnknownFunctionTypeIsRejectedAtTheStart() {
        #expect(throws: ValidationError("unknown type 3", at: 0)) {
            _ = try FunctionValidator(context: TestFunction().context, typeIndex: 3, locals: [])
        }
    }
}
