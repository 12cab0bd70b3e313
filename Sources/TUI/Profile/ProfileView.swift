/// The live profile view: a table of the hottest functions that refreshes
/// while the program runs, and for the function under the cursor (Enter) its
/// source lines, wasm ops and machine instructions with their share of the
/// function's samples, colored by heat.
///
/// Plain Swift over a `LiveProfileSource`: it polls snapshots, takes keys
/// and renders into a rectangle of a `ScreenBuffer`, so `wasmscope profile
/// --tui` runs it full screen and the debugger can show it in its own screen.
/// The table's cursor follows its function (not its row) as the order changes.
import Foundation
import Profiler

/// What the view asks of whoever runs it.
public enum ProfileViewEvent: Sendable, Equatable {
    /// Close the view (the user confirmed stopping a running program, if it ran).
    case quit
}

public final class ProfileView {
    public enum Focus: Sendable, Hashable {
        case table, source, wasm, machine, output
    }

    public let source: any LiveProfileSource
    public var runState: ProfileRunState = .starting
    /// Whether `q` asks before closing while the program runs (the program stops with the view).
    public var confirmsQuitWhileLive = true
    /// What `q` does, for the hint row: "quit" full screen, "close" inside another view.
    public var quitLabel = "quit"
    public private(set) var profile: Profile?
    public private(set) var table = HotFunctionTableModel(profile: nil)
    public private(set) var tableScroll = ScrollState()
    /// The function the user put the cursor on; nil until they move it (the cursor then stays on the hottest).
    public private(set) var selectedFunction: Int?
    /// The function shown in the function view, nil in the table.
    public private(set) var openFunction: Int?
    public private(set) var heat: FunctionHeat?
    public private(set) var sourcePane: HeatSourcePaneModel?
    public private(set) var wasmPane: HeatWasmPaneModel?
    public private(set) var machinePane: HeatMachinePaneModel?
    public private(set) var output = OutputPaneModel()
    public private(set) var showsOutput = true
    public private(set) var focus: Focus = .table
    /// Shown on the bottom row until the next key.
    public var message: String?
    public private(set) var isHelpVisible = false
    public private(set) var isConfirmingQuit = false
    /// The search being typed, nil when none is.
    public private(set) var searchInput: String?
    private var lastSearch = ""
    private var scrolls: [Focus: ScrollState] = [:]
    private var followsOutput = true
    private var listings: [Int: Result<FunctionListing, ProfileError>] = [:]
    private var sources = SourceFileCache()
    public private(set) var bounds: Rect

    public init(source: any LiveProfileSource, bounds: Rect) {
        self.source = source
        self.bounds = bounds
    }

    public convenience init(source: any LiveProfileSource, width: Int, height: Int) {
        self.init(source: source, bounds: Rect(row: 0, column: 0, height: height, width: width))
    }

    public var layout: ProfileLayout {
        ProfileLayout(bounds: bounds, mode: openFunction == nil ? .table : .function, showsOutput: showsOutput)
    }

    public func resize(to bounds: Rect) {
        self.bounds = bounds
        revealAll()
    }

    public func resize(width: Int, height: Int) {
        resize(to: Rect(row: 0, column: 0, height: height, width: width))
    }

    public func scroll(_ focus: Focus) -> ScrollState {
        focus == .table ? tableScroll : scrolls[focus] ?? ScrollState()
    }

    // MARK: - Taking in snapshots and output

    /// Polls the source; true when the profile changed (redraw).
    @discardableResult
    public func refresh() -> Bool {
        guard let snapshot = source.snapshot() else { return false }
        return apply(snapshot)
    }

    /// Shows `profile`, keeping the table's cursor on its function and the
    /// function view's cursors where they were; true when anything changed.
    @discardableResult
    public func apply(_ newProfile: Profile) -> Bool {
        if let profile, profile.samples.count == newProfile.samples.count,
            profile.droppedSampleCount == newProfile.droppedSampleCount,
            profile.metadata.endTimestamp == newProfile.metadata.endTimestamp
        {
            return false
        }
        profile = newProfile
        table = HotFunctionTableModel(profile: newProfile, callCounts: source.callCounts())
        if let selectedFunction, let row = table.row(ofFunction: selectedFunction) {
            tableScroll.cursor = row
        }
        tableScroll.moveTo(tableScroll.cursor, rowCount: table.rowCount, visibleRows: visibleRows(.table))
        if let openFunction { rebuildFunctionPanes(openFunction, initialCursors: false) }
        return true
    }

    public func appendOutput(_ text: String) {
        output.append(text)
        if followsOutput { scrolls[.output] = bottom(of: output.rowCount, visibleRows: visibleRows(.output)) }
    }

    // MARK: - The function view

