// Integer instructions beyond group 1: moves and extensions, test, multiply
// and divide, one-operand arithmetic, shifts and rotates, bit counts, setcc
// and cmovcc, lea, push/pop, exchange and bit test.

extension Assembler {
    // MARK: Moves

    /// `mov r32, r32` (clears the upper half of the destination).
    @inlinable public mutating func movl(_ destination: Register, _ source: Register) {
        emitRegisterForm(w: false, .primary, 0x89, reg: source.rawValue, rm: destination.rawValue)
    }
    @inlinable public mutating func movl(_ destination: Register, _ source: Memory) {
        loadForm(w: false, .primary, 0x8B, destination, source)
    }
    @inlinable public mutating func movl(_ destination: Memory, _ source: Register) {
        emitMemoryForm(w: false, .primary, 0x89, reg: source.rawValue, destination)
    }
    /// `mov r32, imm32` (B8+r; zero-extends into the full register).
    @inlinable public mutating func movl(_ destination: Register, _ immediate: Int32) {
        emitREX(w: false, reg: 0, index: 0, base: destination.rawValue)
        code.append(0xB8 | destination.lowBits)
        emitInt32(immediate)
    }
    @inlinable public mutating func movl(_ destination: Memory, _ immediate: Int32) {
        emitMemoryForm(w: false, .primary, 0xC7, reg: 0, destination, immediateSize: 4)
        emitInt32(immediate)
    }

    @inlinable public mutating func movq(_ destination: Register, _ source: Register) {
        emitRegisterForm(w: true, .primary, 0x89, reg: source.rawValue, rm: destination.rawValue)
    }
    @inlinable public mutating func movq(_ destination: Register, _ source: Memory) {
        loadForm(w: true, .primary, 0x8B, destination, source)
    }
    @inlinable public mutating func movq(_ destination: Memory, _ source: Register) {
        emitMemoryForm(w: true, .primary, 0x89, reg: source.rawValue, destination)
    }
    /// `mov r64, imm32` sign-extended (REX.W C7 /0); 7 bytes.
    @inlinable public mutating func movq(_ destination: Register, _ immediate: Int32) {
        emitRegisterForm(w: true, .primary, 0xC7, reg: 0, rm: destination.rawValue)
        emitInt32(immediate)
    }
    /// `mov qword [m], imm32` sign-extended.
    @inlinable public mutating func movq(_ destination: Memory, _ immediate: Int32) {
        emitMemoryForm(w: true, .primary, 0xC7, reg: 0, destination, immediateSize: 4)
        emitInt32(immediate)
    }
    /// `movabs r64, imm64`: always the 10-byte form, so the immediate can be patched in place
    /// (it starts at `offset - 8` after the call).
    @inlinable public mutating func movq(_ destination: Register, imm64 immediate: UInt64) {
        emitREX(w: true, reg: 0, index: 0, base: destination.rawValue)
        code.append(0xB8 | destination.lowBits)
        emitUInt64(immediate)
    }
    /// Loads a 64-bit constant with the shortest move: `mov r32, imm32` when it
    /// zero-extends, sign-extended `mov r64, imm32`, else `movabs`. Leaves the
    /// flags alone (unlike `xor r, r` for zero).
    @inlinable public mutating func loadImmediate(_ destination: Register, _ value: UInt64) {
        if value <= UInt64(UInt32.max) {
            movl(destination, Int32(bitPattern: UInt32(value)))
        } else if let narrow = Int32(exactly: Int64(bitPattern: value)) {
            movq(destination, narrow)
        } else {
            movq(destination, imm64: value)
        }
    }

    /// `mov byte [m], r8`.
    @inlinable public mutating func movb(_ destination: Memory, _ source: Register) {
        emitMemoryForm(w: false, forceREX: source.byteNeedsREX, .primary, 0x88, reg: source.rawValue, destination)
    }
    /// `mov byte [m], imm8`.
    @inlinable public mutating func movb(_ destination: Memory, _ immediate: Int8) {
        emitMemoryForm(w: false, .primary, 0xC6, reg: 0, destination, immediateSize: 1)
        code.append(UInt8(bitPattern: immediate))
    }
    /// `mov r8, byte [m]` (upper bits of the register unchanged; prefer movzxbl).
    @inlinable public mutating func movb(_ destination: Register, _ source: Memory) {
        emitMemoryForm(w: false, forceREX: destination.byteNeedsREX, .primary, 0x8A, reg: destination.rawValue, source)
    }
    /// `mov word [m], r16`.
    @inlinable public mutating func movw(_ destination: Memory, _ source: Register) {
        emitMemoryForm(prefix: 0x66, w: false, .primary, 0x89, reg: source.rawValue, destination)
    }
    /// `mov word [m], imm16`.
    @inlinable public mutating func movw(_ destination: Memory, _ immediate: Int16) {
        emitMemoryForm(prefix: 0x66, w: false, .primary, 0xC7, reg: 0, destination, immediateSize: 2)
        emitUInt16(UInt16(bitPattern: immediate))
    }
    /// `mov r16, word [m]` (upper bits unchanged; prefer movzxwl).
    @inlinable public mutating func movw(_ destination: Register, _ source: Memory) {
        emitMemoryForm(prefix: 0x66, w: false, .primary, 0x8B, reg: destination.rawValue, source)
    }

