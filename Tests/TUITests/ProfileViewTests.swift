/// The live profile view's models over a real profile of hotspots: the
/// table, the cursor that follows its function while the order changes,
/// the function view's three panes with their shares and heat, keys, the
/// layout at every size, and the quit that asks while the program runs.
import Profiler
import TestSupport
import Testing

@testable import TUI

@Suite struct ProfileViewTests {
    private func view(width: Int = 120, height: Int = 40, step: Int = .max / 2) throws -> (ProfileView, Profile) {
        let (profile, session) = try ProfileFixture.shared.get()
        let source = ReplayedProfileSource(profile: profile, symbolication: session.symbolication, step: step)
        return (ProfileView(source: source, width: width, height: height), profile)
    }

    @Test func theTableListsTheHotFunctionsHeaviestFirst() throws {
        let (view, profile) = try view()
        #expect(view.refresh())
        let table = view.table
        let top = try #require(table.function(atRow: 0))
        #expect(["count_primes", "multiply", "fnv1a"].contains(profile.functions[top].name))
        #expect(table.costs.map(\.selfWeight) == table.costs.map(\.selfWeight).sorted(by: >))
        view.runState = .running
        let screen = view.render().text
        #expect(screen.contains("hotspots.wasm 1  [running]  \(profile.totalWeight) samples"), "\(screen)")
        #expect(screen.contains("wall clock at 999 Hz"))
        #expect(screen.contains("outside guest code"))
        #expect(screen.contains("dropped"))
        #expect(screen.contains("Self%  Total%    Self   Total  Function"))
        let row = try #require(screen.split(separator: "\n").first { $0.contains(" multiply ") })
        #expect(row.contains("hotspots.c:"), "location column: \(row)")
        // The hottest row's Self% carries a heat role; a 0% row none.
        let rendered = view.render()
        let firstRow = try #require((0..<rendered.height).first { rendered.text(ofRow: $0).contains(profile.functions[top].name) })
        #expect(ScreenBuffer.isHeat(rendered[firstRow, 3].style))
    }

    @Test func exactCallCountsGetAColumnLabeledAsCounted() throws {
        let (profile, _) = try ProfileFixture.shared.get()
        let multiply = try #require(profile.functions.firstIndex { $0.name == "multiply" })
        let counts = CallCounts(
            entries: [CallCounts.Entry(function: profile.functions[multiply], calls: 123_456)], uncalledFunctionCount: 0, isFinal: true)
        let table = HotFunctionTableModel(profile: profile, callCounts: counts)
        #expect(table.header(width: 120).contains("Total         Calls  Function"))
        let row = try #require(table.row(ofFunction: multiply))
        #expect(table.row(at: row, width: 120).text.contains(" 123456  multiply"))
        let main = try #require(profile.functions.firstIndex { $0.name == "main" }.flatMap(table.row(ofFunction:)))
        #expect(table.row(at: main, width: 120).text.contains("  -  main"), "a function without a count shows -")
        #expect(ProfileSummary(profile: profile, state: .running, countsCalls: true).secondLine.contains("Calls: exact, counted (not sampled)"))
        #expect(HotFunctionTableModel(profile: profile).calls == nil)
    }

    @Test func snapshotsGrowAndTheSummaryFollows() throws {
        let (full, session) = try ProfileFixture.shared.get()
        let source = ReplayedProfileSource(profile: full, symbolication: session.symbolication, step: max(1, full.samples.count / 3))
        let view = ProfileView(source: source, width: 100, height: 30)
        view.runState = .running
        #expect(view.refresh())
        let first = view.profile?.samples.count ?? 0
        #expect(view.refresh())
        let second = view.profile?.samples.count ?? 0
        #expect(second > first && first > 0)
        while view.refresh() {}
        #expect(view.profile?.samples.count == full.samples.count)
        #expect(!view.refresh(), "an unchanged snapshot needs no redraw")
        view.runState = .finished(exitStatus: 0)
        #expect(view.render().text.contains("[finished (exit status 0)]"))
        view.runState = .trapped("integer divide by zero")
        #expect(view.render().text.contains("[trapped: integer divide by zero]"))
    }

