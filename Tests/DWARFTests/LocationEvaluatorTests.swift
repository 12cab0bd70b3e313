import DWARF
import Testing

/// A wasm frame made up for the evaluator: locals, globals, operand stack and memory.
struct FakeFrame: LocationContext {
    var locals: [UInt32: UInt64] = [:]
    var globals: [UInt32: UInt64] = [:]
    var operands: [UInt32: UInt64] = [:]
    var base: UInt64?
    var memory: [UInt64: UInt8] = [:]

    func wasmLocal(_ index: UInt32) -> UInt64? { locals[index] }
    func wasmGlobal(_ index: UInt32) -> UInt64? { globals[index] }
    func wasmOperand(_ index: UInt32) -> UInt64? { operands[index] }
    func frameBase() -> UInt64? { base }
    func readMemory(address: UInt64, count: Int) -> [UInt8]? {
        let bytes = (0..<UInt64(count)).map { memory[address + $0] }
        return bytes.contains(nil) ? nil : bytes.compactMap { $0 }
    }

    mutating func store32(_ value: UInt32, at address: UInt64) {
        for index in 0..<4 { memory[address + UInt64(index)] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }
}

struct LocationEvaluatorTests {
    func expression(_ bytes: [UInt8]) -> LocationExpression { LocationExpression(bytes: bytes, addressSize: 4) }

    @Test func wasmLocationsAreValues() throws {
        let frame = FakeFrame(locals: [3: 42], globals: [0: 0x1_0000, 5: 9], operands: [1: 77])
        // DW_OP_WASM_location 0x0 0x3, DW_OP_stack_value
        let local = expression([0xED, 0x00, 0x03, 0x9F])
        #expect(local.description == "DW_OP_WASM_location 0x0 0x3, DW_OP_stack_value")
        #expect(try local.evaluate(in: frame) == .value(42))
        // Without DW_OP_stack_value the location names the local, like a register: its contents are the value.
        #expect(try expression([0xED, 0x00, 0x03]).evaluate(in: frame) == .value(42))
        // Kind 1: a global by ULEB index; kind 3: a global by fixed u32 index; kind 2: operand stack.
        #expect(try expression([0xED, 0x01, 0x05, 0x9F]).evaluate(in: frame) == .value(9))
        let fixedGlobal = expression([0xED, 0x03, 0x00, 0x00, 0x00, 0x00, 0x9F])
        #expect(fixedGlobal.description == "DW_OP_WASM_location 0x3 0x0, DW_OP_stack_value")
        #expect(try fixedGlobal.evaluate(in: frame) == .value(0x1_0000))
        #expect(try expression([0xED, 0x02, 0x01, 0x9F]).evaluate(in: frame) == .value(77))
        // -O1's `DW_OP_WASM_location 0x0 0x2, DW_OP_lit1, DW_OP_shl, DW_OP_stack_value`.
        let doubled = expression([0xED, 0x00, 0x02, 0x31, 0x24, 0x9F])
        #expect(doubled.description == "DW_OP_WASM_location 0x0 0x2, DW_OP_lit1, DW_OP_shl, DW_OP_stack_value")
        #expect(try doubled.evaluate(in: FakeFrame(locals: [2: 21])) == .value(42))
    }

    @Test func frameBaseOffsetsAreMemoryAddresses() throws {
        let frameBase = expression([0xED, 0x00, 0x03, 0x9F])
        let frame = FakeFrame(locals: [3: 0x1000])
        // DW_OP_fbreg +12, DW_OP_fbreg -4
        #expect(try expression([0x91, 0x0C]).evaluate(in: frame, frameBase: frameBase) == .memory(address: 0x100C))
        #expect(try expression([0x91, 0x7C]).evaluate(in: frame, frameBase: frameBase) == .memory(address: 0xFFC))
        // A context that knows its frame base wins over the expression.
        var known = frame
        known.base = 0x2000
        #expect(try expression([0x91, 0x0C]).evaluate(in: known, frameBase: frameBase) == .memory(address: 0x200C))
        #expect(throws: LocationError.missingFrameBase) { try expression([0x91, 0x0C]).evaluate(in: frame) }
    }

    @Test func addressesAndArithmetic() throws {
        let frame = FakeFrame()
        // DW_OP_addr 0x400
        #expect(try expression([0x03, 0x00, 0x04, 0x00, 0x00]).evaluate(in: frame) == .memory(address: 0x400))
        // The linker's tombstone for a dropped global.
        guard case .unavailable = try expression([0x03, 0xFF, 0xFF, 0xFF, 0xFF]).evaluate(in: frame) else {
            Issue.record("a tombstoned address must be unavailable")
            return
        }
        // lit5 lit3 minus stack_value; constu 100 consts -1 plus; lit6 lit7 mul; and, or, shr, plus_uconst
        #expect(try expression([0x35, 0x33, 0x1C, 0x9F]).evaluate(in: frame) == .value(2))
        #expect(try expression([0x10, 0x64, 0x11, 0x7F, 0x22, 0x9F]).evaluate(in: frame) == .value(99))
        #expect(try expression([0x36, 0x37, 0x1E, 0x9F]).evaluate(in: frame) == .value(42))
        #expect(try expression([0x3F, 0x36, 0x1A, 0x39, 0x21, 0x31, 0x25, 0x9F]).evaluate(in: frame) == .value(7))
        #expect(try expression([0x30, 0x23, 0x10, 0x9F]).evaluate(in: frame) == .value(16))
        // dup, drop, swap, over: lit1 lit2 swap minus → 2 - 1 = 1
        #expect(try expression([0x31, 0x32, 0x16, 0x1C, 0x9F]).evaluate(in: frame) == .value(1))
        #expect(try expression([0x34, 0x12, 0x22, 0x9F]).evaluate(in: frame) == .value(8))
        #expect(try expression([0x34, 0x35, 0x13, 0x9F]).evaluate(in: frame) == .value(4))
        #expect(try expression([0x34, 0x35, 0x14, 0x22, 0x22, 0x9F]).evaluate(in: frame) == .value(13))
        // consts -8 as a signed value keeps all 64 bits; the consumer truncates to the type.
        #expect(try expression([0x11, 0x78, 0x9F]).evaluate(in: frame) == .value(UInt64(bitPattern: -8)))
    }

