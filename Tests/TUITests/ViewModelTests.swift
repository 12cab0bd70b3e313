/// The panes' view models, the layout and the screen, without a terminal.
import Debugger
import Testing

@testable import TUI

struct LayoutTests {
    @Test func tooSmallBelowEightyByTwentyFour() {
        #expect(Layout.compute(width: 79, height: 40, preset: .all).isTooSmall)
        #expect(Layout.compute(width: 120, height: 23, preset: .all).isTooSmall)
        #expect(Layout.compute(width: 79, height: 40, preset: .all).panes.isEmpty)
        #expect(!Layout.compute(width: 80, height: 24, preset: .all).isTooSmall)
    }

    @Test(arguments: [(80, 24), (100, 30), (120, 40), (200, 60), (300, 100)])
    func panesTileTheBodyWithoutOverlap(size: (Int, Int)) {
        for preset in LayoutPreset.allCases {
            let layout = Layout.compute(width: size.0, height: size.1, preset: preset)
            var covered = Array(repeating: 0, count: size.0 * (size.1 - 2))
            for (kind, rect) in layout.panes {
                #expect(rect.height >= 2, "\(kind) \(rect) at \(size) \(preset)")
                #expect(rect.width >= 20, "\(kind) \(rect) at \(size) \(preset)")
                for row in rect.row..<(rect.row + rect.height) {
                    for column in rect.column..<(rect.column + rect.width) { covered[row * size.0 + column] += 1 }
                }
            }
            #expect(covered.allSatisfy { $0 == 1 }, "gaps or overlaps at \(size) \(preset)")
            #expect(Set(layout.focusOrder) == Set(layout.panes.keys))
            for kind in preset.codePanes { #expect(layout.panes[kind] != nil) }
            #expect(layout.statusRow == size.1 - 2 && layout.commandRow == size.1 - 1)
        }
    }

    @Test func presetsChooseTheCodePanes() {
        let sourceAndMachine = Layout.compute(width: 120, height: 40, preset: .sourceAndMachine)
        #expect(sourceAndMachine.panes[.wasm] == nil && sourceAndMachine.panes[.source] != nil)
        let wasmAndMachine = Layout.compute(width: 120, height: 40, preset: .wasmAndMachine)
        #expect(wasmAndMachine.panes[.source] == nil && wasmAndMachine.panes[.wasm] != nil)
        // Wide enough: all three side by side.
        let wide = Layout.compute(width: 220, height: 50, preset: .all)
        #expect(wide.panes[.source]!.row == wide.panes[.machine]!.row)
    }

    @Test func tooSmallScreenSaysSo() {
        let view = DebuggerView(width: 60, height: 20)
        let text = view.render().text
        #expect(text.contains("Terminal too small: 60x20"))
        #expect(text.contains("at least 80x24"))
        view.resize(width: 100, height: 30)
        #expect(!view.render().text.contains("too small"))
    }
}

struct SourcePaneTests {
    @Test func gutterShowsBreakpointsAndCurrentLine() {
        let model = SourcePaneModel(
            file: "/src/crash.c", lines: ["int a;", "\tint b = a / 0;", "return b;"], currentLine: 2,
            breakpointLines: [2: true, 3: false])
        #expect(model.title == "Source: crash.c")
        #expect(model.rowCount == 3)
        #expect(model.row(at: 0, width: 80).text == "     1 int a;")
        let current = model.row(at: 1, width: 80)
        #expect(current.text == "B=>  2     int b = a / 0;")
        #expect(current.isCurrent)
        #expect(current.segments.first?.style == .breakpoint)
        #expect(model.row(at: 2, width: 80).text == "b    3 return b;")
        #expect(model.search("RETURN", from: 0) == 2)
        #expect(model.search("int", from: 1) == 1)
        #expect(model.search("nothing", from: 0) == nil)
    }

    @Test func snapshotMarksOnlyThisFilesBreakpoints() {
        var snapshot = DebuggerSnapshot()
        snapshot.code = .init(listing: nil, sourceFile: "/demo/crash.c", sourceLines: ["a", "b", "c"])
        snapshot.breakpoints = [
            .init(number: 1, isEnabled: true, machineAddress: 1, file: "crash.c", line: 2),
            .init(number: 2, isEnabled: true, machineAddress: 2, file: "other.c", line: 3),
        ]
        let model = SourcePaneModel(snapshot: snapshot)
        #expect(model.breakpointLines == [2: true])
        #expect(model.currentLine == nil)
    }
}

struct MemoryPaneTests {
    @Test func hexDumpRows() {
        let bytes: [UInt8] = Array("Hello, wasm!".utf8) + [0, 1, 0x7f, 0xff] + Array("tail".utf8)
        let row = MemoryPaneModel.dumpRow(bytes: bytes, base: 0x1000, row: 0, bytesPerRow: 16)
        #expect(row.text == "00001000  48 65 6c 6c 6f 2c 20 77  61 73 6d 21 00 01 7f ff  Hello, wasm!....")
        let last = MemoryPaneModel.dumpRow(bytes: bytes, base: 0x1000, row: 1, bytesPerRow: 16)
        #expect(last.text == "00001010  74 61 69 6c" + String(repeating: " ", count: 39) + "tail")
        let narrow = MemoryPaneModel.dumpRow(bytes: bytes, base: 0x1000, row: 1, bytesPerRow: 8)
        #expect(narrow.text == "00001008  61 73 6d 21 00 01 7f ff  asm!....")
        let model = MemoryPaneModel(block: .init(address: 0x1000, bytes: bytes, expression: "&greeting"), bytesPerRow: 8)
        #expect(model.rowCount == 3)
        #expect(model.address(ofRow: 2) == 0x1010)
        #expect(model.title == "Memory: &greeting = 0x1000")
    }

