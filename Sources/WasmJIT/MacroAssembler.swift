// Wasm-shaped helpers over the x86-64 assembler (Winch's masm.rs): moves and
// two-operand integer operations where the source may be a register, a
// memory slot or an immediate, and loads/stores sized by wasm value type.
// They choose instructions only; which register or slot holds what is the
// FunctionCompiler's business.
import WasmCore
import X64Assembler

/// The right-hand side of an integer instruction.
enum IntegerSource {
    case register(Register)
    case memory(Memory)
    case immediate(Int32)
}

/// The two-operand integer instructions that accept any `IntegerSource`.
enum ArithmeticOperation {
    case add, sub, and, or, xor, cmp, imul

    var isCommutative: Bool { self == .add || self == .and || self == .or || self == .xor || self == .imul }
}

/// A frame slot or other memory based on rbp.
@inline(__always)
func frameSlot(_ offset: Int32) -> Memory { Memory(base: .rbp, displacement: offset) }

extension Assembler {
    /// `destination op= source`, 32- or 64-bit.
    mutating func arithmetic(_ operation: ArithmeticOperation, wide: Bool, _ destination: Register, _ source: IntegerSource) {
        switch (operation, source) {
        case (.add, .register(let s)): wide ? addq(destination, s) : addl(destination, s)
        case (.add, .memory(let s)): wide ? addq(destination, s) : addl(destination, s)
        case (.add, .immediate(let s)): wide ? addq(destination, s) : addl(destination, s)
        case (.sub, .register(let s)): wide ? subq(destination, s) : subl(destination, s)
        case (.sub, .memory(let s)): wide ? subq(destination, s) : subl(destination, s)
        case (.sub, .immediate(let s)): wide ? subq(destination, s) : subl(destination, s)
        case (.and, .register(let s)): wide ? andq(destination, s) : andl(destination, s)
        case (.and, .memory(let s)): wide ? andq(destination, s) : andl(destination, s)
        case (.and, .immediate(let s)): wide ? andq(destination, s) : andl(destination, s)
        case (.or, .register(let s)): wide ? orq(destination, s) : orl(destination, s)
        case (.or, .memory(let s)): wide ? orq(destination, s) : orl(destination, s)
        case (.or, .immediate(let s)): wide ? orq(destination, s) : orl(destination, s)
        case (.xor, .register(let s)): wide ? xorq(destination, s) : xorl(destination, s)
        case (.xor, .memory(let s)): wide ? xorq(destination, s) : xorl(destination, s)
        case (.xor, .immediate(let s)): wide ? xorq(destination, s) : xorl(destination, s)
        case (.cmp, .register(let s)): wide ? cmpq(destination, s) : cmpl(destination, s)
        case (.cmp, .memory(let s)): wide ? cmpq(destination, s) : cmpl(destination, s)
        case (.cmp, .immediate(let s)): wide ? cmpq(destination, s) : cmpl(destination, s)
        case (.imul, .register(let s)): wide ? imulq(destination, s) : imull(destination, s)
        case (.imul, .memory(let s)): wide ? imulq(destination, s) : imull(destination, s)
        case (.imul, .immediate(let s)): wide ? imulq(destination, destination, s) : imull(destination, destination, s)
        }
    }

    /// `destination = source`; a 32-bit move zero-extends.
    mutating func moveInteger(wide: Bool, _ destination: Register, _ source: IntegerSource) {
        switch source {
        case .register(let s):
            if s != destination { wide ? movq(destination, s) : movl(destination, s) }
        case .memory(let s): wide ? movq(destination, s) : movl(destination, s)
        case .immediate(let s): wide ? movq(destination, s) : movl(destination, s)
        }
    }

    /// Compares a 32/64-bit value with zero.
    mutating func testZero(wide: Bool, _ source: IntegerSource) {
        switch source {
        case .register(let s): wide ? testq(s, s) : testl(s, s)
        case .memory(let s): wide ? cmpq(s, 0) : cmpl(s, 0)
        case .immediate: preconditionFailure("constant conditions are folded")
        }
    }

    /// Loads a value of `type` from memory into a register of its class.
    mutating func load(_ type: ValueType, _ destination: ValueRegister, _ source: Memory) {
        switch type {
        case .i32: movl(destination.gpr, source)
        case .f32: movss(destination.xmm, source)
        case .f64: movsd(destination.xmm, source)
        default: movq(destination.gpr, source)
        }
    }

    /// Stores a register holding a value of `type`. General registers store
    /// all 8 bytes (an i32's upper half is zero in a register), so a slot read
    /// as 64 bits by the debugger shows no stale bytes.
    mutating func store(_ type: ValueType, _ destination: Memory, _ source: ValueRegister) {
        switch type {
        case .f32: movss(destination, source.xmm)
        case .f64: movsd(destination, source.xmm)
        default: movq(destination, source.gpr)
        }
    }

    /// Copies a register of `type` to another of the same class.
    mutating func move(_ type: ValueType, _ destination: ValueRegister, _ source: ValueRegister) {
        if destination == source { return }
        if type.registerClass == .vector {
            movaps(destination.xmm, source.xmm)
        } else if type == .i32 {
            movl(destination.gpr, source.gpr)
        } else {
            movq(destination.gpr, source.gpr)
        }
    }

    /// Puts constant bits of `type` in a register without touching the flags
    /// (the value may be loaded between a fused compare and its branch).
    mutating func loadConstant(_ type: ValueType, _ destination: ValueRegister, _ bits: UInt64) {
        if type.registerClass == .vector {
            if bits == 0 {
                xorps(destination.xmm, destination.xmm)
            } else {
                loadImmediate(Scratch.gpr, bits)
                if type == .f32 { movd(destination.xmm, Scratch.gpr) } else { movq(destination.xmm, Scratch.gpr) }
            }
        } else {
            loadImmediate(destination.gpr, bits)
        }
    }

    /// Stores constant bits of `type` into an 8-byte slot or a value's memory.
    /// Uses the scratch register for 64-bit constants beyond imm32.
    mutating func storeConstant(_ type: ValueType, _ destination: Memory, _ bits: UInt64) {
        switch type {
        case .i32, .f32:
            movl(destination, Int32(bitPattern: UInt32(truncatingIfNeeded: bits)))
        default:
            if let narrow = Int32(exactly: Int64(bitPattern: bits)) {
                movq(destination, narrow)
            } else {
                movq(Scratch.gpr, imm64: bits)
                movq(destination, Scratch.gpr)
            }
        }
    }
}
