/// The locals pane: the selected frame's parameters, then its locals, each
/// `name = value` with the C type dimmed after it. Structs, arrays and
/// pointers expand in place (Enter/Right; Left collapses): `+` marks a row
/// that can expand, `-` one that is expanded, and children are indented
/// under it. Long values are cut at the pane's edge; `:print NAME` shows all of one.
public struct LocalsPaneModel: PaneModel {
    public var variables: [DebuggerSnapshot.Variable]
    public var isStopped: Bool

    public init(variables: [DebuggerSnapshot.Variable], isStopped: Bool) {
        self.variables = variables
        self.isStopped = isStopped
    }

    public init(snapshot: DebuggerSnapshot) {
        self.init(variables: snapshot.variables, isStopped: snapshot.state.isStopped)
    }

    public var title: String { "Locals" }
    public var rowCount: Int { variables.count }
    public var emptyText: String { isStopped ? "(no variables here)" : "(not stopped)" }

    /// Two columns per level of depth, then the marker column.
    public static let indentWidth = 2

    public func row(at index: Int, width: Int) -> PaneRow {
        let variable = variables[index]
        let indent = String(repeating: " ", count: variable.depth * Self.indentWidth)
        let marker = variable.isExpandable ? (variable.isExpanded ? "-" : "+") : " "
        var segments: [(text: String, style: CellStyle)] = [
            (indent + marker, .dim), (variable.name, .normal), (" = ", .normal), (displayText(variable.value), .normal),
        ]
        if !variable.type.isEmpty { segments.append(("  " + variable.type, .dim)) }
        return PaneRow(segments)
    }

    /// The row of the nearest row above `index` at a smaller depth: its parent.
    public func parentRow(of index: Int) -> Int? {
        guard variables.indices.contains(index) else { return nil }
        let depth = variables[index].depth
        guard depth > 0 else { return nil }
        return variables[..<index].lastIndex { $0.depth < depth }
    }
}
