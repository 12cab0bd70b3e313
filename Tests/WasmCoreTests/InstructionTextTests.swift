import Testing
import WAT
@testable import WasmCore

/// The printed text of instructions, checked two ways: modules written in the
/// flat syntax print back exactly as written (indentation included), and
/// text printed for constructed instructions assembles back, through WasmKit's
/// `wat2wasm`, to the same instructions.
@Suite struct InstructionTextTests {
    // MARK: Helpers

    /// Assembles `text` and decodes it.
    static func module(_ text: String) throws -> Module {
        try Module(
            decoding: wat2wasm(text, features: [.referenceTypes, .simd], options: EncodeOptions(nameSection: true)))
    }

    /// Every defined function's listing: each instruction indented by its depth.
    static func listings(of module: Module) throws -> [[String]] {
        try module.functionBodies.map { body in
            try OperatorWalker.instructions(of: body, in: module).map { walked in
                let indentation = String(repeating: "  ", count: walked.depth)
                return indentation + InstructionText.format(walked.instruction, module: module)
            }
        }
    }

    /// The instructions of the first defined function, its final `end` left out.
    static func instructionsOfFirstFunction(_ module: Module) throws -> [Instruction] {
        let body = try #require(module.functionBodies.first)
        return try OperatorWalker.instructions(of: body, in: module).dropLast().map(\.instruction)
    }

    /// A module with the declarations the flat bodies below refer to.
    static func moduleText(functions: [String]) -> String {
        """
        (module $shapes
          (type $binary (func (param i32 i32) (result i32)))
          (type $pair (func (param i32) (result i32 i64)))
          (import "env" "log" (func $log (param i32)))
          (table $funcs 4 funcref)
          (table $refs 4 externref)
          (table $more 4 funcref)
          (memory 1)
          (global $counter (mut i32) (i32.const 0))
          (elem $passive func)
          (data $bytes "abc")
        \(functions.joined(separator: "\n"))
        )
        """
    }

    /// A function whose body is `lines`, which the listing must reproduce.
    static func function(_ signature: String, _ lines: [String]) -> String {
        "  (func \(signature)\n" + lines.map { "    " + $0 }.joined(separator: "\n") + ")"
    }

    // Flat bodies in the form the printer produces: every line must print back unchanged.

    static let controlBody = [
        "block",
        "  local.get 0",
        "  br_if 0",
        "  loop (result i32)",
        "    local.get 1",
        "    if (result i32)",
        "      i32.const 1",
        "    else",
        "      i32.const -7",
        "    end",
        "    br_if 0",
        "    block",
        "      block",
        "        local.get 0",
        "        br_table 0 1 2 3",
        "      end",
        "      br_table 1",
        "    end",
        "    i32.const 2",
        "  end",
        "  drop",
        "  br 0",
        "end",
        "local.get 0",
        "block (type 1)",
        "  drop",
        "end",
        "drop",
        "return",
    ]

    static let everyShapeBody = [
        "unreachable",
        "nop",
        "call 0",
        "call_indirect (type 0)",
        "call_indirect 2 (type 0)",
        "drop",
        "select",
        "select (result f64)",
        "local.get 0",
        "local.set 1",
        "local.tee 2",
        "global.get 0",
        "global.set 0",
        "table.get 1",
        "table.set 1",
        "table.init 0",
        "table.init 2 0",
        "elem.drop 0",
        "table.copy",
        "table.copy 0 2",
        "table.grow 1",
        "table.size 0",
        "table.fill 1",
        "i32.load",
        "i32.load offset=8 align=2",
        "i64.load8_s offset=65535",
        "i64.store32 align=1",
        "f64.load align=4",
        "i32.store16 offset=4294967295",
        "memory.size",
        "memory.grow",
        "memory.init 0",
        "data.drop 0",
        "memory.copy",
        "memory.fill",
        "i32.const -7",
        "i32.const -2147483648",
        "i64.const 9223372036854775807",
        "f32.const 1.5",
        "f64.const 3.0",
        "f64.const 0.1",
        "f32.const -0.0",
        "f32.const nan",
        "f32.const -nan:0x200000",
        "f64.const -inf",
        "f64.const 1e-07",
        "i32.add",
        "i64.trunc_sat_f64_u",
        "i32.extend8_s",
        "ref.null func",
        "ref.null extern",
        "ref.is_null",
        "ref.func 1",
        "v128.const i32x4 0x00000001 0x00000002 0x00000003 0xffffffff",
        "i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31",
        "f32x4.add",
        "i32x4.extract_lane 2",
        "i8x16.replace_lane 15",
        "v128.load offset=16",
        "v128.load8_lane 3",
        "v128.store64_lane offset=8 align=4 1",
        "v128.load32_zero",
        "i64x2.extend_low_i32x4_u",
    ]

