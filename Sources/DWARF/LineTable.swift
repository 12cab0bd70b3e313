import CDwarf

/// One row of the merged line table.
///
/// Rows are plain values with the file as an index into `DebugInfo.sourceFiles`:
/// a debug build has millions of them, and a string per row would cost a
/// reference count on every copy.
public struct LineRow: Sendable, Hashable {
    /// Code-section offset.
    public var address: UInt32
    /// 1-based; 0 (no source line) appears only in lookups, never in `DebugInfo.lineTable`.
    public var line: UInt32
    /// 1-based; 0 when the producer gave none.
    public var column: UInt32
    /// Index into `DebugInfo.sourceFiles`.
    public var fileIndex: UInt32
    public var flags: Flags

    public struct Flags: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let isStatement = Flags(rawValue: UInt8(CDWARF_LINE_IS_STATEMENT))
        public static let prologueEnd = Flags(rawValue: UInt8(CDWARF_LINE_PROLOGUE_END))
        public static let endSequence = Flags(rawValue: UInt8(CDWARF_LINE_END_SEQUENCE))
        public static let epilogueBegin = Flags(rawValue: UInt8(CDWARF_LINE_EPILOGUE_BEGIN))
    }

    public var isStatement: Bool { flags.contains(.isStatement) }
    public var prologueEnd: Bool { flags.contains(.prologueEnd) }
    /// The first address after a sequence: the row itself covers no code.
    public var endSequence: Bool { flags.contains(.endSequence) }
    public var epilogueBegin: Bool { flags.contains(.epilogueBegin) }

    public init(address: UInt32, line: UInt32, column: UInt32, fileIndex: UInt32, flags: Flags) {
        self.address = address
        self.line = line
        self.column = column
        self.fileIndex = fileIndex
        self.flags = flags
    }
}

/// A resolved source position.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// Full path as the producer recorded it.
    public var file: String
    public var line: Int
    /// 0 when unknown.
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { column > 0 ? "\(file):\(line):\(column)" : "\(file):\(line)" }
}

/// Every unit's rows merged and sorted by address, an end of sequence before a
/// row that starts at the same address (libdw's order within a unit).
struct LineTable {
    /// Live rows, line-0 rows included: they mark code that belongs to no line,
    /// which a lookup must not attribute to the row before.
    let rows: [LineRow]
    let hasLineZeroRows: Bool

    /// Reads every unit's line program through libdw. Rows at or past `codeSize`
    /// belong to code the linker dropped (their sequences start at a tombstone
    /// such as 0xffffffff); only an end of sequence may sit exactly at the end.
    static func build(units: [UnitRecord], codeSize: Int, files: inout SourceFileTable) -> LineTable {
        var chunks: [[LineRow]] = []
        var buffer: [cdwarf_line_row] = []
        let limit = UInt64(codeSize)
        var sawLineZero = false
        for unit in units {
            var die = unit.die.raw
            var lines: OpaquePointer?
            var count = 0
            guard dwarf_getsrclines(&die, &lines, &count) == 0, let lines, count > 0 else { continue }
            let globalFileIndices = UnitFileNames.read(unit).map { files.index(of: $0) }
            if buffer.count < count {
                buffer = [cdwarf_line_row](repeating: cdwarf_line_row(), count: count)
            }
            let copied = buffer.withUnsafeMutableBufferPointer { cdwarf_copy_lines(lines, count, $0.baseAddress!) }
            var chunk: [LineRow] = []
            chunk.reserveCapacity(copied)
            for index in 0..<copied {
                let row = buffer[index]
                let flags = LineRow.Flags(rawValue: UInt8(truncatingIfNeeded: row.flags))
                guard row.address < limit || (row.address == limit && flags.contains(.endSequence)) else { continue }
                guard Int(row.file_index) < globalFileIndices.count else { continue }
                if row.line == 0 { sawLineZero = true }
                chunk.append(
                    LineRow(
                        address: UInt32(clamping: row.address), line: row.line, column: row.column,
                        fileIndex: globalFileIndices[Int(row.file_index)], flags: flags))
            }
            if !chunk.isEmpty { chunks.append(chunk) }
        }
        return LineTable(rows: merge(chunks), hasLineZeroRows: sawLineZero)
    }

    /// Units usually cover disjoint, increasing ranges: concatenating them in order
    /// of their first address is then already sorted. Otherwise a full sort.
    private static func merge(_ chunks: [[LineRow]]) -> [LineRow] {
        let ordered = chunks.sorted { $0[0].address < $1[0].address }
        var rows: [LineRow] = []
        rows.reserveCapacity(ordered.reduce(0) { $0 + $1.count })
        for chunk in ordered { rows.append(contentsOf: chunk) }
        if isSorted(rows) { return rows }
        // Ties keep their order within a unit, as libdw sorted them.
        let order = rows.indices.sorted { left, right in
            let a = rows[left]
            let b = rows[right]
            if a.address != b.address { return a.address < b.address }
            if a.endSequence != b.endSequence { return a.endSequence }
            return left < right
        }
        return order.map { rows[$0] }
    }

    private static func isSorted(_ rows: [LineRow]) -> Bool {
        var index = 1
        while index < rows.count {
            let previous = rows[index - 1]
            let row = rows[index]
            if row.address < previous.address { return false }
            if row.address == previous.address && row.endSequence && !previous.endSequence { return false }
            index += 1
        }
        return true
    }

    /// Index of the first row whose address is greater than `address`.
    func upperBound(_ address: UInt32) -> Int {
        var low = 0
        var high = rows.count
        while low < high {
            let middle = (low + high) / 2
            if rows[middle].address <= address { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Index of the first row whose address is not less than `address`.
    func lowerBound(_ address: UInt32) -> Int {
        var low = 0
        var high = rows.count
        while low < high {
            let middle = (low + high) / 2
            if rows[middle].address < address { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The row whose range holds `address`: the last one at or before it, unless
    /// that row ends a sequence (the address is in a gap between sequences).
    func rowIndex(covering address: UInt32) -> Int? {
        let index = upperBound(address) - 1
        guard index >= 0, !rows[index].endSequence else { return nil }
        return index
    }

    /// Rows with addresses in `range`.
    func rows(in range: Range<UInt32>) -> ArraySlice<LineRow> {
        rows[lowerBound(range.lowerBound)..<lowerBound(range.upperBound)]
    }
}