    // MARK: Zero and sign extension

    /// `movzx r32, r8`.
    @inlinable public mutating func movzxbl(_ destination: Register, _ source: Register) {
        loadForm(w: false, .escape0F, 0xB6, destination, source, forceREX: source.byteNeedsREX)
    }
    @inlinable public mutating func movzxbl(_ destination: Register, _ source: Memory) {
        loadForm(w: false, .escape0F, 0xB6, destination, source)
    }
    /// `movzx r64, r8` (same effect as movzxbl; here for golden text that wants it).
    @inlinable public mutating func movzxbq(_ destination: Register, _ source: Register) {
        loadForm(w: true, .escape0F, 0xB6, destination, source, forceREX: source.byteNeedsREX)
    }
    @inlinable public mutating func movzxbq(_ destination: Register, _ source: Memory) {
        loadForm(w: true, .escape0F, 0xB6, destination, source)
    }
    /// `movzx r32, r16`.
    @inlinable public mutating func movzxwl(_ destination: Register, _ source: Register) {
        loadForm(w: false, .escape0F, 0xB7, destination, source)
    }
    @inlinable public mutating func movzxwl(_ destination: Register, _ source: Memory) {
        loadForm(w: false, .escape0F, 0xB7, destination, source)
    }
    /// `movzx r64, r16`.
    @inlinable public mutating func movzxwq(_ destination: Register, _ source: Register) {
        loadForm(w: true, .escape0F, 0xB7, destination, source)
    }
    @inlinable public mutating func movzxwq(_ destination: Register, _ source: Memory) {
        loadForm(w: true, .escape0F, 0xB7, destination, source)
    }
    /// `movsx r32, r8`.
    @inlinable public mutating func movsxbl(_ destination: Register, _ source: Register) {
        loadForm(w: false, .escape0F, 0xBE, destination, source, forceREX: source.byteNeedsREX)
    }
    @inlinable public mutating func movsxbl(_ destination: Register, _ source: Memory) {
        loadForm(w: false, .escape0F, 0xBE, destination, source)
    }
    /// `movsx r32, r16`.
    @inlinable public mutating func movsxwl(_ destination: Register, _ source: Register) {
        loadForm(w: false, .escape0F, 0xBF, destination, source)
    }
    @inlinable public mutating func movsxwl(_ destination: Register, _ source: Memory) {
        loadForm(w: false, .escape0F, 0xBF, destination, source)
    }
    /// `movsx r64, r8`.
    @inlinable public mutating func movsxbq(_ destination: Register, _ source: Register) {
        loadForm(w: true, .escape0F, 0xBE, destination, source, forceREX: source.byteNeedsREX)
    }
    @inlinable public mutating func movsxbq(_ destination: Register, _ source: Memory) {
        loadForm(w: true, .escape0F, 0xBE, destination, source)
    }
    /// `movsx r64, r16`.
    @inlinable public mutating func movsxwq(_ destination: Register, _ source: Register) {
        loadForm(w: true, .escape0F, 0xBF, destination, source)
    }
    @inlinable public mutating func movsxwq(_ destination: Register, _ source: Memory) {
        loadForm(w: true, .escape0F, 0xBF, destination, source)
    }
    /// `movsxd r64, r32`.
    @inlinable public mutating func movsxlq(_ destination: Register, _ source: Register) {
        loadForm(w: true, .primary, 0x63, destination, source)
    }
    @inlinable public mutating func movsxlq(_ destination: Register, _ source: Memory) {
        loadForm(w: true, .primary, 0x63, destination, source)
    }

    // MARK: Address computation, stack, exchange

