/// The locals pane: the selected frame's parameters, then its locals, each
/// `name = value` with the C type dimmed after it. Long values (structs,
/// arrays) are cut at the pane's edge; `:print NAME` shows all of one.
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

    public func row(at index: Int, width: Int) -> PaneRow {
        let variable = variables[index]
        return PaneRow([
            (variable.name, .normal), (" = ", .normal), (displayText(variable.value), .normal),
            ("  " + variable.type, .dim),
        ])
    }
}
