// Integer arithmetic and logic: the group-1 operations (add, or, adc, sbb,
// and, sub, xor, cmp) in every operand shape, and the shared helpers of the
// one-operand and shift groups. Each method only picks an opcode; the
// encoding core in Assembler.swift places the operands. Immediates use the
// sign-extended imm8 form when they fit, as every assembler does.

extension Assembler {
    // MARK: Shared shapes

    /// The eight "group 1" operations share encodings: op*8+1 (r/m, reg),
    /// op*8+3 (reg, r/m), op*8+5 (rax, imm32), 81 /op imm32 and 83 /op imm8.
    @inlinable
    mutating func group1(_ operation: UInt8, w: Bool, _ destination: Register, _ source: Register) {
        emitRegisterForm(w: w, .primary, operation << 3 | 1, reg: source.rawValue, rm: destination.rawValue)
    }

    @inlinable
    mutating func group1(_ operation: UInt8, w: Bool, _ destination: Register, _ source: Memory) {
        emitMemoryForm(w: w, .primary, operation << 3 | 3, reg: destination.rawValue, source)
    }

    @inlinable
    mutating func group1(_ operation: UInt8, w: Bool, _ destination: Memory, _ source: Register) {
        emitMemoryForm(w: w, .primary, operation << 3 | 1, reg: source.rawValue, destination)
    }

    @inlinable
    mutating func group1(_ operation: UInt8, w: Bool, _ destination: Register, _ immediate: Int32) {
        if Assembler.fitsInt8(immediate) {
            emitRegisterForm(w: w, .primary, 0x83, reg: operation, rm: destination.rawValue)
            code.append(UInt8(truncatingIfNeeded: immediate))
        } else if destination == .rax {
            emitREX(w: w, reg: 0, index: 0, base: 0)
            code.append(operation << 3 | 5)
            emitInt32(immediate)
        } else {
            emitRegisterForm(w: w, .primary, 0x81, reg: operation, rm: destination.rawValue)
            emitInt32(immediate)
        }
    }

    @inlinable
    mutating func group1(_ operation: UInt8, w: Bool, _ destination: Memory, _ immediate: Int32) {
        if Assembler.fitsInt8(immediate) {
            emitMemoryForm(w: w, .primary, 0x83, reg: operation, destination, immediateSize: 1)
            code.append(UInt8(truncatingIfNeeded: immediate))
        } else {
            emitMemoryForm(w: w, .primary, 0x81, reg: operation, destination, immediateSize: 4)
            emitInt32(immediate)
        }
    }

    /// Group 3 (F7 /n) and group 5 (FF /n) one-operand instructions.
    @inlinable
    mutating func unary(_ opcode: UInt8, _ extensionField: UInt8, w: Bool, _ operand: Register) {
        emitRegisterForm(w: w, .primary, opcode, reg: extensionField, rm: operand.rawValue)
    }

    @inlinable
    mutating func unary(_ opcode: UInt8, _ extensionField: UInt8, w: Bool, _ operand: Memory) {
        emitMemoryForm(w: w, .primary, opcode, reg: extensionField, operand)
    }

    /// Group 2 shifts and rotates: C1 /n imm8, D3 /n by cl.
    @inlinable
    mutating func shift(_ extensionField: UInt8, w: Bool, _ operand: Register, _ count: UInt8) {
        emitRegisterForm(w: w, .primary, 0xC1, reg: extensionField, rm: operand.rawValue)
        code.append(count)
    }

    @inlinable
    mutating func shiftByCL(_ extensionField: UInt8, w: Bool, _ operand: Register) {
        emitRegisterForm(w: w, .primary, 0xD3, reg: extensionField, rm: operand.rawValue)
    }

    /// A (reg, r/m) instruction: the destination is the ModRM reg field.
    @inlinable
    mutating func loadForm(
        prefix: UInt8 = 0, w: Bool, _ map: OpcodeMap, _ opcode: UInt8, _ destination: Register, _ source: Register,
        forceREX: Bool = false
    ) {
        emitRegisterForm(
            prefix: prefix, w: w, forceREX: forceREX, map, opcode, reg: destination.rawValue, rm: source.rawValue)
    }

