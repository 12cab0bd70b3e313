import Testing
import WAT
@testable import WasmCore

@Suite struct ModuleDecoderTests {
    typealias B = BinaryBuilder

    func expectError(_ bytes: [UInt8], _ message: String, at offset: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error = B.decodeError(bytes) else {
            Issue.record("decoded, expected \"\(message)\"", sourceLocation: sourceLocation)
            return
        }
        #expect(error.message == message, sourceLocation: sourceLocation)
        if let offset { #expect(error.offset == offset, sourceLocation: sourceLocation) }
    }

    @Test func anEmptyModuleDecodesToNothing() throws {
        let module = try Module(decoding: B.header)
        #expect(module.types.isEmpty && module.functionBodies.isEmpty && module.customSections.isEmpty)
        #expect(module.codeSectionPayloadOffset == nil)
        #expect(module.names == nil)
    }

    @Test func aBadHeaderIsRejectedWithTheSpecsWording() {
        expectError([], "unexpected end", at: 0)
        expectError([0x00, 0x61, 0x73], "unexpected end")
        expectError([0x00, 0x61, 0x73, 0x6E, 0x01, 0, 0, 0], "magic header not detected", at: 0)
        expectError([0x00, 0x61, 0x73, 0x6D, 0x01, 0, 0], "unexpected end")
        expectError([0x00, 0x61, 0x73, 0x6D, 0x02, 0, 0, 0], "unknown binary version", at: 4)
    }

    @Test func aFeatureRichModuleFromWat2wasmDecodesInFull() throws {
        let module = try Module(decoding: try TestModules.featureRich())
        #expect(module.types.count >= 2)
        #expect(module.types.contains(FunctionType(parameters: [.i32, .i32], results: [.i32])))
        #expect(module.types.contains(FunctionType(parameters: [], results: [.i32, .i64])))
        #expect(module.imports.map(\.name) == ["log", "table", "memory", "counter"])
        #expect(module.imports[1].descriptor == .table(TableType(elementType: .funcref, limits: Limits(minimum: 2))))
        #expect(module.imports[2].descriptor == .memory(MemoryType(limits: Limits(minimum: 1, maximum: 4))))
        #expect(module.imports[3].descriptor == .global(GlobalType(valueType: .i32, isMutable: true)))
        #expect(module.importedFunctionCount == 1)
        #expect(module.tables == [
            TableType(elementType: .externref, limits: Limits(minimum: 4, maximum: 10)),
            TableType(elementType: .funcref, limits: Limits(minimum: 8)),
        ])
        #expect(module.memories == [MemoryType(limits: Limits(minimum: 2))])
        #expect(module.globals.count == 4)
        #expect(module.globals[0].initializer.instructions == [.i32Const(4096)])
        #expect(module.globals[1].initializer.instructions == [.f64Const(1.5.bitPattern)])
        #expect(module.globals[2].initializer.instructions == [.refNull(.funcref)])
        #expect(module.globals[3].initializer.instructions == [.refFunc(functionIndex: 1)])
        #expect(module.exports.map(\.name) == ["add", "heap", "limit", "funcs"])
        #expect(module.exports[0].descriptor == .function(1))
        #expect(module.startFunction == 2)
        #expect(module.functionBodies.count == module.functionTypeIndices.count)
        #expect(module.functionBodies.count == 8)
        #expect(module.elements.count == 5)
        #expect(module.dataSegments.count == 2)
        #expect(module.dataCount == 2)
        let data = module.dataSegments[0]
        #expect(module.bytes.slice(data.dataRange) == Array("hello, wasm".utf8))
        #expect(module.dataSegments[1].mode == .passive)
        let codeSection = try #require(module.codeSectionPayloadOffset)
        #expect(module.functionBodies.allSatisfy { $0.entryRange.lowerBound > codeSection })
        // Locals of $control: i32, f32, f64, i64 after the parameter.
        #expect(module.functionBodies[2].localCount == 4)
        #expect(module.functionBodies[2].localRuns.map(\.type) == [.i32, .f32, .f64, .i64])
        try module.decodeAllFunctionBodies()
    }

    @Test func elementSegmentsDecodeInAllEightForms() throws {
        let offset: [UInt8] = [0x41, 0x05, 0x0B]  // i32.const 5
        let refFunc: [UInt8] = [0xD2, 0x00, 0x0B]
        let refNull: [UInt8] = [0xD0, 0x70, 0x0B]
        let segments: [[UInt8]] = [
            [0x00] + offset + B.vector([[0x00], [0x00]]),
            [0x01, 0x00] + B.vector([[0x00]]),
            [0x02, 0x01] + offset + [0x00] + B.vector([[0x00]]),
            [0x03, 0x00] + B.vector([[0x00]]),
            [0x04] + offset + B.vector([refFunc, refNull]),
            [0x05, 0x70] + B.vector([refNull]),
            [0x06, 0x01] + offset + [0x70] + B.vector([refFunc]),
            [0x07, 0x6F] + B.vector([[0xD0, 0x6F, 0x0B]]),
        ]
        let bytes = B.module(
            B.section(1, B.vector([[0x60, 0x00, 0x00]])),
            B.section(3, B.vector([[0x00]])),
            B.section(4, B.vector([[0x70, 0x00, 0x01], [0x70, 0x00, 0x01]])),
            B.section(9, B.vector(segments)),
            B.section(10, B.vector([[0x02, 0x00, 0x0B]])))
        let module = try Module(decoding: bytes)
        let elements = module.elements
        try #require(elements.count == 8)
        let offsetExpression = ConstantExpression(instructions: [.i32Const(5)], offset: 0)
        func mode(_ segment: ElementSegment) -> ElementSegment.Mode {
            // Offsets differ per segment; compare the instructions only.
            if case .active(let table, let expression) = segment.mode {
                return .active(tableIndex: table, offset: ConstantExpression(instructions: expression.instructions, offset: 0))
            }
            return segment.mode
        }
        #expect(elements.map(mode) == [
            .active(tableIndex: 0, offset: offsetExpression), .passive, .active(tableIndex: 1, offset: offsetExpression),
            .declarative, .active(tableIndex: 0, offset: offsetExpression), .passive,
            .active(tableIndex: 1, offset: offsetExpression), .declarative,
        ])
        #expect(elements.map(\.type) == [.funcref, .funcref, .funcref, .funcref, .funcref, .funcref, .funcref, .externref])
        #expect(elements.map(\.items.count) == [2, 1, 1, 1, 2, 1, 1, 1])
        #expect(elements[0].items[1].instructions == [.refFunc(functionIndex: 0)])
        #expect(elements[4].items[1].instructions == [.refNull(.funcref)])
        #expect(elements[7].items[0].instructions == [.refNull(.externref)])
        // Function-index items point at their index's byte.
        #expect(module.bytes[elements[0].items[0].offset] == 0x00)
    }

    @Test func elementSegmentsWithBadFlagsOrKindsAreMalformed() {
        func module(_ segment: [UInt8]) -> [UInt8] { B.module(B.section(9, B.vector([segment]))) }
        expectError(module([0x08]), "malformed elements segment kind")
        expectError(module([0x01, 0x01, 0x00]), "malformed element kind")
        expectError(module([0x05, 0x7F, 0x00]), "malformed reference type")
    }

    @Test func dataSegmentsDecodeInAllThreeForms() throws {
        let bytes = B.module(
            B.section(5, B.vector([[0x00, 0x01], [0x00, 0x01]])),
            B.section(12, B.unsigned(3)),
            B.section(11, B.vector([
                [0x00, 0x41, 0x08, 0x0B] + B.vector([[0x61], [0x62]]),
                [0x01] + B.vector([[0x63]]),
                [0x02, 0x01, 0x41, 0x00, 0x0B] + B.vector([]),
            ])))
        let module = try Module(decoding: bytes)
        let segments = module.dataSegments
        try #require(segments.count == 3)
        guard case .active(0, let first) = segments[0].mode, case .active(1, let third) = segments[2].mode else {
            Issue.record("modes: \(segments.map(\.mode))")
            return
        }
        #expect(first.instructions == [.i32Const(8)])
        #expect(third.instructions == [.i32Const(0)])
        #expect(segments[1].mode == .passive)
        #expect(module.bytes.slice(segments[0].dataRange) == [0x61, 0x62])
        #expect(module.bytes.slice(segments[1].dataRange) == [0x63])
        #expect(segments[2].dataRange.isEmpty)
        #expect(module.bytes[segments[1].offset] == 0x01)
        expectError(B.module(B.section(11, B.vector([[0x03]]))), "malformed data segment kind")
    }

    @Test func customSectionsMayComeAnywhereAndKeepTheirOffsets() throws {
        let custom = B.section(0, B.name("first") + [1, 2, 3])
        let bytes = B.module(
            custom,
            B.section(1, B.vector([[0x60, 0x00, 0x00]])),
            B.section(0, B.name("second")),
            B.section(3, B.vector([[0x00]])),
            B.section(10, B.vector([[0x02, 0x00, 0x0B]])),
            B.section(0, B.name("third") + [9]))
        let module = try Module(decoding: bytes)
        #expect(module.customSections.map(\.name) == ["first", "second", "third"])
        #expect(module.customSections[0].sectionOffset == 8)
        #expect(module.bytes.slice(module.customSections[0].payloadRange) == [1, 2, 3])
        #expect(module.customSections[1].payloadRange.isEmpty)
        #expect(module.bytes.slice(module.customSections[2].payloadRange) == [9])
        #expect(module.bytes[module.customSections[2].sectionOffset] == 0)
    }

    @Test func customSectionNamesMustBeUTF8() {
        expectError(B.module(B.section(0, [0x01, 0x80])), "malformed UTF-8 encoding")
        expectError(B.module(B.section(0, [0x02, 0xC0, 0x80])), "malformed UTF-8 encoding")  // overlong
        expectError(B.module(B.section(0, [0x03, 0xED, 0xA0, 0x80])), "malformed UTF-8 encoding")  // surrogate
        expectError(B.module(B.section(0, [0x04, 0xF4, 0x90, 0x80, 0x80])), "malformed UTF-8 encoding")  // > U+10FFFF
        #expect(B.decodeError(B.module(B.section(0, B.name("ünïcødé ✓ 𝄞")))) == nil)
    }

    @Test func sectionsMustComeInOrderAndOnce() {
        let type = B.section(1, B.vector([]))
        let import_ = B.section(2, B.vector([]))
        expectError(B.module(import_, type), "unexpected content after last section", at: 11)
        expectError(B.module(type, type), "unexpected content after last section")
        expectError(B.module(B.section(13, [])), "malformed section id", at: 8)
        // The data count section goes after elements and before code.
        #expect(B.decodeError(B.module(B.section(9, B.vector([])), B.section(12, [0]), B.section(10, B.vector([])))) == nil)
        expectError(B.module(B.section(12, [0]), B.section(9, B.vector([]))), "unexpected content after last section")
        expectError(B.module(B.section(10, B.vector([])), B.section(12, [0])), "unexpected content after last section")
    }

    @Test func sectionSizesMustMatchTheirContent() {
        // One type in a section that claims a byte more.
        expectError(B.header + [0x01, 0x05, 0x01, 0x60, 0x00, 0x00, 0x00], "section size mismatch")
        // A section longer than the module.
        expectError(B.header + [0x01, 0x09, 0x01, 0x60, 0x00, 0x00], "length out of bounds", at: 9)
    }

    @Test func functionAndCodeCountsMustAgree() {
        let type = B.section(1, B.vector([[0x60, 0x00, 0x00]]))
        expectError(B.module(type, B.section(3, B.vector([[0x00]]))), "function and code section have inconsistent lengths")
        expectError(
            B.module(type, B.section(10, B.vector([[0x02, 0x00, 0x0B]]))),
            "function and code section have inconsistent lengths")
    }

    @Test func dataCountMustMatchTheDataSection() {
        expectError(B.module(B.section(12, [0x01])), "data count and data section have inconsistent lengths")
        #expect(B.decodeError(B.module(B.section(12, [0x00]))) == nil)
    }

    @Test func importsAndExportsWithUnknownKindsAreMalformed() {
        expectError(B.module(B.section(2, B.vector([B.name("a") + B.name("b") + [0x04, 0x00]]))), "malformed import kind")
        expectError(B.module(B.section(7, B.vector([B.name("a") + [0x04, 0x00]]))), "malformed export kind")
        expectError(
            B.module(B.section(2, B.vector([B.name("a") + B.name("b") + [0x03, 0x7F, 0x02]]))), "malformed mutability")
        expectError(B.module(B.section(1, B.vector([[0x61, 0x00, 0x00]]))), "malformed function type")
        expectError(B.module(B.section(1, B.vector([[0x60, 0x01, 0x40, 0x00]]))), "malformed value type")
    }

    @Test func limitsFlagsAreAOneBitLEB() throws {
        let memory = try Module(decoding: B.module(B.section(5, B.vector([[0x01, 0x02, 0x80, 0x02]]))))
        #expect(memory.memories == [MemoryType(limits: Limits(minimum: 2, maximum: 256))])
        expectError(B.module(B.section(5, B.vector([[0x02, 0x00]]))), "integer too large")
        expectError(B.module(B.section(5, B.vector([[0x81, 0x00, 0x00]]))), "integer representation too long")
        expectError(B.module(B.section(4, B.vector([[0x70, 0x03, 0x00]]))), "integer too large")
    }

    @Test func functionBodiesAreRangesWithTheirLocals() throws {
        let body: [UInt8] = B.vector([[0x02, 0x7F], [0x01, 0x7E]]) + [0x01, 0x0B]
        let bytes = B.module(
            B.section(1, B.vector([[0x60, 0x00, 0x00]])),
            B.section(3, B.vector([[0x00]])),
            B.section(10, B.vector([B.unsigned(UInt64(body.count)) + body])))
        let module = try Module(decoding: bytes)
        let function = try #require(module.functionBodies.first)
        #expect(function.localRuns == [LocalRun(count: 2, type: .i32), LocalRun(count: 1, type: .i64)])
        #expect(function.localCount == 3)
        #expect(function.entryRange.upperBound == bytes.count)
        #expect(module.bytes[function.entryRange.lowerBound] == UInt8(body.count))
        #expect(module.bytes.slice(function.codeRange) == [0x01, 0x0B])
        #expect(module.codeSectionPayloadOffset == function.entryRange.lowerBound - 1)
    }

    @Test func localCountsMustNotSumPastTwoToThe32() {
        let runs = B.vector([[0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F], [0x02, 0x7E]])
        let body = runs + [0x0B]
        let bytes = B.module(
            B.section(1, B.vector([[0x60, 0x00, 0x00]])),
            B.section(3, B.vector([[0x00]])),
            B.section(10, B.vector([B.unsigned(UInt64(body.count)) + body])))
        expectError(bytes, "too many locals")
    }

    @Test func hugeDeclaredCountsFailFastWithoutAllocating() {
        let huge = B.unsigned(0xFFFF_FFFF)
        for id: UInt8 in [1, 2, 3, 4, 5, 6, 7, 9, 10, 11] {
            expectError(B.module(B.section(id, huge)), "length out of bounds")
        }
        expectError(B.module(B.section(0, huge)), "length out of bounds")
        // Inside a type, a body, a segment.
        expectError(B.module(B.section(1, B.vector([[0x60] + huge]))), "length out of bounds")
        expectError(B.module(B.section(11, B.vector([[0x01] + huge]))), "length out of bounds")
        expectError(B.function(code: [0x0E] + huge), "length out of bounds")
        let body = huge + [0x0B]
        expectError(
            B.module(
                B.section(1, B.vector([[0x60, 0x00, 0x00]])), B.section(3, B.vector([[0x00]])),
                B.section(10, B.vector([B.unsigned(UInt64(body.count)) + body]))),
            "length out of bounds")
        // A run of 2^32-1 locals is no length: it is fine.
        #expect(B.decodeError(B.function(code: [], locals: [huge + [0x7F]])) == nil)
    }
}
