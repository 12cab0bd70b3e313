// The code buffer and the encoding core every instruction goes through:
// legacy prefix, REX, opcode escape, opcode, ModRM, SIB, displacement,
// immediate, in that order. Instruction families live in the Assembler+*.swift
// extensions and only choose opcodes; all the ModRM/SIB corner cases
// (rsp/r12 as base need a SIB byte, rbp/r13 as base need a displacement,
// rsp cannot be an index, byte registers 4...7 need an empty REX) are decided
// here once. Appends go to one reserved [UInt8]; no instruction allocates.

/// The opcode escape bytes that select an opcode map.
@usableFromInline
enum OpcodeMap: UInt8, Sendable {
    /// One-byte opcodes.
    case primary
    /// 0F xx.
    case escape0F
    /// 0F 38 xx.
    case escape0F38
    /// 0F 3A xx.
    case escape0F3A
}

/// An x86-64 machine code assembler. Methods take operands in Intel order
/// (destination first) and are named mnemonic + width suffix (`l` 32-bit,
/// `q` 64-bit, `w` 16-bit, `b` 8-bit), as in AT&T and golden disassembly.
///
/// A value type: keep one per compiled function (or `reset()` and reuse it,
/// which keeps the buffers' capacity).
public struct Assembler: Sendable {
    /// The machine code emitted so far. Fixups of unbound labels are still zero.
    @inlinable public var bytes: [UInt8] { code }

    /// The buffer behind `bytes`; extensions append here.
    @usableFromInline var code: [UInt8]

    @usableFromInline var labels: [LabelState] = []
    @usableFromInline var fixups: [Fixup] = []
    /// Fixups recorded against labels that are not bound yet.
    @usableFromInline var pendingFixupCount = 0

    /// An empty assembler whose buffer has room for `capacity` bytes.
    public init(capacity: Int = 4096) {
        code = []
        code.reserveCapacity(capacity)
    }

    /// The offset of the next byte to be emitted.
    @inlinable public var offset: Int { code.count }

    /// Whether some label used by a jump, call or RIP-relative operand is still unbound.
    @inlinable public var hasUnboundLabelUses: Bool { pendingFixupCount != 0 }

    /// The finished code. Every label that was used must have been bound.
    public func finish() -> [UInt8] {
        precondition(pendingFixupCount == 0, "\(pendingFixupCount) use(s) of unbound labels")
        return code
    }

    /// Forgets all code and labels but keeps the buffers' capacity. Labels
    /// made before the reset must not be used after it.
    public mutating func reset() {
        code.removeAll(keepingCapacity: true)
        labels.removeAll(keepingCapacity: true)
        fixups.removeAll(keepingCapacity: true)
        pendingFixupCount = 0
    }

    // MARK: Labels

    /// A new, unbound label.
    @inlinable
    public mutating func newLabel() -> Label {
        labels.append(LabelState())
        return Label(id: labels.count - 1)
    }

    /// Binds `label` to the current offset and patches every earlier use.
    @inlinable
    public mutating func bind(_ label: Label) {
        bind(label, to: offset)
    }

    /// Binds `label` to `offset` (at most the current offset) and patches every earlier use.
    @inlinable
    public mutating func bind(_ label: Label, to offset: Int) {
        precondition(labels[label.id].offset < 0, "label L\(label.id) bound twice")
        precondition(offset >= 0 && offset <= code.count, "label bound outside the code")
        let target = Int32(offset)
        labels[label.id].offset = target
        var next = labels[label.id].firstFixup
        labels[label.id].firstFixup = -1
        while next >= 0 {
            let fixup = fixups[Int(next)]
            patch(fixup, target: target)
            pendingFixupCount -= 1
            next = fixup.next
        }
        if pendingFixupCount == 0 { fixups.removeAll(keepingCapacity: true) }
    }

    /// The offset `label` is bound to, or nil while it is unbound.
    @inlinable
    public func offset(of label: Label) -> Int? {
        let bound = labels[label.id].offset
        return bound < 0 ? nil : Int(bound)
    }

    /// Whether `label` has been bound.
    @inlinable
    public func isBound(_ label: Label) -> Bool { labels[label.id].offset >= 0 }