    @inlinable public mutating func leaq(_ destination: Register, _ source: Memory) {
        loadForm(w: true, .primary, 0x8D, destination, source)
    }
    @inlinable public mutating func leal(_ destination: Register, _ source: Memory) {
        loadForm(w: false, .primary, 0x8D, destination, source)
    }

    @inlinable public mutating func pushq(_ source: Register) {
        emitREX(w: false, reg: 0, index: 0, base: source.rawValue)
        code.append(0x50 | source.lowBits)
    }
    @inlinable public mutating func pushq(_ source: Memory) { unary(0xFF, 6, w: false, source) }
    /// `push imm32` sign-extended to 64 bits (imm8 when it fits).
    @inlinable public mutating func pushq(_ immediate: Int32) {
        if Assembler.fitsInt8(immediate) {
            code.append(0x6A)
            code.append(UInt8(truncatingIfNeeded: immediate))
        } else {
            code.append(0x68)
            emitInt32(immediate)
        }
    }
    @inlinable public mutating func popq(_ destination: Register) {
        emitREX(w: false, reg: 0, index: 0, base: destination.rawValue)
        code.append(0x58 | destination.lowBits)
    }
    @inlinable public mutating func popq(_ destination: Memory) { unary(0x8F, 0, w: false, destination) }

    @inlinable public mutating func xchgl(_ first: Register, _ second: Register) {
        emitRegisterForm(w: false, .primary, 0x87, reg: second.rawValue, rm: first.rawValue)
    }
    @inlinable public mutating func xchgq(_ first: Register, _ second: Register) {
        emitRegisterForm(w: true, .primary, 0x87, reg: second.rawValue, rm: first.rawValue)
    }
    /// `xchg [m], r32`: implicitly locked, so also an atomic swap.
    @inlinable public mutating func xchgl(_ first: Memory, _ second: Register) {
        emitMemoryForm(w: false, .primary, 0x87, reg: second.rawValue, first)
    }
    @inlinable public mutating func xchgq(_ first: Memory, _ second: Register) {
        emitMemoryForm(w: true, .primary, 0x87, reg: second.rawValue, first)
    }

    // MARK: Atomic read-modify-write (prefix with `lock()`)

    /// `xadd [m], r32`: exchanges and adds.
    @inlinable public mutating func xaddl(_ destination: Memory, _ source: Register) {
        emitMemoryForm(w: false, .escape0F, 0xC1, reg: source.rawValue, destination)
    }
    @inlinable public mutating func xaddq(_ destination: Memory, _ source: Register) {
        emitMemoryForm(w: true, .escape0F, 0xC1, reg: source.rawValue, destination)
    }
    /// `cmpxchg [m], r32`: compares eax with [m]; if equal stores `source`, else loads [m] into eax.
    @inlinable public mutating func cmpxchgl(_ destination: Memory, _ source: Register) {
        emitMemoryForm(w: false, .escape0F, 0xB1, reg: source.rawValue, destination)
    }
    @inlinable public mutating func cmpxchgq(_ destination: Memory, _ source: Register) {
        emitMemoryForm(w: true, .escape0F, 0xB1, reg: source.rawValue, destination)
    }

    // MARK: Test

    @inlinable public mutating func testl(_ first: Register, _ second: Register) {
        emitRegisterForm(w: false, .primary, 0x85, reg: second.rawValue, rm: first.rawValue)
    }
    @inlinable public mutating func testl(_ first: Memory, _ second: Register) {
        emitMemoryForm(w: false, .primary, 0x85, reg: second.rawValue, first)
    }
    @inlinable public mutating func testl(_ first: Register, _ immediate: Int32) {
        testImmediate(w: false, first, immediate)
    }
    @inlinable public mutating func testl(_ first: Memory, _ immediate: Int32) {
        emitMemoryForm(w: false, .primary, 0xF7, reg: 0, first, immediateSize: 4)
        emitInt32(immediate)
    }
    @inlinable public mutating func testq(_ first: Register, _ second: Register) {
        emitRegisterForm(w: true, .primary, 0x85, reg: second.rawValue, rm: first.rawValue)
    }
    @inlinable public mutating func testq(_ first: Memory, _ second: Register) {
        emitMemoryForm(w: true, .primary, 0x85, reg: second.rawValue, first)
    }
    @inlinable public mutating func testq(_ first: Register, _ immediate: Int32) {
        testImmediate(w: true, first, immediate)
    }
    @inlinable public mutating func testq(_ first: Memory, _ immediate: Int32) {
        emitMemoryForm(w: true, .primary, 0xF7, reg: 0, first, immediateSize: 4)
        emitInt32(immediate)
    }
    /// `test byte [m], imm8` (flag bytes such as the interrupt flag).
    @inlinable public mutating func testb(_ first: Memory, _ immediate: UInt8) {
        emitMemoryForm(w: false, .primary, 0xF6, reg: 0, first, immediateSize: 1)
        code.append(immediate)
    }
    /// `test r8, r8`.
    @inlinable public mutating func testb(_ first: Register, _ second: Register) {
        emitRegisterForm(
            w: false, forceREX: first.byteNeedsREX || second.byteNeedsREX, .primary, 0x84, reg: second.rawValue,
            rm: first.rawValue)
    }
    /// `cmp byte [m], imm8`.
    @inlinable public mutating func cmpb(_ first: Memory, _ immediate: Int8) {
        emitMemoryForm(w: false, .primary, 0x80, reg: 7, first, immediateSize: 1)
        code.append(UInt8(bitPattern: immediate))
    }

