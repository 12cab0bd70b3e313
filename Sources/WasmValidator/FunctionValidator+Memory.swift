import WasmCore

/// Loads, stores and the memory instructions of bulk memory.
extension FunctionValidator {
    @inline(__always)
    func checkMemory(_ index: UInt32, at offset: Int) throws(ValidationError) {
        guard Int(index) < memoryCount else { throw ValidationError("unknown memory \(index)", at: offset) }
    }

    /// The memory must exist, the alignment hint must not exceed the access
    /// size, and the offset must fit the 32-bit address space (the JIT's guard
    /// region assumes it).
    @inline(__always)
    func checkMemoryArgument(_ argument: MemArg, naturalAlignment: UInt8, at offset: Int) throws(ValidationError) {
        try checkMemory(argument.memoryIndex, at: offset)
        guard _fastPath(argument.alignment <= UInt32(naturalAlignment)) else {
            throw Self.alignmentTooLarge(argument.alignment, naturalAlignment: naturalAlignment, at: offset)
        }
        guard _fastPath(argument.offset <= UInt64(UInt32.max)) else {
            throw ValidationError("offset out of range: \(argument.offset)", at: offset)
        }
    }

    @inline(never)
    static func alignmentTooLarge(_ alignment: UInt32, naturalAlignment: UInt8, at offset: Int) -> ValidationError {
        ValidationError(
            "alignment must not be larger than natural: 2^\(alignment) for a \(1 << naturalAlignment)-byte access",
            at: offset
        )
    }

    @inline(__always)
    mutating func validateMemoryAccess(_ op: MemoryOperator, _ argument: MemArg, at offset: Int) throws(ValidationError) {
        let signature = operators[op]
        try checkMemoryArgument(argument, naturalAlignment: signature.naturalAlignment, at: offset)
        try apply(signature, at: offset)
    }

    @inline(__always)
    func checkDataSegment(_ index: UInt32, at offset: Int) throws(ValidationError) {
        guard index < context.dataSegmentCount else { throw ValidationError("unknown data segment \(index)", at: offset) }
    }

    mutating func validateMemoryInit(_ data: UInt32, _ memory: UInt32, at offset: Int) throws(ValidationError) {
        try checkMemory(memory, at: offset)
        try checkDataSegment(data, at: offset)
        try popThreeIntegers(at: offset)
    }

    mutating func validateMemoryCopy(_ destination: UInt32, _ source: UInt32, at offset: Int) throws(ValidationError) {
        try checkMemory(destination, at: offset)
        try checkMemory(source, at: offset)
        try popThreeIntegers(at: offset)
    }

    mutating func validateMemoryFill(_ memory: UInt32, at offset: Int) throws(ValidationError) {
        try checkMemory(memory, at: offset)
        // Destination, byte value, length: all i32.
        try popThreeIntegers(at: offset)
    }

    @inline(__always)
    mutating func popThreeIntegers(at offset: Int) throws(ValidationError) {
        try pop(.i32, at: offset)
        try pop(.i32, at: offset)
        try pop(.i32, at: offset)
    }
}
