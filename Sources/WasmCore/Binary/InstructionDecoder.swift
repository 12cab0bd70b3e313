/// Decodes the instructions of one function body (or constant expression) in
/// order, one `next()` call at a time, without allocating.
///
/// It tracks block nesting itself, so it knows which `end` is the last one and
/// rejects bodies that do not end exactly there; pairing `else` with `if` is
/// left to the validator, except at the function's own level.
///
/// The validator and the JIT call `next()` from other modules, so it is
/// inlinable and small: a jump table on the opcode byte and one-byte LEB fast
/// paths, with everything rare (prefixed opcodes, multi-byte LEBs, errors)
/// behind non-inlined calls.
public struct InstructionDecoder {
    @usableFromInline
    enum Mode: UInt8 {
        /// Must end with the final `end` exactly at the end of the range.
        case functionBody
        /// Stops after the final `end`, wherever it is.
        case constantExpression
        /// Reading on past a body whose bytes ran out before its final `end`,
        /// only to report what the reference interpreter reports there.
        case beyondBody
    }

    // Keeps `base` alive.
    @usableFromInline let bytes: ModuleBytes
    @usableFromInline let base: UnsafePointer<UInt8>
    @usableFromInline var pc: Int
    @usableFromInline var limit: Int
    /// Open blocks, the function's own included: the `end` that closes the last one ends the body.
    @usableFromInline var depth: Int
    @usableFromInline let hasDataCount: Bool
    @usableFromInline let mode: Mode
    /// Where the body was declared to end; only errors found past it need this.
    @usableFromInline let declaredEnd: Int
    @usableFromInline var lastInstructionStart: Int

    /// Module offset of the instruction `next()` returned last.
    public var instructionOffset: Int { lastInstructionStart }

    /// Module offset just past the instruction `next()` returned last: where the next one starts.
    public var nextInstructionOffset: Int { pc }

    public init(module: Module, body: FunctionBody) {
        self.init(bytes: module.bytes, range: body.codeRange, hasDataCount: module.dataCount != nil)
    }

    /// Decodes the instructions in `range` of `bytes` as a function body: they
    /// must end with the `end` that closes the body, at the end of the range.
    /// `hasDataCount` says whether the module has a data count section, which
    /// `memory.init` and `data.drop` require.
    public init(bytes: ModuleBytes, range: Range<Int>, hasDataCount: Bool) {
        self.init(bytes: bytes, range: range, hasDataCount: hasDataCount, mode: .functionBody, depth: 1)
    }

