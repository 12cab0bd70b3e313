/// The whole debugger screen as plain Swift: pane models built from the
/// latest snapshot, focus, cursors, the layout preset, the command line and
/// the help overlay. Keys go in (`handle`), session requests come out, and
/// `render` draws everything into a `ScreenBuffer`. No ncurses and no session
/// here, so all of it runs in unit tests and the benchmark.
import Debugger

public final class DebuggerView {
    public private(set) var snapshot = DebuggerSnapshot()
    public private(set) var layout: Layout
    public private(set) var preset: LayoutPreset = .all
    public private(set) var focus: PaneKind = .source
    public private(set) var scroll: [PaneKind: ScrollState] = [:]
    public private(set) var selection = CodeSelection.none
    public private(set) var commandLine = CommandLineModel()
    public private(set) var isHelpVisible = false
    /// A session call is in progress on the controller's thread (the guest may be running).
    public var isBusy = false
    /// One line of feedback in the command row (an error, "Breakpoint 2 deleted").
    public var message: String?
    public private(set) var wantsQuit = false

    public private(set) var source = SourcePaneModel(file: nil, lines: [], currentLine: nil, breakpointLines: [:])
    public private(set) var wasm = WasmPaneModel(snapshot: DebuggerSnapshot())
    public private(set) var machine = MachinePaneModel(snapshot: DebuggerSnapshot())
    public private(set) var locals = LocalsPaneModel(variables: [], isStopped: false)
    public private(set) var stack = StackPaneModel(frames: [], selectedIndex: 0)
    public private(set) var registers = RegistersPaneModel(registers: [], operandStack: [])
    public private(set) var memory = MemoryPaneModel(block: nil)
    public private(set) var output = OutputPaneModel()
    private var correlation = CodeCorrelation(listing: nil, sourceFile: nil)
    private var lastSearch = ""
    /// What the code panes last centered on, to recenter only when it changes.
    private var shownPosition: ShownPosition?

    private struct ShownPosition: Equatable {
        var functionIndex: UInt32?
        var pc: UInt?
        var generation: Int
    }

    public init(width: Int, height: Int) {
        layout = Layout.compute(width: width, height: height, preset: .all)
        if width < 120 { preset = .sourceAndMachine }
        layout = Layout.compute(width: width, height: height, preset: preset)
    }

    // MARK: - Input from the controller

    public func resize(width: Int, height: Int) {
        layout = Layout.compute(width: width, height: height, preset: preset)
        updateMemoryWidth()
        recenterCursors()
    }

    /// After the panes changed size: each cursor back in the middle of its
    /// pane (a pane that was hidden had a one-row viewport meanwhile).
    private func recenterCursors() {
        for kind in PaneKind.allCases where layout.panes[kind] != nil {
            var state = scroll[kind] ?? ScrollState()
            let rows = visibleRows(kind)
            let count = pane(kind).rowCount
            state.cursor = max(0, min(state.cursor, count - 1))
            state.top = kind == .output || kind == .memory ? state.top : max(0, state.cursor - rows / 2)
            state.reveal(visibleRows: rows, rowCount: count)
            scroll[kind] = state
        }
    }

    public func apply(_ snapshot: DebuggerSnapshot) {
        self.snapshot = snapshot
        source = SourcePaneModel(snapshot: snapshot)
        wasm = WasmPaneModel(snapshot: snapshot)
        machine = MachinePaneModel(snapshot: snapshot)
        locals = LocalsPaneModel(snapshot: snapshot)
        stack = StackPaneModel(snapshot: snapshot)
        registers = RegistersPaneModel(snapshot: snapshot)
        memory = MemoryPaneModel(block: snapshot.memory, bytesPerRow: memory.bytesPerRow)
        correlation = CodeCorrelation(listing: snapshot.code.listing, sourceFile: snapshot.code.sourceFile)
        updateMemoryWidth()

        let position = ShownPosition(
            functionIndex: snapshot.code.listing?.functionIndex, pc: snapshot.currentPC,
            generation: snapshot.state.isStopped ? snapshot.generation : 0)
        if position != shownPosition {
            let sameFunction = position.functionIndex == shownPosition?.functionIndex
            shownPosition = position
            if let pc = position.pc {
                showCurrentLocation(pc: pc)
            } else if !sameFunction {
                showFunctionStart()
            }
        }
        if snapshot.memory != nil { scroll[.memory] = scroll[.memory] ?? ScrollState() }
        scroll[.stack] = ScrollState(cursor: min(snapshot.selectedFrameIndex, max(0, stack.rowCount - 1)))
        for kind in PaneKind.allCases { clampCursor(kind) }
        synchronize(from: focus.isCode ? focus : .source)
    }

