/// The locals pane's expandable rows: child expressions, indentation,
/// markers and the keys, without a terminal or a session.
import Debugger
import Testing

@testable import TUI

struct LocalsTreeTests {
    typealias Variable = DebuggerSnapshot.Variable

    /// A fake session: what each expression evaluates to.
    static let values: [String: LocalNode] = [
        "s.id": LocalNode(value: "1", type: "int"),
        "s.next": LocalNode(value: "0x10010", type: "struct node *", children: .pointee),
        "*s.next": LocalNode(value: "{id = 2, next = 0x0}", type: "struct node", children: .members(["id", "next"])),
        "(*s.next).id": LocalNode(value: "2", type: "int"),
        "(*s.next).next": LocalNode(value: "0x0", type: "struct node *"),
        "a[0]": LocalNode(value: "10", type: "int"),
        "a[1]": LocalNode(value: "20", type: "int"),
        "a[2]": LocalNode(value: "30", type: "int"),
    ]

    static let roots: [(variable: Variable, children: LocalChildren)] = [
        (Variable(name: "n", type: "int", value: "3", isParameter: true), .none),
        (Variable(name: "s", type: "struct node", value: "{id = 1, next = 0x10010}", isParameter: false), .members(["id", "next"])),
        (Variable(name: "a", type: "int [3]", value: "{10, 20, 30}", isParameter: false), .elements(count: 3)),
    ]

    static func rows(_ expanded: Set<String>) -> [Variable] {
        LocalsTree.rows(roots: roots, expanded: expanded) { values[$0] }
    }

    @Test func childExpressions() {
        #expect(LocalsTree.childExpressions(of: "s", children: .members(["a", "b"])) == ["s.a", "s.b"])
        #expect(LocalsTree.childExpressions(of: "a", children: .elements(count: 3)) == ["a[0]", "a[1]", "a[2]"])
        #expect(LocalsTree.childExpressions(of: "p", children: .pointee) == ["*p"])
        #expect(LocalsTree.childExpressions(of: "*p", children: .members(["x"])) == ["(*p).x"])
        #expect(LocalsTree.childExpressions(of: "*p", children: .elements(count: 1)) == ["(*p)[0]"])
        #expect(LocalsTree.childExpressions(of: "s.p", children: .pointee) == ["*s.p"])
        #expect(LocalsTree.childExpressions(of: "big", children: .elements(count: 5000)).count == 100)
        #expect(LocalsTree.childExpressions(of: "n", children: .none).isEmpty)
        #expect(!LocalChildren.elements(count: 0).isExpandable && !LocalChildren.members([]).isExpandable)
    }

    @Test func collapsedShowsOnlyVariablesWithMarkers() {
        let rows = Self.rows([])
        #expect(rows.map(\.expression) == ["n", "s", "a"])
        #expect(rows.map(\.isExpandable) == [false, true, true])
        #expect(rows.allSatisfy { !$0.isExpanded && $0.depth == 0 })
        let model = LocalsPaneModel(variables: rows, isStopped: true)
        #expect(model.row(at: 0, width: 80).text == " n = 3  int")
        #expect(model.row(at: 1, width: 80).text.hasPrefix("+s = {id = 1"))
    }

    @Test func expandingAddsIndentedChildren() {
        let rows = Self.rows(["s", "s.next", "a"])
        #expect(rows.map(\.expression) == ["n", "s", "s.id", "s.next", "*s.next", "a", "a[0]", "a[1]", "a[2]"])
        #expect(rows.map(\.depth) == [0, 0, 1, 1, 2, 0, 1, 1, 1])
        #expect(rows.map(\.name) == ["n", "s", "id", "next", "*next", "a", "[0]", "[1]", "[2]"])
        #expect(rows[1].isExpanded && rows[3].isExpanded && !rows[4].isExpanded && rows[4].isExpandable)
        let model = LocalsPaneModel(variables: rows, isStopped: true)
        #expect(model.row(at: 1, width: 80).text.hasPrefix("-s = "))
        #expect(model.row(at: 2, width: 80).text == "   id = 1  int")
        #expect(model.row(at: 3, width: 80).text.hasPrefix("  -next = 0x10010"))
        #expect(model.row(at: 4, width: 80).text.hasPrefix("    +*next = {id = 2"))
        #expect(model.parentRow(of: 4) == 3)
        #expect(model.parentRow(of: 2) == 1)
        #expect(model.parentRow(of: 8) == 5)
        #expect(model.parentRow(of: 1) == nil)
    }