    init(bytes: ModuleBytes, range: Range<Int>, hasDataCount: Bool, mode: Mode, depth: Int, declaredEnd: Int? = nil) {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "range outside the module")
        self.bytes = bytes
        // ModuleBytes always allocates at least one byte, so there is a base address.
        self.base = bytes.buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        self.pc = range.lowerBound
        self.limit = range.upperBound
        self.depth = depth
        self.hasDataCount = hasDataCount
        self.mode = mode
        self.declaredEnd = declaredEnd ?? range.upperBound
        self.lastInstructionStart = range.lowerBound
    }

    /// The next instruction, the body's final `end` included, then nil.
    ///
    /// Always inlined: the caller's switch on the result then fuses with the
    /// switch on the opcode, and the instruction never goes through memory
    /// (1.7x faster than a call in the benchmark's walk).
    @inlinable @inline(__always)
    public mutating func next() throws(DecodeError) -> Instruction? {
        guard _fastPath(pc < limit) else { return try nextAtLimit() }
        lastInstructionStart = pc
        let opcode = base[pc]
        pc &+= 1
        switch opcode {
        case 0x00: return .unreachable
        case 0x01: return .nop
        case 0x02:
            let type = try readBlockType()
            depth &+= 1
            return .block(type)
        case 0x03:
            let type = try readBlockType()
            depth &+= 1
            return .loop(type)
        case 0x04:
            let type = try readBlockType()
            depth &+= 1
            return .if(type)
        case 0x05:
            if _slowPath(depth == 1) { try elseAtFunctionLevel() }
            return .else
        case 0x0B:
            depth &-= 1
            if _slowPath(depth == 0) { try reachedFinalEnd() }
            return .end
        case 0x0C: return .br(relativeDepth: try readUnsigned32())
        case 0x0D: return .brIf(relativeDepth: try readUnsigned32())
        case 0x0E: return .brTable(try readBranchTable())
        case 0x0F: return .return
        case 0x10: return .call(functionIndex: try readUnsigned32())
        case 0x11:
            let typeIndex = try readUnsigned32()
            let tableIndex = try readUnsigned32()
            return .callIndirect(typeIndex: typeIndex, tableIndex: tableIndex)
        case 0x1A: return .drop
        case 0x1B: return .select
        case 0x1C: return .typedSelect(try readSelectType())
        case 0x20: return .localGet(try readUnsigned32())
        case 0x21: return .localSet(try readUnsigned32())
        case 0x22: return .localTee(try readUnsigned32())
        case 0x23: return .globalGet(try readUnsigned32())
        case 0x24: return .globalSet(try readUnsigned32())
        case 0x25: return .tableGet(try readUnsigned32())
        case 0x26: return .tableSet(try readUnsigned32())
        case 0x28...0x3E:
            let memoryArgument = try readMemArg()
            return .memory(MemoryOperator(oneByteOpcode: opcode), memoryArgument)
        case 0x3F:
            try readZeroByte()
            return .memorySize(memoryIndex: 0)
        case 0x40:
            try readZeroByte()
            return .memoryGrow(memoryIndex: 0)
        case 0x41: return .i32Const(try readSigned32())
        case 0x42: return .i64Const(try readSigned64())
        case 0x43: return .f32Const(try readFixedWidth(UInt32.self))
        case 0x44: return .f64Const(try readFixedWidth(UInt64.self))
        case 0x45...0xC4: return .numeric(NumericOperator(oneByteOpcode: opcode))
        case 0xD0: return .refNull(try readReferenceType())
        case 0xD1: return .refIsNull
        case 0xD2: return .refFunc(functionIndex: try readUnsigned32())
        case 0xFC: return try decodeMiscellaneousPrefix()
        case 0xFD: return try decodeVectorPrefix()
        default: try illegalOpcode(opcode)
        }
    }

    /// Open blocks, the function's own included; zero once the final `end` is decoded.
    var openBlockCount: Int { depth }
}

// MARK: - Immediates

extension InstructionDecoder {
    @inlinable @inline(__always)
    mutating func readUnsigned32() throws(DecodeError) -> UInt32 {
        if _fastPath(pc < limit) {
            let byte = base[pc]
            if _fastPath(byte < 0x80) {
                pc &+= 1
                return UInt32(byte)
            }
        }
        return try readUnsigned32Slow()
    }

    @inlinable @inline(__always)
    mutating func readSigned32() throws(DecodeError) -> Int32 {
        if _fastPath(pc < limit) {
            let byte = base[pc]
            if _fastPath(byte < 0x80) {
                pc &+= 1
                // Moves bit 6, the sign, to bit 7 and back, extending it.
                return Int32(Int8(bitPattern: byte << 1) >> 1)
            }
        }
        return try readSigned32Slow()
    }

    @inlinable @inline(__always)
    mutating func readSigned64() throws(DecodeError) -> Int64 {
        if _fastPath(pc < limit) {
            let byte = base[pc]
            if _fastPath(byte < 0x80) {
                pc &+= 1
                return Int64(Int8(bitPattern: byte << 1) >> 1)
            }
        }
        return try readSigned64Slow()
    }

    @inlinable @inline(__always)
    mutating func readFixedWidth<Value: FixedWidthInteger>(_: Value.Type) throws(DecodeError) -> Value {
        let size = MemoryLayout<Value>.size
        guard _fastPath(limit &- pc >= size) else { try truncated(restartingAt: lastInstructionStart) }
        let value = UnsafeRawPointer(base + pc).loadUnaligned(as: Value.self)
        pc &+= size
        return Value(littleEndian: value)
    }