    @Test func bytesPerRowFollowsWidth() {
        #expect(MemoryPaneModel.bytesPerRow(forWidth: 90) == 16)
        #expect(MemoryPaneModel.bytesPerRow(forWidth: 44) == 8)
        #expect(MemoryPaneModel.bytesPerRow(forWidth: 30) == 4)
    }

    @Test func unreadableMemorySaysWhy() {
        let model = MemoryPaneModel(block: .init(address: 0xffff_ffff, bytes: [], expression: "p", error: "Cannot access memory at 0xffffffff"))
        #expect(model.rowCount == 0)
        #expect(model.emptyText.contains("Cannot access memory"))
    }
}

struct SmallModelTests {
    @Test func outputJoinsPartialLinesAndFollowsTheTail() {
        var output = OutputPaneModel()
        output.append("hello ")
        #expect(output.rowCount == 1)
        output.append("world\nnext\n")
        #expect(output.rowCount == 2)
        #expect(output.row(at: 0, width: 80).text == "hello world")
        #expect(output.row(at: 1, width: 80).text == "next")
        output.append("a\tb")
        #expect(output.row(at: 2, width: 80).text == "a   b")
    }

    @Test func commandLineHistory() {
        var line = CommandLineModel()
        line.begin(.command)
        for character in "print x" { _ = line.handle(.character(character)) }
        #expect(line.handle(.enter) == .submitted(.command, "print x"))
        line.begin(.command)
        for character in "bt" { _ = line.handle(.character(character)) }
        #expect(line.handle(.enter) == .submitted(.command, "bt"))
        line.begin(.command)
        _ = line.handle(.up)
        #expect(line.text == "bt")
        _ = line.handle(.up)
        #expect(line.text == "print x")
        _ = line.handle(.down)
        #expect(line.text == "bt")
        _ = line.handle(.backspace)
        #expect(line.text == "b")
        #expect(line.handle(.escape) == .cancelled)
        #expect(!line.isActive)
        line.begin(.confirmQuit)
        #expect(line.handle(.character("n")) == .cancelled)
        line.begin(.confirmQuit)
        #expect(line.handle(.character("y")) == .submitted(.confirmQuit, "y"))
    }

    @Test func everyKeyOfTheIssueIsBoundAndInTheHelp() {
        let expected: [(Key, Action)] = [
            (.function(5), .continueOrRun), (.character("c"), .continueOrRun), (.function(10), .next),
            (.character("n"), .next), (.function(11), .step), (.character("s"), .step), (.function(23), .finish),
            (.character("f"), .finish), (.character("i"), .stepInstruction), (.function(9), .toggleBreakpoint),
            (.character("b"), .toggleBreakpoint), (.control("c"), .pause), (.tab, .focusNext),
            (.backTab, .focusPrevious), (.up, .cursorUp), (.down, .cursorDown), (.pageUp, .pageUp),
            (.pageDown, .pageDown), (.home, .home), (.end, .end), (.character("/"), .search), (.character("g"), .goTo),
            (.character(":"), .commandLine), (.character("?"), .help), (.function(1), .help), (.character("q"), .quit),
            (.character("1"), .layout(.sourceAndMachine)), (.character("2"), .layout(.wasmAndMachine)),
            (.character("3"), .layout(.all)),
        ]
        for (key, action) in expected { #expect(KeyMap.action(for: key) == action, "\(key.name)") }
        let help = HelpOverlay.lines.joined(separator: "\n")
        for binding in KeyMap.bindings { #expect(help.contains(binding.summary)) }
        #expect(help.contains("Shift-F11 f"))
    }

    @Test func focusCyclesThroughTheLaidOutPanes() {
        let view = DebuggerView(width: 120, height: 40)
        _ = view.perform(.layout(.all))
        var seen: [PaneKind] = [view.focus]
        for _ in 0..<7 {
            _ = view.handle(.tab)
            seen.append(view.focus)
        }
        #expect(Set(seen) == Set(PaneKind.allCases))
        _ = view.handle(.tab)
        #expect(view.focus == seen[0])
        _ = view.handle(.backTab)
        #expect(view.focus == seen[7])
    }

    @Test func quitAsksOnlyWhileRunning() {
        let view = DebuggerView(width: 120, height: 40)
        view.isBusy = true
        #expect(view.handle(.character("q")).isEmpty)
        #expect(view.commandLine.mode == .confirmQuit)
        #expect(view.render().text.contains("Quit anyway? (y/n)"))
        #expect(view.handle(.character("y")) == [.quit])
        let idle = DebuggerView(width: 120, height: 40)
        #expect(idle.handle(.character("q")) == [.quit])
    }

    @Test func resumingKeysAreRefusedWhileRunning() {
        let view = DebuggerView(width: 120, height: 40)
        #expect(view.handle(.function(5)) == [.continueOrRun])
        view.isBusy = true
        #expect(view.handle(.character("n")).isEmpty)
        #expect(view.message?.contains("Ctrl-C") == true)
        #expect(view.render().text.contains("[running]"))
    }
}