    @inlinable
    mutating func loadForm(
        prefix: UInt8 = 0, w: Bool, _ map: OpcodeMap, _ opcode: UInt8, _ destination: Register, _ source: Memory
    ) {
        emitMemoryForm(prefix: prefix, w: w, map, opcode, reg: destination.rawValue, source)
    }

    // MARK: Group 1 arithmetic and logic

    /// `add` 32-bit.
    @inlinable public mutating func addl(_ destination: Register, _ source: Register) {
        group1(0, w: false, destination, source)
    }
    @inlinable public mutating func addl(_ destination: Register, _ source: Memory) {
        group1(0, w: false, destination, source)
    }
    @inlinable public mutating func addl(_ destination: Memory, _ source: Register) {
        group1(0, w: false, destination, source)
    }
    /// `add` 32-bit with imm32 (imm8 when it fits).
    @inlinable public mutating func addl(_ destination: Register, _ immediate: Int32) {
        group1(0, w: false, destination, immediate)
    }
    @inlinable public mutating func addl(_ destination: Memory, _ immediate: Int32) {
        group1(0, w: false, destination, immediate)
    }

    /// `add` 64-bit.
    @inlinable public mutating func addq(_ destination: Register, _ source: Register) {
        group1(0, w: true, destination, source)
    }
    @inlinable public mutating func addq(_ destination: Register, _ source: Memory) {
        group1(0, w: true, destination, source)
    }
    @inlinable public mutating func addq(_ destination: Memory, _ source: Register) {
        group1(0, w: true, destination, source)
    }
    /// `add` 64-bit with sign-extended imm32 (imm8 when it fits).
    @inlinable public mutating func addq(_ destination: Register, _ immediate: Int32) {
        group1(0, w: true, destination, immediate)
    }
    @inlinable public mutating func addq(_ destination: Memory, _ immediate: Int32) {
        group1(0, w: true, destination, immediate)
    }

    /// `or` 32-bit.
    @inlinable public mutating func orl(_ destination: Register, _ source: Register) {
        group1(1, w: false, destination, source)
    }
    @inlinable public mutating func orl(_ destination: Register, _ source: Memory) {
        group1(1, w: false, destination, source)
    }
    @inlinable public mutating func orl(_ destination: Memory, _ source: Register) {
        group1(1, w: false, destination, source)
    }
    /// `or` 32-bit with imm32 (imm8 when it fits).
    @inlinable public mutating func orl(_ destination: Register, _ immediate: Int32) {
        group1(1, w: false, destination, immediate)
    }
    @inlinable public mutating func orl(_ destination: Memory, _ immediate: Int32) {
        group1(1, w: false, destination, immediate)
    }

    /// `or` 64-bit.
    @inlinable public mutating func orq(_ destination: Register, _ source: Register) {
        group1(1, w: true, destination, source)
    }
    @inlinable public mutating func orq(_ destination: Register, _ source: Memory) {
        group1(1, w: true, destination, source)
    }
    @inlinable public mutating func orq(_ destination: Memory, _ source: Register) {
        group1(1, w: true, destination, source)
    }
    /// `or` 64-bit with sign-extended imm32 (imm8 when it fits).
    @inlinable public mutating func orq(_ destination: Register, _ immediate: Int32) {
        group1(1, w: true, destination, immediate)
    }
    @inlinable public mutating func orq(_ destination: Memory, _ immediate: Int32) {
        group1(1, w: true, destination, immediate)
    }

    /// `adc` 32-bit.
    @inlinable public mutating func adcl(_ destination: Register, _ source: Register) {
        group1(2, w: false, destination, source)
    }
    @inlinable public mutating func adcl(_ destination: Register, _ source: Memory) {
        group1(2, w: false, destination, source)
    }
    @inlinable public mutating func adcl(_ destination: Memory, _ source: Register) {
        group1(2, w: false, destination, source)
    }
    /// `adc` 32-bit with imm32 (imm8 when it fits).
    @inlinable public mutating func adcl(_ destination: Register, _ immediate: Int32) {
        group1(2, w: false, destination, immediate)
    }
    @inlinable public mutating func adcl(_ destination: Memory, _ immediate: Int32) {
        group1(2, w: false, destination, immediate)
    }

