/// The memory pane's newer parts: bytes changed since the previous stop,
/// the word cursor, following a pointer and coming back.
import Debugger
import Foundation
import ProgramRunner
import TestSupport
import Testing

@testable import TUI

struct MemoryCursorTests {
    @Test func changedBytesAndTheCursorWordHaveTheirRoles() {
        let bytes: [UInt8] = [0xa8, 0x15, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x41, 0x42, 0x43, 0x44]
        let row = MemoryPaneModel.dumpRow(bytes: bytes, base: 0x1000, row: 0, bytesPerRow: 8, changed: [4], cursorWord: 0)
        #expect(row.text == "00001000  a8 15 01 00 02 00 00 00  ........")
        #expect(row.segments.map(\.style) == [.dim, .cursor, .normal, .changed, .normal, .cursor, .changed, .normal])
        #expect(row.segments[1].text == "a8 15 01 00")
        #expect(row.segments[3].text == "02")
        // Without a cursor and changes, one plain run as before.
        let plain = MemoryPaneModel.dumpRow(bytes: bytes, base: 0x1000, row: 1, bytesPerRow: 8)
        #expect(plain.segments.map(\.style) == [.dim, .normal])
        #expect(plain.text == "00001008  41 42 43 44" + String(repeating: " ", count: 14) + "ABCD")

        let model = MemoryPaneModel(block: .init(address: 0x1000, bytes: bytes, expression: "p"), bytesPerRow: 8)
        #expect(model.word(atOffset: 0) == 0x115a8)
        #expect(model.wordOffset(row: 0, word: 1) == 4)
        #expect(model.wordOffset(row: 1, word: 1) == nil)
    }

    private func memoryView(bytes: [UInt8]) -> DebuggerView {
        let view = DebuggerView(width: 120, height: 40)
        _ = view.perform(.layout(.all))
        var snapshot = DebuggerSnapshot()
        snapshot.state = .stopped(.stepFinished)
        snapshot.memory = .init(address: 0x2000, bytes: bytes, expression: "&node", changed: [1])
        view.apply(snapshot)
        for _ in 0..<10 where view.focus != .memory { _ = view.perform(.focusNext) }
        return view
    }

    @Test func followingAPointerAndComingBack() {
        var bytes = [UInt8](repeating: 0, count: 64)
        bytes[0...3] = [0x10, 0x30, 0x00, 0x00]
        bytes[4...7] = [0xff, 0xff, 0xff, 0x7f]
        bytes[16...19] = [0x00, 0x40, 0x00, 0x00]
        let view = memoryView(bytes: bytes)
        #expect(view.focus == .memory)
        #expect(view.handle(.enter) == [.showMemoryAt(address: 0x3010, expression: "*0x2000")])
        #expect(view.memoryHistory.count == 1)
        #expect(view.message?.contains("u or Backspace") == true)
        // The followed memory arrives; u goes back to where the cursor was.
        var followed = DebuggerSnapshot()
        followed.state = .stopped(.stepFinished)
        followed.memory = .init(address: 0x3010, bytes: [UInt8](repeating: 7, count: 64), expression: "*0x2000")
        view.apply(followed)
        #expect(view.memory.title == "Memory: *0x2000 = 0x3010")
        #expect(view.handle(.character("u")) == [.showMemoryAt(address: 0x2000, expression: "&node")])
        #expect(view.memoryHistory.isEmpty)
        #expect(view.handle(.backspace).isEmpty)
        #expect(view.message?.contains("Nothing to go back to") == true)

        // Right moves a word; at the end of a row, on to the next row.
        let other = memoryView(bytes: bytes)
        _ = other.handle(.right)
        #expect(other.memoryWord == 1)
        #expect(other.handle(.character("p")) == [.showMemoryAt(address: 0x7fff_ffff, expression: "*0x2004")])
        let rows = memoryView(bytes: bytes)
        for _ in 0..<rows.memory.wordsPerRow { _ = rows.handle(.right) }
        #expect(rows.memoryWord == 0 && rows.cursor(.memory) == 1)
        _ = rows.handle(.left)
        #expect(rows.memoryWord == rows.memory.wordsPerRow - 1 && rows.cursor(.memory) == 0)
        // The cursor's word is drawn as the cursor; the rest of the row is not.
        let screen = rows.render()
        let styles = Set((0..<screen.height).flatMap { row in (0..<screen.width).map { screen[row, $0].style } })
        #expect(styles.contains(.changed))
    }

    @Test func aPartialWordOrNoMemoryIsAMessage() {
        let view = memoryView(bytes: [1, 2])
        #expect(view.handle(.enter).isEmpty)
        #expect(view.message == "No whole 32-bit word at the cursor.")
        let empty = DebuggerView(width: 120, height: 40)
        for _ in 0..<10 where empty.focus != .memory { _ = empty.perform(.focusNext) }
        #expect(empty.handle(.character("p")).isEmpty)
        #expect(empty.message?.contains("No memory shown") == true)
        #expect(empty.handle(.character("u")).isEmpty)
    }
}

@Suite(.serialized)
struct ChangedMemoryTests {
    @Test func onlyBytesReadAtBothStopsAndDifferentAreChanged() throws {
        let session = try crashDivisionSession()
        defer { session.kill() }
        let line = try Demos.line(of: "TRAP: div", in: "crash", file: "crash.c")
        try session.addBreakpoint(.sourceLine(file: "crash.c", line: line))
        try session.run()
        var builder = SnapshotBuilder(session: session)
        let address = try session.evaluateAddress("&mean")
        let first = builder.build(shownFunction: nil, memory: (address, "&mean"))
        #expect(first.memory?.changed == [], "nothing to compare with at the first stop")

        builder.beginNewStop()
        _ = try session.stepLine(overCalls: true)
        let second = builder.build(shownFunction: nil, memory: (address, "&mean"))
        let block = try #require(second.memory)
        #expect(Array(block.bytes.prefix(4)) == [6, 0, 0, 0])
        #expect(block.changed.contains(0), "mean became 6: \(block.changed.sorted())")
        #expect(!block.changed.contains(1) && !block.changed.contains(2))
        // Rebuilding at the same stop (after a breakpoint, a scroll) still highlights.
        #expect(builder.build(shownFunction: nil, memory: (address, "&mean")).memory?.changed == block.changed)
        // Somewhere the previous stop never read: nothing is highlighted.
        let elsewhere = builder.build(shownFunction: nil, memory: (address + 0x2000, "elsewhere")).memory
        #expect(elsewhere?.changed == [])
    }
}