    @Test func dereferenceReadsMemory() throws {
        var frame = FakeFrame()
        frame.store32(0x2000, at: 0x400)
        // DW_OP_addr 0x400, DW_OP_deref: a pointer in memory, and the object it points to.
        #expect(try expression([0x03, 0x00, 0x04, 0x00, 0x00, 0x06]).evaluate(in: frame) == .memory(address: 0x2000))
        // deref_size 1 reads one byte.
        #expect(try expression([0x03, 0x01, 0x04, 0x00, 0x00, 0x94, 0x01, 0x9F]).evaluate(in: frame) == .value(0x20))
        #expect(throws: LocationError.unreadableMemory(address: 0x800, count: 4)) {
            try expression([0x03, 0x00, 0x08, 0x00, 0x00, 0x06]).evaluate(in: frame)
        }
    }

    @Test func piecesAndImplicitValues() throws {
        let frame = FakeFrame(locals: [0: 1, 1: 2])
        // WASM_location 0 0, piece 4, WASM_location 0 1, piece 4
        let split = expression([0xED, 0x00, 0x00, 0x93, 0x04, 0xED, 0x00, 0x01, 0x93, 0x04])
        #expect(
            try split.evaluate(in: frame)
                == .pieces([
                    LocationPiece(location: .value(1), bitSize: 32), LocationPiece(location: .value(2), bitSize: 32),
                ]))
        // An empty piece is a part the optimizer dropped.
        guard case .pieces(let pieces) = try expression([0x93, 0x04, 0xED, 0x00, 0x01, 0x93, 0x04]).evaluate(in: frame),
            case .unavailable = pieces[0].location
        else {
            Issue.record("an empty piece must be unavailable")
            return
        }
        #expect(try expression([0x9E, 0x04, 1, 2, 3, 4]).evaluate(in: frame) == .implicitValue([1, 2, 3, 4]))
        guard case .unavailable = try expression([]).evaluate(in: frame) else {
            Issue.record("an empty expression means optimized out")
            return
        }
    }

    @Test func branches() throws {
        // lit0, bra +3 (not taken), lit7, skip +1, lit9, stack_value → 7
        // layout: 0:lit0 1:bra(3 bytes) 4:lit7 5:skip(3 bytes) 8:lit9 9:stack_value
        let notTaken = expression([0x30, 0x28, 0x04, 0x00, 0x37, 0x2F, 0x01, 0x00, 0x39, 0x9F])
        #expect(try notTaken.evaluate(in: FakeFrame()) == .value(7))
        // lit1, bra +1 (taken, over lit7) → lit9 → 9
        let taken = expression([0x31, 0x28, 0x01, 0x00, 0x37, 0x39, 0x9F])
        #expect(try taken.evaluate(in: FakeFrame()) == .value(9))
        // skip -3 forever.
        #expect(throws: LocationError.tooManySteps) { try expression([0x2F, 0xFD, 0xFF]).evaluate(in: FakeFrame()) }
    }

    @Test func malformedExpressionsAreErrorsNotCrashes() throws {
        let frame = FakeFrame()
        let unknown = expression([0x31, 0xE0])
        #expect(unknown.decodingError == .unknownOperation(opcode: 0xE0, offset: 1))
        #expect(throws: LocationError.unknownOperation(opcode: 0xE0, offset: 1)) { try unknown.evaluate(in: frame) }
        #expect(throws: LocationError.truncated(offset: 0)) { try expression([0x03, 0x00]).evaluate(in: frame) }
        #expect(throws: LocationError.stackUnderflow(operation: "DW_OP_plus")) { try expression([0x22]).evaluate(in: frame) }
        #expect(throws: LocationError.missingWasmValue(.local, index: 9)) {
            try expression([0xED, 0x00, 0x09, 0x9F]).evaluate(in: frame)
        }
        #expect(throws: LocationError.unsupported("machine register 5")) { try expression([0x75, 0x00]).evaluate(in: frame) }
        #expect(throws: LocationError.divisionByZero) { try expression([0x31, 0x30, 0x1B]).evaluate(in: frame) }
        #expect(expression([0xED, 0x07, 0x00]).decodingError != nil, "unknown wasm location kind")
        // Every prefix of a real expression decodes or fails cleanly.
        let real: [UInt8] = [0xED, 0x03, 0x00, 0x00, 0x00, 0x00, 0x10, 0xFF, 0x01, 0x22, 0x9F]
        for length in 0...real.count {
            _ = try? expression(Array(real.prefix(length))).evaluate(in: frame)
        }
    }
}