    /// `adc` 64-bit.
    @inlinable public mutating func adcq(_ destination: Register, _ source: Register) {
        group1(2, w: true, destination, source)
    }
    @inlinable public mutating func adcq(_ destination: Register, _ source: Memory) {
        group1(2, w: true, destination, source)
    }
    @inlinable public mutating func adcq(_ destination: Memory, _ source: Register) {
        group1(2, w: true, destination, source)
    }
    /// `adc` 64-bit with sign-extended imm32 (imm8 when it fits).
    @inlinable public mutating func adcq(_ destination: Register, _ immediate: Int32) {
        group1(2, w: true, destination, immediate)
    }
    @inlinable public mutating func adcq(_ destination: Memory, _ immediate: Int32) {
        group1(2, w: true, destination, immediate)
    }

    /// `sbb` 32-bit.
    @inlinable public mutating func sbbl(_ destination: Register, _ source: Register) {
        group1(3, w: false, destination, source)
    }
    @inlinable public mutating func sbbl(_ destination: Register, _ source: Memory) {
        group1(3, w: false, destination, source)
    }
    @inlinable public mutating func sbbl(_ destination: Memory, _ source: Register) {
        group1(3, w: false, destination, source)
    }
    /// `sbb` 32-bit with imm32 (imm8 when it fits).
    @inlinable public mutating func sbbl(_ destination: Register, _ immediate: Int32) {
        group1(3, w: false, destination, immediate)
    }
    @inlinable public mutating func sbbl(_ destination: Memory, _ immediate: Int32) {
        group1(3, w: false, destination, immediate)
    }

    /// `sbb` 64-bit.
    @inlinable public mutating func sbbq(_ destination: Register, _ source: Register) {
        group1(3, w: true, destination, source)
    }
    @inlinable public mutating func sbbq(_ destination: Register, _ source: Memory) {
        group1(3, w: true, destination, source)
    }
    @inlinable public mutating func sbbq(_ destination: Memory, _ source: Register) {
        group1(3, w: true, destination, source)
    }
    /// `sbb` 64-bit with sign-extended imm32 (imm8 when it fits).
    @inlinable public mutating func sbbq(_ destination: Register, _ immediate: Int32) {
        group1(3, w: true, destination, immediate)
    }
    @inlinable public mutating func sbbq(_ destination: Memory, _ immediate: Int32) {
        group1(3, w: true, destination, immediate)
    }

    /// `and` 32-bit.
    @inlinable public mutating func andl(_ destination: Register, _ source: Register) {
        group1(4, w: false, destination, source)
    }
    @inlinable public mutating func andl(_ destination: Register, _ source: Memory) {
        group1(4, w: false, destination, source)
    }
    @inlinable public mutating func andl(_ destination: Memory, _ source: Register) {
        group1(4, w: false, destination, source)
    }
    /// `and` 32-bit with imm32 (imm8 when it fits).
    @inlinable public mutating func andl(_ destination: Register, _ immediate: Int32) {
        group1(4, w: false, destination, immediate)
    }
    @inlinable public mutating func andl(_ destination: Memory, _ immediate: Int32) {
        group1(4, w: false, destination, immediate)
    }

    /// `and` 64-bit.
    @inlinable public mutating func andq(_ destination: Register, _ source: Register) {
        group1(4, w: true, destination, source)
    }
    @inlinable public mutating func andq(_ destination: Register, _ source: Memory) {
        group1(4, w: true, destination, source)
    }
    @inlinable public mutating func andq(_ destination: Memory, _ source: Register) {
        group1(4, w: true, destination, source)
    }
    /// `and` 64-bit with sign-extended imm32 (imm8 when it fits).
    @inlinable public mutating func andq(_ destination: Register, _ immediate: Int32) {
        group1(4, w: true, destination, immediate)
    }
    @inlinable public mutating func andq(_ destination: Memory, _ immediate: Int32) {
        group1(4, w: true, destination, immediate)
    }

    /// `sub` 32-bit.
    @inlinable public mutating func subl(_ destination: Register, _ source: Register) {
        group1(5, w: false, destination, source)
    }
    @inlinable public mutating func subl(_ destination: Register, _ source: Memory) {
        group1(5, w: false, destination, source)
    }
    @inlinable public mutating func subl(_ destination: Memory, _ source: Register) {
        group1(5, w: false, destination, source)
    }
    /// `sub` 32-bit with imm32 (imm8 when it fits).
    @inlinable public mutating func subl(_ destination: Register, _ immediate: Int32) {
        group1(5, w: false, destination, immediate)
    }
    @inlinable public mutating func subl(_ destination: Memory, _ immediate: Int32) {
        group1(5, w: false, destination, immediate)
    }