    /// Emits a `width`-byte field (1 or 4) holding `label - anchor`, now if the
    /// label is bound, else when it is.
    @inlinable
    mutating func emitLabelField(_ label: Label, anchor: Int, width: UInt8) {
        let position = Int32(code.count)
        if width == 1 { code.append(0) } else { emitUInt32(0) }
        let fixup = Fixup(position: position, anchor: Int32(anchor), width: width, next: labels[label.id].firstFixup)
        let bound = labels[label.id].offset
        if bound >= 0 {
            patch(fixup, target: bound)
        } else {
            fixups.append(fixup)
            labels[label.id].firstFixup = Int32(fixups.count - 1)
            pendingFixupCount += 1
        }
    }

    @inlinable
    mutating func patch(_ fixup: Fixup, target: Int32) {
        let value = Int64(target) - Int64(fixup.anchor)
        let position = Int(fixup.position)
        if fixup.width == 1 {
            precondition(value >= -128 && value <= 127, "rel8 out of range")
            code[position] = UInt8(truncatingIfNeeded: value)
        } else {
            precondition(value >= Int64(Int32.min) && value <= Int64(Int32.max), "rel32 out of range")
            patchInt32(at: position, Int32(truncatingIfNeeded: value))
        }
    }

    // MARK: Raw data

    /// Appends one byte.
    @inlinable public mutating func emitByte(_ byte: UInt8) { code.append(byte) }

    /// Appends bytes verbatim (data in the code, or a hand-made encoding).
    @inlinable public mutating func emit(_ data: some Sequence<UInt8>) { code.append(contentsOf: data) }

