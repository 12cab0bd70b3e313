/// An ELF image that exists only to let libdw read a wasm module's DWARF.
///
/// libdw reads ELF, and wasm keeps its DWARF in custom sections named like the
/// ELF ones. Wrapping each `.debug_*` payload as a section of a minimal
/// ELFCLASS32, little-endian, ET_EXEC, EM_NONE file, with no program headers
/// and no relocations, is enough: addresses stay the code-section offsets the
/// producer wrote. libelf reads the image in place, so the image owns its
/// memory and must outlive the libdw handle.
final class InMemoryELF {
    /// The whole image, 8-byte aligned so libelf can read headers in place.
    let image: UnsafeMutableRawBufferPointer
    /// Where each section's bytes lie in the image.
    let sectionRanges: [String: Range<Int>]

    private static let headerSize = 52
    private static let sectionHeaderSize = 40

    /// `sections` maps a name (".debug_info") to its bytes; the image holds a copy.
    init(sections: [(name: String, bytes: UnsafeRawBufferPointer)]) {
        let ordered = sections.sorted { $0.name < $1.name }
        var stringTable: [UInt8] = [0]
        var nameOffsets: [Int] = []
        for section in ordered {
            nameOffsets.append(stringTable.count)
            stringTable.append(contentsOf: Array(section.name.utf8))
            stringTable.append(0)
        }
        let shstrtabNameOffset = stringTable.count
        stringTable.append(contentsOf: Array(".shstrtab".utf8))
        stringTable.append(0)

        func aligned(_ value: Int, _ alignment: Int) -> Int { (value + alignment - 1) / alignment * alignment }

        var offset = Self.headerSize
        var dataOffsets: [Int] = []
        for section in ordered {
            offset = aligned(offset, 8)
            dataOffsets.append(offset)
            offset += section.bytes.count
        }
        let stringTableOffset = offset
        offset += stringTable.count
        let sectionHeadersOffset = aligned(offset, 8)
        // Null section, one per debug section, then .shstrtab.
        let sectionCount = ordered.count + 2
        let totalSize = sectionHeadersOffset + sectionCount * Self.sectionHeaderSize

        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: totalSize, alignment: 16)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)

        func store16(_ value: Int, at position: Int) {
            buffer[position] = UInt8(truncatingIfNeeded: value)
            buffer[position + 1] = UInt8(truncatingIfNeeded: value >> 8)
        }
        func store32(_ value: Int, at position: Int) {
            for index in 0..<4 { buffer[position + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
        }

        // e_ident: magic, ELFCLASS32, ELFDATA2LSB, EV_CURRENT.
        for (index, byte) in [0x7F, 0x45, 0x4C, 0x46, 1, 1, 1].enumerated() { buffer[index] = UInt8(byte) }
        store16(2, at: 16)  // e_type: ET_EXEC
        store16(0, at: 18)  // e_machine: EM_NONE
        store32(1, at: 20)  // e_version
        store32(sectionHeadersOffset, at: 32)  // e_shoff
        store16(Self.headerSize, at: 40)  // e_ehsize
        store16(Self.sectionHeaderSize, at: 46)  // e_shentsize
        store16(sectionCount, at: 48)  // e_shnum
        store16(sectionCount - 1, at: 50)  // e_shstrndx

        func writeSectionHeader(index: Int, name: Int, type: Int, offset: Int, size: Int, alignment: Int) {
            let base = sectionHeadersOffset + index * Self.sectionHeaderSize
            store32(name, at: base)
            store32(type, at: base + 4)
            store32(offset, at: base + 16)
            store32(size, at: base + 20)
            store32(alignment, at: base + 32)
        }

        var ranges: [String: Range<Int>] = [:]
        for (index, section) in ordered.enumerated() {
            let start = dataOffsets[index]
            if let source = section.bytes.baseAddress, section.bytes.count > 0 {
                (buffer.baseAddress! + start).copyMemory(from: source, byteCount: section.bytes.count)
            }
            ranges[section.name] = start..<start + section.bytes.count
            // SHT_PROGBITS
            writeSectionHeader(
                index: index + 1, name: nameOffsets[index], type: 1, offset: start, size: section.bytes.count, alignment: 1)
        }
        for (index, byte) in stringTable.enumerated() { buffer[stringTableOffset + index] = byte }
        // SHT_STRTAB
        writeSectionHeader(
            index: sectionCount - 1, name: shstrtabNameOffset, type: 3, offset: stringTableOffset, size: stringTable.count,
            alignment: 1)
        sectionRanges = ranges
        image = buffer
    }

    deinit {
        image.deallocate()
    }

    /// The bytes of a section, valid as long as this image lives.
    func section(_ name: String) -> UnsafeRawBufferPointer? {
        guard let range = sectionRanges[name] else { return nil }
        return UnsafeRawBufferPointer(rebasing: image[range])
    }
}
