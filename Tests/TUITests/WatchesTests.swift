/// Watch expressions: the locals pane's `Watches` section, the keys and
/// commands that add and delete them, and their evaluation at a real stop
/// (errors inline).
import Debugger
import Foundation
import ProgramRunner
import TestSupport
import Testing

@testable import TUI

struct WatchesPaneTests {
    private func watchRow(_ expression: String, value: String, depth: Int = 0, expandable: Bool = false) -> DebuggerSnapshot.Variable {
        DebuggerSnapshot.Variable(
            name: expression, type: depth == 0 && !value.hasPrefix("<") ? "int" : "", value: value, isParameter: false,
            expression: expression, depth: depth, isExpandable: expandable)
    }

    @Test func aSuggestedExpressionIsTakenByEnterAndReplacedByTyping() {
        var line = CommandLineModel()
        line.begin(.watch, suggestion: "stats")
        #expect(line.handle(.enter) == .submitted(.watch, "stats"))

        line.begin(.watch, suggestion: "stats")
        for character in "count" { _ = line.handle(.character(character)) }
        #expect(line.handle(.enter) == .submitted(.watch, "count"))

        line.begin(.watch, suggestion: "stats")
        _ = line.handle(.backspace)
        _ = line.handle(.character("e"))
        #expect(line.text == "state")
    }

    @Test func watchesFollowTheLocalsUnderAHeader() {
        let model = LocalsPaneModel(
            variables: [.init(name: "x", type: "int", value: "1", isParameter: true)],
            watches: [
                watchRow("s", value: "{...}", expandable: true), watchRow("s.a", value: "3", depth: 1),
                watchRow("nosuch", value: "<no symbol \"nosuch\" in current context>"),
            ], isStopped: true)
        #expect(model.rowCount == 5)
        #expect(model.watchesHeaderRow == 1)
        #expect(model.entry(at: 1) == .watchesHeader)
        #expect(model.row(at: 1, width: 80).text == "Watches (2)")
        #expect(model.row(at: 2, width: 80).text.hasPrefix("+s = {...}"))
        let error = model.row(at: 4, width: 80)
        #expect(error.text == " nosuch = <no symbol \"nosuch\" in current context>")
        #expect(error.segments.contains { $0.style == .error })
        #expect(model.parentRow(of: 3) == 2)
        #expect(model.parentRow(of: 2) == nil)
        #expect(model.watchLabel(ofRow: 3) == "s")
        #expect(model.watchLabel(ofRow: 4) == "nosuch")
        #expect(model.watchLabel(ofRow: 0) == nil)
        #expect(model.watchLabel(ofRow: 1) == nil)
        // No watches, no header.
        #expect(LocalsPaneModel(variables: [], isStopped: true).watchesHeaderRow == nil)
    }

    @Test func errorsReadAsValues() {
        #expect(SnapshotBuilder.inlineError("No symbol \"x\" in current context.") == "<no symbol \"x\" in current context>")
        #expect(SnapshotBuilder.inlineError("Cannot access memory at 0x10") == "<cannot access memory at 0x10>")
    }

    private func focus(_ kind: PaneKind, in view: DebuggerView) {
        for _ in 0..<10 where view.focus != kind { _ = view.perform(.focusNext) }
    }

    @Test func keysAndCommandsAddAndDeleteWatches() {
        let view = DebuggerView(width: 120, height: 40)
        _ = view.perform(.layout(.all))
        var snapshot = DebuggerSnapshot()
        snapshot.state = .stopped(.stepFinished)
        snapshot.variables = [.init(name: "stats", type: "struct stats *", value: "0x115a8", isParameter: true)]
        snapshot.watches = [watchRow("count", value: "2"), watchRow("total", value: "12")]
        view.apply(snapshot)

        // `a` on a locals row suggests its expression; Right keeps it for editing.
        focus(.locals, in: view)
        #expect(view.handle(.character("a")).isEmpty)
        #expect(view.commandLine.mode == .watch)
        #expect(view.commandLine.text == "stats")
        #expect(view.render().text.contains("Watch expression: stats"))
        _ = view.handle(.right)
        for character in "->label" { _ = view.handle(.character(character)) }
        #expect(view.handle(.enter) == [.addWatch("stats->label")])

        // gdb's display and undisplay on the command line.
        func command(_ text: String) -> [SessionRequest] {
            _ = view.handle(.character(":"))
            for character in text { _ = view.handle(.character(character)) }
            return view.handle(.enter)
        }
        #expect(command("display mean") == [.addWatch("mean")])
        #expect(command("display/x mean") == [.addWatch("/x mean")])
        #expect(command("undisplay 2") == [.removeWatch("total")])
        #expect(command("undisplay") == [.removeWatch("count"), .removeWatch("total")])
        #expect(command("undisplay 9").isEmpty)
        #expect(view.message == "No watch number 9.")
        #expect(command("undisplay x").isEmpty)
        #expect(view.message?.contains("watch numbers") == true)

        // `d` on a watch row deletes it; elsewhere it says why not.
        _ = view.perform(.end)
        #expect(view.handle(.character("d")) == [.removeWatch("total")])
        _ = view.perform(.home)
        #expect(view.handle(.delete).isEmpty)
        #expect(view.message?.contains("Not a watch") == true)
        view.isBusy = true
        _ = view.perform(.end)
        #expect(view.handle(.character("d")).isEmpty)
    }
}

@Suite(.serialized)
struct WatchEvaluationTests {
    @Test func watchesAreEvaluatedAtEveryStopWithErrorsInline() throws {
        let session = try crashDivisionSession()
        defer { session.kill() }
        var builder = SnapshotBuilder(session: session)
        let watches = ["stats->total", "nosuch", "*stats", "/x stats->total", "/2dw &stats->count"]
        let before = builder.build(shownFunction: nil, memory: nil, watches: watches)
        #expect(before.watches.map(\.value) == Array(repeating: "<the program is not stopped>", count: 5))

        let line = try Demos.line(of: "TRAP: div", in: "crash", file: "crash.c")
        try session.addBreakpoint(.sourceLine(file: "crash.c", line: line))
        try session.run()
        let stopped = builder.build(shownFunction: nil, memory: nil, expandedLocals: ["*stats"], watches: watches)
        let rows = stopped.watches
        #expect(rows.first?.value == "12")
        #expect(rows.first?.type == "int32_t")
        #expect(rows[1].value == "<no symbol \"nosuch\" in current context>")
        // An expanded watch shows its members below it, like a local.
        #expect(rows[2].isExpanded)
        #expect(rows.dropFirst(3).prefix(3).map(\.name) == ["count", "total", "label"])
        #expect(rows.dropFirst(3).prefix(3).allSatisfy { $0.depth == 1 })
        // A format applies to the watch's value as `print/x` or `x/2dw` would show it.
        let hex = try #require(rows.first { $0.name == "/x stats->total" })
        #expect(hex.value == "0xc")
        #expect(hex.expression == "stats->total")
        let memory = try #require(rows.first { $0.name == "/2dw &stats->count" })
        #expect(memory.value.hasPrefix("0x") && memory.value.hasSuffix("\t12"))

        let view = DebuggerView(width: 120, height: 40)
        view.apply(stopped)
        #expect(view.render().text.contains("Watches (5)"))
        #expect(view.render().text.contains("stats->total = 12"))
    }
}
