/// The source pane: the shown file with line numbers, a gutter with
/// breakpoint markers (`B` enabled, `b` disabled) and the current-line arrow
/// (`=>`), as gdb's TUI marks them.
public struct SourcePaneModel: PaneModel {
    public var file: String?
    public var lines: [String]
    /// 1-based line where the selected frame is, if it is in this file.
    public var currentLine: Int?
    /// 1-based line → whether any breakpoint on it is enabled.
    public var breakpointLines: [Int: Bool]

    public init(file: String?, lines: [String], currentLine: Int?, breakpointLines: [Int: Bool]) {
        self.file = file
        self.lines = lines
        self.currentLine = currentLine
        self.breakpointLines = breakpointLines
    }

    public init(snapshot: DebuggerSnapshot) {
        let file = snapshot.code.sourceFile
        var currentLine: Int?
        if snapshot.state.isStopped, let frame = snapshot.selectedFrame, let frameFile = frame.file, let file,
            CodeCorrelation.sameFile(frameFile, file)
        {
            currentLine = frame.line
        }
        var marks: [Int: Bool] = [:]
        if let file {
            for mark in snapshot.breakpoints {
                guard let markFile = mark.file, let line = mark.line, CodeCorrelation.sameFile(markFile, file) else {
                    continue
                }
                marks[line] = (marks[line] ?? false) || mark.isEnabled
            }
        }
        self.init(file: file, lines: snapshot.code.sourceLines, currentLine: currentLine, breakpointLines: marks)
    }

    public var title: String {
        "Source" + (file.map { ": " + ($0.split(separator: "/").last.map(String.init) ?? $0) } ?? "")
    }

    public var rowCount: Int { lines.count }
    public var emptyText: String { file.map { "(cannot read \($0))" } ?? "(no source: the module has no DWARF line info)" }

    /// Row index of a 1-based line number.
    public func row(ofLine line: Int) -> Int { line - 1 }
    public func line(ofRow row: Int) -> Int { row + 1 }

    public func row(at index: Int, width: Int) -> PaneRow {
        let number = index + 1
        let numberWidth = max(3, String(lines.count).count)
        let marker: (String, CellStyle) =
            switch breakpointLines[number] {
            case true?: ("B", .breakpoint)
            case false?: ("b", .breakpoint)
            case nil: (" ", .normal)
            }
        let isCurrent = number == currentLine
        let numberText = String(repeating: " ", count: max(0, numberWidth - String(number).count)) + String(number)
        return PaneRow(
            [
                marker, (isCurrent ? "=>" : "  ", isCurrent ? .current : .normal), (numberText + " ", .dim),
                (displayText(lines[index]), .normal),
            ], isCurrent: isCurrent)
    }
}
