import Testing
import WasmCore
import WasmValidator

@Suite struct SIMDValidationTests {
    static let zero = V128(low: 0, high: 0)
    static let function = TestFunction.withMemoryAndTables(results: [.v128])

    @Test func vectorOperatorsFollowTheirSignature() {
        expectValid([.v128Const(Self.zero), .v128Const(Self.zero), .simd(.i8x16Add)], in: Self.function)
        expectValid([.i32Const(1), .simd(.i32x4Splat)], in: Self.function)
        expectValid([.v128Const(Self.zero), .v128Const(Self.zero), .v128Const(Self.zero), .simd(.v128Bitselect)], in: Self.function)
        expectInvalid([.i64Const(1), .simd(.i32x4Splat)], in: Self.function, "type mismatch", at: 1)
        expectInvalid([.v128Const(Self.zero), .simd(.v128AnyTrue)], in: Self.function, "type mismatch", at: 2)
    }

    @Test func laneIndicesMustBeBelowTheLaneCount() {
        expectValid([.v128Const(Self.zero), .simdLane(.i8x16ExtractLaneS, lane: 15), .drop, .v128Const(Self.zero)], in: Self.function)
        expectValid([.v128Const(Self.zero), .f64Const(0), .simdLane(.f64x2ReplaceLane, lane: 1)], in: Self.function)
        expectInvalid([.v128Const(Self.zero), .simdLane(.i8x16ExtractLaneS, lane: 16), .drop], "invalid lane index", at: 1)
        expectInvalid([.v128Const(Self.zero), .f64Const(0), .simdLane(.f64x2ReplaceLane, lane: 2)], in: Self.function, "invalid lane index", at: 2)
        expectInvalid([.v128Const(Self.zero), .i32Const(0), .simdLane(.i64x2ReplaceLane, lane: 0)], in: Self.function, "type mismatch", at: 2)
    }

    @Test func shuffleLanesPickOneOfThirtyTwo() {
        let valid = V128(bytes: Array(0..<16).map { UInt8($0 * 2 + 1) })
        let invalid = V128(bytes: Array(repeating: 0, count: 15) + [32])
        expectValid([.v128Const(Self.zero), .v128Const(Self.zero), .i8x16Shuffle(valid)], in: Self.function)
        expectInvalid([.v128Const(Self.zero), .v128Const(Self.zero), .i8x16Shuffle(invalid)], in: Self.function, "invalid lane index", at: 2)
        expectInvalid([.v128Const(Self.zero), .i8x16Shuffle(valid)], in: Self.function, "type mismatch", at: 1)
    }

    @Test func vectorLoadsAndStoresCheckAlignment() {
        expectValid([.i32Const(0), .memory(.v128Load, MemArg(alignment: 4, offset: 0))], in: Self.function)
        expectValid([.i32Const(0), .memory(.v128Load32Splat, MemArg(alignment: 2, offset: 0))], in: Self.function)
        expectInvalid(
            [.i32Const(0), .memory(.v128Load32Splat, MemArg(alignment: 3, offset: 0))], in: Self.function,
            "alignment must not be larger than natural", at: 1
        )
        expectInvalid([.i32Const(0), .memory(.v128Load64Zero, MemArg(alignment: 4, offset: 0))], in: Self.function, "alignment must not be larger than natural")
    }

    @Test func laneLoadsAndStoresCheckMemoryAlignmentAndLane() {
        let load: [Instruction] = [.i32Const(0), .v128Const(Self.zero)]
        expectValid(load + [.simdMemoryLane(.v128Load16Lane, MemArg(alignment: 1, offset: 0), lane: 7)], in: Self.function)
        expectValid(load + [.simdMemoryLane(.v128Store64Lane, MemArg(alignment: 3, offset: 0), lane: 1), .v128Const(Self.zero)], in: Self.function)
        expectInvalid(
            load + [.simdMemoryLane(.v128Load16Lane, MemArg(alignment: 2, offset: 0), lane: 0)], in: Self.function,
            "alignment must not be larger than natural", at: 2
        )
        expectInvalid(
            load + [.simdMemoryLane(.v128Load16Lane, MemArg(alignment: 1, offset: 0), lane: 8)], in: Self.function,
            "invalid lane index", at: 2
        )
        expectInvalid(
            load + [.simdMemoryLane(.v128Load8Lane, MemArg(alignment: 0, offset: 0), lane: 0)], in: TestFunction(results: [.v128]),
            "unknown memory 0", at: 2
        )
    }
}