    @inlinable @inline(__always)
    mutating func readZeroByte() throws(DecodeError) {
        guard _fastPath(pc < limit) else { try truncated(restartingAt: lastInstructionStart) }
        guard _fastPath(base[pc] == 0) else { throw .zeroByteExpected(at: pc) }
        pc &+= 1
    }

    @inlinable @inline(__always)
    mutating func readMemArg() throws(DecodeError) -> MemArg {
        let alignmentOffset = pc
        let alignment = try readUnsigned32()
        // Wasm 2.0 has no flag bits above the alignment exponent, and 2^32 is out of reach.
        guard _fastPath(alignment < 32) else { throw .malformedMemopFlags(at: alignmentOffset) }
        let offset = try readUnsigned32()
        return MemArg(alignment: alignment, offset: UInt64(offset), memoryIndex: 0)
    }

    @inlinable @inline(__always)
    mutating func readBlockType() throws(DecodeError) -> BlockType {
        guard _fastPath(pc < limit) else { try truncated(restartingAt: lastInstructionStart) }
        let byte = base[pc]
        if byte == 0x40 {
            pc &+= 1
            return .empty
        }
        // One-byte negative s33 values are the value types; the rest are type indices.
        if byte & 0xC0 == 0x40 {
            guard let type = ValueType(rawValue: byte) else { throw .malformedValueType(at: pc) }
            pc &+= 1
            return .value(type)
        }
        return .typeIndex(try readBlockTypeIndex())
    }

    @inlinable @inline(__always)
    mutating func readReferenceType() throws(DecodeError) -> ReferenceType {
        guard _fastPath(pc < limit) else { try truncated(restartingAt: lastInstructionStart) }
        guard let type = ReferenceType(rawValue: base[pc]) else { try malformedType(reference: true) }
        pc &+= 1
        return type
    }

    @inlinable @inline(__always)
    mutating func readLaneIndex() throws(DecodeError) -> UInt8 {
        guard _fastPath(pc < limit) else { try truncated(restartingAt: lastInstructionStart) }
        let lane = base[pc]
        pc &+= 1
        return lane
    }
}

// MARK: - Rare paths, kept out of line

extension InstructionDecoder {
    @usableFromInline @inline(never)
    mutating func readUnsigned32Slow() throws(DecodeError) -> UInt32 {
        do {
            return try LEB128.unsigned32(base, at: &pc, limit: limit)
        } catch {
            if case .truncated = error { try truncated(restartingAt: lastInstructionStart) }
            throw error.decodeError(truncated: .unexpectedEndOfSectionOrFunction(at: limit))
        }
    }

    @usableFromInline @inline(never)
    mutating func readSigned32Slow() throws(DecodeError) -> Int32 {
        do {
            return try LEB128.signed32(base, at: &pc, limit: limit)
        } catch {
            if case .truncated = error { try truncated(restartingAt: lastInstructionStart) }
            throw error.decodeError(truncated: .unexpectedEndOfSectionOrFunction(at: limit))
        }
    }

    @usableFromInline @inline(never)
    mutating func readSigned64Slow() throws(DecodeError) -> Int64 {
        do {
            return try LEB128.signed64(base, at: &pc, limit: limit)
        } catch {
            if case .truncated = error { try truncated(restartingAt: lastInstructionStart) }
            throw error.decodeError(truncated: .unexpectedEndOfSectionOrFunction(at: limit))
        }
    }

    @usableFromInline @inline(never)
    mutating func readSignedSlow(bitWidth: Int) throws(DecodeError) -> Int64 {
        do {
            return try LEB128.signed(base, at: &pc, limit: limit, bitWidth: bitWidth)
        } catch {
            if case .truncated = error { try truncated(restartingAt: lastInstructionStart) }
            throw error.decodeError(truncated: .unexpectedEndOfSectionOrFunction(at: limit))
        }
    }