    @Test func deeperExpansionAndUnavailableChildren() {
        let rows = Self.rows(["s", "s.next", "*s.next"])
        #expect(Array(rows.map(\.expression)[4...6]) == ["*s.next", "(*s.next).id", "(*s.next).next"])
        #expect(rows[5].name == "id" && rows[5].depth == 3)
        // A null pointer does not expand, even when its expression is in the set.
        #expect(!rows[6].isExpandable)
        // An expanded expression whose parent is collapsed shows nothing.
        #expect(Self.rows(["s.next"]).count == 3)
        // A child the session cannot evaluate still shows, unexpandable.
        let broken = LocalsTree.rows(roots: Self.roots, expanded: ["s"]) { _ in nil }
        #expect(broken[2].value == "<unavailable>" && !broken[2].isExpandable)
    }

    @Test func pointerCycleStopsAtMaximumDepth() {
        var expanded: Set<String> = ["p"]
        var expression = "p"
        for _ in 0..<100 {
            expression = "*" + expression
            expanded.insert(expression)
        }
        let rows = LocalsTree.rows(
            roots: [(Variable(name: "p", type: "int **", value: "0x1", isParameter: false), .pointee)], expanded: expanded
        ) { _ in LocalNode(value: "0x1", type: "void *", children: .pointee) }
        #expect(rows.count == LocalsTree.maximumDepth + 1)
    }

    @Test func nullPointerSummaries() {
        #expect(SnapshotBuilder.isNull("0x0"))
        #expect(SnapshotBuilder.isNull("(struct node *) 0x0"))
        #expect(!SnapshotBuilder.isNull("0x0001"))
        #expect(!SnapshotBuilder.isNull("0x10010 \"text\""))
    }

    static func viewFocusedOnLocals(expanded: Set<String>) -> DebuggerView {
        let view = DebuggerView(width: 120, height: 40)
        _ = view.perform(.layout(.all))
        var snapshot = DebuggerSnapshot()
        snapshot.state = .stopped(.stepFinished)
        snapshot.variables = rows(expanded)
        view.apply(snapshot)
        while view.focus != .locals { _ = view.handle(.tab) }
        return view
    }

    @Test func keysExpandAndCollapseTheCursorRow() {
        let view = Self.viewFocusedOnLocals(expanded: [])
        #expect(view.handle(.enter).isEmpty)  // n: nothing to expand
        #expect(view.message != nil)
        _ = view.handle(.down)
        #expect(view.handle(.enter) == [.setLocalExpanded("s", true)])
        #expect(view.handle(.right) == [.setLocalExpanded("s", true)])
        #expect(view.handle(.left).isEmpty)

        let expanded = Self.viewFocusedOnLocals(expanded: ["s", "a"])
        _ = expanded.handle(.down)
        #expect(expanded.handle(.enter) == [.setLocalExpanded("s", false)])
        #expect(expanded.handle(.left) == [.setLocalExpanded("s", false)])
        _ = expanded.handle(.down)
        _ = expanded.handle(.down)
        #expect(expanded.handle(.right) == [.setLocalExpanded("s.next", true)])
        // Left on a child that is not expanded goes to its parent.
        #expect(expanded.handle(.left).isEmpty)
        #expect(expanded.cursor(.locals) == 1)
        expanded.isBusy = true
        #expect(expanded.handle(.enter).isEmpty)
        #expect(expanded.render().text.contains("-s = {id = 1"))
    }

    @Test func leftAndRightDoNothingOutsideLocals() {
        let view = DebuggerView(width: 120, height: 40)
        #expect(view.focus != .locals)
        #expect(view.handle(.right).isEmpty && view.handle(.left).isEmpty)
        #expect(KeyMap.action(for: .right) == .expand && KeyMap.action(for: .left) == .collapse)
    }
}
