/// The output pane: the guest's stdout and stderr (captured through a pipe)
/// and the command line's commands with what they printed, in arrival order.
/// Follows the newest line unless the user scrolled up.
public struct OutputPaneModel: PaneModel {
    public static let maximumLines = 10_000
    public private(set) var lines: [(text: String, style: CellStyle)] = []
    /// An unfinished last line (the guest printed without a newline yet).
    private var partial: (text: String, style: CellStyle)?

    public init() {}

    public var title: String { "Output" }
    public var rowCount: Int { lines.count + (partial == nil ? 0 : 1) }
    public var emptyText: String { "(program output and command results appear here)" }

    public mutating func append(_ text: String, style: CellStyle = .normal) {
        var pieces = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let last = pieces.removeLast()
        for piece in pieces {
            let joined = (partial?.text ?? "") + piece
            lines.append((displayText(joined), partial?.style ?? style))
            partial = nil
        }
        if !last.isEmpty { partial = ((partial?.text ?? "") + last, partial?.style ?? style) }
        if lines.count > Self.maximumLines { lines.removeFirst(lines.count - Self.maximumLines) }
    }

    public func row(at index: Int, width: Int) -> PaneRow {
        if index < lines.count { return PaneRow(lines[index].text, style: lines[index].style) }
        return PaneRow(displayText(partial?.text ?? ""), style: partial?.style ?? .normal)
    }
}
