import Testing
import WasmCore
import WasmValidator

@Suite struct BranchTableValidationTests {
    /// A function whose module bytes hold `labels` as LEBs, with a `br_table` over them.
    static func table(_ labels: [UInt32], default defaultDepth: UInt32, results: [ValueType] = []) -> (TestFunction, Instruction) {
        let bytes = labels.flatMap(leb)
        let function = TestFunction(results: results, bytes: bytes)
        return (function, .brTable(BranchTable(targetsOffset: 0, targetCount: UInt32(labels.count), defaultDepth: defaultDepth)))
    }

    @Test func allLabelsMustCarryTheSameTypes() {
        let (function, brTable) = Self.table([0, 1], default: 1, results: [.i32])
        expectValid([.block(.value(.i32)), .i32Const(1), .i32Const(0), brTable, .end], in: function)
        let (mismatched, brTable2) = Self.table([0, 1], default: 1, results: [.i32])
        expectInvalid([.block(.value(.i64)), .i32Const(1), .i32Const(0), brTable2, .end, .drop, .i32Const(0)], in: mismatched, "type mismatch", at: 3)
    }

    @Test func labelsMustHaveTheSameArity() {
        let (function, brTable) = Self.table([0], default: 1)
        expectInvalid([.block(.empty), .block(.value(.f32)), .unreachable, .i32Const(1), brTable, .end, .drop, .end], in: function, "type mismatch", at: 4)
    }

    @Test func unknownOperandsMeetLabelsOfDifferentTypes() {
        // unreached-valid.wast "meet-bottom": one unknown operand satisfies f32 and f64 labels.
        let (function, brTable) = Self.table([0, 1], default: 1)
        expectValid(
            [.block(.value(.f64)), .block(.value(.f32)), .unreachable, .i32Const(1), brTable, .end, .drop, .f64Const(0), .end, .drop],
            in: function
        )
    }

    @Test func aKnownOperandMustMatchEveryLabel() {
        // unreached-invalid.wast "meet-bottom": externref does not go to an i32 label.
        let (function, brTable) = Self.table([0, 1, 0], default: 0, results: [.externref])
        expectInvalid(
            [.block(.value(.externref)), .block(.value(.i32)), .refNull(.externref), .i32Const(0), brTable, .end, .drop, .refNull(.externref), .end],
            in: function, "type mismatch", at: 4
        )
    }

    @Test func labelsMustExist() {
        let (function, brTable) = Self.table([0, 5], default: 0)
        expectInvalid([.block(.empty), .i32Const(0), brTable, .end], in: function, "unknown label 5", at: 2)
        let (function2, brTable2) = Self.table([0], default: 0x1000_0001)
        expectInvalid([.i32Const(0), brTable2], in: function2, "unknown label 268435457", at: 1)
    }

    @Test func theIndexOperandIsAnI32() {
        let (function, brTable) = Self.table([], default: 0)
        expectInvalid([.i64Const(0), brTable], in: function, "type mismatch", at: 1)
        expectValid([.i32Const(0), brTable, .numeric(.f32Add), .drop], in: function)
    }

    @Test func aTableWithManyLabelsAllocatesNothingPerLabel() throws {
        let labels = [UInt32](repeating: 0, count: 10_000) + [1]
        let (function, brTable) = Self.table(labels, default: 0)
        _ = try function.validate([.block(.empty), .i32Const(0), brTable, .end])
    }
}