    public func appendOutput(_ text: String, style: CellStyle = .normal) {
        let following = cursor(.output) >= output.rowCount - 1 || focus != .output
        output.append(text, style: style)
        if following { setCursor(.output, to: output.rowCount - 1) }
    }

    /// Memory blocks read after a scroll start at the row the cursor was on.
    public func memoryMoved() {
        scroll[.memory] = ScrollState()
    }

    // MARK: - Cursors

    public func cursor(_ kind: PaneKind) -> Int { scroll[kind]?.cursor ?? 0 }

    public func pane(_ kind: PaneKind) -> any PaneModel {
        switch kind {
        case .source: source
        case .wasm: wasm
        case .machine: machine
        case .locals: locals
        case .stack: stack
        case .registers: registers
        case .memory: memory
        case .output: output
        }
    }

    private func visibleRows(_ kind: PaneKind) -> Int {
        max(1, (layout.panes[kind]?.height ?? 2) - 1)
    }

    private func setCursor(_ kind: PaneKind, to row: Int, centered: Bool = false) {
        var state = scroll[kind] ?? ScrollState()
        let count = pane(kind).rowCount
        if centered {
            state.center(on: row, rowCount: count, visibleRows: visibleRows(kind))
        } else {
            state.moveTo(row, rowCount: count, visibleRows: visibleRows(kind))
        }
        scroll[kind] = state
    }

    private func clampCursor(_ kind: PaneKind) {
        guard var state = scroll[kind] else { return }
        let count = pane(kind).rowCount
        state.cursor = max(0, min(state.cursor, count - 1))
        state.reveal(visibleRows: visibleRows(kind), rowCount: count)
        scroll[kind] = state
    }

    private func updateMemoryWidth() {
        if let rect = layout.panes[.memory] {
            memory.bytesPerRow = MemoryPaneModel.bytesPerRow(forWidth: contentWidth(rect))
        }
    }

    private func showCurrentLocation(pc: UInt) {
        if let line = source.currentLine { setCursor(.source, to: source.row(ofLine: line), centered: true) }
        if let offset = wasm.currentOffset, let row = wasm.row(ofModuleOffset: offset) {
            setCursor(.wasm, to: row, centered: true)
        }
        if let row = machine.row(ofAddress: pc) { setCursor(.machine, to: row, centered: true) }
    }

    private func showFunctionStart() {
        if let first = snapshot.code.listing?.lines.first(where: \.isSource),
            case .source(_, let line, _) = first.kind
        {
            setCursor(.source, to: source.row(ofLine: line), centered: true)
        }
        setCursor(.wasm, to: 0)
        setCursor(.machine, to: 0)
    }

    /// Moves the other code panes' cursors to what the cursor of `kind` is on.
    private func synchronize(from kind: PaneKind) {
        switch kind {
        case .source:
            guard source.rowCount > 0 else { selection = .none; return }
            selection = correlation.selection(sourceLine: source.line(ofRow: cursor(.source)))
        case .wasm:
            guard wasm.rowCount > 0 else { selection = .none; return }
            selection = correlation.selection(moduleOffset: wasm.ops[cursor(.wasm)].moduleOffset)
        case .machine:
            guard machine.rowCount > 0 else { selection = .none; return }
            selection = correlation.selection(moduleOffset: machine.entries[cursor(.machine)].moduleOffset)
        default:
            return
        }
        // A pane whose cursor is already on a related row keeps it (after a
        // stop the wasm and machine cursors sit on the current op and
        // instruction, which need not be the line's first).
        if kind != .source, let line = selection.sourceLine, cursor(.source) != source.row(ofLine: line) {
            setCursor(.source, to: source.row(ofLine: line))
        }
        if let first = selection.moduleOffsets.min() {
            if kind != .wasm, let row = wasm.row(ofModuleOffset: first),
                !selection.moduleOffsets.contains(wasm.ops[min(cursor(.wasm), wasm.rowCount - 1)].moduleOffset)
            {
                setCursor(.wasm, to: row)
            }
            if kind != .machine, let row = machine.row(ofModuleOffset: first),
                !selection.moduleOffsets.contains(machine.entries[min(cursor(.machine), machine.rowCount - 1)].moduleOffset)
            {
                setCursor(.machine, to: row)
            }
        }
    }

