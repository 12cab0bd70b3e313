import DWARF

/// Reads and writes values through the context: whole values, scalars,
/// bit-fields. With `remembersMemory`, memory is read in 4 KiB blocks and kept
/// for the life of this object, so that printing a large array or many
/// strings asks the context once per block rather than once per element.
final class ValueAccess<Context: ExpressionContext> {
    let context: Context
    private let remembersMemory: Bool
    private var blocks: [UInt64: [UInt8]] = [:]
    private static var blockSize: Int { 4096 }

    init(context: Context, remembersMemory: Bool) {
        self.context = context
        self.remembersMemory = remembersMemory
    }

    func readMemory(address: UInt64, count: Int) throws(ExpressionError) -> [UInt8] {
        guard count > 0 else { return [] }
        let (end, overflow) = address.addingReportingOverflow(UInt64(count))
        guard !overflow else { throw .memory(address: address) }
        guard remembersMemory, count <= 4 * Self.blockSize, end < 1 << 48 else { return try context.readMemory(address: address, count: count) }
        let size = UInt64(Self.blockSize)
        var result: [UInt8] = []
        result.reserveCapacity(count)
        var block = address / size
        while block * size < end {
            guard let bytes = self.block(block) else {
                // Memory may end inside the block: ask for exactly what is wanted.
                return try context.readMemory(address: address, count: count)
            }
            let start = max(address, block * size) - block * size
            let stop = min(end, (block + 1) * size) - block * size
            result += bytes[Int(start)..<Int(stop)]
            block += 1
        }
        return result
    }

    private func block(_ index: UInt64) -> [UInt8]? {
        if let cached = blocks[index] { return cached }
        guard let bytes = try? context.readMemory(address: index * UInt64(Self.blockSize), count: Self.blockSize),
            bytes.count == Self.blockSize
        else { return nil }
        blocks[index] = bytes
        return bytes
    }

    /// As many of `count` bytes as can be read, and the first address that could not.
    func readAvailable(address: UInt64, count: Int) -> (bytes: [UInt8], failedAddress: UInt64?) {
        if let bytes = try? readMemory(address: address, count: count) { return (bytes, nil) }
        var bytes: [UInt8] = []
        for index in 0..<count {
            let current = address &+ UInt64(index)
            guard let byte = try? readMemory(address: current, count: 1), byte.count == 1 else { return (bytes, current) }
            bytes += byte
        }
        return (bytes, nil)
    }

    // MARK: Values

    /// The bytes of a whole value (not a bit-field), exactly its type's size.
    func bytes(of value: DebugValue) throws(ExpressionError) -> [UInt8] {
        guard let size = value.type.byteSize, size >= 0 else { throw .incompleteType(value.type.description) }
        guard size <= ValueLimits.maximumValueSize else { throw .valueTooLarge(size) }
        return try rawBytes(of: value, count: size)
    }

    /// `count` bytes from where the value starts.
    func rawBytes(of value: DebugValue, count: Int) throws(ExpressionError) -> [UInt8] {
        switch value.storage {
        case .memory(let address):
            let bytes = try readMemory(address: address, count: count)
            guard bytes.count == count else { throw .memory(address: address) }
            return bytes
        case .bytes(let bytes), .location(_, let bytes):
            let offset = value.byteOffset
            guard offset >= 0, count >= 0, offset <= bytes.count, count <= bytes.count - offset else {
                throw .unavailable("value is not available")
            }
            return Array(bytes[offset..<(offset + count)])
        case .unavailable(let reason):
            throw .unavailable(reason)
        }
    }

    /// A scalar's value, a bit-field's extracted and extended to its type.
    func scalar(of value: DebugValue) throws(ExpressionError) -> Scalar {
        if case .unavailable(let reason) = value.storage { throw .unavailable(reason) }
        guard let shape = value.type.scalarShape else { throw .notNumber }
        if let field = value.bitField {
            guard case .integer(let kind) = shape, field.bitSize > 0, field.bitSize <= 64, (0..<64).contains(field.bitOffset) else {
                throw .notNumber
            }
            var bits = try fieldBits(of: value, field)
            if kind.isSigned && field.bitSize < 64 {
                let unused = UInt64(64 - field.bitSize)
                bits = UInt64(bitPattern: Int64(bitPattern: bits << unused) >> Int64(unused))
            }
            return .integer(bits: kind.normalize(bits), kind: kind)
        }
        let bytes = try bytes(of: value)
        guard let scalar = ScalarBytes.scalar(bytes, type: value.type) else { throw .notNumber }
        return scalar
    }

    private func fieldBits(of value: DebugValue, _ field: BitField) throws(ExpressionError) -> UInt64 {
        let raw = try rawBytes(of: value, count: (field.bitOffset + field.bitSize + 7) / 8)
        var bits: UInt64 = 0
        for bit in 0..<field.bitSize {
            let position = field.bitOffset + bit
            if (raw[position / 8] >> UInt8(position % 8)) & 1 == 1 { bits |= 1 << UInt64(bit) }
        }
        return bits
    }

    /// Writes a value's new bytes (its type's size; a bit-field takes their low
    /// bits) and returns the value as it now is.
    func store(_ newBytes: [UInt8], into target: DebugValue) throws(ExpressionError) -> DebugValue {
        var bytes = newBytes
        if let field = target.bitField {
            guard field.bitSize > 0, field.bitSize <= 64, (0..<64).contains(field.bitOffset) else { throw .notLValue }
            bytes = try rawBytes(of: target, count: (field.bitOffset + field.bitSize + 7) / 8)
            let bits = ScalarBytes.unsignedInteger(newBytes[...])
            for bit in 0..<field.bitSize {
                let position = field.bitOffset + bit
                let mask = UInt8(1) << UInt8(position % 8)
                if (bits >> UInt64(bit)) & 1 == 1 { bytes[position / 8] |= mask } else { bytes[position / 8] &= ~mask }
            }
        }
        switch target.storage {
        case .memory(let address):
            try context.writeMemory(address: address, bytes: bytes)
            blocks.removeAll()
            return target
        case .location(let id, var whole):
            let offset = target.byteOffset
            guard offset >= 0, offset <= whole.count, bytes.count <= whole.count - offset else { throw .notLValue }
            whole.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
            try context.write(bytes: whole, to: target.storage)
            return DebugValue(type: target.type, storage: .location(id: id, bytes: whole), byteOffset: offset, bitField: target.bitField)
        case .bytes, .unavailable:
            throw .notLValue
        }
    }
}
