/// The view over a real debug session stopped in the crash demo: the three
/// code panes agree on the stop, move together, and F9 asks for the right
/// breakpoint.
import Debugger
import Foundation
import ProgramRunner
import TestSupport
import Testing
import WasmRuntime

@testable import TUI

let sharedEngine = Engine()

/// A session on the unoptimized crash demo's `div 4 8` (every variable
/// readable), its output discarded; not started.
func crashDivisionSession() throws -> DebugSession {
    let specification = ProgramSpecification(
        modulePath: try Demos.wasm("crash", unoptimized: true), arguments: ["div", "4", "8"],
        standardOutput: discardedOutput, standardError: discardedOutput)
    return try DebugSession(specification: specification, engine: sharedEngine)
}

private let discardedOutput = open("/dev/null", O_WRONLY | O_CLOEXEC)

@Suite(.serialized)
struct SynchronizedPanesTests {
    /// A view stopped at the division in `average` (crash div 4 8).
    private func stoppedView() throws -> (DebuggerView, DebugSession, line: Int) {
        let session = try crashDivisionSession()
        let line = try Demos.line(of: "TRAP: div", in: "crash", file: "crash.c")
        try session.addBreakpoint(.sourceLine(file: "crash.c", line: line))
        try session.run()
        var builder = SnapshotBuilder(session: session)
        let view = DebuggerView(width: 200, height: 60)
        _ = view.perform(.layout(.all))
        view.apply(builder.build(shownFunction: nil, memory: nil))
        return (view, session, line)
    }

    @Test func panesOpenAtTheStop() throws {
        let (view, session, line) = try stoppedView()
        defer { session.kill() }
        #expect(view.source.currentLine == line)
        #expect(view.source.breakpointLines[line] == true)
        #expect(view.cursor(.source) == line - 1)
        let currentOffset = try #require(view.wasm.currentOffset)
        #expect(view.wasm.ops[view.cursor(.wasm)].moduleOffset == currentOffset)
        guard case .instruction(let address, _, _, let owner) = view.machine.entries[view.cursor(.machine)] else {
            Issue.record("machine cursor not on an instruction")
            return
        }
        #expect(address == view.machine.currentAddress)
        #expect(owner == currentOffset)
        #expect(view.selection.sourceLine == line)
        #expect(view.selection.moduleOffsets.contains(currentOffset))

        let screen = view.render().text
        #expect(screen.contains("[stopped: breakpoint 1]"))
        #expect(screen.contains("Wasm: average") && screen.contains("Machine code: average"))
        #expect(screen.split(separator: "\n").contains { $0.hasPrefix("B=>") && $0.contains(" \(line)     int32_t mean") })
        #expect(screen.contains("> #0 average at crash.c:\(line)"))
        #expect(screen.contains("stats = 0x"))
    }

    @Test func cursorsFollowEachOther() throws {
        let (view, session, line) = try stoppedView()
        defer { session.kill() }
        // Source cursor one line down: the wasm and machine cursors go to that line's code.
        _ = view.handle(.down)
        #expect(view.selection.sourceLine == line + 1)
        let nextLineOps = view.selection.moduleOffsets
        #expect(!nextLineOps.isEmpty)
        #expect(nextLineOps.contains(view.wasm.ops[view.cursor(.wasm)].moduleOffset))
        #expect(nextLineOps.contains(view.machine.entries[view.cursor(.machine)].moduleOffset))

        // The wasm pane drives: walk up until the op belongs to the division's line.
        _ = view.handle(.tab)
        #expect(view.focus == .wasm)
        for _ in 0..<view.wasm.rowCount where view.selection.sourceLine != line { _ = view.handle(.up) }
        #expect(view.selection.sourceLine == line)
        #expect(view.cursor(.source) == line - 1)
        let op = view.wasm.ops[view.cursor(.wasm)].moduleOffset
        #expect(view.selection.moduleOffsets == [op])
        #expect(view.machine.entries[view.cursor(.machine)].moduleOffset == op)

        // Related rows are highlighted in the panes without focus.
        var screen = ScreenBuffer(width: 200, height: 60)
        view.render(into: &screen)
        let relatedRows = (0..<screen.height).filter { row in (0..<screen.width).contains { screen[row, $0].style == .related } }
        #expect(relatedRows.count >= 2)
    }

    @Test func breakpointKeyTogglesByPane() throws {
        let (view, session, line) = try stoppedView()
        defer { session.kill() }
        #expect(view.handle(.function(9)) == [.deleteBreakpoint(1)])
        _ = view.handle(.down)
        guard case .addBreakpoint(.sourceLine(let file?, let newLine))? = view.handle(.function(9)).first else {
            Issue.record("F9 on a line without a breakpoint should add one")
            return
        }
        #expect(newLine == line + 1 && file.hasSuffix("crash.c"))
        _ = view.handle(.tab)
        _ = view.handle(.tab)
        #expect(view.focus == .machine)
        guard case .addBreakpoint(let location)? = view.handle(.character("b")).first else {
            Issue.record("b in the machine pane should add a breakpoint")
            return
        }
        switch location {
        case .machineAddress, .moduleOffset: break
        default: Issue.record("machine pane breakpoint at \(location)")
        }
    }
}
