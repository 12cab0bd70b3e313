/// Where `DebugInfo.addresses(file:line:)` put a breakpoint.
public struct BreakpointLocations: Sendable, Hashable {
    /// The line that has code: the one asked for, or the next one that does.
    public let line: Int
    /// The files (full paths) that matched and have code there.
    public let files: [String]
    /// Code-section offsets, ascending.
    public let addresses: [UInt32]
}

extension DWARFReader {
    func breakpointLocations(file: String, line: Int) -> BreakpointLocations? {
        let paths = sourceFiles
        let fileIndices = Set(paths.indices.filter { SourcePath.matches(query: file, path: paths[$0]) }.map(UInt32.init))
        guard !fileIndices.isEmpty else { return nil }
        let rows = lineTable.rows
        let requested = UInt32(clamping: max(line, 0))
        var chosenLine = UInt32.max
        for row in rows where row.isStatement && !row.endSequence && row.line >= requested && row.line < chosenLine {
            if fileIndices.contains(row.fileIndex) { chosenLine = row.line }
        }
        guard chosenLine != .max else { return nil }
        var candidates: [UInt32] = []
        var matchedFiles = Set<UInt32>()
        for row in rows where row.line == chosenLine && row.isStatement && !row.endSequence {
            if fileIndices.contains(row.fileIndex) {
                candidates.append(row.address)
                matchedFiles.insert(row.fileIndex)
            }
        }
        // gdb keeps one location per block: a `for` header's init, test and step
        // rows are one breakpoint, while each inlined copy of a line is its own.
        var seenScopes = Set<UInt64>()
        var addresses: [UInt32] = []
        for address in candidates.sorted() {
            let chain = ScopeChain(reader: self, address: address)
            let scope = chain?.scopes.last?.offset ?? UInt64(address) | 1 << 63
            guard seenScopes.insert(scope).inserted else { continue }
            if let function = chain?.function, function.lowPC == address {
                addresses.append(breakpointAddress(of: function))
            } else {
                addresses.append(address)
            }
        }
        return BreakpointLocations(
            line: Int(chosenLine), files: matchedFiles.sorted().map { paths[Int($0)] }, addresses: addresses)
    }

    func breakpointAddress(of function: FunctionInfo) -> UInt32 {
        let rows = lineTable.rows(in: function.lowPC..<function.highPC)
        var address = function.lowPC
        if let row = rows.first(where: { $0.prologueEnd && !$0.endSequence }) {
            address = row.address
        } else if let row = rows.first(where: { $0.address > function.lowPC && !$0.endSequence && $0.line != 0 }) {
            address = row.address
        }
        // DWARF's low_pc of a wasm function is where its body starts, local declarations included.
        if let body = functionBodyStarts.last(where: { $0.entry <= address }), address < body.code {
            address = body.code
        }
        return address
    }
}
