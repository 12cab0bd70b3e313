/// The locals pane: the selected frame's parameters, then its locals, each
/// `name = value` with the C type dimmed after it, then the watch
/// expressions under a `Watches` header row. Structs, arrays and pointers
/// expand in place (Enter/Right; Left collapses): `+` marks a row that can
/// expand, `-` one that is expanded, and children are indented under it.
/// Long values are cut at the pane's edge; `:print NAME` shows all of one.
public struct LocalsPaneModel: PaneModel {
    public var variables: [DebuggerSnapshot.Variable]
    public var watches: [DebuggerSnapshot.Variable]
    public var isStopped: Bool

    public init(variables: [DebuggerSnapshot.Variable], watches: [DebuggerSnapshot.Variable] = [], isStopped: Bool) {
        self.variables = variables
        self.watches = watches
        self.isStopped = isStopped
    }

    public init(snapshot: DebuggerSnapshot) {
        self.init(variables: snapshot.variables, watches: snapshot.watches, isStopped: snapshot.state.isStopped)
    }

    /// What a row of the pane is.
    public enum Entry: Equatable {
        case variable(DebuggerSnapshot.Variable)
        case watchesHeader
        /// A watch expression's row or one of its children's.
        case watch(DebuggerSnapshot.Variable)

        /// The variable or watch row; nil for the header.
        public var row: DebuggerSnapshot.Variable? {
            switch self {
            case .variable(let row), .watch(let row): row
            case .watchesHeader: nil
            }
        }
    }

    public static let watchesHeaderText = "Watches"

    public var title: String { "Locals" }
    public var rowCount: Int { variables.count + (watches.isEmpty ? 0 : 1 + watches.count) }
    public var emptyText: String { isStopped ? "(no variables here)" : "(not stopped)" }

    /// The row of the `Watches` header, when there are watches.
    public var watchesHeaderRow: Int? { watches.isEmpty ? nil : variables.count }

    public func entry(at index: Int) -> Entry? {
        if index < 0 { return nil }
        if index < variables.count { return .variable(variables[index]) }
        let watchIndex = index - variables.count - 1
        if watchIndex == -1, !watches.isEmpty { return .watchesHeader }
        return watches.indices.contains(watchIndex) ? .watch(watches[watchIndex]) : nil
    }

    /// Two columns per level of depth, then the marker column.
    public static let indentWidth = 2

    public func row(at index: Int, width: Int) -> PaneRow {
        guard let entry = entry(at: index) else { return PaneRow("") }
        guard let variable = entry.row else {
            let count = " (\(watches.filter { $0.depth == 0 }.count))"
            return PaneRow([(Self.watchesHeaderText, .title), (count, .dim)])
        }
        let indent = String(repeating: " ", count: variable.depth * Self.indentWidth)
        let marker = variable.isExpandable ? (variable.isExpanded ? "-" : "+") : " "
        let valueStyle: CellStyle = variable.value.hasPrefix("<") && variable.type.isEmpty ? .error : .normal
        var segments: [(text: String, style: CellStyle)] = [
            (indent + marker, .dim), (variable.name, .normal), (" = ", .normal), (displayText(variable.value), valueStyle),
        ]
        if !variable.type.isEmpty { segments.append(("  " + variable.type, .dim)) }
        return PaneRow(segments)
    }

    /// The row of the nearest row above `index` at a smaller depth, in the
    /// same section (locals or watches): its parent.
    public func parentRow(of index: Int) -> Int? {
        guard let row = entry(at: index)?.row, row.depth > 0 else { return nil }
        let sectionStart = index < variables.count ? 0 : variables.count + 1
        return (sectionStart..<index).last { entry(at: $0)?.row.map { $0.depth < row.depth } ?? false }
    }

    /// The watch expression a row belongs to (its own, or its root's for a child row).
    public func watchLabel(ofRow index: Int) -> String? {
        guard case .watch(let row)? = entry(at: index) else { return nil }
        if row.depth == 0 { return row.name }
        var root = index
        while let parent = parentRow(of: root) { root = parent }
        return entry(at: root)?.row?.name
    }
}