    @Test func theCursorFollowsItsFunctionWhenTheOrderChanges() throws {
        let (full, session) = try ProfileFixture.shared.get()
        let multiply = try ProfileFixture.function(named: "multiply", in: full)
        let fnv1a = try ProfileFixture.function(named: "fnv1a", in: full)
        // First fnv1a is far ahead, then multiply overtakes it (its samples come back heavier).
        func leaf(_ sample: ProfileSample) -> Int { full.frames[full.stacks[sample.stack].frame].function }
        var before = full
        before.samples = full.samples.map { sample in
            var sample = sample
            if leaf(sample) == fnv1a { sample.weight *= 100 }
            return sample
        }
        var after = before
        after.samples += full.samples.filter { leaf($0) == multiply }.map { sample in
            var sample = sample
            sample.weight *= 1000
            return sample
        }
        let view = ProfileView(source: ReplayedProfileSource(profile: full, symbolication: session.symbolication, step: 1), width: 120, height: 40)
        view.apply(before)
        #expect(view.table.function(atRow: 0) == fnv1a)
        // Put the cursor on multiply.
        let row = try #require(view.table.row(ofFunction: multiply))
        for _ in 0..<row { _ = view.handle(.down) }
        #expect(view.selectedFunction == multiply)
        view.apply(after)
        #expect(view.table.function(atRow: 0) == multiply, "multiply is now first")
        #expect(view.tableScroll.cursor == 0, "the cursor moved with multiply")
        #expect(view.selectedFunction == multiply)
    }