    /// `sub` 64-bit.
    @inlinable public mutating func subq(_ destination: Register, _ source: Register) {
        group1(5, w: true, destination, source)
    }
    @inlinable public mutating func subq(_ destination: Register, _ source: Memory) {
        group1(5, w: true, destination, source)
    }
    @inlinable public mutating func subq(_ destination: Memory, _ source: Register) {
        group1(5, w: true, destination, source)
    }
    /// `sub` 64-bit with sign-extended imm32 (imm8 when it fits).
    @inlinable public mutating func subq(_ destination: Register, _ immediate: Int32) {
        group1(5, w: true, destination, immediate)
    }
    @inlinable public mutating func subq(_ destination: Memory, _ immediate: Int32) {
        group1(5, w: true, destination, immediate)
    }

    /// `xor` 32-bit.
    @inlinable public mutating func xorl(_ destination: Register, _ source: Register) {
        group1(6, w: false, destination, source)
    }
    @inlinable public mutating func xorl(_ destination: Register, _ source: Memory) {
        group1(6, w: false, destination, source)
    }
    @inlinable public mutating func xorl(_ destination: Memory, _ source: Register) {
        group1(6, w: false, destination, source)
    }
    /// `xor` 32-bit with imm32 (imm8 when it fits).
    @inlinable public mutating func xorl(_ destination: Register, _ immediate: Int32) {
        group1(6, w: false, destination, immediate)
    }
    @inlinable public mutating func xorl(_ destination: Memory, _ immediate: Int32) {
        group1(6, w: false, destination, immediate)
    }

    /// `xor` 64-bit.
    @inlinable public mutating func xorq(_ destination: Register, _ source: Register) {
        group1(6, w: true, destination, source)
    }
    @inlinable public mutating func xorq(_ destination: Register, _ source: Memory) {
        group1(6, w: true, destination, source)
    }
    @inlinable public mutating func xorq(_ destination: Memory, _ source: Register) {
        group1(6, w: true, destination, source)
    }
    /// `xor` 64-bit with sign-extended imm32 (imm8 when it fits).
    @inlinable public mutating func xorq(_ destination: Register, _ immediate: Int32) {
        group1(6, w: true, destination, immediate)
    }
    @inlinable public mutating func xorq(_ destination: Memory, _ immediate: Int32) {
        group1(6, w: true, destination, immediate)
    }

    /// `cmp` 32-bit.
    @inlinable public mutating func cmpl(_ destination: Register, _ source: Register) {
        group1(7, w: false, destination, source)
    }
    @inlinable public mutating func cmpl(_ destination: Register, _ source: Memory) {
        group1(7, w: false, destination, source)
    }
    @inlinable public mutating func cmpl(_ destination: Memory, _ source: Register) {
        group1(7, w: false, destination, source)
    }
    /// `cmp` 32-bit with imm32 (imm8 when it fits).
    @inlinable public mutating func cmpl(_ destination: Register, _ immediate: Int32) {
        group1(7, w: false, destination, immediate)
    }
    @inlinable public mutating func cmpl(_ destination: Memory, _ immediate: Int32) {
        group1(7, w: false, destination, immediate)
    }

    /// `cmp` 64-bit.
    @inlinable public mutating func cmpq(_ destination: Register, _ source: Register) {
        group1(7, w: true, destination, source)
    }
    @inlinable public mutating func cmpq(_ destination: Register, _ source: Memory) {
        group1(7, w: true, destination, source)
    }
    @inlinable public mutating func cmpq(_ destination: Memory, _ source: Register) {
        group1(7, w: true, destination, source)
    }
    /// `cmp` 64-bit with sign-extended imm32 (imm8 when it fits).
    @inlinable public mutating func cmpq(_ destination: Register, _ immediate: Int32) {
        group1(7, w: true, destination, immediate)
    }
    @inlinable public mutating func cmpq(_ destination: Memory, _ immediate: Int32) {
        group1(7, w: true, destination, immediate)
    }
}
