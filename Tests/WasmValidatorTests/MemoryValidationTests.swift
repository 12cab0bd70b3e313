import Testing
import WasmCore
import WasmValidator

@Suite struct MemoryValidationTests {
    static let function = TestFunction.withMemoryAndTables()

    @Test func loadsAndStoresTakeAnI32Address() {
        expectValid([.i32Const(0), .memory(.i64Load, MemArg(alignment: 3, offset: 8)), .drop], in: Self.function)
        expectValid([.i32Const(0), .f32Const(0), .memory(.f32Store, MemArg(alignment: 2, offset: 0))], in: Self.function)
        expectInvalid([.i64Const(0), .memory(.i32Load, MemArg(alignment: 2, offset: 0)), .drop], in: Self.function, "type mismatch", at: 1)
        expectInvalid([.i32Const(0), .i32Const(0), .memory(.i64Store, MemArg(alignment: 3, offset: 0))], in: Self.function, "type mismatch", at: 2)
    }

    @Test func alignmentMustNotExceedTheAccessSize() {
        expectValid([.i32Const(0), .memory(.i32Load8U, MemArg(alignment: 0, offset: 0)), .drop], in: Self.function)
        expectInvalid(
            [.i32Const(0), .memory(.i32Load8U, MemArg(alignment: 1, offset: 0)), .drop], in: Self.function,
            "alignment must not be larger than natural", at: 1
        )
        expectInvalid(
            [.i32Const(0), .i64Const(0), .memory(.i64Store32, MemArg(alignment: 3, offset: 0))], in: Self.function,
            "alignment must not be larger than natural", at: 2
        )
        expectInvalid(
            [.i32Const(0), .memory(.v128Load, MemArg(alignment: 5, offset: 0)), .drop], in: Self.function,
            "alignment must not be larger than natural", at: 1
        )
    }

    @Test func offsetsMustFitThirtyTwoBits() {
        expectInvalid(
            [.i32Const(0), .memory(.i32Load, MemArg(alignment: 2, offset: 1 << 32)), .drop], in: Self.function,
            "offset out of range", at: 1
        )
    }

    @Test func everyMemoryInstructionNeedsTheMemory() {
        let noMemory = TestFunction()
        expectInvalid([.i32Const(0), .memory(.f32Load, MemArg(alignment: 2, offset: 0)), .drop], in: noMemory, "unknown memory 0", at: 1)
        expectInvalid([.memorySize(memoryIndex: 0), .drop], in: noMemory, "unknown memory 0", at: 0)
        expectInvalid([.i32Const(1), .memoryGrow(memoryIndex: 0), .drop], in: noMemory, "unknown memory 0", at: 1)
        expectInvalid([.i32Const(0), .i32Const(0), .i32Const(0), .memoryFill(memoryIndex: 0)], in: noMemory, "unknown memory 0", at: 3)
        expectInvalid(
            [.i32Const(0), .i32Const(0), .i32Const(0), .memoryCopy(destinationMemory: 0, sourceMemory: 0)], in: noMemory,
            "unknown memory 0", at: 3
        )
        expectInvalid([.i32Const(0), .memory(.i32Load, MemArg(alignment: 2, offset: 0, memoryIndex: 1)), .drop], in: Self.function, "unknown memory 1", at: 1)
    }

    @Test func sizeAndGrowWorkInPages() {
        expectValid([.memorySize(memoryIndex: 0), .memoryGrow(memoryIndex: 0), .drop], in: Self.function)
        expectInvalid([.i64Const(1), .memoryGrow(memoryIndex: 0), .drop], in: Self.function, "type mismatch", at: 1)
    }

    @Test func bulkMemoryTakesThreeI32Operands() {
        var function = Self.function
        function.dataSegmentCount = 2
        let three: [Instruction] = [.i32Const(0), .i32Const(0), .i32Const(0)]
        expectValid(three + [.memoryFill(memoryIndex: 0)], in: function)
        expectValid(three + [.memoryCopy(destinationMemory: 0, sourceMemory: 0)], in: function)
        expectValid(three + [.memoryInit(dataIndex: 1, memoryIndex: 0), .dataDrop(dataIndex: 1)], in: function)
        expectInvalid([.i32Const(0), .i64Const(0), .i32Const(0), .memoryFill(memoryIndex: 0)], in: function, "type mismatch", at: 3)
        expectInvalid([.i32Const(0), .i32Const(0), .memoryCopy(destinationMemory: 0, sourceMemory: 0)], in: function, "type mismatch", at: 2)
    }

    @Test func dataSegmentsMustExist() {
        var function = Self.function
        function.dataSegmentCount = 1
        expectInvalid([.dataDrop(dataIndex: 4)], in: function, "unknown data segment 4", at: 0)
        expectInvalid(
            [.i32Const(0), .i32Const(0), .i32Const(0), .memoryInit(dataIndex: 1, memoryIndex: 0)], in: function,
            "unknown data segment 1", at: 3
        )
        expectInvalid([.dataDrop(dataIndex: 0)], "unknown data segment 0", at: 0)
    }

    @Test func memoryInitChecksTheMemoryBeforeTheSegment() {
        // memory_init.wast: no memory and no segment reports the memory.
        expectInvalid(
            [.i32Const(0), .i32Const(0), .i32Const(0), .memoryInit(dataIndex: 1, memoryIndex: 0)], in: TestFunction(),
            "unknown memory 0", at: 3
        )
    }
}
