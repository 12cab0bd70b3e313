import Testing
import WasmCore
import WasmValidator

@Suite struct VariableAndParametricValidationTests {
    static let withLocals = TestFunction(
        parameters: [.i32, .i64], results: [.f32],
        locals: [LocalRun(count: 2, type: .f32), LocalRun(count: 1, type: .v128)]
    )

    @Test func localsAreParametersThenDeclarations() {
        expectValid([.localGet(2)], in: Self.withLocals)
        expectValid([.localGet(0), .drop, .localGet(1), .drop, .localGet(3)], in: Self.withLocals)
        expectValid([.localGet(4), .drop, .f32Const(0)], in: Self.withLocals)
        expectInvalid([.localGet(1)], in: Self.withLocals, "type mismatch", at: 1)
    }

    @Test func unknownLocalsAreReportedWithTheirIndex() {
        expectInvalid([.localGet(5), .drop, .f32Const(0)], in: Self.withLocals, "unknown local 5", at: 0)
        expectInvalid([.i32Const(0), .localSet(14_324_343)], in: Self.withLocals, "unknown local 14324343", at: 1)
        expectInvalid([.unreachable, .localTee(9)], in: Self.withLocals, "unknown local 9", at: 1)
    }

    @Test func localSetAndTeeCheckTheValue() {
        expectValid([.f32Const(1), .localSet(2), .f32Const(2), .localTee(3)], in: Self.withLocals)
        expectInvalid([.i32Const(1), .localSet(2), .f32Const(0)], in: Self.withLocals, "type mismatch", at: 1)
        expectInvalid([.localSet(0), .f32Const(0)], in: Self.withLocals, "type mismatch", at: 0)
    }

    @Test func millionsOfLocalsAreLookedUpWithoutATableForEach() throws {
        let function = TestFunction(
            parameters: [.i32], results: [.i64],
            locals: [LocalRun(count: 3_000_000_000, type: .f64), LocalRun(count: 1, type: .i64)]
        )
        let summary = try function.validate([.localGet(3_000_000_001), .localGet(2_999_999_000), .drop])
        #expect(summary.localCount == 3_000_000_002)
        #expect(summary.localType(3_000_000_001) == .i64)
        #expect(summary.localType(2_000_000_000) == .f64)
        expectInvalid([.localGet(3_000_000_002)], in: function, "unknown local 3000000002", at: 0)
    }

    @Test func parametersAreFoundPastTheTableToo() throws {
        // Enough parameters and locals that some parameters' neighbours fall past the flat table.
        let function = TestFunction(
            parameters: [.f32, .i64], results: [.f64],
            locals: [LocalRun(count: 200_000, type: .i32), LocalRun(count: 1, type: .f64)]
        )
        _ = try function.validate([.localGet(1), .drop, .localGet(150_000), .drop, .localGet(200_002)])
        expectInvalid([.localGet(199_999)], in: function, "type mismatch", at: 1)
    }

    @Test func globalsHaveTheirTypeAndMutability() {
        let function = TestFunction(globals: [GlobalType(valueType: .i32, isMutable: false), GlobalType(valueType: .f64, isMutable: true)])
        expectValid([.globalGet(0), .drop, .f64Const(0), .globalSet(1)], in: function)
        expectInvalid([.i32Const(0), .globalSet(0)], in: function, "global is immutable", at: 1)
        expectInvalid([.i32Const(0), .globalSet(1)], in: function, "type mismatch", at: 1)
        expectInvalid([.globalGet(2), .drop], in: function, "unknown global 2", at: 0)
        expectInvalid([.i32Const(0), .globalSet(2)], in: function, "unknown global 2", at: 1)
    }

    @Test func dropTakesAnyOperand() {
        expectValid([.refNull(.externref), .drop, .i64Const(0), .drop])
        expectValid([.unreachable, .drop])
    }

    @Test func untypedSelectChoosesBetweenTwoNumbersOfOneType() {
        let function = TestFunction(results: [.i64])
        expectValid([.i64Const(1), .i64Const(2), .i32Const(0), .select], in: function)
        expectValid([.v128Const(V128(low: 0, high: 0)), .v128Const(V128(low: 0, high: 0)), .i32Const(0), .select, .drop])
        expectInvalid([.i32Const(1), .i64Const(2), .i32Const(0), .select, .drop], "type mismatch", at: 3)
        expectInvalid([.i64Const(1), .i64Const(2), .i64Const(0), .select], in: function, "type mismatch", at: 3)
        expectInvalid([.i32Const(0), .i32Const(0), .select, .drop], "type mismatch", at: 2)
    }

    @Test func untypedSelectRejectsReferences() {
        expectInvalid([.refNull(.externref), .refNull(.externref), .i32Const(1), .select, .drop], "type mismatch", at: 3)
        expectInvalid([.unreachable, .refNull(.funcref), .i32Const(1), .select, .drop], "type mismatch", at: 3)
    }

    @Test func untypedSelectInUnreachableCodeTakesTheKnownType() {
        expectValid([.unreachable, .select, .drop])
        expectValid([.unreachable, .i32Const(7), .i32Const(1), .select], in: TestFunction(results: [.i32]))
        expectInvalid([.unreachable, .i32Const(7), .i32Const(1), .select, .numeric(.f32Neg), .drop], "type mismatch", at: 4)
    }

    @Test func typedSelectAcceptsReferences() {
        let function = TestFunction(results: [.externref])
        expectValid([.refNull(.externref), .refNull(.externref), .i32Const(1), .typedSelect(.externref)], in: function)
        expectInvalid([.refNull(.funcref), .refNull(.externref), .i32Const(1), .typedSelect(.externref)], in: function, "type mismatch", at: 3)
    }
}
