/// The locals pane's tree: each row is an expression (`s`, `s.next`,
/// `a[3]`, `*p`) at a depth. Expanding a row adds its children's rows below
/// it: a struct's members, an array's elements (the first 100), a pointer's
/// target. What is expanded is a set of expressions kept across stops, so
/// every stop re-evaluates the same children. Pure: the session controller
/// passes an evaluator, tests pass a table.

/// What a row can expand into.
public enum LocalChildren: Sendable, Equatable {
    case none
    /// A struct's or union's named members.
    case members([String])
    /// An array's first dimension (elements beyond `LocalsTree.maximumElements` are not shown).
    case elements(count: Int)
    /// A non-null pointer to data: one child, the pointee.
    case pointee

    public var isExpandable: Bool {
        switch self {
        case .none: false
        case .members(let names): !names.isEmpty
        case .elements(let count): count > 0
        case .pointee: true
        }
    }
}

/// One evaluated expression, as the session describes it.
public struct LocalNode: Sendable, Equatable {
    public var value: String
    public var type: String
    public var children: LocalChildren

    public init(value: String, type: String, children: LocalChildren = .none) {
        self.value = value
        self.type = type
        self.children = children
    }
}

public enum LocalsTree {
    public static let maximumElements = 100
    /// Bounds a tree that follows pointers round a cycle (`*n.next` forever).
    public static let maximumDepth = 32

    /// The expressions of a row's children, in display order.
    public static func childExpressions(of expression: String, children: LocalChildren) -> [String] {
        // `*p` binds looser than `.` and `[]`: `(*p).x`, `(*p)[0]`.
        let operand = expression.hasPrefix("*") || expression.hasPrefix("&") ? "(" + expression + ")" : expression
        switch children {
        case .none: return []
        case .members(let names): return names.map { operand + "." + $0 }
        case .elements(let count): return (0..<min(count, maximumElements)).map { operand + "[\($0)]" }
        case .pointee: return ["*" + expression]
        }
    }

    /// The label a child row shows: a member's name, `[3]`, or `*p`.
    public static func label(ofChild expression: String, parent: String) -> String {
        guard expression != "*" + parent else { return expression }
        var rest = Substring(expression)
        for prefix in [parent, "(" + parent + ")"] where expression.hasPrefix(prefix) {
            rest = expression.dropFirst(prefix.count)
        }
        if rest.hasPrefix(".") { rest = rest.dropFirst() }
        return String(rest)
    }

    /// Top-level variables with the rows of every expanded expression
    /// inserted after them, children indented one level per depth.
    /// - Parameter evaluate: a child expression's value, or nil when it cannot be evaluated.
    public static func rows(
        roots: [(variable: DebuggerSnapshot.Variable, children: LocalChildren)], expanded: Set<String>,
        evaluate: (String) -> LocalNode?
    ) -> [DebuggerSnapshot.Variable] {
        var rows: [DebuggerSnapshot.Variable] = []
        func add(_ row: DebuggerSnapshot.Variable, children: LocalChildren) {
            var row = row
            row.isExpandable = children.isExpandable
            row.isExpanded = row.isExpandable && expanded.contains(row.expression) && row.depth < maximumDepth
            rows.append(row)
            guard row.isExpanded else { return }
            for child in childExpressions(of: row.expression, children: children) {
                // A pointee is labelled after its pointer's row: `*next`, not `*(*s).next`.
                let label = child == "*" + row.expression ? "*" + row.name : label(ofChild: child, parent: row.expression)
                guard let node = evaluate(child) else {
                    add(
                        DebuggerSnapshot.Variable(
                            name: label, type: "", value: "<unavailable>", isParameter: row.isParameter, expression: child,
                            depth: row.depth + 1), children: .none)
                    continue
                }
                add(
                    DebuggerSnapshot.Variable(
                        name: label, type: node.type, value: node.value, isParameter: row.isParameter, expression: child,
                        depth: row.depth + 1), children: node.children)
            }
        }
        for root in roots { add(root.variable, children: root.children) }
        return rows
    }
}
