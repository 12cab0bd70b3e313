import CDwarf

/// One source-level frame at an address: the function itself, or one of the
/// calls the compiler inlined into it.
public struct SourceFrame: Sendable, Hashable, CustomStringConvertible {
    public let functionName: String
    public let linkageName: String?
    /// Where execution is in this frame: for the innermost frame, the line-table
    /// row of the address; for an outer one, the call site of the frame inside it.
    /// nil where the producer recorded no line (line 0).
    public let location: SourceLocation?
    public let isInlined: Bool
    /// Offset of the DW_TAG_subprogram or DW_TAG_inlined_subroutine.
    public let dieOffset: UInt64

    /// `location`'s parts, with "" and 0 where it is nil.
    public var file: String { location?.file ?? "" }
    public var line: Int { location?.line ?? 0 }
    public var column: Int { location?.column ?? 0 }

    public var description: String {
        "\(functionName)\(isInlined ? " [inlined]" : "")" + (location.map { " at \($0)" } ?? "")
    }
}

extension DWARFReader {
    /// Innermost first.
    func frames(at address: UInt32) -> [SourceFrame] {
        guard let chain = ScopeChain(reader: self, address: address) else { return [] }
        let starts = chain.frameStarts
        var frames: [SourceFrame] = []
        let table = lineTable
        var position = table.rowIndex(covering: address).flatMap { self.location(of: table.rows[$0]) }
        for (frameStart, start) in starts.enumerated().reversed() {
            let die = chain.scopes[start]
            let isInlined = frameStart > 0
            frames.append(
                SourceFrame(
                    functionName: die.name ?? (isInlined ? "<inlined>" : chain.function.name), linkageName: die.linkageName,
                    location: position, isInlined: isInlined, dieOffset: die.offset))
            // The frame outside this one is at the call this inlined instance stands for.
            if isInlined {
                position = callSite(of: die)
            }
        }
        return frames
    }

    private func callSite(of inlined: DIE) -> SourceLocation? {
        guard let line = inlined.unsigned(DW_AT_call_line, integrate: false), line > 0,
            let file = file(attribute: DW_AT_call_file, of: inlined)
        else { return nil }
        let column = inlined.unsigned(DW_AT_call_column, integrate: false) ?? 0
        return SourceLocation(file: file, line: Int(clamping: line), column: Int(clamping: column))
    }
}
