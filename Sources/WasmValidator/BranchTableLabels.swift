import WasmCore

/// Reads a `br_table`'s labels straight from the module bytes, one at a time,
/// so validating a table allocates nothing (`ModuleBytes.branchTargets`
/// returns an array).
struct BranchTableLabels {
    private let buffer: UnsafeRawBufferPointer
    private var position: Int
    private var remaining: UInt32

    init(_ table: BranchTable, in bytes: ModuleBytes?, at offset: Int) throws(ValidationError) {
        guard let bytes else {
            if table.targetCount == 0 {
                buffer = UnsafeRawBufferPointer(start: nil, count: 0)
                position = 0
                remaining = 0
                return
            }
            throw ValidationError("br_table labels unavailable: the module context has no bytes", at: offset)
        }
        buffer = bytes.buffer
        position = table.targetsOffset
        remaining = table.targetCount
    }

    /// The next label's relative depth, or nil after the last one (the default is not included).
    ///
    /// The decoder has checked the LEBs; this still stays within the buffer
    /// so that a hand-made `BranchTable` cannot make it read out of bounds.
    @inline(__always)
    mutating func next(at offset: Int) throws(ValidationError) -> UInt32? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        var value: UInt32 = 0
        var shift: UInt32 = 0
        while true {
            guard position >= 0 && position < buffer.count && shift < 35 else {
                throw ValidationError("unexpected end: br_table label outside the module", at: offset)
            }
            let byte = buffer[position]
            position += 1
            value |= UInt32(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }
}
