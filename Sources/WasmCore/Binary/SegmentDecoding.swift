/// Element and data segments, in all the forms their flags select.
extension ByteReader {
    /// The flags are three bits. Bit 0: passive or declarative rather than
    /// active. Bit 1: on an active segment, an explicit table index and
    /// element type; on the others, declarative rather than passive.
    /// Bit 2: the items are expressions rather than function indices.
    mutating func readElementSegment() throws(DecodeError) -> ElementSegment {
        let segmentOffset = offset
        let flags = try readUnsigned32()
        guard flags <= 7 else { throw DecodeError("malformed elements segment kind", at: segmentOffset) }
        let isActive = flags & 0b001 == 0
        let hasTableIndexOrIsDeclarative = flags & 0b010 != 0
        let usesExpressions = flags & 0b100 != 0

        let mode: ElementSegment.Mode
        if isActive {
            let tableIndex = hasTableIndexOrIsDeclarative ? try readUnsigned32() : 0
            mode = .active(tableIndex: tableIndex, offset: try readConstantExpression())
        } else {
            mode = hasTableIndexOrIsDeclarative ? .declarative : .passive
        }

        // Flags 0 and 4 imply funcref; the others name the type (or, for
        // function indices, the element kind, of which 0x00 is the only one).
        let type: ReferenceType
        if isActive && !hasTableIndexOrIsDeclarative {
            type = .funcref
        } else if usesExpressions {
            type = try readReferenceType()
        } else {
            let kindOffset = offset
            guard try readByte() == 0x00 else { throw DecodeError("malformed element kind", at: kindOffset) }
            type = .funcref
        }

        let count = try readLength()
        var items: [ConstantExpression] = []
        items.reserveCapacity(min(count, 1 << 16))
        for _ in 0..<count {
            if usesExpressions {
                items.append(try readConstantExpression())
            } else {
                let itemOffset = offset
                let functionIndex = try readUnsigned32()
                items.append(ConstantExpression(instructions: [.refFunc(functionIndex: functionIndex)], offset: itemOffset))
            }
        }
        return ElementSegment(type: type, mode: mode, items: items, offset: segmentOffset)
    }

    /// Data segment flags: 0 active in memory 0, 1 passive, 2 active with a memory index.
    mutating func readDataSegment() throws(DecodeError) -> DataSegment {
        let segmentOffset = offset
        let mode: DataSegment.Mode
        switch try readUnsigned32() {
        case 0: mode = .active(memoryIndex: 0, offset: try readConstantExpression())
        case 1: mode = .passive
        case 2:
            let memoryIndex = try readUnsigned32()
            mode = .active(memoryIndex: memoryIndex, offset: try readConstantExpression())
        default: throw DecodeError("malformed data segment kind", at: segmentOffset)
        }
        let dataRange = try readBytes()
        return DataSegment(mode: mode, dataRange: dataRange, offset: segmentOffset)
    }
}