    // MARK: - Keys

    /// Handles a key; returns what the session should do.
    public func handle(_ key: Key) -> [SessionRequest] {
        if key == .resize { return [] }
        if isHelpVisible {
            isHelpVisible = false
            return []
        }
        if commandLine.isActive { return handleCommandLine(key) }
        message = nil
        guard let action = KeyMap.action(for: key) else {
            message = "Unbound key \(key.name); ? for help"
            return []
        }
        return perform(action)
    }

    public func perform(_ action: Action) -> [SessionRequest] {
        switch action {
        case .continueOrRun: return resuming(.continueOrRun)
        case .next: return resuming(.next)
        case .step: return resuming(.step)
        case .finish: return resuming(.finish)
        case .stepInstruction: return resuming(.stepInstruction)
        case .stepOp: return resuming(.stepOp)
        case .pause:
            // The controller pauses the guest itself (any thread may); nothing to queue.
            if !isBusy { message = "The program is not running." }
            return []
        case .toggleBreakpoint: return toggleBreakpoint()
        case .focusNext, .focusPrevious:
            let order = layout.focusOrder
            guard !order.isEmpty else { return [] }
            let index = order.firstIndex(of: focus) ?? 0
            let step = action == .focusNext ? 1 : order.count - 1
            focus = order[(index + step) % order.count]
            return []
        case .cursorUp: return moveCursor(by: -1)
        case .cursorDown: return moveCursor(by: 1)
        case .pageUp: return moveCursor(by: -max(1, visibleRows(focus) - 1))
        case .pageDown: return moveCursor(by: max(1, visibleRows(focus) - 1))
        case .home: return moveCursor(to: 0)
        case .end: return moveCursor(to: pane(focus).rowCount - 1)
        case .select: return select()
        case .expand:
            guard focus == .locals else { return [] }
            return toggleLocal()
        case .collapse:
            guard focus == .locals else { return [] }
            return collapseLocal()
        case .search:
            commandLine.begin(.search)
            return []
        case .goTo:
            commandLine.begin(focus == .memory ? .memoryAddress : .goTo)
            return []
        case .commandLine:
            commandLine.begin(.command)
            return []
        case .help:
            isHelpVisible = true
            return []
        case .quit:
            if isBusy {
                commandLine.begin(.confirmQuit)
                return []
            }
            wantsQuit = true
            return [.quit]
        case .redraw:
            return []
        case .layout(let newPreset):
            preset = newPreset
            layout = Layout.compute(width: layout.width, height: layout.height, preset: preset)
            if !layout.focusOrder.contains(focus) { focus = layout.focusOrder.first ?? .source }
            message = "Layout \(newPreset.rawValue): \(newPreset.name)"
            updateMemoryWidth()
            recenterCursors()
            return []
        }
    }

    private func resuming(_ request: SessionRequest) -> [SessionRequest] {
        if isBusy {
            message = "The program is running; Ctrl-C pauses it."
            return []
        }
        return [request]
    }

    private func moveCursor(by delta: Int) -> [SessionRequest] {
        if focus == .memory, let block = memory.block {
            let target = cursor(.memory) + delta
            if target >= memory.rowCount, block.error == nil {
                return [.moveMemory(block.address + UInt64(max(0, memory.rowCount - visibleRows(.memory)) * memory.bytesPerRow))]
            }
            if target < 0, block.address > 0 {
                let back = UInt64(max(1, visibleRows(.memory)) * memory.bytesPerRow)
                return [.moveMemory(block.address > back ? block.address - back : 0)]
            }
        }
        return moveCursor(to: cursor(focus) + delta)
    }

    private func moveCursor(to row: Int) -> [SessionRequest] {
        setCursor(focus, to: row)
        synchronize(from: focus)
        return []
    }

    private func select() -> [SessionRequest] {
        switch focus {
        case .stack:
            guard stack.rowCount > 0, !isBusy else { return [] }
            return [.selectFrame(cursor(.stack))]
        case .locals:
            return toggleLocal()
        case .wasm:
            // Enter on a call shows the callee.
            guard wasm.rowCount > 0 else { return [] }
            let op = wasm.ops[cursor(.wasm)]
            if op.text.hasPrefix("call "), let callee = op.annotation { return [.showFunction(callee)] }
            return []
        default:
            return []
        }
    }

