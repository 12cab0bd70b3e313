/// Constant expressions (global initializers, segment offsets and items), and
/// the globals they initialize.
extension ByteReader {
    /// Reads instructions up to the `end` that closes the expression. Any
    /// instruction decodes here; which ones are constant is the validator's call.
    ///
    /// The expression may run past its section's declared end, as in the
    /// reference interpreter; the section's size check catches that afterwards.
    mutating func readConstantExpression() throws(DecodeError) -> ConstantExpression {
        let start = offset
        // No data count requirement here: the data count section comes after the
        // globals, and memory.init is no constant instruction anyway.
        var decoder = InstructionDecoder(
            bytes: bytes, range: start..<bytes.count, hasDataCount: true, mode: .constantExpression, depth: 1)
        var instructions: [Instruction] = []
        while let instruction = try decoder.next() {
            if decoder.openBlockCount == 0 { break }
            instructions.append(instruction)
        }
        offset = decoder.nextInstructionOffset
        return ConstantExpression(instructions: instructions, offset: start)
    }

    mutating func readGlobal() throws(DecodeError) -> Global {
        let type = try readGlobalType()
        return Global(type: type, initializer: try readConstantExpression())
    }
}