    @usableFromInline @inline(never)
    mutating func readBlockTypeIndex() throws(DecodeError) -> UInt32 {
        let start = pc
        let index = try readSignedSlow(bitWidth: 33)
        // A negative s33 of more than one byte names no value type; the
        // reference interpreter keeps it as a type index that cannot exist.
        guard index >= 0 else { throw DecodeError("unknown type", at: start) }
        return UInt32(index)
    }

    @usableFromInline @inline(never)
    mutating func readBranchTable() throws(DecodeError) -> BranchTable {
        let countOffset = pc
        let count = try readUnsigned32()
        // Each label takes a byte at least: a count the module cannot hold is
        // rejected before reading on (counting from the count, as the reference interpreter does).
        guard Int(count) <= bytes.count - countOffset else { throw DecodeError.lengthOutOfBounds(at: countOffset) }
        let targetsOffset = pc
        // The labels stay in the bytes, but each must be a well-formed u32.
        for _ in 0..<count { _ = try readUnsigned32() }
        let defaultDepth = try readUnsigned32()
        return BranchTable(targetsOffset: targetsOffset, targetCount: count, defaultDepth: defaultDepth)
    }

    /// `select t*`: Wasm 2.0 allows exactly one type, and names any other count this way.
    @usableFromInline @inline(never)
    mutating func readSelectType() throws(DecodeError) -> ValueType {
        let countOffset = pc
        let count = try readUnsigned32()
        guard Int(count) <= bytes.count - countOffset else { throw DecodeError.lengthOutOfBounds(at: countOffset) }
        guard count == 1 else { throw DecodeError("invalid result arity", at: countOffset) }
        guard pc < limit else { try truncated(restartingAt: lastInstructionStart) }
        guard let type = ValueType(rawValue: base[pc]) else { try malformedType(reference: false) }
        pc += 1
        return type
    }

    /// The type byte at `pc` names no type. The reference interpreter reads
    /// type bytes as 7-bit signed LEBs, so one with a continuation bit is "too long".
    @usableFromInline @inline(never)
    func malformedType(reference: Bool) throws(DecodeError) -> Never {
        if base[pc] & 0x80 != 0 { throw .integerRepresentationTooLong(at: pc + 1) }
        throw reference ? .malformedReferenceType(at: pc) : .malformedValueType(at: pc)
    }

    @usableFromInline @inline(never)
    mutating func decodeMiscellaneousPrefix() throws(DecodeError) -> Instruction {
        let subOpcode = try readUnsigned32()
        switch subOpcode {
        case 0...7:
            return .numeric(NumericOperator(rawValue: 0xFC0000 | subOpcode)!)
        case 8:
            let dataIndex = try readUnsigned32()
            try readZeroByte()
            try requireDataCount()
            return .memoryInit(dataIndex: dataIndex, memoryIndex: 0)
        case 9:
            let dataIndex = try readUnsigned32()
            try requireDataCount()
            return .dataDrop(dataIndex: dataIndex)
        case 10:
            try readZeroByte()
            try readZeroByte()
            return .memoryCopy(destinationMemory: 0, sourceMemory: 0)
        case 11:
            try readZeroByte()
            return .memoryFill(memoryIndex: 0)
        case 12:
            let elementIndex = try readUnsigned32()
            let tableIndex = try readUnsigned32()
            return .tableInit(elementIndex: elementIndex, tableIndex: tableIndex)
        case 13:
            return .elemDrop(elementIndex: try readUnsigned32())
        case 14:
            let destination = try readUnsigned32()
            let source = try readUnsigned32()
            return .tableCopy(destinationTable: destination, sourceTable: source)
        case 15: return .tableGrow(try readUnsigned32())
        case 16: return .tableSize(try readUnsigned32())
        case 17: return .tableFill(try readUnsigned32())
        default:
            throw .illegalOpcode(prefix: 0xFC, subOpcode, at: lastInstructionStart)
        }
    }