    @inlinable
    mutating func testImmediate(w: Bool, _ first: Register, _ immediate: Int32) {
        if first == .rax {
            emitREX(w: w, reg: 0, index: 0, base: 0)
            code.append(0xA9)
        } else {
            emitRegisterForm(w: w, .primary, 0xF7, reg: 0, rm: first.rawValue)
        }
        emitInt32(immediate)
    }

    // MARK: Multiply and divide

    /// `imul r32, r/m32` (truncating multiply).
    @inlinable public mutating func imull(_ destination: Register, _ source: Register) {
        loadForm(w: false, .escape0F, 0xAF, destination, source)
    }
    @inlinable public mutating func imull(_ destination: Register, _ source: Memory) {
        loadForm(w: false, .escape0F, 0xAF, destination, source)
    }
    /// `imul r32, r/m32, imm` (imm8 when it fits).
    @inlinable public mutating func imull(_ destination: Register, _ source: Register, _ immediate: Int32) {
        multiplyImmediate(w: false, destination, source, immediate)
    }
    @inlinable public mutating func imulq(_ destination: Register, _ source: Register) {
        loadForm(w: true, .escape0F, 0xAF, destination, source)
    }
    @inlinable public mutating func imulq(_ destination: Register, _ source: Memory) {
        loadForm(w: true, .escape0F, 0xAF, destination, source)
    }
    @inlinable public mutating func imulq(_ destination: Register, _ source: Register, _ immediate: Int32) {
        multiplyImmediate(w: true, destination, source, immediate)
    }
    /// `imul r/m64`: signed rdx:rax = rax * operand.
    @inlinable public mutating func imulq(_ operand: Register) { unary(0xF7, 5, w: true, operand) }
    /// `mul r/m64`: unsigned rdx:rax = rax * operand.
    @inlinable public mutating func mulq(_ operand: Register) { unary(0xF7, 4, w: true, operand) }
    @inlinable public mutating func mull(_ operand: Register) { unary(0xF7, 4, w: false, operand) }

    @inlinable
    mutating func multiplyImmediate(w: Bool, _ destination: Register, _ source: Register, _ immediate: Int32) {
        if Assembler.fitsInt8(immediate) {
            loadForm(w: w, .primary, 0x6B, destination, source)
            code.append(UInt8(truncatingIfNeeded: immediate))
        } else {
            loadForm(w: w, .primary, 0x69, destination, source)
            emitInt32(immediate)
        }
    }

    /// `idiv r/m32`: signed edx:eax / operand; quotient in eax, remainder in edx.
    @inlinable public mutating func idivl(_ divisor: Register) { unary(0xF7, 7, w: false, divisor) }
    @inlinable public mutating func idivl(_ divisor: Memory) { unary(0xF7, 7, w: false, divisor) }
    @inlinable public mutating func idivq(_ divisor: Register) { unary(0xF7, 7, w: true, divisor) }
    @inlinable public mutating func idivq(_ divisor: Memory) { unary(0xF7, 7, w: true, divisor) }
    /// `div r/m32`: unsigned edx:eax / operand.
    @inlinable public mutating func divl(_ divisor: Register) { unary(0xF7, 6, w: false, divisor) }
    @inlinable public mutating func divl(_ divisor: Memory) { unary(0xF7, 6, w: false, divisor) }
    @inlinable public mutating func divq(_ divisor: Register) { unary(0xF7, 6, w: true, divisor) }
    @inlinable public mutating func divq(_ divisor: Memory) { unary(0xF7, 6, w: true, divisor) }
    /// `cdq`: sign-extends eax into edx before idivl.
    @inlinable public mutating func cdq() { code.append(0x99) }
    /// `cqo`: sign-extends rax into rdx before idivq.
    @inlinable public mutating func cqo() {
        code.append(0x48)
        code.append(0x99)
    }

