/// Entries of the import and export sections.
extension ByteReader {
    mutating func readImport() throws(DecodeError) -> Import {
        let moduleName = try readName()
        let name = try readName()
        let kindOffset = offset
        let descriptor: ImportDescriptor
        switch try readByte() {
        case 0x00: descriptor = .function(try readUnsigned32())
        case 0x01: descriptor = .table(try readTableType())
        case 0x02: descriptor = .memory(try readMemoryType())
        case 0x03: descriptor = .global(try readGlobalType())
        default: throw DecodeError("malformed import kind", at: kindOffset)
        }
        return Import(module: moduleName, name: name, descriptor: descriptor)
    }

    mutating func readExport() throws(DecodeError) -> Export {
        let name = try readName()
        let kindOffset = offset
        let kind = try readByte()
        let index = try readUnsigned32()
        let descriptor: ExportDescriptor
        switch kind {
        case 0x00: descriptor = .function(index)
        case 0x01: descriptor = .table(index)
        case 0x02: descriptor = .memory(index)
        case 0x03: descriptor = .global(index)
        default: throw DecodeError("malformed export kind", at: kindOffset)
        }
        return Export(name: name, descriptor: descriptor)
    }
}