    /// Appends a little-endian 16-bit value.
    @inlinable
    public mutating func emitUInt16(_ value: UInt16) {
        code.append(UInt8(truncatingIfNeeded: value))
        code.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    /// Appends a little-endian 32-bit value.
    @inlinable
    public mutating func emitUInt32(_ value: UInt32) {
        code.append(UInt8(truncatingIfNeeded: value))
        code.append(UInt8(truncatingIfNeeded: value >> 8))
        code.append(UInt8(truncatingIfNeeded: value >> 16))
        code.append(UInt8(truncatingIfNeeded: value >> 24))
    }

    /// Appends a little-endian 32-bit value.
    @inlinable public mutating func emitInt32(_ value: Int32) { emitUInt32(UInt32(bitPattern: value)) }

    /// Appends a little-endian 64-bit value.
    @inlinable
    public mutating func emitUInt64(_ value: UInt64) {
        emitUInt32(UInt32(truncatingIfNeeded: value))
        emitUInt32(UInt32(truncatingIfNeeded: value >> 32))
    }

    /// Appends a 32-bit field holding `label - base` (jump tables: the base is
    /// usually the table's own label; the entry is added to its address).
    /// `base` must already be bound.
    @inlinable
    public mutating func emitLabelOffset32(_ label: Label, relativeTo base: Label) {
        guard let baseOffset = offset(of: base) else { preconditionFailure("base label L\(base.id) is unbound") }
        emitLabelField(label, anchor: baseOffset, width: 4)
    }

    /// Overwrites 4 bytes at `position` with a little-endian value (a frame
    /// size or displacement known only later).
    @inlinable
    public mutating func patchInt32(at position: Int, _ value: Int32) {
        let bits = UInt32(bitPattern: value)
        code[position] = UInt8(truncatingIfNeeded: bits)
        code[position + 1] = UInt8(truncatingIfNeeded: bits >> 8)
        code[position + 2] = UInt8(truncatingIfNeeded: bits >> 16)
        code[position + 3] = UInt8(truncatingIfNeeded: bits >> 24)
    }

    /// Overwrites one byte at `position`.
    @inlinable
    public mutating func patchByte(at position: Int, _ value: UInt8) { code[position] = value }

    /// Pads with multi-byte nops until the offset is a multiple of `alignment` (a power of two).
    @inlinable
    public mutating func align(to alignment: Int) {
        precondition(alignment > 0 && alignment & (alignment - 1) == 0, "alignment must be a power of two")
        let padding = (alignment - offset & (alignment - 1)) & (alignment - 1)
        if padding > 0 { nop(length: padding) }
    }

    // MARK: Encoding core

    /// Emits a REX prefix if any bit is set or `force` (for spl/bpl/sil/dil).
    /// `reg`, `index` and `base` are 4-bit encodings; only bit 3 matters.
    @inlinable
    mutating func emitREX(w: Bool, reg: UInt8, index: UInt8, base: UInt8, force: Bool = false) {
        let rex: UInt8 = 0x40 | (w ? 8 : 0) | (reg & 8) >> 1 | (index & 8) >> 2 | (base & 8) >> 3
        if rex != 0x40 || force { code.append(rex) }
    }

    @inlinable
    mutating func emitOpcode(_ map: OpcodeMap, _ opcode: UInt8) {
        switch map {
        case .primary: break
        case .escape0F: code.append(0x0F)
        case .escape0F38:
            code.append(0x0F)
            code.append(0x38)
        case .escape0F3A:
            code.append(0x0F)
            code.append(0x3A)
        }
        code.append(opcode)
    }

    /// An instruction whose ModRM names two registers (mod = 11).
    /// `prefix` is a mandatory prefix (0x66, 0xF2, 0xF3) or 0 for none.
    @inlinable
    mutating func emitRegisterForm(
        prefix: UInt8 = 0, w: Bool, forceREX: Bool = false, _ map: OpcodeMap, _ opcode: UInt8, reg: UInt8, rm: UInt8
    ) {
        if prefix != 0 { code.append(prefix) }
        emitREX(w: w, reg: reg, index: 0, base: rm, force: forceREX)
        emitOpcode(map, opcode)
        code.append(0xC0 | (reg & 7) << 3 | (rm & 7))
    }

    /// An instruction whose ModRM names a register (or opcode extension) and a memory operand.
    /// `immediateSize` is the number of immediate bytes that will follow, which
    /// a RIP-relative displacement must account for.
    @inlinable
    mutating func emitMemoryForm(
        prefix: UInt8 = 0, w: Bool, forceREX: Bool = false, _ map: OpcodeMap, _ opcode: UInt8, reg: UInt8,
        _ memory: Memory, immediateSize: Int = 0
    ) {
        if prefix != 0 { code.append(prefix) }
        emitREX(
            w: w, reg: reg, index: memory.index?.rawValue ?? 0, base: memory.base?.rawValue ?? 0, force: forceREX)
        emitOpcode(map, opcode)
        emitAddress(reg: reg, memory, immediateSize: immediateSize)
    }

    /// ModRM, SIB and displacement for a memory operand.
    @inlinable
    mutating func emitAddress(reg: UInt8, _ memory: Memory, immediateSize: Int) {
        let regField = (reg & 7) << 3
        let displacement = memory.displacement
        if let label = memory.label {
            // mod 00, rm 101: [rip + disp32]; rip is the end of the instruction.
            code.append(regField | 0x05)
            emitLabelField(label, anchor: code.count + 4 + immediateSize - Int(displacement), width: 4)
            return
        }
        guard let base = memory.base else {
            // mod 00, rm 100 with SIB base 101: no base, disp32 (rm 101 alone would be rip-relative).
            code.append(regField | 0x04)
            if let index = memory.index {
                precondition(index != .rsp, "rsp cannot be an index register")
                code.append(memory.scaleBits << 6 | index.lowBits << 3 | 0x05)
            } else {
                code.append(0x25)
            }
            emitInt32(displacement)
            return
        }
        // rbp/r13 with mod 00 would mean rip/no-base, so they always carry a displacement.
        let mod: UInt8
        if displacement == 0 && base.lowBits != 5 {
            mod = 0
        } else if displacement >= -128 && displacement <= 127 {
            mod = 1
        } else {
            mod = 2
        }
        if let index = memory.index {
            precondition(index != .rsp, "rsp cannot be an index register")
            code.append(mod << 6 | regField | 0x04)
            code.append(memory.scaleBits << 6 | index.lowBits << 3 | base.lowBits)
        } else if base.lowBits == 4 {
            // rsp/r12 as rm means "SIB follows"; the SIB says base only (index 100 = none).
            code.append(mod << 6 | regField | 0x04)
            code.append(0x24)
        } else {
            code.append(mod << 6 | regField | base.lowBits)
        }
        if mod == 1 {
            code.append(UInt8(bitPattern: Int8(truncatingIfNeeded: displacement)))
        } else if mod == 2 {
            emitInt32(displacement)
        }
    }

    /// Whether `value` fits a sign-extended 8-bit immediate.
    @inlinable
    static func fitsInt8(_ value: Int32) -> Bool { value >= -128 && value <= 127 }
}
