import CDwarf

/// The libdw handle and everything derived from it, built on first use.
///
/// Not thread-safe, like libdw itself: `DebugInfo` serializes every call.
final class DWARFReader {
    let image: InMemoryELF
    let dwarf: OpaquePointer
    private let elf: OpaquePointer?
    let codeSize: Int
    /// Function bodies as (entry start, first instruction) code-section offsets, when known.
    let functionBodyStarts: [(entry: UInt32, code: UInt32)]

    init(image: InMemoryELF, codeSize: Int, functionBodyStarts: [(entry: UInt32, code: UInt32)]) throws(DWARFError) {
        self.image = image
        self.codeSize = codeSize
        self.functionBodyStarts = functionBodyStarts
        var elf: OpaquePointer?
        guard let dwarf = cdwarf_begin(image.image.baseAddress, image.image.count, &elf) else {
            let message = dwarf_errmsg(-1).map { String(cString: $0) } ?? "libdw could not open the sections"
            throw .unreadable(message)
        }
        self.dwarf = dwarf
        self.elf = elf
    }

    deinit {
        cdwarf_end(dwarf, elf)
    }

    // MARK: Units

    private(set) lazy var units: [UnitRecord] = UnitRecord.readAll(from: dwarf, codeSize: codeSize)

    private lazy var unitIndexByOffset: [UInt64: Int] = Dictionary(
        units.map { ($0.die.offset, $0.index) }, uniquingKeysWith: { first, _ in first })

    private(set) lazy var compilationUnitIndex = CompilationUnitIndex(units: units)

    private var fileNamesByUnit: [Int: [String]] = [:]

    func fileNames(ofUnit index: Int) -> [String] {
        if let names = fileNamesByUnit[index] { return names }
        let names = units.indices.contains(index) ? UnitFileNames.read(units[index]) : []
        fileNamesByUnit[index] = names
        return names
    }

    /// The unit an entry belongs to (entries may refer across units).
    func unitIndex(of die: DIE) -> Int? {
        var raw = die.raw
        var unitDIE = Dwarf_Die()
        guard dwarf_diecu(&raw, &unitDIE, nil, nil) != nil else { return nil }
        return unitIndexByOffset[dwarf_dieoffset(&unitDIE)]
    }

    func unit(of die: DIE) -> UnitRecord? {
        unitIndex(of: die).map { units[$0] }
    }

    func entry(at offset: UInt64) -> DIE? {
        var raw = Dwarf_Die()
        guard dwarf_offdie(dwarf, offset, &raw) != nil else { return nil }
        return DIE(raw)
    }

    /// The entry that actually carries `attribute`, following abstract origins and
    /// specifications as `dwarf_attr_integrate` does, so that a file index is read
    /// against the file table of the unit that wrote it.
    func declaringEntry(of die: DIE, for attribute: Int) -> DIE? {
        var current = die
        for _ in 0..<8 {
            if current.has(attribute) { return current }
            guard
                let next = current.reference(DW_AT_abstract_origin, integrate: false)
                    ?? current.reference(DW_AT_specification, integrate: false)
            else { return nil }
            current = next
        }
        return nil
    }

    /// A file attribute (DW_AT_decl_file, DW_AT_call_file) as a path. libdw's
    /// `dwarf_decl_file` fails on DWARF 5, so this reads the unit's file table itself.
    func file(attribute: Int, of die: DIE) -> String? {
        guard let owner = declaringEntry(of: die, for: attribute),
            let index = owner.unsigned(attribute, integrate: false),
            let unitIndex = unitIndex(of: owner)
        else { return nil }
        let names = fileNames(ofUnit: unitIndex)
        guard index < UInt64(names.count) else { return nil }
        let name = names[Int(index)]
        return name.isEmpty || name == "???" ? nil : name
    }

    // MARK: Lines

    /// Filled while the line table is built.
    private var sourceFileTable = SourceFileTable()

    private(set) lazy var lineTable: LineTable = LineTable.build(units: units, codeSize: codeSize, files: &sourceFileTable)

    /// The paths `LineRow.fileIndex` indexes.
    var sourceFiles: [String] {
        _ = lineTable
        return sourceFileTable.paths
    }

    /// `lineTable` without line-0 rows; the same storage when there are none.
    private(set) lazy var publicLineRows: [LineRow] =
        lineTable.hasLineZeroRows ? lineTable.rows.filter { $0.line != 0 } : lineTable.rows

    func location(of row: LineRow) -> SourceLocation? {
        guard row.line != 0 else { return nil }
        let paths = sourceFiles
        guard Int(row.fileIndex) < paths.count else { return nil }
        return SourceLocation(file: paths[Int(row.fileIndex)], line: Int(row.line), column: Int(row.column))
    }

    // MARK: Functions, types

    private(set) lazy var functionTable = FunctionTable(reader: self)

    private var typeReaderIfLoaded: TypeReader?

    var typeReader: TypeReader {
        if let typeReaderIfLoaded { return typeReaderIfLoaded }
        let reader = TypeReader(reader: self)
        typeReaderIfLoaded = reader
        return reader
    }

    private(set) lazy var globalVariables: [Variable] = readGlobalVariables()

    /// See `TypeReader.breakCycles`.
    func releaseTypes() {
        typeReaderIfLoaded?.breakCycles()
        typeReaderIfLoaded = nil
    }
}