    /// Opens the function view on wasm function `function` (a `Profile.functions` index).
    public func open(function: Int) {
        guard let profile, function >= 0, function < profile.functions.count else { return }
        let described = profile.functions[function]
        guard described.kind == .wasm else {
            message = "\(described.displayName) has no code of its own to show (it is \(kindDescription(described.kind)))"
            return
        }
        let listing =
            listings[function]
            ?? Result { () throws(ProfileError) in try FunctionListing(function: described, symbolication: source.symbolication) }
        listings[function] = listing
        if case .failure(let error) = listing {
            message = "cannot list \(described.displayName): \(error.description)"
            return
        }
        openFunction = function
        selectedFunction = function
        rebuildFunctionPanes(function, initialCursors: true)
        focus = (sourcePane?.rowCount ?? 0) > 0 ? .source : .wasm
    }

    public func closeFunction() {
        openFunction = nil
        heat = nil
        sourcePane = nil
        wasmPane = nil
        machinePane = nil
        focus = .table
        for pane in [Focus.source, .wasm, .machine] { scrolls[pane] = nil }
    }

    private func kindDescription(_ kind: ProfileFunctionKind) -> String {
        switch kind {
        case .wasm: "wasm code"
        case .inlined: "inlined into a wasm function: open that one"
        case .hostImport: "a host function"
        case .builtin: "a runtime builtin"
        case .engineStub: "an engine stub"
        case .outsideGuest: "time outside guest code"
        }
    }

    private func rebuildFunctionPanes(_ function: Int, initialCursors: Bool) {
        guard let profile, case .success(let listing)? = listings[function] else { return }
        let newHeat = FunctionHeat.of(function: function, in: profile)
        // Source rows can grow as samples reach new inlined lines: keep the cursor on its line.
        let previousSourceEntry = sourcePane.flatMap { pane in
            scroll(.source).cursor < pane.rowCount ? pane.entries[scroll(.source).cursor] : nil
        }
        heat = newHeat
        sourcePane = HeatSourcePaneModel(file: profile.functions[function].definition?.file, heat: newHeat, sources: &sources)
        wasmPane = HeatWasmPaneModel(listing: listing, heat: newHeat)
        machinePane = HeatMachinePaneModel(listing: listing, heat: newHeat)
        if initialCursors {
            center(.source, on: sourcePane?.hottestRow ?? 0)
            center(.wasm, on: wasmPane?.hottestRow ?? 0)
            center(.machine, on: machinePane?.hottestRow ?? 0)
        } else {
            if let previousSourceEntry, let row = sourcePane?.row(of: previousSourceEntry) {
                var state = scroll(.source)
                let shift = row - state.cursor
                state.cursor = row
                state.top = max(0, state.top + shift)
                scrolls[.source] = state
            }
            revealAll()
        }
    }

    // MARK: - Keys

    public func handle(_ key: Key) -> ProfileViewEvent? {
        if isHelpVisible {
            isHelpVisible = false
            return nil
        }
        if isConfirmingQuit {
            isConfirmingQuit = false
            message = nil
            return key == .character("y") || key == .character("Y") ? .quit : nil
        }
        if searchInput != nil { return handleSearchInput(key) }
        if key == .resize { return nil }
        message = nil
        guard let action = ProfileKeyMap.action(for: key) else { return nil }
        if layout.isTooSmall, action != .quit { return nil }
        switch action {
        case .cursorUp: moveCursor(by: -1)
        case .cursorDown: moveCursor(by: 1)
        case .pageUp: moveCursor(by: -max(1, visibleRows(focus) - 1))
        case .pageDown: moveCursor(by: max(1, visibleRows(focus) - 1))
        case .home: moveCursor(to: 0)
        case .end: moveCursor(to: Int.max / 2)
        case .open:
            if openFunction == nil, focus == .table, let function = table.function(atRow: tableScroll.cursor) {
                open(function: function)
            }
        case .back:
            if openFunction != nil { closeFunction() }
        case .focusNext: cycleFocus(by: 1)
        case .focusPrevious: cycleFocus(by: -1)
        case .toggleOutput:
            showsOutput.toggle()
            if !showsOutput, focus == .output { focus = openFunction == nil ? .table : .source }
            revealAll()
        case .search:
            searchInput = ""
        case .searchAgain:
            search(lastSearch)
        case .help:
            isHelpVisible = true
        case .redraw:
            break
        case .quit:
            if runState.isLive && confirmsQuitWhileLive {
                isConfirmingQuit = true
                message = "The program is still running. Stop it and quit? (y/n)"
                return nil
            }
            return .quit
        }
        return nil
    }

