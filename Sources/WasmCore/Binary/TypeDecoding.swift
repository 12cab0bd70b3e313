/// Value types, reference types, limits and the types built from them.
extension ByteReader {
    mutating func readValueType() throws(DecodeError) -> ValueType {
        let start = offset
        guard let type = ValueType(rawValue: try readTypeByte()) else { throw .malformedValueType(at: start) }
        return type
    }

    mutating func readReferenceType() throws(DecodeError) -> ReferenceType {
        let start = offset
        guard let type = ReferenceType(rawValue: try readTypeByte()) else { throw .malformedReferenceType(at: start) }
        return type
    }

    mutating func readFunctionType() throws(DecodeError) -> FunctionType {
        let start = offset
        guard try readTypeByte() == 0x60 else { throw DecodeError("malformed function type", at: start) }
        let parameters = try readValueTypes()
        let results = try readValueTypes()
        return FunctionType(parameters: parameters, results: results)
    }

    private mutating func readValueTypes() throws(DecodeError) -> [ValueType] {
        let count = try readLength()
        var types: [ValueType] = []
        types.reserveCapacity(count)
        for _ in 0..<count { types.append(try readValueType()) }
        return types
    }

    /// In Wasm 2.0 the flags are a one-bit LEB (0: no maximum, 1: maximum), and
    /// the spec suite expects the LEB errors for anything else.
    mutating func readLimits() throws(DecodeError) -> Limits {
        let hasMaximum = try readUnsigned(bitWidth: 1) == 1
        let minimum = UInt64(try readUnsigned32())
        let maximum = hasMaximum ? UInt64(try readUnsigned32()) : nil
        return Limits(minimum: minimum, maximum: maximum)
    }

    mutating func readTableType() throws(DecodeError) -> TableType {
        let elementType = try readReferenceType()
        return TableType(elementType: elementType, limits: try readLimits())
    }

    mutating func readMemoryType() throws(DecodeError) -> MemoryType {
        MemoryType(limits: try readLimits())
    }

    mutating func readGlobalType() throws(DecodeError) -> GlobalType {
        let valueType = try readValueType()
        let start = offset
        switch try readByte() {
        case 0: return GlobalType(valueType: valueType, isMutable: false)
        case 1: return GlobalType(valueType: valueType, isMutable: true)
        default: throw DecodeError("malformed mutability", at: start)
        }
    }
}