    @Test func enterOpensTheFunctionWithHeatOnEveryLevel() throws {
        let (view, profile) = try view()
        view.refresh()
        let count = try ProfileFixture.function(named: "count_primes", in: profile)
        let row = try #require(view.table.row(ofFunction: count))
        for _ in 0..<row { _ = view.handle(.down) }
        #expect(view.handle(.enter) == nil)
        #expect(view.openFunction == count)
        #expect(view.focus == .source)
        let source = try #require(view.sourcePane)
        #expect(source.title == "Source: hotspots.c")
        // The cursor starts on the hottest line, in the sieve's loops.
        let hottestLine = try #require(view.heat?.lines.first?.source.line)
        let sieveStart = try Demos.line(of: "for (int i = 2; i <= limit", in: "hotspots", file: "hotspots.c")
        let sieveEnd = try Demos.line(of: "HOT: sieve", in: "hotspots", file: "hotspots.c")
        #expect((sieveStart...sieveEnd).contains(hottestLine))
        let cursorRow = source.row(at: view.scroll(.source).cursor, width: 80)
        #expect(cursorRow.text.contains(" \(hottestLine)  "), "\(cursorRow.text)")
        #expect(cursorRow.text.range(of: #"^\s*\d+\.\d%"#, options: .regularExpression) != nil)
        #expect(cursorRow.segments.first.map { ScreenBuffer.isHeat($0.style) } == true)
        // Shares of the function's samples: the lines' add up to at most 100%.
        let total = (0..<source.rowCount).reduce(0) { $0 + source.weight(ofRow: $1) }
        #expect(total <= view.heat?.weight ?? 0 && total > 0)

        let wasm = try #require(view.wasmPane)
        #expect(wasm.title == "Wasm: count_primes")
        #expect((0..<wasm.rowCount).contains { wasm.weight(ofRow: $0) > 0 })
        #expect(wasm.row(at: try #require(wasm.hottestRow), width: 60).text.range(of: #"^\s*\d+\.\d% 0x[0-9a-f]{6}"#, options: .regularExpression) != nil)
        let machine = try #require(view.machinePane)
        let hottestInstruction = machine.row(at: try #require(machine.hottestRow), width: 80).text
        #expect(hottestInstruction.range(of: #"^\s*\d+\.\d%   0x[0-9a-f]+  \S"#, options: .regularExpression) != nil, "\(hottestInstruction)")
        #expect(machine.entries.contains { if case .op = $0 { true } else { false } })
        // Every sampled op's line is the line its listing op counts for.
        let heat = try #require(view.heat)
        for sampled in heat.ops {
            guard let row = wasm.row(ofModuleOffset: sampled.moduleOffset), let source = sampled.source else { continue }
            #expect(wasm.ops[row].source?.line == source.line, "op 0x\(String(sampled.moduleOffset, radix: 16))")
        }

        let screen = view.render().text
        #expect(screen.contains("count_primes (hotspots.wasm, function"), "\(screen)")
        #expect(screen.contains("Source: hotspots.c"))
        #expect(screen.contains("Wasm: count_primes"))
        #expect(screen.contains("Machine code: count_primes"))
    }

    @Test func tabCyclesPanesAndEscapeGoesBackToTheSameFunction() throws {
        let (view, _) = try view()
        view.refresh()
        _ = view.handle(.down)
        let selected = try #require(view.table.function(atRow: 1))
        _ = view.handle(.enter)
        #expect(view.openFunction == selected)
        var order: [ProfileView.Focus] = [view.focus]
        for _ in 0..<4 {
            _ = view.handle(.tab)
            order.append(view.focus)
        }
        #expect(order == [.source, .wasm, .machine, .output, .source])
        _ = view.handle(.character("o"))
        _ = view.handle(.backTab)
        #expect(view.focus == .machine, "without the output pane, back from source is machine code")
        // Scrolling stays inside the rows.
        _ = view.handle(.end)
        #expect(view.scroll(.machine).cursor == (view.machinePane?.rowCount ?? 0) - 1)
        _ = view.handle(.pageDown)
        #expect(view.scroll(.machine).cursor == (view.machinePane?.rowCount ?? 0) - 1)
        _ = view.handle(.home)
        #expect(view.scroll(.machine).cursor == 0 && view.scroll(.machine).top == 0)
        // Moving in the wasm pane brings the op's machine code along.
        _ = view.handle(.tab)
        _ = view.handle(.tab)
        #expect(view.focus == .wasm)
        _ = view.handle(.down)
        let wasm = try #require(view.wasmPane)
        let op = wasm.ops[view.scroll(.wasm).cursor].moduleOffset
        #expect(view.scroll(.machine).cursor == view.machinePane?.row(ofCodeAtOrAfter: op), "machine code follows op 0x\(String(op, radix: 16))")
        // And the source pane goes to the op's line.
        if let line = wasm.ops[view.scroll(.wasm).cursor].source, let source = view.sourcePane {
            #expect(view.scroll(.source).cursor == source.row(of: .line(file: line.file, number: line.line)))
        }
        _ = view.handle(.escape)
        #expect(view.openFunction == nil && view.focus == .table)
        #expect(view.table.function(atRow: view.tableScroll.cursor) == selected)
    }

    @Test func functionsWithoutCodeDoNotOpen() throws {
        let (view, profile) = try view()
        view.refresh()
        let main = try #require(profile.functions.firstIndex { $0.name == "main" })
        view.open(function: main)
        #expect(view.openFunction != nil, "main is a wasm function: its own samples may be none, its code still shows")
        view.closeFunction()
        let noCode = profile.functions.firstIndex { $0.kind != .wasm }
        if let noCode {
            view.open(function: noCode)
            #expect(view.openFunction == nil)
            #expect(view.message?.contains("no code of its own") == true)
        }
    }

    @Test func searchFindsAFunctionInTheTable() throws {
        let (view, _) = try view()
        view.refresh()
        for key: Key in [.character("/"), .character("f"), .character("n"), .character("v"), .enter] { _ = view.handle(key) }
        let found = try #require(view.table.function(atRow: view.tableScroll.cursor))
        #expect(view.profile?.functions[found].name == "fnv1a")
        for key: Key in [.character("/"), .character("z"), .character("z"), .character("q"), .enter] { _ = view.handle(key) }
        #expect(view.message == "not found: zzq")
    }

    @Test func quitAsksWhileTheProgramRuns() throws {
        let (view, _) = try view()
        view.refresh()
        view.runState = .running
        #expect(view.handle(.character("q")) == nil)
        #expect(view.isConfirmingQuit)
        #expect(view.render().text.contains("Stop it and quit? (y/n)"))
        #expect(view.handle(.character("n")) == nil)
        #expect(!view.isConfirmingQuit)
        _ = view.handle(.character("q"))
        #expect(view.handle(.character("y")) == .quit)
        view.runState = .finished(exitStatus: 0)
        #expect(view.handle(.character("q")) == .quit)
    }

    @Test func helpOverlayListsTheKeysAndAnyKeyClosesIt() throws {
        let (view, _) = try view()
        view.refresh()
        _ = view.handle(.character("?"))
        let screen = view.render().text
        #expect(screen.contains("wasmscope live profile keys"))
        #expect(screen.contains("back to the function table"))
        _ = view.handle(.character("x"))
        #expect(!view.isHelpVisible)
    }

    @Test func outputIsShownAndFollowsTheNewestLine() throws {
        let (view, _) = try view(width: 100, height: 30)
        view.refresh()
        for index in 1...40 { view.appendOutput("line \(index)\n") }
        let screen = view.render().text
        #expect(screen.contains("Output (o hides)"))
        #expect(screen.contains("line 40"))
        #expect(!screen.contains("line 1\n"))
        _ = view.handle(.character("o"))
        #expect(!view.render().text.contains("line 40"))
    }

    @Test func layoutsFitEverySize() throws {
        let small = ProfileLayout(bounds: Rect(row: 0, column: 0, height: 20, width: 70), mode: .table, showsOutput: true)
        #expect(small.isTooSmall && small.table == nil)
        for (width, height) in [(80, 24), (120, 40), (200, 60)] {
            for showsOutput in [true, false] {
                let bounds = Rect(row: 0, column: 0, height: height, width: width)
                let table = ProfileLayout(bounds: bounds, mode: .table, showsOutput: showsOutput)
                let tableRect = try #require(table.table)
                #expect(tableRect.row == 2 && tableRect.height >= 10)
                #expect(tableRect.row + tableRect.height + (table.output?.height ?? 0) == table.messageRow)
                let function = ProfileLayout(bounds: bounds, mode: .function, showsOutput: showsOutput)
                #expect(function.codePanes.count == 3)
                for pane in function.codePanes {
                    #expect(pane.row > (function.functionHeaderRow ?? 0) && pane.row + pane.height <= function.messageRow)
                    #expect(pane.column + pane.width <= width && pane.height >= 4 && pane.width >= 30, "\(pane) at \(width)x\(height)")
                }
                let cells = function.codePanes.reduce(0) { $0 + $1.width * $1.height }
                let bodyHeight = function.messageRow - (function.functionHeaderRow ?? 0) - 1 - (function.output?.height ?? 0)
                #expect(cells == width * bodyHeight, "the panes tile the body at \(width)x\(height)")
            }
        }
        let (view, _) = try view(width: 70, height: 20)
        view.refresh()
        #expect(view.render().text.contains("Terminal too small: 70x20."))
        #expect(view.handle(.down) == nil)
    }

    @Test func heatRolesGrowWithTheShare() {
        #expect(HeatScale.style(share: 0) == nil)
        #expect(HeatScale.style(share: 0.01) == .heat1)
        #expect(HeatScale.style(share: 0.05) == .heat2)
        #expect(HeatScale.style(share: 0.15) == .heat3)
        #expect(HeatScale.style(share: 0.8) == .heat4)
        #expect(HeatScale.percentText(share: 0.123) == " 12.3%")
        #expect(HeatScale.percentText(share: 1) == "100.0%")
        #expect(HeatScale.percentText(share: 0) == "      ")
    }

    @Test func aRenderIntoARectangleStaysInside() throws {
        let (full, session) = try ProfileFixture.shared.get()
        let bounds = Rect(row: 3, column: 10, height: 30, width: 100)
        let view = ProfileView(source: ReplayedProfileSource(profile: full, symbolication: session.symbolication, step: 100), bounds: bounds)
        view.refresh()
        var screen = ScreenBuffer(width: 130, height: 40)
        screen.put("keep", row: 0, column: 0, style: .normal)
        screen.put("keep", row: 35, column: 115, style: .normal)
        view.render(into: &screen)
        #expect(screen.text(ofRow: 0).hasPrefix("keep"))
        #expect(screen.text(ofRow: 35).contains("keep"))
        #expect(screen.text(ofRow: 3).dropFirst(10).hasPrefix(" hotspots.wasm 1"))
        for row in 0..<40 {
            let text = screen.text(ofRow: row)
            #expect(text.prefix(10).allSatisfy { $0 == " " } || row == 0, "row \(row) spills left: \(text)")
        }
    }
}
