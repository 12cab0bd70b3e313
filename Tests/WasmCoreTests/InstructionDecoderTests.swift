import Testing
@testable import WasmCore

@Suite struct InstructionDecoderTests {
    typealias B = BinaryBuilder

    /// The instructions of a one-function module whose body is `code` plus the final end, the end excluded.
    func decode(_ code: [UInt8], withDataCount: Bool = true) throws -> [Instruction] {
        let module = try Module(decoding: B.function(code: code, withDataCount: withDataCount))
        var instructions = try #require(try B.instructions(of: module).first)
        #expect(instructions.removeLast() == .end)
        return instructions
    }

    func decodeError(_ code: [UInt8], withDataCount: Bool = true) -> DecodeError? {
        B.decodeError(B.function(code: code, withDataCount: withDataCount))
    }

    /// The encoding of a prefixed or one-byte opcode as the operator enums' raw values hold them.
    func opcodeBytes(_ rawValue: UInt32) -> [UInt8] {
        rawValue <= 0xFF ? [UInt8(rawValue)] : [UInt8(rawValue >> 16)] + B.unsigned(UInt64(rawValue & 0xFFFF))
    }

    @Test func controlInstructionsDecodeWithTheirImmediates() throws {
        let code: [UInt8] = [
            0x02, 0x40,  // block
            0x03, 0x7F,  // loop (result i32)
            0x41, 0x01, 0x0D, 0x01,  // i32.const 1, br_if 1
            0x0C, 0x00,  // br 0
            0x0B,  // end
            0x04, 0x00,  // if (type 0)
            0x01,  // nop
            0x05,  // else
            0x00,  // unreachable
            0x0B,  // end
            0x02, 0x80, 0x01,  // block (type 128)
            0x0B,
            0x0F,  // return
            0x10, 0xE5, 0x8E, 0x26,  // call 624485
            0x11, 0x02, 0x01,  // call_indirect type 2, table 1
            0x0B,  // end of block
        ]
        #expect(try decode(code) == [
            .block(.empty), .loop(.value(.i32)), .i32Const(1), .brIf(relativeDepth: 1), .br(relativeDepth: 0), .end,
            .if(.typeIndex(0)), .nop, .else, .unreachable, .end, .block(.typeIndex(128)), .end, .return,
            .call(functionIndex: 624_485), .callIndirect(typeIndex: 2, tableIndex: 1), .end,
        ])
    }

    @Test func branchTablesKeepTheirTargetsInTheBytes() throws {
        let bytes = B.function(code: [0x02, 0x40, 0x0E, 0x03, 0x00, 0xC8, 0x01, 0x01, 0x7F, 0x0B])
        let module = try Module(decoding: bytes)
        let instructions = try #require(try B.instructions(of: module).first)
        guard case .brTable(let table) = instructions[1] else {
            Issue.record("not a br_table: \(instructions[1])")
            return
        }
        #expect(table.targetCount == 3)
        #expect(table.defaultDepth == 127)
        #expect(module.bytes[table.targetsOffset] == 0x00)
        #expect(module.bytes.branchTargets(table) == [0, 200, 1])
        #expect(decodeError([0x0E, 0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x00])?.message == "integer representation too long")
        #expect(decodeError([0x0E, 0x01, 0x80, 0x80, 0x80, 0x80, 0x1F, 0x00])?.message == "integer too large")
    }

    @Test func parametricInstructionsDecode() throws {
        #expect(try decode([0x1A, 0x1B, 0x1C, 0x01, 0x7B, 0x1C, 0x01, 0x6F]) == [
            .drop, .select, .typedSelect(.v128), .typedSelect(.externref),
        ])
        #expect(decodeError([0x1C, 0x00])?.message == "invalid result arity")
        #expect(decodeError([0x1C, 0x02, 0x7F, 0x7F])?.message == "invalid result arity")
        #expect(decodeError([0x1C, 0x01, 0x40])?.message == "malformed value type")
    }

    @Test func variableInstructionsDecode() throws {
        #expect(try decode([0x20, 0x00, 0x21, 0x80, 0x01, 0x22, 0x7F, 0x23, 0x01, 0x24, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]) == [
            .localGet(0), .localSet(128), .localTee(127), .globalGet(1), .globalSet(UInt32.max),
        ])
    }

    @Test func tableInstructionsDecode() throws {
        let code: [UInt8] = [
            0x25, 0x00, 0x26, 0x01,
            0xFC, 0x0C, 0x02, 0x01, 0xFC, 0x0D, 0x03, 0xFC, 0x0E, 0x01, 0x02,
            0xFC, 0x0F, 0x00, 0xFC, 0x10, 0x01, 0xFC, 0x11, 0x02,
        ]
        #expect(try decode(code) == [
            .tableGet(0), .tableSet(1), .tableInit(elementIndex: 2, tableIndex: 1), .elemDrop(elementIndex: 3),
            .tableCopy(destinationTable: 1, sourceTable: 2), .tableGrow(0), .tableSize(1), .tableFill(2),
        ])
    }

    @Test(arguments: MemoryOperator.allCases)
    func everyLoadAndStoreDecodesWithItsMemArg(memoryOperator: MemoryOperator) throws {
        let code = opcodeBytes(memoryOperator.rawValue) + B.unsigned(UInt64(memoryOperator.naturalAlignment)) + B.unsigned(65_536)
        #expect(try decode(code) == [
            .memory(memoryOperator, MemArg(alignment: memoryOperator.naturalAlignment, offset: 65_536)),
        ])
    }

    @Test func memoryInstructionsDecode() throws {
        #expect(try decode([0x3F, 0x00, 0x40, 0x00, 0xFC, 0x08, 0x01, 0x00, 0xFC, 0x09, 0x02, 0xFC, 0x0A, 0x00, 0x00, 0xFC, 0x0B, 0x00]) == [
            .memorySize(memoryIndex: 0), .memoryGrow(memoryIndex: 0), .memoryInit(dataIndex: 1, memoryIndex: 0),
            .dataDrop(dataIndex: 2), .memoryCopy(destinationMemory: 0, sourceMemory: 0), .memoryFill(memoryIndex: 0),
        ])
    }

    @Test(arguments: [
        [0x3F, 0x01], [0x40, 0x80, 0x00], [0xFC, 0x08, 0x00, 0x01], [0xFC, 0x0A, 0x00, 0x01], [0xFC, 0x0A, 0x01, 0x00],
        [0xFC, 0x0B, 0x80, 0x00],
    ] as [[UInt8]])
    func reservedMemoryIndicesMustBeAZeroByte(code: [UInt8]) {
        #expect(decodeError(code)?.message == "zero byte expected")
    }

    @Test func alignmentsOf2To32AndAboveAreMalformed() {
        #expect(decodeError([0x28, 0x1F, 0x00]) == nil)
        #expect(decodeError([0x28, 0x20, 0x00])?.message == "malformed memop flags")
        #expect(decodeError([0x28, 0x40, 0x00])?.message == "malformed memop flags")
        #expect(decodeError([0x28, 0x02, 0x80, 0x80, 0x80, 0x80, 0x10])?.message == "integer too large")
    }

    @Test func memoryInitAndDataDropNeedADataCountSection() {
        #expect(decodeError([0xFC, 0x08, 0x00, 0x00], withDataCount: false)?.message == "data count section required")
        #expect(decodeError([0xFC, 0x09, 0x00], withDataCount: false)?.message == "data count section required")
        #expect(decodeError([0xFC, 0x0A, 0x00, 0x00], withDataCount: false) == nil)
    }

    @Test func constantsKeepTheirExactValues() throws {
        let nanWithPayload: UInt32 = 0x7FA0_0001
        let negativeZero: UInt64 = 0x8000_0000_0000_0000
        let code: [UInt8] = [0x41] + B.signed(Int64(Int32.min)) + [0x41] + B.signed(-64) + [0x41] + B.signed(64)
            + [0x42] + B.signed(Int64.min) + [0x42] + B.signed(Int64.max)
            + [0x43, 0x01, 0x00, 0xA0, 0x7F] + [0x44, 0, 0, 0, 0, 0, 0, 0, 0x80]
        #expect(try decode(code) == [
            .i32Const(Int32.min), .i32Const(-64), .i32Const(64), .i64Const(Int64.min), .i64Const(Int64.max),
            .f32Const(nanWithPayload), .f64Const(negativeZero),
        ])
    }

    @Test(arguments: NumericOperator.allCases)
    func everyNumericOperatorDecodes(numericOperator: NumericOperator) throws {
        #expect(try decode(opcodeBytes(numericOperator.rawValue)) == [.numeric(numericOperator)])
    }

    @Test func oneByteOpcodesMapToTheirCases() {
        for opcode in NumericOperator.oneByteOpcodes {
            #expect(NumericOperator(oneByteOpcode: opcode).rawValue == UInt32(opcode))
        }
        for opcode in MemoryOperator.oneByteOpcodes {
            #expect(MemoryOperator(oneByteOpcode: opcode).rawValue == UInt32(opcode))
        }
    }

    @Test func referenceInstructionsDecode() throws {
        #expect(try decode([0xD0, 0x70, 0xD0, 0x6F, 0xD1, 0xD2, 0x05]) == [
            .refNull(.funcref), .refNull(.externref), .refIsNull, .refFunc(functionIndex: 5),
        ])
        #expect(decodeError([0xD0, 0x7F])?.message == "malformed reference type")
    }

    @Test(arguments: SIMDOperator.allCases)
    func everySIMDOperatorDecodes(simdOperator: SIMDOperator) throws {
        #expect(try decode(opcodeBytes(simdOperator.rawValue)) == [.simd(simdOperator)])
    }

    @Test func simdInstructionsWithImmediatesDecode() throws {
        let lanes: [UInt8] = Array(0..<16)
        var code: [UInt8] = [0xFD, 0x0C] + lanes + [0xFD, 0x0D] + lanes.map { $0 * 2 }
        var expected: [Instruction] = [.v128Const(V128(bytes: lanes)), .i8x16Shuffle(V128(bytes: lanes.map { $0 * 2 }))]
        for laneOperator in SIMDLaneOperator.allCases {
            code += opcodeBytes(laneOperator.rawValue) + [laneOperator.laneCount - 1]
            expected.append(.simdLane(laneOperator, lane: laneOperator.laneCount - 1))
        }
        for memoryLaneOperator in SIMDMemoryLaneOperator.allCases {
            code += opcodeBytes(memoryLaneOperator.rawValue) + [0x00, 0x10, 0x01]
            expected.append(.simdMemoryLane(memoryLaneOperator, MemArg(alignment: 0, offset: 16), lane: 1))
        }
        #expect(try decode(code) == expected)
    }

    @Test func unknownOpcodesAreIllegal() {
        let oneByte: Set<UInt8> = Set(
            [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x11, 0x1A, 0x1B, 0x1C]
                + Array(0x20...0x26) + Array(0x28...0xC4) + [0xD0, 0xD1, 0xD2, 0xFC, 0xFD])
        for opcode in UInt8.min...UInt8.max where !oneByte.contains(opcode) {
            let error = decodeError([0x02, 0x40, opcode, 0x0B])
            #expect(error?.message.hasPrefix("illegal opcode") == true, "opcode \(opcode): \(String(describing: error))")
            #expect(error?.offset == B.function(code: []).count - 1 + 2)
        }
        #expect(decodeError([0xFC, 0x12])?.message == "illegal opcode fc 12")
        #expect(decodeError([0xFD, 0x9A, 0x01])?.message == "illegal opcode fd 9a")
        #expect(decodeError([0xFD, 0x80, 0x02])?.message == "illegal opcode fd 100")
        #expect(decodeError([0xFD, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00])?.message == "integer representation too long")
    }

    @Test func instructionOffsetsAreModuleOffsets() throws {
        let code: [UInt8] = [0x41, 0x80, 0x01, 0x1A, 0x01]
        let module = try Module(decoding: B.function(code: code))
        let body = module.functionBodies[0]
        var decoder = InstructionDecoder(module: module, body: body)
        var offsets: [Int] = []
        var ends: [Int] = []
        while try decoder.next() != nil {
            offsets.append(decoder.instructionOffset)
            ends.append(decoder.nextInstructionOffset)
        }
        let start = body.codeRange.lowerBound
        #expect(offsets == [start, start + 3, start + 4, start + 5])
        #expect(ends == [start + 3, start + 4, start + 5, start + 6])
        #expect(ends.last == body.codeRange.upperBound)
        #expect(try decoder.next() == nil)
    }

    @Test func theBodyMustEndWithTheFinalEndExactly() {
        // An else at the function's level.
        #expect(decodeError([0x05])?.message == "END opcode expected")
        // Bytes after the final end.
        #expect(decodeError([0x0B, 0x01])?.message == "section size mismatch")
        // A block left open at the end of the module.
        #expect(decodeError([0x02, 0x40])?.message == "unexpected end of section or function")
    }

    @Test func aBodyCutShortIsDiagnosedFromWhatFollowsIt() {
        func twoFunctions(firstBody: [UInt8], secondBody: [UInt8]) -> [UInt8] {
            B.module(
                B.section(1, B.vector([[0x60, 0x00, 0x00]])),
                B.section(3, B.vector([[0x00], [0x00]])),
                B.section(10, B.vector([
                    B.unsigned(UInt64(firstBody.count)) + firstBody, B.unsigned(UInt64(secondBody.count)) + secondBody,
                ])))
        }
        // The first body lacks its end; what follows is the next entry's size, 5: else.
        let intoElse = twoFunctions(firstBody: [0x00, 0x41, 0x01, 0x1A], secondBody: [0x00, 0x41, 0x01, 0x1A, 0x0B])
        #expect(B.decodeError(intoElse)?.message == "END opcode expected")
        // What follows is 0x0B: the body ends past its declared size.
        let intoEnd = B.module(
            B.section(1, B.vector([[0x60, 0x00, 0x00]])), B.section(3, B.vector([[0x00]])),
            B.section(10, B.vector([[0x03, 0x00, 0x41, 0x01]])), B.section(11, B.vector([])))
        #expect(B.decodeError(intoEnd)?.message == "section size mismatch")
        // Cut inside an immediate, at the end of the module.
        let cutImmediate = B.module(
            B.section(1, B.vector([[0x60, 0x00, 0x00]])), B.section(3, B.vector([[0x00]])),
            B.section(10, B.vector([[0x02, 0x00, 0x41]])))
        #expect(B.decodeError(cutImmediate)?.message == "unexpected end of section or function")
    }

    @Test func decodersOverARangeWorkForTests() throws {
        let bytes = ModuleBytes([0xAA, 0x20, 0x03, 0x0B, 0xBB])
        var decoder = InstructionDecoder(bytes: bytes, range: 1..<4, hasDataCount: false)
        #expect(try decoder.next() == .localGet(3))
        #expect(try decoder.next() == .end)
        #expect(try decoder.next() == nil)
    }
}
