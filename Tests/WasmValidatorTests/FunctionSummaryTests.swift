import Testing
import WasmCore
import WasmValidator

@Suite struct FunctionSummaryTests {
    @Test func theSummaryRecordsStackAndControlDepth() throws {
        let function = TestFunction(results: [.i32])
        let summary = try function.validate([
            .i32Const(1),
            .block(.value(.i32)),           // 1
            .i32Const(2), .i32Const(3),
            .loop(.empty),                  // 4
            .i32Const(4), .drop,
            .end,
            .numeric(.i32Add),
            .end,
            .numeric(.i32Add),
        ])
        #expect(summary.maxOperandStackHeight == 4)
        #expect(summary.maxControlDepth == 3)
    }

    @Test func loopLocalsAreThoseLoopsUseMostDeepestFirst() throws {
        let function = TestFunction(parameters: [.i32], locals: [LocalRun(count: 3, type: .i32)])
        let summary = try function.validate([
            .localGet(0), .localSet(3), .localGet(3), .localSet(3),  // outside loops: never chosen
            .loop(.empty),
            .localGet(1), .localSet(1),                              // 2 uses at depth 1
            .loop(.empty),
            .localGet(2), .localTee(2), .drop,                       // 2 uses at depth 2
            .end,
            .localGet(0), .drop,                                     // 1 use at depth 1
            .end,
        ])
        #expect(summary.loopLocals == [2, 1, 0])
        // No loop, no candidates.
        let straight = try TestFunction(parameters: [.i32]).validate([.localGet(0), .drop])
        #expect(straight.loopLocals.isEmpty)
    }

    @Test func blocksAreListedInOrderOfAppearanceWithTheirOffsets() throws {
        let function = TestFunction(
            parameters: [.i32], results: [.i32],
            types: [FunctionType(parameters: [.i32], results: [.i32, .i32])]
        )
        let summary = try function.validate([
            .i32Const(9),                   // 0: the if's parameter
            .localGet(0),                   // 1: its condition
            .if(.typeIndex(0)),             // 2: [i32] -> [i32 i32]
            .i32Const(1),                   // 3
            .else,                          // 4
            .loop(.empty),                  // 5
            .end,                           // 6
            .i32Const(2),                   // 7
            .end,                           // 8
            .numeric(.i32Add),              // 9
            .block(.empty), .end,           // 10, 11
        ])
        #expect(summary.blocks == [
            BlockSummary(kind: .if, startOffset: 2, elseOffset: 4, endOffset: 8, parameterCount: 1, resultCount: 2, entryStackHeight: 0),
            BlockSummary(kind: .loop, startOffset: 5, endOffset: 6, parameterCount: 0, resultCount: 0, entryStackHeight: 1),
            BlockSummary(kind: .block, startOffset: 10, endOffset: 11, parameterCount: 0, resultCount: 0, entryStackHeight: 1),
        ])
    }

    @Test func localsAreSummarizedAsRunsWithTheParametersFirst() throws {
        let function = TestFunction(
            parameters: [.i32, .i32, .f64], results: [],
            locals: [LocalRun(count: 50_000, type: .i64), LocalRun(count: 0, type: .f32), LocalRun(count: 2, type: .v128)]
        )
        let summary = try function.validate([.localGet(50_004), .drop])
        #expect(summary.parameters == [.i32, .i32, .f64])
        #expect(summary.localCount == 50_005)
        #expect(summary.localRuns == [
            LocalRun(count: 2, type: .i32), LocalRun(count: 1, type: .f64),
            LocalRun(count: 50_000, type: .i64), LocalRun(count: 2, type: .v128),
        ])
        #expect(summary.localType(2) == .f64)
        #expect(summary.localType(50_003) == .v128)
        #expect(summary.localType(50_005) == nil)
    }

    @Test func oneValidatorServesManyFunctions() throws {
        let context = ModuleContext(types: [
            FunctionType(parameters: [.i32], results: [.i32]),
            FunctionType(parameters: [], results: []),
        ])
        var validator = FunctionValidator(context: context)
        try validator.begin(typeIndex: 0, locals: [])
        for (offset, instruction) in [Instruction.block(.empty), .end, .localGet(0), .end].enumerated() {
            try validator.validate(instruction, at: offset)
        }
        let first = try validator.finish()
        try validator.begin(typeIndex: 1, locals: [LocalRun(count: 1, type: .f32)])
        try validator.validate(.end, at: 10)
        let second = try validator.finish()
        #expect(first.blocks.count == 1)
        #expect(first.maxOperandStackHeight == 1)
        #expect(second.blocks.isEmpty)
        #expect(second.maxOperandStackHeight == 0)
        #expect(second.localRuns == [LocalRun(count: 1, type: .f32)])
    }

    @Test func theValidatorTellsACompilerWhenCodeIsDead() throws {
        var validator = try FunctionValidator(context: TestFunction().context, typeIndex: 0, locals: [])
        try validator.validate(.block(.empty), at: 0)
        let liveInBlock = !validator.isUnreachable
        try validator.validate(.br(relativeDepth: 0), at: 1)
        let deadAfterBranch = validator.isUnreachable
        let depthInBlock = validator.controlDepth
        try validator.validate(.end, at: 2)
        let liveAfterBlock = !validator.isUnreachable
        let height = validator.operandStackHeight
        #expect(liveInBlock && deadAfterBranch && liveAfterBlock)
        #expect(depthInBlock == 2)
        #expect(height == 0)
    }
}