    /// Expands the locals row under the cursor, or collapses it if expanded.
    private func toggleLocal() -> [SessionRequest] {
        guard locals.rowCount > 0 else { return [] }
        let row = locals.variables[min(cursor(.locals), locals.rowCount - 1)]
        guard row.isExpandable else {
            message = "\(row.name) has no members, elements or target to show."
            return []
        }
        return localRequest(.setLocalExpanded(row.expression, !row.isExpanded))
    }

    /// Collapses the locals row under the cursor; on a row that is not
    /// expanded, moves the cursor to its parent row.
    private func collapseLocal() -> [SessionRequest] {
        guard locals.rowCount > 0 else { return [] }
        let index = min(cursor(.locals), locals.rowCount - 1)
        let row = locals.variables[index]
        if row.isExpanded { return localRequest(.setLocalExpanded(row.expression, false)) }
        if let parent = locals.parentRow(of: index) { setCursor(.locals, to: parent) }
        return []
    }

    private func localRequest(_ request: SessionRequest) -> [SessionRequest] {
        if isBusy {
            message = "The program is running; Ctrl-C pauses it."
            return []
        }
        return [request]
    }

    private func toggleBreakpoint() -> [SessionRequest] {
        let marks = snapshot.breakpoints
        func toggle(_ matching: [DebuggerSnapshot.BreakpointMark], add location: BreakpointLocation) -> [SessionRequest] {
            let numbers = Array(Set(matching.map(\.number))).sorted()
            if numbers.isEmpty { return [.addBreakpoint(location)] }
            return numbers.map { .deleteBreakpoint($0) }
        }
        switch focus {
        case .source:
            guard let file = source.file, source.rowCount > 0 else {
                message = "No source line here."
                return []
            }
            let line = source.line(ofRow: cursor(.source))
            let matching = marks.filter { mark in
                mark.line == line && mark.file.map { CodeCorrelation.sameFile($0, file) } == true
            }
            return toggle(matching, add: .sourceLine(file: file, line: line))
        case .wasm:
            guard wasm.rowCount > 0 else { return [] }
            let offset = wasm.ops[cursor(.wasm)].moduleOffset
            return toggle(marks.filter { $0.moduleOffset == offset }, add: .moduleOffset(offset))
        case .machine:
            guard machine.rowCount > 0 else { return [] }
            switch machine.entries[cursor(.machine)] {
            case .op(let offset, _):
                return toggle(marks.filter { $0.moduleOffset == offset }, add: .moduleOffset(offset))
            case .instruction(let address, _, _, _):
                return toggle(marks.filter { $0.machineAddress == address }, add: .machineAddress(address))
            }
        default:
            message = "Breakpoints go on the source, wasm or machine code pane (Tab to focus one)."
            return []
        }
    }

    private func handleCommandLine(_ key: Key) -> [SessionRequest] {
        switch commandLine.handle(key) {
        case .editing, .cancelled:
            return []
        case .submitted(let mode, let text):
            switch mode {
            case .command:
                if text.trimmingCharacters(in: .whitespaces).isEmpty { return [] }
                if isBusy {
                    message = "The program is running; Ctrl-C pauses it."
                    return []
                }
                return [.command(text)]
            case .search:
                let query = text.isEmpty ? lastSearch : text
                lastSearch = query
                let model = pane(focus)
                if let row = model.search(query, from: cursor(focus) + 1) {
                    setCursor(focus, to: row, centered: true)
                    synchronize(from: focus)
                } else {
                    message = "Not found: \(query)"
                }
                return []
            case .goTo:
                let target = text.trimmingCharacters(in: .whitespaces)
                if target.isEmpty { return [] }
                if let line = Int(target) {
                    guard source.rowCount > 0 else {
                        message = "No source file shown."
                        return []
                    }
                    if layout.panes[.source] != nil { focus = .source }
                    setCursor(.source, to: source.row(ofLine: line), centered: true)
                    synchronize(from: .source)
                    return []
                }
                if target.hasPrefix("0x"), let offset = Int(target.dropFirst(2), radix: 16) {
                    return [.showFunctionAt(moduleOffset: offset)]
                }
                return [.showFunction(target)]
            case .memoryAddress:
                let target = text.trimmingCharacters(in: .whitespaces)
                return target.isEmpty ? [] : [.showMemory(target)]
            case .confirmQuit:
                wantsQuit = true
                return [.quit]
            }
        }
    }

    // MARK: - Drawing