    @usableFromInline @inline(never)
    mutating func decodeVectorPrefix() throws(DecodeError) -> Instruction {
        let subOpcode = try readUnsigned32()
        guard subOpcode <= 0xFF else { throw .illegalOpcode(prefix: 0xFD, subOpcode, at: lastInstructionStart) }
        let opcode = 0xFD0000 | subOpcode
        switch subOpcode {
        case 0x0C:
            let low = try readFixedWidth(UInt64.self)
            let high = try readFixedWidth(UInt64.self)
            return .v128Const(V128(low: low, high: high))
        case 0x0D:
            let low = try readFixedWidth(UInt64.self)
            let high = try readFixedWidth(UInt64.self)
            return .i8x16Shuffle(V128(low: low, high: high))
        default:
            break
        }
        if let laneOperator = SIMDLaneOperator(rawValue: opcode) {
            return .simdLane(laneOperator, lane: try readLaneIndex())
        }
        if let memoryOperator = MemoryOperator(rawValue: opcode) {
            return .memory(memoryOperator, try readMemArg())
        }
        if let memoryLaneOperator = SIMDMemoryLaneOperator(rawValue: opcode) {
            let memoryArgument = try readMemArg()
            return .simdMemoryLane(memoryLaneOperator, memoryArgument, lane: try readLaneIndex())
        }
        if let simdOperator = SIMDOperator(rawValue: opcode) {
            return .simd(simdOperator)
        }
        throw .illegalOpcode(prefix: 0xFD, subOpcode, at: lastInstructionStart)
    }

    @usableFromInline
    func requireDataCount() throws(DecodeError) {
        guard hasDataCount else { throw .dataCountSectionRequired(at: lastInstructionStart) }
    }

    @usableFromInline @inline(never)
    func illegalOpcode(_ opcode: UInt8) throws(DecodeError) -> Never {
        throw .illegalOpcode(opcode, at: lastInstructionStart)
    }

    /// An `else` where only the function's own block is open: the reference
    /// interpreter stops the body there and wants its `end`.
    @usableFromInline @inline(never)
    func elseAtFunctionLevel() throws(DecodeError) {
        throw .endOpcodeExpected(at: lastInstructionStart)
    }

    @usableFromInline @inline(never)
    mutating func reachedFinalEnd() throws(DecodeError) {
        switch mode {
        case .functionBody:
            // Bytes after the final end: the body is shorter than its declared size.
            if pc != limit { throw .sectionSizeMismatch(at: pc) }
        case .constantExpression:
            limit = pc
        case .beyondBody:
            // The body's real end lies past its declared size.
            throw .sectionSizeMismatch(at: declaredEnd)
        }
    }

    @usableFromInline @inline(never)
    mutating func nextAtLimit() throws(DecodeError) -> Instruction? {
        if depth == 0 { return nil }
        try truncated(restartingAt: pc)
    }

    /// The bytes ran out before the final `end`, at an instruction boundary or
    /// inside the instruction that starts at `restart`.
    ///
    /// The reference interpreter does not stop at a body's declared end: it
    /// reads on into whatever follows and reports what it finds there
    /// ("END opcode expected", "section size mismatch", "illegal opcode", ...).
    /// The spec suite expects those messages, so a truncated body is decoded
    /// again from `restart` with the module's end as the limit.
    @usableFromInline @inline(never)
    func truncated(restartingAt restart: Int) throws(DecodeError) -> Never {
        guard mode == .functionBody, limit < bytes.count else {
            throw .unexpectedEndOfSectionOrFunction(at: limit)
        }
        var beyond = InstructionDecoder(
            bytes: bytes, range: restart..<bytes.count, hasDataCount: hasDataCount,
            mode: .beyondBody, depth: depth, declaredEnd: declaredEnd)
        // Ends in an error either way: reaching the final end past the declared end is one.
        while try beyond.next() != nil {}
        throw .unexpectedEndOfSectionOrFunction(at: bytes.count)
    }
}
