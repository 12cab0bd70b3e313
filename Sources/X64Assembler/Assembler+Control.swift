// Control flow and miscellany: jumps and calls to labels, registers and
// memory, returns, traps, nops and fences. Backward jumps to a bound label
// use the short rel8 form when it reaches; forward jumps always use rel32 so
// a label can be bound anywhere later.

extension Assembler {
    /// `jmp label`.
    @inlinable public mutating func jmp(_ target: Label) {
        if let bound = offset(of: target), Assembler.fitsInt8(Int32(clamping: bound - (offset + 2))) {
            code.append(0xEB)
            code.append(UInt8(truncatingIfNeeded: bound - (offset + 1)))
        } else {
            code.append(0xE9)
            emitLabelField(target, anchor: offset + 4, width: 4)
        }
    }
    /// `jmp label` always in the 5-byte rel32 form (for code that is patched later).
    @inlinable public mutating func jmpLong(_ target: Label) {
        code.append(0xE9)
        emitLabelField(target, anchor: offset + 4, width: 4)
    }
    /// `jcc label`.
    @inlinable public mutating func jcc(_ condition: Condition, _ target: Label) {
        if let bound = offset(of: target), Assembler.fitsInt8(Int32(clamping: bound - (offset + 2))) {
            code.append(0x70 | condition.rawValue)
            code.append(UInt8(truncatingIfNeeded: bound - (offset + 1)))
        } else {
            code.append(0x0F)
            code.append(0x80 | condition.rawValue)
            emitLabelField(target, anchor: offset + 4, width: 4)
        }
    }
    /// `jcc label` always in the 6-byte rel32 form.
    @inlinable public mutating func jccLong(_ condition: Condition, _ target: Label) {
        code.append(0x0F)
        code.append(0x80 | condition.rawValue)
        emitLabelField(target, anchor: offset + 4, width: 4)
    }
    /// `jmp r64`.
    @inlinable public mutating func jmp(_ target: Register) { unary(0xFF, 4, w: false, target) }
    /// `jmp qword [m]`.
    @inlinable public mutating func jmp(_ target: Memory) { unary(0xFF, 4, w: false, target) }

    /// `call label` (rel32).
    @inlinable public mutating func call(_ target: Label) {
        code.append(0xE8)
        emitLabelField(target, anchor: offset + 4, width: 4)
    }
    /// `call r64`.
    @inlinable public mutating func call(_ target: Register) { unary(0xFF, 2, w: false, target) }
    /// `call qword [m]`.
    @inlinable public mutating func call(_ target: Memory) { unary(0xFF, 2, w: false, target) }
    /// `call rel32` with a zero displacement, for a target outside this code
    /// (another function, linked later). Returns the offset of the 4-byte
    /// field, to be patched with `target - (field + 4)`.
    @inlinable public mutating func callPlaceholder() -> Int {
        code.append(0xE8)
        let field = offset
        emitUInt32(0)
        return field
    }
    /// `jmp rel32` with a zero displacement; returns the offset of the 4-byte field.
    @inlinable public mutating func jmpPlaceholder() -> Int {
        code.append(0xE9)
        let field = offset
        emitUInt32(0)
        return field
    }

    @inlinable public mutating func ret() { code.append(0xC3) }
    /// `ud2`: the trap instruction of trap stubs (SIGILL).
    @inlinable public mutating func ud2() {
        code.append(0x0F)
        code.append(0x0B)
    }
    /// `int3`: the breakpoint byte (SIGTRAP).
    @inlinable public mutating func int3() { code.append(0xCC) }
    @inlinable public mutating func hlt() { code.append(0xF4) }
    @inlinable public mutating func nop() { code.append(0x90) }
    /// `length` bytes of nops, as few instructions as possible (the forms
    /// Intel's optimization manual recommends, up to 9 bytes each).
    @inlinable public mutating func nop(length: Int) {
        var remaining = length
        while remaining > 0 {
            let chunk = min(remaining, 9)
            switch chunk {
            case 1: code.append(0x90)
            case 2: emit([0x66, 0x90] as [UInt8])
            case 3: emit([0x0F, 0x1F, 0x00] as [UInt8])
            case 4: emit([0x0F, 0x1F, 0x40, 0x00] as [UInt8])
            case 5: emit([0x0F, 0x1F, 0x44, 0x00, 0x00] as [UInt8])
            case 6: emit([0x66, 0x0F, 0x1F, 0x44, 0x00, 0x00] as [UInt8])
            case 7: emit([0x0F, 0x1F, 0x80, 0x00, 0x00, 0x00, 0x00] as [UInt8])
            case 8: emit([0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00] as [UInt8])
            default: emit([0x66, 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00] as [UInt8])
            }
            remaining -= chunk
        }
    }
    @inlinable public mutating func mfence() { emit([0x0F, 0xAE, 0xF0] as [UInt8]) }
    @inlinable public mutating func lfence() { emit([0x0F, 0xAE, 0xE8] as [UInt8]) }
    @inlinable public mutating func sfence() { emit([0x0F, 0xAE, 0xF8] as [UInt8]) }
    /// `pause`: the spin-wait hint.
    @inlinable public mutating func pause() {
        code.append(0xF3)
        code.append(0x90)
    }
    /// The `lock` prefix; the next instruction must be a lockable read-modify-write on memory.
    @inlinable public mutating func lock() { code.append(0xF0) }
}
