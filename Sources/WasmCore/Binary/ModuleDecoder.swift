/// Decodes a whole module: header, sections in their order, the checks that
/// tie sections together. Function bodies stay undecoded ranges;
/// `InstructionDecoder` walks them when someone needs their instructions.
struct ModuleDecoder {
    let bytes: ModuleBytes
    var reader: ByteReader
    var module: Module

    init(bytes: ModuleBytes) {
        self.bytes = bytes
        reader = ByteReader(bytes: bytes, offset: 0, limit: bytes.count)
        module = Module(bytes: bytes)
    }

    static let magic: UInt32 = 0x6D73_6100  // "\0asm", little-endian
    static let version: UInt32 = 1

    mutating func decode() throws(DecodeError) -> Module {
        try decodeHeader()
        do {
            try decodeSections()
        } catch {
            // The reference interpreter decodes function bodies as it meets them,
            // so an error inside a body comes before any error that follows it.
            try decodeFunctionBodiesDecodedSoFar()
            throw error
        }
        return module
    }

    private mutating func decodeSections() throws(DecodeError) {
        var lastRank = 0
        while !reader.isAtEnd {
            let sectionOffset = reader.offset
            let idByte = try reader.readByte()
            guard let id = SectionID(rawValue: idByte) else { throw DecodeError("malformed section id", at: sectionOffset) }
            if id != .custom {
                // Out of order or repeated: the reference interpreter stops looking
                // for sections at the first one it does not expect.
                guard id.orderRank > lastRank else {
                    throw DecodeError("unexpected content after last section", at: sectionOffset)
                }
                lastRank = id.orderRank
            }
            let size = try reader.readLength()
            let contentEnd = reader.offset + size
            try decodeSection(id, sectionOffset: sectionOffset, contentEnd: contentEnd)
            guard reader.offset == contentEnd else { throw .sectionSizeMismatch(at: min(reader.offset, contentEnd)) }
        }
        guard module.functionTypeIndices.count == module.functionBodies.count else {
            throw DecodeError("function and code section have inconsistent lengths", at: bytes.count)
        }
        if let dataCount = module.dataCount, dataCount != module.dataSegments.count {
            throw DecodeError("data count and data section have inconsistent lengths", at: bytes.count)
        }
    }

    /// Walks the bodies read before an error, and throws the first error in them.
    private func decodeFunctionBodiesDecodedSoFar() throws(DecodeError) {
        for body in module.functionBodies {
            // The data count requirement is checked after everything else, so it must not win here.
            var decoder = InstructionDecoder(bytes: bytes, range: body.codeRange, hasDataCount: true)
            while try decoder.next() != nil {}
        }
    }

    private mutating func decodeHeader() throws(DecodeError) {
        guard bytes.count >= 4 else { throw .unexpectedEnd(at: bytes.count) }
        guard try readWord() == Self.magic else { throw DecodeError("magic header not detected", at: 0) }
        guard bytes.count >= 8 else { throw .unexpectedEnd(at: bytes.count) }
        guard try readWord() == Self.version else { throw DecodeError("unknown binary version", at: 4) }
    }

    private mutating func readWord() throws(DecodeError) -> UInt32 {
        var word: UInt32 = 0
        for shift in stride(from: 0, to: 32, by: 8) {
            word |= UInt32(try reader.readByte()) << UInt32(shift)
        }
        return word
    }

    /// Section contents are read with the module's end as the limit, and their
    /// size checked afterwards, as the reference interpreter does.
    private mutating func decodeSection(_ id: SectionID, sectionOffset: Int, contentEnd: Int) throws(DecodeError) {
        switch id {
        case .custom: try decodeCustomSection(sectionOffset: sectionOffset, contentEnd: contentEnd)
        case .type: module.types = try readVector { reader throws(DecodeError) in try reader.readFunctionType() }
        case .import: module.imports = try readVector { reader throws(DecodeError) in try reader.readImport() }
        case .function:
            module.functionTypeIndices = try readVector { reader throws(DecodeError) in try reader.readUnsigned32() }
        case .table: module.tables = try readVector { reader throws(DecodeError) in try reader.readTableType() }
        case .memory: module.memories = try readVector { reader throws(DecodeError) in try reader.readMemoryType() }
        case .global: module.globals = try readVector { reader throws(DecodeError) in try reader.readGlobal() }
        case .export: module.exports = try readVector { reader throws(DecodeError) in try reader.readExport() }
        case .start: module.startFunction = try reader.readUnsigned32()
        case .element: module.elements = try readVector { reader throws(DecodeError) in try reader.readElementSegment() }
        case .dataCount: module.dataCount = try reader.readUnsigned32()
        case .code:
            module.codeSectionPayloadOffset = reader.offset
            // Appended one by one, so that the bodies before an error can be walked.
            let count = try reader.readLength()
            module.functionBodies.reserveCapacity(min(count, 1 << 16))
            for _ in 0..<count { module.functionBodies.append(try reader.readFunctionBody()) }
        case .data: module.dataSegments = try readVector { reader throws(DecodeError) in try reader.readDataSegment() }
        }
    }

    /// A vector: its length, then its elements.
    private mutating func readVector<Element>(
        _ readElement: (inout ByteReader) throws(DecodeError) -> Element
    ) throws(DecodeError) -> [Element] {
        let count = try reader.readLength()
        var elements: [Element] = []
        // `readLength` bounds the count by the bytes left; the cap also bounds
        // what an element that is larger in memory than in the module can cost.
        elements.reserveCapacity(min(count, 1 << 16))
        for _ in 0..<count { elements.append(try readElement(&reader)) }
        return elements
    }

    private mutating func decodeCustomSection(sectionOffset: Int, contentEnd: Int) throws(DecodeError) {
        var nameReader = ByteReader(bytes: bytes, offset: reader.offset, limit: min(contentEnd, bytes.count))
        let name = try nameReader.readName()
        // The size may overrun the module by the length of its own LEB.
        guard contentEnd <= bytes.count else { throw .unexpectedEndOfSectionOrFunction(at: bytes.count) }
        let payloadRange = nameReader.offset..<contentEnd
        module.customSections.append(CustomSection(name: name, payloadRange: payloadRange, sectionOffset: sectionOffset))
        if name == "name" && module.names == nil {
            module.names = NameSectionDecoder.decode(bytes: bytes, range: payloadRange)
        }
        reader.offset = contentEnd
    }
}

extension Module {
    /// Decodes a module in the binary format. Function bodies are checked only
    /// when someone walks them with `InstructionDecoder` (the validator does);
    /// `decodeAllFunctionBodies()` walks them all.
    public init(decoding bytes: [UInt8]) throws(DecodeError) {
        try self.init(decoding: ModuleBytes(bytes))
    }

    public init(decoding bytes: ModuleBytes) throws(DecodeError) {
        var decoder = ModuleDecoder(bytes: bytes)
        self = try decoder.decode()
    }

    /// Decodes every instruction of every function body, for callers that want
    /// the whole binary format checked without validating the module.
    public func decodeAllFunctionBodies() throws(DecodeError) {
        let hasDataCount = dataCount != nil
        for body in functionBodies {
            var decoder = InstructionDecoder(bytes: bytes, range: body.codeRange, hasDataCount: hasDataCount)
            while try decoder.next() != nil {}
        }
    }
}
