/// The whole debugger screen as plain Swift: pane models built from the
/// latest snapshot, focus, cursors, the layout preset, the command line and
/// the help overlay. Keys go in (`handle`), session requests come out, and
/// `render` draws everything into a `ScreenBuffer`. No ncurses and no session
/// here, so all of it runs in unit tests and the benchmark.
import DebugCommands
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
    /// The memory pane's cursor word within its row (4 bytes each).
    public private(set) var memoryWord = 0
    /// Where the memory pane was before each pointer it followed (or `g`), newest last.
    public private(set) var memoryHistory: [MemoryPlace] = []
    /// A place going back to, restored once its memory arrives.
    private var returningTo: MemoryPlace?
    /// Tab's candidates, listed above the command line while it is edited.
    public private(set) var completionHint: String?

    /// A memory pane position to come back to.
    public struct MemoryPlace: Equatable {
        public var address: UInt64
        public var expression: String
        public var scroll: ScrollState
        public var word: Int
    }

    /// Bounds the back stack of followed pointers.
    static let maximumMemoryHistory = 100

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
        if let place = returningTo, snapshot.memory?.address == place.address {
            scroll[.memory] = place.scroll
            memoryWord = place.word
            returningTo = nil
        }
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
            if focus == .memory { return moveMemoryWord(by: 1) }
            guard focus == .locals else { return [] }
            return toggleLocal()
        case .collapse:
            if focus == .memory { return moveMemoryWord(by: -1) }
            guard focus == .locals else { return [] }
            return collapseLocal()
        case .addWatch:
            // On a locals row, suggest its expression: `a Enter` watches it.
            var suggestion = ""
            if focus == .locals, case .variable(let row)? = locals.entry(at: cursor(.locals)) { suggestion = row.expression }
            commandLine.begin(.watch, suggestion: suggestion)
            return []
        case .deleteWatch:
            return deleteWatch()
        case .followPointer:
            guard focus == .memory else {
                message = "p follows a pointer in the memory pane (Tab to it)."
                return []
            }
            return followPointer()
        case .memoryBack:
            guard focus == .memory else {
                message = "u goes back in the memory pane (Tab to it)."
                return []
            }
            return memoryBack()
        case .showProgramOutput:
            return [.showProgramOutput]
        case .showProfile:
            return [.showProfile]
        case .search:
            commandLine.begin(.search)
            return []
        case .goTo:
            commandLine.begin(focus == .memory ? .memoryAddress : .goTo)
            completionHint = nil
            return []
        case .commandLine:
            commandLine.begin(.command)
            completionHint = nil
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
        case .memory:
            return followPointer()
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
        guard let row = locals.entry(at: min(cursor(.locals), locals.rowCount - 1))?.row else { return [] }
        guard row.isExpandable else {
            message = "\(row.name) has no members, elements or target to show."
            return []
        }
        return localRequest(.setLocalExpanded(row.expression, !row.isExpanded))
    }

    /// Collapses the locals row under the cursor; on a row that is not
    /// expanded, moves the cursor to its parent row.
    private func collapseLocal() -> [SessionRequest] {
        let index = min(cursor(.locals), locals.rowCount - 1)
        guard let row = locals.entry(at: index)?.row else { return [] }
        if row.isExpanded { return localRequest(.setLocalExpanded(row.expression, false)) }
        if let parent = locals.parentRow(of: index) { setCursor(.locals, to: parent) }
        return []
    }

    private func deleteWatch() -> [SessionRequest] {
        guard focus == .locals else {
            message = "d deletes a watch: Tab to the locals pane, then d on the watch."
            return []
        }
        guard let label = locals.watchLabel(ofRow: cursor(.locals)) else {
            message = locals.watches.isEmpty ? "No watches (a adds one)." : "Not a watch: put the cursor on a row under Watches."
            return []
        }
        return localRequest(.removeWatch(label))
    }

    // MARK: - Memory cursor

    /// Left/Right in the memory pane: a word at a time, on to the next or previous row at the ends.
    private func moveMemoryWord(by delta: Int) -> [SessionRequest] {
        guard memory.rowCount > 0 else { return [] }
        let word = memoryWord + delta
        if word >= memory.wordsPerRow {
            memoryWord = 0
            return moveCursor(by: 1)
        }
        if word < 0 {
            memoryWord = memory.wordsPerRow - 1
            return moveCursor(by: -1)
        }
        memoryWord = word
        return []
    }

    /// Shows where the little-endian 32-bit word at the cursor points (wasm32 pointers are 32-bit).
    private func followPointer() -> [SessionRequest] {
        guard let block = memory.block, !block.bytes.isEmpty else {
            message = "No memory shown here (g goes to an address)."
            return []
        }
        guard let offset = memory.wordOffset(row: cursor(.memory), word: memoryWord), let value = memory.word(atOffset: offset) else {
            message = "No whole 32-bit word at the cursor."
            return []
        }
        let from = block.address + UInt64(offset)
        rememberMemoryPlace()
        scroll[.memory] = ScrollState()
        memoryWord = 0
        message = "Following \(hex(value)) from \(hex(from)); u or Backspace goes back."
        return [.showMemoryAt(address: UInt64(value), expression: "*" + hex(from))]
    }

    private func rememberMemoryPlace() {
        guard let block = memory.block else { return }
        memoryHistory.append(
            MemoryPlace(address: block.address, expression: block.expression, scroll: scroll[.memory] ?? ScrollState(), word: memoryWord))
        if memoryHistory.count > Self.maximumMemoryHistory { memoryHistory.removeFirst() }
    }

    private func memoryBack() -> [SessionRequest] {
        guard let place = memoryHistory.popLast() else {
            message = "Nothing to go back to (Enter or p follows a pointer)."
            return []
        }
        returningTo = place
        return [.showMemoryAt(address: place.address, expression: place.expression)]
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
        if key == .tab, let kind = completionKind {
            let completion = commandLine.complete { text in
                switch kind {
                case .commandLine:
                    CommandCompletion.complete(text, symbols: snapshot.completionSymbols, extraCommands: ScreenCommand.completions)
                case .argument(let argument):
                    CommandCompletion.complete(argument: text, kind: argument, symbols: snapshot.completionSymbols)
                }
            }
            completionHint = hint(for: completion)
            return []
        }
        completionHint = nil
        switch commandLine.handle(key) {
        case .editing, .cancelled:
            return []
        case .submitted(let mode, let text):
            switch mode {
            case .command:
                if text.trimmingCharacters(in: .whitespaces).isEmpty { return [] }
                let screenCommand: ScreenCommand?
                do {
                    screenCommand = try ScreenCommand.parse(text)
                } catch {
                    message = error.description
                    return []
                }
                if let screenCommand { return perform(screenCommand) }
                if isBusy {
                    message = "The program is running; Ctrl-C pauses it."
                    return []
                }
                return [.command(text)]
            case .watch:
                let expression = text.trimmingCharacters(in: .whitespaces)
                return expression.isEmpty ? [] : localRequest(.addWatch(expression))
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
                if target.isEmpty { return [] }
                rememberMemoryPlace()
                scroll[.memory] = ScrollState()
                memoryWord = 0
                return [.showMemory(target)]
            case .confirmQuit:
                wantsQuit = true
                return [.quit]
            }
        }
    }

    private func perform(_ command: ScreenCommand) -> [SessionRequest] {
        switch command {
        case .display(let expression?):
            return localRequest(.addWatch(expression))
        case .display(nil):
            if layout.panes[.locals] != nil { focus = .locals }
            if let header = locals.watchesHeaderRow { setCursor(.locals, to: header) }
            message = locals.watches.isEmpty ? "No watches: display EXPR or a adds one." : nil
            return []
        case .undisplay(let numbers):
            let labels = locals.watches.filter { $0.depth == 0 }.map(\.name)
            if numbers.isEmpty { return labels.flatMap { localRequest(.removeWatch($0)) } }
            var requests: [SessionRequest] = []
            for number in numbers {
                guard number <= labels.count else {
                    message = "No watch number \(number)."
                    return []
                }
                requests += localRequest(.removeWatch(labels[number - 1]))
            }
            return requests
        case .output:
            return [.showProgramOutput]
        case .profileView:
            return [.showProfile]
        }
    }

    // MARK: - Completion

    private enum CompletionKind {
        case commandLine
        case argument(CommandCompletion.ArgumentKind)
    }

    /// What Tab completes in the prompt being edited, if anything.
    private var completionKind: CompletionKind? {
        switch commandLine.mode {
        case .command?: .commandLine
        case .watch?, .memoryAddress?: .argument(.expression)
        case .goTo?: .argument(.function)
        default: nil
        }
    }

    /// The candidates on one line, the one in the command line marked; nil when nothing completes.
    private func hint(for completion: Completion) -> String? {
        if completion.candidates.isEmpty { return "No completions." }
        guard completion.candidates.count > 1 else { return nil }
        let current = commandLine.cyclingCandidates?.current
        let listed = completion.candidates.enumerated().map { index, candidate in index == current ? "[\(candidate)]" : candidate }
        return "\(completion.candidates.count) candidates: " + listed.joined(separator: "  ")
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
        // The memory pane's cursor is a word, not a row.
        memory.cursorWord = focus == .memory ? (cursor(.memory), min(memoryWord, memory.wordsPerRow - 1)) : nil
        for kind in layout.focusOrder {
            guard let rect = layout.panes[kind] else { continue }
            drawPane(kind, in: rect, screen: &screen)
        }
        let status = StatusLine(snapshot: snapshot, isBusy: isBusy, message: nil)
        screen.fill(row: layout.statusRow, column: 0, count: screen.width, style: .status)
        if commandLine.isActive, let completionHint {
            // Over the status line while editing: the line right above the command.
            let text = completionHint.count > screen.width ? String(completionHint.prefix(screen.width - 3)) + "..." : completionHint
            screen.put(text, row: layout.statusRow, column: 0, style: .status)
        } else {
            screen.put(status.text, row: layout.statusRow, column: 0, style: .status)
        }
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
                focused && index == cursorRow && kind != .memory
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
