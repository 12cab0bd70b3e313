import Testing
import WasmCore
import WasmValidator

@Suite struct NumericValidationTests {
    @Test func constantsPushTheirType() {
        expectValid([.i32Const(1)], in: TestFunction(results: [.i32]))
        expectValid([.i64Const(1)], in: TestFunction(results: [.i64]))
        expectValid([.f32Const(0)], in: TestFunction(results: [.f32]))
        expectValid([.f64Const(0)], in: TestFunction(results: [.f64]))
        expectValid([.v128Const(V128(low: 0, high: 0))], in: TestFunction(results: [.v128]))
    }

    @Test func binaryOperatorsTakeTwoOperandsOfTheirType() {
        expectValid([.i32Const(1), .i32Const(2), .numeric(.i32Add)], in: TestFunction(results: [.i32]))
        expectValid([.f64Const(1), .f64Const(2), .numeric(.f64Lt)], in: TestFunction(results: [.i32]))
        expectInvalid([.i32Const(1), .i64Const(2), .numeric(.i32Add), .drop], "type mismatch", at: 2)
        expectInvalid([.i32Const(1), .numeric(.i32Add), .drop], "type mismatch", at: 1)
    }

    @Test func anEmptyStackIsATypeMismatch() {
        expectInvalid([.numeric(.i32Eqz), .drop], "type mismatch", at: 0)
        expectInvalid([.drop], "type mismatch", at: 0)
    }

    @Test func conversionsChangeTheType() {
        expectValid([.i64Const(1), .numeric(.i32WrapI64)], in: TestFunction(results: [.i32]))
        expectValid([.f32Const(0), .numeric(.i64TruncSatF32U)], in: TestFunction(results: [.i64]))
        expectValid([.i32Const(1), .numeric(.i32Extend8S)], in: TestFunction(results: [.i32]))
        expectInvalid([.i32Const(1), .numeric(.i32WrapI64)], in: TestFunction(results: [.i32]), "type mismatch", at: 1)
    }

    @Test func theBodyMustEndWithExactlyTheResults() {
        expectInvalid([], in: TestFunction(results: [.i32]), "type mismatch", at: 0)
        expectInvalid([.i64Const(0)], in: TestFunction(results: [.i32]), "type mismatch", at: 1)
        expectInvalid([.i32Const(0), .i32Const(0)], in: TestFunction(results: [.i32]), "type mismatch", at: 2)
        expectInvalid([.i32Const(0)], "type mismatch", at: 1)
    }

    @Test func errorsDescribeTheirOffsetInHexadecimal() {
        let error = ValidationError("type mismatch", at: 0x1a2)
        #expect(error.description == "type mismatch at offset 0x1a2")
    }
}