    private func handleSearchInput(_ key: Key) -> ProfileViewEvent? {
        switch key {
        case .character(let character):
            searchInput?.append(character)
        case .backspace:
            if searchInput?.isEmpty ?? true { searchInput = nil } else { searchInput?.removeLast() }
        case .escape, .control("c"):
            searchInput = nil
        case .enter:
            let query = searchInput ?? ""
            searchInput = nil
            search(query.isEmpty ? lastSearch : query)
        default:
            break
        }
        return nil
    }

    private func search(_ query: String) {
        guard !query.isEmpty else { return }
        lastSearch = query
        let model = model(of: focus)
        let start = scroll(focus).cursor + 1
        if let row = model?.search(query, from: start) {
            center(focus, on: row)
            if focus == .table { selectedFunction = table.function(atRow: row) }
        } else {
            message = "not found: \(query)"
        }
    }

    private var focusOrder: [Focus] {
        (openFunction == nil ? [.table] : [.source, .wasm, .machine]) + (showsOutput ? [.output] : [])
    }

    private func cycleFocus(by step: Int) {
        let order = focusOrder
        let index = order.firstIndex(of: focus) ?? 0
        focus = order[(index + step + order.count) % order.count]
    }

    private func moveCursor(by delta: Int) {
        moveCursor(to: scroll(focus).cursor + delta)
    }

    private func moveCursor(to row: Int) {
        guard let model = model(of: focus) else { return }
        var state = scroll(focus)
        state.moveTo(row, rowCount: model.rowCount, visibleRows: visibleRows(focus))
        store(state, for: focus)
        if focus == .table { selectedFunction = table.function(atRow: state.cursor) }
        if focus == .output { followsOutput = state.cursor >= output.rowCount - 1 }
        synchronizeCode(from: focus)
    }

    /// The code panes follow the focused one: a line's first op and its code,
    /// an op's line and code, an instruction's op and line.
    private func synchronizeCode(from focus: Focus) {
        guard let sourcePane, let wasmPane, let machinePane else { return }
        let cursor = scroll(focus).cursor
        var offset: Int?
        switch focus {
        case .source:
            guard cursor < sourcePane.rowCount, case .line(let file, let line) = sourcePane.entries[cursor],
                let openFunction, case .success(let listing)? = listings[openFunction],
                let first = listing.ops(ofLine: line, in: file).first
            else { return }
            offset = first.moduleOffset
        case .wasm:
            guard cursor < wasmPane.rowCount else { return }
            offset = wasmPane.ops[cursor].moduleOffset
        case .machine:
            guard cursor < machinePane.rowCount else { return }
            switch machinePane.entries[cursor] {
            case .op(let op): offset = op.moduleOffset
            case .instruction(let instruction): offset = instruction.moduleOffset
            }
        default:
            return
        }
        guard let offset else { return }
        if focus != .wasm, let row = wasmPane.row(ofModuleOffset: offset) { center(.wasm, on: row) }
        if focus != .machine, let row = machinePane.row(ofCodeAtOrAfter: offset) { center(.machine, on: row) }
        if focus != .source, let op = wasmPane.row(ofModuleOffset: offset).map({ wasmPane.ops[$0] }),
            let source = op.source, let row = sourcePane.row(of: .line(file: source.file, number: source.line))
        {
            center(.source, on: row)
        }
    }

    // MARK: - Panes and scrolling

    private func model(of focus: Focus) -> (any PaneModel)? {
        switch focus {
        case .table: table
        case .source: sourcePane
        case .wasm: wasmPane
        case .machine: machinePane
        case .output: output
        }
    }

    private func rect(of focus: Focus) -> Rect? {
        let layout = layout
        switch focus {
        case .table: return layout.table
        case .source: return layout.codePanes.first
        case .wasm: return layout.codePanes.count > 1 ? layout.codePanes[1] : nil
        case .machine: return layout.codePanes.count > 2 ? layout.codePanes[2] : nil
        case .output: return layout.output
        }
    }

    /// Rows a pane shows below its title bar.
    private func visibleRows(_ focus: Focus) -> Int {
        max(1, (rect(of: focus)?.height ?? 2) - 1)
    }

    private func store(_ state: ScrollState, for focus: Focus) {
        if focus == .table { tableScroll = state } else { scrolls[focus] = state }
    }

    private func center(_ focus: Focus, on row: Int) {
        guard let model = model(of: focus), model.rowCount > 0 else {
            store(ScrollState(), for: focus)
            return
        }
        var state = scroll(focus)
        state.center(on: row, rowCount: model.rowCount, visibleRows: visibleRows(focus))
        store(state, for: focus)
    }

    private func revealAll() {
        for focus in [Focus.table, .source, .wasm, .machine, .output] {
            guard let model = model(of: focus) else { continue }
            var state = scroll(focus)
            state.cursor = max(0, min(state.cursor, model.rowCount - 1))
            state.reveal(visibleRows: visibleRows(focus), rowCount: model.rowCount)
            store(state, for: focus)
        }
        if followsOutput { scrolls[.output] = bottom(of: output.rowCount, visibleRows: visibleRows(.output)) }
    }