    // MARK: One-operand arithmetic

    @inlinable public mutating func negl(_ operand: Register) { unary(0xF7, 3, w: false, operand) }
    @inlinable public mutating func negq(_ operand: Register) { unary(0xF7, 3, w: true, operand) }
    @inlinable public mutating func notl(_ operand: Register) { unary(0xF7, 2, w: false, operand) }
    @inlinable public mutating func notq(_ operand: Register) { unary(0xF7, 2, w: true, operand) }
    @inlinable public mutating func incl(_ operand: Register) { unary(0xFF, 0, w: false, operand) }
    @inlinable public mutating func incq(_ operand: Register) { unary(0xFF, 0, w: true, operand) }
    @inlinable public mutating func decl(_ operand: Register) { unary(0xFF, 1, w: false, operand) }
    @inlinable public mutating func decq(_ operand: Register) { unary(0xFF, 1, w: true, operand) }
    @inlinable public mutating func negl(_ operand: Memory) { unary(0xF7, 3, w: false, operand) }
    @inlinable public mutating func negq(_ operand: Memory) { unary(0xF7, 3, w: true, operand) }
    @inlinable public mutating func notl(_ operand: Memory) { unary(0xF7, 2, w: false, operand) }
    @inlinable public mutating func notq(_ operand: Memory) { unary(0xF7, 2, w: true, operand) }
    @inlinable public mutating func incl(_ operand: Memory) { unary(0xFF, 0, w: false, operand) }
    @inlinable public mutating func incq(_ operand: Memory) { unary(0xFF, 0, w: true, operand) }
    @inlinable public mutating func decl(_ operand: Memory) { unary(0xFF, 1, w: false, operand) }
    @inlinable public mutating func decq(_ operand: Memory) { unary(0xFF, 1, w: true, operand) }

    // MARK: Shifts and rotates (by imm8, or by cl with the `CL` methods)

    @inlinable public mutating func roll(_ operand: Register, _ count: UInt8) { shift(0, w: false, operand, count) }
    @inlinable public mutating func rolq(_ operand: Register, _ count: UInt8) { shift(0, w: true, operand, count) }
    @inlinable public mutating func rorl(_ operand: Register, _ count: UInt8) { shift(1, w: false, operand, count) }
    @inlinable public mutating func rorq(_ operand: Register, _ count: UInt8) { shift(1, w: true, operand, count) }
    @inlinable public mutating func shll(_ operand: Register, _ count: UInt8) { shift(4, w: false, operand, count) }
    @inlinable public mutating func shlq(_ operand: Register, _ count: UInt8) { shift(4, w: true, operand, count) }
    @inlinable public mutating func shrl(_ operand: Register, _ count: UInt8) { shift(5, w: false, operand, count) }
    @inlinable public mutating func shrq(_ operand: Register, _ count: UInt8) { shift(5, w: true, operand, count) }
    @inlinable public mutating func sarl(_ operand: Register, _ count: UInt8) { shift(7, w: false, operand, count) }
    @inlinable public mutating func sarq(_ operand: Register, _ count: UInt8) { shift(7, w: true, operand, count) }

    @inlinable public mutating func rollCL(_ operand: Register) { shiftByCL(0, w: false, operand) }
    @inlinable public mutating func rolqCL(_ operand: Register) { shiftByCL(0, w: true, operand) }
    @inlinable public mutating func rorlCL(_ operand: Register) { shiftByCL(1, w: false, operand) }
    @inlinable public mutating func rorqCL(_ operand: Register) { shiftByCL(1, w: true, operand) }
    @inlinable public mutating func shllCL(_ operand: Register) { shiftByCL(4, w: false, operand) }
    @inlinable public mutating func shlqCL(_ operand: Register) { shiftByCL(4, w: true, operand) }
    @inlinable public mutating func shrlCL(_ operand: Register) { shiftByCL(5, w: false, operand) }
    @inlinable public mutating func shrqCL(_ operand: Register) { shiftByCL(5, w: true, operand) }
    @inlinable public mutating func sarlCL(_ operand: Register) { shiftByCL(7, w: false, operand) }
    @inlinable public mutating func sarqCL(_ operand: Register) { shiftByCL(7, w: true, operand) }

