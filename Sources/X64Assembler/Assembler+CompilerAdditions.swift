// Encodings the wasm baseline compiler (WasmJIT) needs beyond the general
// set: forms with a fixed width so a value known only later can be patched
// into them.

extension Assembler {
    /// `sub r64, imm32` always in the 7-byte imm32 form (never imm8), so the
    /// immediate can be patched once it is known (a frame size). Returns the
    /// offset of the 4-byte immediate.
    @inlinable public mutating func subqPatchable(_ destination: Register, _ immediate: Int32 = 0) -> Int {
        emitRegisterForm(w: true, .primary, 0x81, reg: 5, rm: destination.rawValue)
        let position = offset
        emitInt32(immediate)
        return position
    }
}