    private func bottom(of rowCount: Int, visibleRows: Int) -> ScrollState {
        ScrollState(cursor: max(0, rowCount - 1), top: max(0, rowCount - visibleRows))
    }

    // MARK: - Drawing

    public func render() -> ScreenBuffer {
        var screen = ScreenBuffer(width: bounds.column + bounds.width, height: bounds.row + bounds.height)
        render(into: &screen)
        return screen
    }

    public func render(into screen: inout ScreenBuffer) {
        let layout = layout
        for row in bounds.row..<(bounds.row + bounds.height) {
            screen.fill(row: row, column: bounds.column, count: bounds.width, style: .normal)
        }
        if layout.isTooSmall {
            drawTooSmall(into: &screen)
            return
        }
        let summary = ProfileSummary(profile: profile, state: runState, countsCalls: table.calls != nil)
        let summaryRows = Array(layout.summaryRows)
        screen.fill(row: summaryRows[0], column: bounds.column, count: bounds.width, style: .status)
        screen.put(summary.firstLine, row: summaryRows[0], column: bounds.column, style: .status, limit: bounds.width)
        screen.put(summary.secondLine, row: summaryRows[1], column: bounds.column, style: .normal, limit: bounds.width)

        if let rect = layout.table {
            screen.drawProfilePane(
                table, in: rect, scroll: tableScroll, isFocused: focus == .table, titleRow: table.header(width: rect.width))
        }
        if let headerRow = layout.functionHeaderRow, let openFunction {
            screen.put(functionHeader(openFunction), row: headerRow, column: bounds.column, style: .normal, limit: bounds.width)
        }
        let panes: [(Focus, (any PaneModel)?)] = [(.source, sourcePane), (.wasm, wasmPane), (.machine, machinePane)]
        for ((focus, model), rect) in zip(panes, layout.codePanes) {
            guard let model else { continue }
            screen.drawProfilePane(
                model, in: rect, scroll: scroll(focus), isFocused: self.focus == focus, unfocusedCursorStyle: .related)
        }
        if let rect = layout.output {
            screen.drawProfilePane(
                output, in: rect, scroll: scroll(.output), isFocused: focus == .output, showsCursor: focus == .output,
                titleRow: " Output (o hides)", emptyText: "(the program's output appears here)")
        }
        drawMessageRow(layout.messageRow, into: &screen)
        if isHelpVisible { HelpOverlay.draw(ProfileKeyMap.helpLines, into: &screen) }
    }

    /// Where the terminal's cursor goes: after the search being typed.
    public var cursorPosition: (row: Int, column: Int)? {
        guard let searchInput, !layout.isTooSmall else { return nil }
        return (layout.messageRow, min(bounds.column + bounds.width - 1, bounds.column + 1 + searchInput.count))
    }

    private func functionHeader(_ function: Int) -> String {
        guard let profile else { return "" }
        let described = profile.functions[function]
        var parts = [described.moduleName ?? "", described.wasmFunctionIndex.map { "function \($0)" } ?? ""]
        parts.append(described.locationText)
        let weight = heat?.weight ?? 0
        let share = String(format: "%.1f%%", profile.percent(weight))
        return " \(described.displayName) (\(parts.filter { !$0.isEmpty }.joined(separator: ", "))): "
            + "\(share) of all samples (\(weight)); rows: % of this function"
    }

    private func drawMessageRow(_ row: Int, into screen: inout ScreenBuffer) {
        if let searchInput {
            screen.put("/" + searchInput, row: row, column: bounds.column, style: .normal, limit: bounds.width)
        } else if let message {
            screen.put(message, row: row, column: bounds.column, style: isConfirmingQuit ? .error : .normal, limit: bounds.width)
        } else {
            let hint =
                openFunction == nil
                ? " Enter open function  Tab pane  o output  / search  ? help  q \(quitLabel)"
                : " Esc back to table  Tab next pane  o output  / search  ? help  q \(quitLabel)"
            screen.put(hint, row: row, column: bounds.column, style: .dim, limit: bounds.width)
        }
    }

    private func drawTooSmall(into screen: inout ScreenBuffer) {
        let lines = [
            "Terminal too small: \(bounds.width)x\(bounds.height).",
            "The profile needs at least \(ProfileLayout.minimumWidth)x\(ProfileLayout.minimumHeight).",
            "Enlarge the window, or press q to quit.",
        ]
        let top = bounds.row + max(0, bounds.height / 2 - 1)
        for (index, line) in lines.enumerated() {
            screen.put(
                line, row: top + index, column: bounds.column + max(0, (bounds.width - line.count) / 2),
                style: index == 0 ? .error : .normal, limit: bounds.width)
        }
    }
}
