/// The "name" custom section: a debugging aid, so a malformed one is dropped
/// as a whole rather than rejecting the module.
enum NameSectionDecoder {
    enum SubsectionID: UInt8 {
        case module = 0
        case function = 1
        case local = 2
    }

    /// The names in `range` of `bytes`, or nil if the section is malformed.
    static func decode(bytes: ModuleBytes, range: Range<Int>) -> NameSection? {
        var reader = ByteReader(bytes: bytes, offset: range.lowerBound, limit: range.upperBound)
        do {
            return try decode(&reader)
        } catch {
            return nil
        }
    }

    private static func decode(_ reader: inout ByteReader) throws(DecodeError) -> NameSection {
        var names = NameSection()
        var previousID: Int = -1
        while !reader.isAtEnd {
            let idOffset = reader.offset
            let id = try reader.readByte()
            // Subsections come at most once each, in increasing id order.
            guard Int(id) > previousID else { throw DecodeError("out-of-order name subsection", at: idOffset) }
            previousID = Int(id)
            let content = try reader.readBytes()
            let end = content.upperBound
            var subsection = ByteReader(bytes: reader.bytes, offset: content.lowerBound, limit: end)
            switch SubsectionID(rawValue: id) {
            case .module:
                names.moduleName = try subsection.readName()
            case .function:
                names.functionNames = try readNameMap(&subsection)
            case .local:
                let count = try subsection.readLength()
                for _ in 0..<count {
                    let functionIndex = try subsection.readUnsigned32()
                    names.localNames[functionIndex] = try readNameMap(&subsection)
                }
            case nil:
                // Label, type, table... names from the extended name section: not kept.
                subsection.offset = end
            }
            guard subsection.offset == end else { throw .sectionSizeMismatch(at: subsection.offset) }
        }
        return names
    }

    private static func readNameMap(_ reader: inout ByteReader) throws(DecodeError) -> [UInt32: String] {
        let count = try reader.readLength()
        var map: [UInt32: String] = [:]
        map.reserveCapacity(min(count, 1 << 16))
        for _ in 0..<count {
            let index = try reader.readUnsigned32()
            map[index] = try reader.readName()
        }
        return map
    }
}