    /// The screen for the current state (the terminal's size is the layout's).
    public func render() -> ScreenBuffer {
        var screen = ScreenBuffer(width: layout.width, height: layout.height)
        render(into: &screen)
        return screen
    }

    public func render(into screen: inout ScreenBuffer) {
        if layout.isTooSmall {
            let lines = [
                "Terminal too small: \(layout.width)x\(layout.height).",
                "wasmscope needs at least \(Layout.minimumWidth)x\(Layout.minimumHeight).",
                "Enlarge the window, or press q to quit.",
            ]
            let top = max(0, screen.height / 2 - 1)
            for (index, line) in lines.enumerated() {
                screen.put(line, row: top + index, column: max(0, (screen.width - line.count) / 2), style: index == 0 ? .error : .normal)
            }
            return
        }
        for kind in layout.focusOrder {
            guard let rect = layout.panes[kind] else { continue }
            drawPane(kind, in: rect, screen: &screen)
        }
        let status = StatusLine(snapshot: snapshot, isBusy: isBusy, message: nil)
        screen.fill(row: layout.statusRow, column: 0, count: screen.width, style: .status)
        screen.put(status.text, row: layout.statusRow, column: 0, style: .status)
        if commandLine.isActive {
            screen.put(commandLine.prompt + commandLine.text, row: layout.commandRow, column: 0, style: .normal)
        } else if let message {
            screen.put(message, row: layout.commandRow, column: 0, style: .error)
        }
        if isHelpVisible { HelpOverlay.draw(into: &screen) }
    }

    /// Where the terminal's cursor goes: the end of the command line being edited.
    public var cursorPosition: (row: Int, column: Int)? {
        guard commandLine.isActive, !layout.isTooSmall else { return nil }
        return (layout.commandRow, min(layout.width - 1, commandLine.prompt.count + commandLine.text.count))
    }

    private func contentWidth(_ rect: Rect) -> Int {
        rect.column + rect.width < layout.width ? rect.width - 1 : rect.width
    }

    private func drawPane(_ kind: PaneKind, in rect: Rect, screen: inout ScreenBuffer) {
        let model = pane(kind)
        let width = contentWidth(rect)
        let focused = kind == focus
        let titleStyle: CellStyle = focused ? .focusedTitle : .title
        screen.fill(row: rect.row, column: rect.column, count: rect.width, style: titleStyle)
        let position = model.rowCount > 0 ? " \(cursor(kind) + 1)/\(model.rowCount)" : ""
        screen.put(" " + model.title + position + " ", row: rect.row, column: rect.column, style: titleStyle, limit: rect.width)
        let top = scroll[kind]?.top ?? 0
        let cursorRow = cursor(kind)
        for line in 0..<(rect.height - 1) {
            let row = rect.row + 1 + line
            screen.fill(row: row, column: rect.column, count: width, style: .normal)
            if width < rect.width { screen.put("│", row: row, column: rect.column + width, style: .border) }
            let index = top + line
            if model.rowCount == 0 {
                if line == 0 { screen.put(model.emptyText, row: row, column: rect.column + 1, style: .dim, limit: width - 1) }
                continue
            }
            guard index < model.rowCount else { continue }
            let content = model.row(at: index, width: width)
            var column = rect.column
            for segment in content.segments {
                screen.put(segment.text, row: row, column: column, style: segment.style, limit: rect.column + width - column)
                column += segment.text.count
                if column >= rect.column + width { break }
            }
            let rowStyle: CellStyle? =
                focused && index == cursorRow
                ? .cursor : content.isCurrent ? .current : isRelated(kind, index) ? .related : nil
            if let rowStyle {
                // The gutter's breakpoint marker keeps its own style.
                let keepMarker = content.segments.first?.style == .breakpoint ? 1 : 0
                screen.restyle(row: row, column: rect.column + keepMarker, count: width - keepMarker, style: rowStyle)
            }
        }
    }

    private func isRelated(_ kind: PaneKind, _ index: Int) -> Bool {
        guard kind != focus, focus.isCode else { return false }
        switch kind {
        case .source: return selection.sourceLine == source.line(ofRow: index)
        case .wasm: return selection.moduleOffsets.contains(wasm.ops[index].moduleOffset)
        case .machine:
            if case .instruction(_, _, _, let offset) = machine.entries[index] {
                return selection.moduleOffsets.contains(offset)
            }
            return false
        default: return false
        }
    }
}

extension PaneKind {
    var isCode: Bool { self == .source || self == .wasm || self == .machine }
}