    // MARK: Bit counting and bit test

    /// `lzcnt` (LZCNT/ABM; F3 0F BD). On CPUs without it this decodes as bsr.
    @inlinable public mutating func lzcntl(_ destination: Register, _ source: Register) {
        loadForm(prefix: 0xF3, w: false, .escape0F, 0xBD, destination, source)
    }
    @inlinable public mutating func lzcntq(_ destination: Register, _ source: Register) {
        loadForm(prefix: 0xF3, w: true, .escape0F, 0xBD, destination, source)
    }
    /// `tzcnt` (BMI1; F3 0F BC). On CPUs without it this decodes as bsf.
    @inlinable public mutating func tzcntl(_ destination: Register, _ source: Register) {
        loadForm(prefix: 0xF3, w: false, .escape0F, 0xBC, destination, source)
    }
    @inlinable public mutating func tzcntq(_ destination: Register, _ source: Register) {
        loadForm(prefix: 0xF3, w: true, .escape0F, 0xBC, destination, source)
    }
    @inlinable public mutating func popcntl(_ destination: Register, _ source: Register) {
        loadForm(prefix: 0xF3, w: false, .escape0F, 0xB8, destination, source)
    }
    @inlinable public mutating func popcntq(_ destination: Register, _ source: Register) {
        loadForm(prefix: 0xF3, w: true, .escape0F, 0xB8, destination, source)
    }
    @inlinable public mutating func bsrl(_ destination: Register, _ source: Register) {
        loadForm(w: false, .escape0F, 0xBD, destination, source)
    }
    @inlinable public mutating func bsrq(_ destination: Register, _ source: Register) {
        loadForm(w: true, .escape0F, 0xBD, destination, source)
    }
    @inlinable public mutating func bsfl(_ destination: Register, _ source: Register) {
        loadForm(w: false, .escape0F, 0xBC, destination, source)
    }
    @inlinable public mutating func bsfq(_ destination: Register, _ source: Register) {
        loadForm(w: true, .escape0F, 0xBC, destination, source)
    }
    /// `bt r/m32, r32`: carry = bit `bit` of `operand`.
    @inlinable public mutating func btl(_ operand: Register, _ bit: Register) {
        emitRegisterForm(w: false, .escape0F, 0xA3, reg: bit.rawValue, rm: operand.rawValue)
    }
    @inlinable public mutating func btq(_ operand: Register, _ bit: Register) {
        emitRegisterForm(w: true, .escape0F, 0xA3, reg: bit.rawValue, rm: operand.rawValue)
    }
    @inlinable public mutating func btl(_ operand: Register, _ bit: UInt8) {
        emitRegisterForm(w: false, .escape0F, 0xBA, reg: 4, rm: operand.rawValue)
        code.append(bit)
    }
    @inlinable public mutating func btq(_ operand: Register, _ bit: UInt8) {
        emitRegisterForm(w: true, .escape0F, 0xBA, reg: 4, rm: operand.rawValue)
        code.append(bit)
    }

    // MARK: Flag-driven selects

    /// `setcc r8`: writes only the low byte (follow with movzxbl for a 0/1 value).
    @inlinable public mutating func setcc(_ condition: Condition, _ destination: Register) {
        emitRegisterForm(
            w: false, forceREX: destination.byteNeedsREX, .escape0F, 0x90 | condition.rawValue, reg: 0,
            rm: destination.rawValue)
    }
    @inlinable public mutating func setcc(_ condition: Condition, _ destination: Memory) {
        emitMemoryForm(w: false, .escape0F, 0x90 | condition.rawValue, reg: 0, destination)
    }
    /// `cmovcc r32, r/m32` (clears the upper half even when the condition is false).
    @inlinable public mutating func cmovl(_ condition: Condition, _ destination: Register, _ source: Register) {
        loadForm(w: false, .escape0F, 0x40 | condition.rawValue, destination, source)
    }
    @inlinable public mutating func cmovl(_ condition: Condition, _ destination: Register, _ source: Memory) {
        loadForm(w: false, .escape0F, 0x40 | condition.rawValue, destination, source)
    }
    @inlinable public mutating func cmovq(_ condition: Condition, _ destination: Register, _ source: Register) {
        loadForm(w: true, .escape0F, 0x40 | condition.rawValue, destination, source)
    }
    @inlinable public mutating func cmovq(_ condition: Condition, _ destination: Register, _ source: Memory) {
        loadForm(w: true, .escape0F, 0x40 | condition.rawValue, destination, source)
    }
}