    // MARK: Written text prints back

    @Test func flatBodiesPrintBackAsWritten() throws {
        let text = Self.moduleText(functions: [
            Self.function("$average (type $binary) (local $sum i64) (local $ratio f64)", Self.controlBody),
            Self.function("$everything (param $p i32) (local $q i32) (local $r i32)", Self.everyShapeBody),
        ])
        let listings = try Self.listings(of: try Self.module(text))
        #expect(listings.count == 2)
        // The walker adds the body's final end, at depth 0.
        #expect(listings.first == Self.controlBody + ["end"])
        #expect(listings.last == Self.everyShapeBody + ["end"])
    }

    @Test func depthsFollowNesting() throws {
        let module = try Self.module(Self.moduleText(functions: [
            Self.function("(param i32)", [
                "block", "  loop", "    if", "      nop", "    else", "      nop", "    end", "  end", "end",
            ]),
        ]))
        let walked = try OperatorWalker.instructions(of: try #require(module.functionBodies.first), in: module)
        #expect(walked.map(\.depth) == [0, 1, 2, 3, 2, 3, 2, 1, 0, 0])
        // Offsets are module offsets, strictly increasing, inside the body.
        let body = module.functionBodies[0]
        #expect(walked.first?.moduleOffset == body.codeRange.lowerBound)
        #expect(walked.last?.moduleOffset == body.codeRange.upperBound - 1)
        #expect(zip(walked, walked.dropFirst()).allSatisfy { $0.moduleOffset < $1.moduleOffset })
    }

    // MARK: Printed text assembles back

    @Test func everyOperatorAssemblesBackFromItsText() throws {
        var instructions: [Instruction] = NumericOperator.allCases.map { .numeric($0) }
        instructions += SIMDOperator.allCases.map { .simd($0) }
        instructions += SIMDLaneOperator.allCases.map { .simdLane($0, lane: 1) }
        for memoryOperator in MemoryOperator.allCases {
            let natural = memoryOperator.naturalAlignment
            instructions.append(.memory(memoryOperator, MemArg(alignment: natural, offset: 0)))
            instructions.append(.memory(memoryOperator, MemArg(alignment: 0, offset: 12)))
        }
        for laneOperator in SIMDMemoryLaneOperator.allCases {
            let natural = laneOperator.naturalAlignment
            instructions.append(.simdMemoryLane(laneOperator, MemArg(alignment: natural, offset: 0), lane: 0))
            instructions.append(.simdMemoryLane(laneOperator, MemArg(alignment: 0, offset: 3), lane: 1))
        }
        try expectRoundTrip(instructions)
    }

    @Test func constantsAssembleBackBitForBit() throws {
        let floats: [UInt32] = [
            0, 0x8000_0000, 0x3F80_0000, 0x3DCC_CCCD, 0x0000_0001, 0x007F_FFFF, 0x7F7F_FFFF, 0xFF7F_FFFF,
            0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0xFFC0_0000, 0x7F80_0001, 0x7FA0_0000, 0xFFFF_FFFF, 0x4B80_0001,
        ]
        let doubles: [UInt64] = [
            0, 0x8000_0000_0000_0000, 0x3FF0_0000_0000_0000, 0x3FB9_9999_9999_999A, 0x0000_0000_0000_0001,
            0x7FEF_FFFF_FFFF_FFFF, 0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000, 0x7FF8_0000_0000_0000,
            0xFFF8_0000_0000_0000, 0x7FF0_0000_0000_0001, 0x7FF4_0000_0000_0000, 0x4340_0000_0000_0001,
            0x4415_AF1D_78B5_8C40,
        ]
        var instructions: [Instruction] = floats.map { .f32Const($0) } + doubles.map { .f64Const($0) }
        instructions += [Int32.min, -1, 0, 63, 64, -64, -65, Int32.max].map { .i32Const($0) }
        instructions += [Int64.min, -1, 0, 1 << 40, Int64.max].map { .i64Const($0) }
        instructions += [
            .v128Const(V128(low: 0x0123_4567_89AB_CDEF, high: 0xFEDC_BA98_7654_3210)),
            .i8x16Shuffle(V128(bytes: Array((0..<16).reversed()))),
        ]
        try expectRoundTrip(instructions)
    }

    /// Prints `instructions` as the body of a function, assembles it and
    /// expects the same instructions back.
    func expectRoundTrip(_ instructions: [Instruction]) throws {
        // Only formatting matters here; nothing reads the bytes before printing.
        let placeholderModule = try Self.module("(module)")
        let lines = instructions.map { InstructionText.format($0, module: placeholderModule) }
        let module = try Self.module(Self.moduleText(functions: [Self.function("(param i32)", lines)]))
        let decoded = try Self.instructionsOfFirstFunction(module)
        #expect(decoded.count == instructions.count)
        for (index, (original, back)) in zip(instructions, decoded).enumerated() where original != back {
            Issue.record("\(lines[index]) assembled to \(back), expected \(original)")
        }
    }

    // MARK: Individual forms

    @Test func floatsPrintInDecimalAndNaNsWithTheirPayload() throws {
        let module = try Self.module("(module)")
        func text(_ instruction: Instruction) -> String { InstructionText.format(instruction, module: module) }
        #expect(text(.f64Const((3.0 as Double).bitPattern)) == "f64.const 3.0")
        #expect(text(.f64Const((-2.5e-300 as Double).bitPattern)) == "f64.const -2.5e-300")
        #expect(text(.f32Const((0.1 as Float).bitPattern)) == "f32.const 0.1")
        #expect(text(.f32Const(Float.infinity.bitPattern)) == "f32.const inf")
        #expect(text(.f32Const(0x7FC0_0000)) == "f32.const nan")
        #expect(text(.f32Const(0xFFC0_0000)) == "f32.const -nan")
        #expect(text(.f32Const(0x7F80_0001)) == "f32.const nan:0x1")
        #expect(text(.f64Const(0x7FF8_0000_0000_0000)) == "f64.const nan")
        #expect(text(.f64Const(0xFFF4_0000_0000_0000)) == "f64.const -nan:0x4000000000000")
    }

    @Test func branchTableLabelsComeFromTheCallerWhenGiven() throws {
        let module = try Self.module(Self.moduleText(functions: [
            Self.function("(param i32)", ["block", "  local.get 0", "  br_table 0 0 1", "end"]),
        ]))
        let instructions = try Self.instructionsOfFirstFunction(module)
        let table = try #require(instructions.first { if case .brTable = $0 { true } else { false } })
        #expect(InstructionText.format(table, module: module) == "br_table 0 0 1")
        #expect(InstructionText.format(table, module: module, brTableLabels: [7, 8]) == "br_table 7 8 1")
    }

    @Test func annotationsNameFunctionsLocalsAndSignatures() throws {
        let text = Self.moduleText(functions: [
            Self.function("$average (type $binary) (local $sum i64) (local i32)", [
                "local.get 0", "local.get 1", "local.set 2", "local.tee 3", "call 1", "call 0",
                "call_indirect (type 0)", "ref.func 1", "i32.add",
            ]),
            "  (func (export \"helper\"))",
            "  (func)",
        ])
        let module = try Self.module(text)
        let instructions = try Self.instructionsOfFirstFunction(module)
        let annotations = instructions.map { InstructionText.annotation($0, module: module, functionIndex: 1) }
        #expect(annotations == [nil, nil, "$sum", nil, "average", "log", "(i32 i32) -> (i32)", "average", nil])
        // Parameters have names too when the text gives them.
        let named = try Self.module(
            Self.moduleText(functions: [Self.function("$f (param $stats i32)", ["local.get 0"])]))
        let get = try #require(try Self.instructionsOfFirstFunction(named).first)
        #expect(InstructionText.annotation(get, module: named, functionIndex: 1) == "$stats")
        // Exports name functions the name section does not; callers' names win over both.
        #expect(InstructionText.annotation(.call(functionIndex: 2), module: module, functionIndex: nil) == "helper")
        #expect(InstructionText.annotation(.call(functionIndex: 3), module: module, functionIndex: nil) == nil)
        let demangled = InstructionText.annotation(.call(functionIndex: 1), module: module, functionIndex: nil) {
            $0 == 1 ? "stats::average()" : nil
        }
        #expect(demangled == "stats::average()")
    }
}
