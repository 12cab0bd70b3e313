/// The bytes of a module, owned by one reference so that decoders, the
/// validator and later the JIT can read them through a raw pointer without
/// copying and without `withUnsafeBytes` closures around every use.
public final class ModuleBytes: @unchecked Sendable {
    // Immutable after init: that is what makes the unchecked Sendable sound.
    public let buffer: UnsafeRawBufferPointer

    public init(_ bytes: some Collection<UInt8>) {
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        // One copy for contiguous collections: the element-by-element copy of
        // this unspecialized generic takes longer than decoding the module.
        let copied: Void? = bytes.withContiguousStorageIfAvailable { contiguous in
            _ = storage.initializeMemory(as: UInt8.self, from: contiguous)
        }
        if copied == nil {
            _ = storage.initializeMemory(as: UInt8.self, from: bytes)
        }
        buffer = UnsafeRawBufferPointer(start: storage.baseAddress, count: bytes.count)
    }

    deinit {
        UnsafeMutableRawPointer(mutating: buffer.baseAddress)?.deallocate()
    }

    public var count: Int { buffer.count }

    public subscript(offset: Int) -> UInt8 { buffer[offset] }

    /// A copy of a range, for the places that want an array (custom section payloads, data segments).
    public func slice(_ range: Range<Int>) -> [UInt8] { Array(buffer[range]) }

    /// The labels of a `br_table`, in order, without the default.
    ///
    /// Only call this on a table the decoder produced: it has already checked
    /// that the LEBs are well formed, so this reads them without checks.
    public func branchTargets(_ table: BranchTable) -> [UInt32] {
        var targets: [UInt32] = []
        readBranchTargets(table, into: &targets)
        return targets
    }

    /// Like `branchTargets(_:)`, into a buffer the caller reuses, so that
    /// compiling or validating many br_tables allocates once.
    public func readBranchTargets(_ table: BranchTable, into targets: inout [UInt32]) {
        targets.removeAll(keepingCapacity: true)
        targets.reserveCapacity(Int(table.targetCount))
        var offset = table.targetsOffset
        for _ in 0..<table.targetCount {
            var value: UInt32 = 0
            var shift: UInt32 = 0
            while true {
                let byte = buffer[offset]
                offset += 1
                value |= UInt32(byte & 0x7F) << shift
                if byte & 0x80 == 0 { break }
                shift += 7
            }
            targets.append(value)
        }
    }
}
