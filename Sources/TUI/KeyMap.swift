/// Keys and what they do. One table: the event loop looks keys up in it and
/// the help overlay lists it, so the two never disagree.

/// A key press as the terminal reports it, independent of ncurses' codes.
public enum Key: Sendable, Hashable {
    case character(Character)
    /// Ctrl with a letter (lowercase), e.g. `.control("c")`.
    case control(Character)
    case function(Int)
    /// Shift with a function key: terminals report Shift-F11 as F23.
    case up, down, left, right, pageUp, pageDown, home, end
    case tab, backTab, enter, escape, backspace, delete
    case resize

    public var name: String {
        switch self {
        case .character(" "): "Space"
        case .character(let character): String(character)
        case .control(let character): "Ctrl-" + character.uppercased()
        case .function(let number) where number > 12: "Shift-F\(number - 12)"
        case .function(let number): "F\(number)"
        case .up: "Up"
        case .down: "Down"
        case .left: "Left"
        case .right: "Right"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "Backspace"
        case .delete: "Delete"
        case .resize: "(resize)"
        }
    }
}

public enum Action: Sendable, Hashable {
    case continueOrRun, next, step, finish, stepInstruction, stepOp
    case toggleBreakpoint, pause
    case focusNext, focusPrevious
    case cursorUp, cursorDown, pageUp, pageDown, home, end
    case select
    /// Locals: expand (or collapse) the row; collapse it, or go to its parent.
    /// Memory: the cursor one word right or left.
    case expand, collapse
    /// Prompt for a watch expression; delete the watch under the cursor.
    case addWatch, deleteWatch
    /// Memory: show where the word at the cursor points; back to where the pane was.
    case followPointer, memoryBack
    /// Leave the full screen to show the program's output as it wrote it.
    case showProgramOutput
    /// The live profile view (sampling starts if it was off).
    case showProfile
    case search, goTo, commandLine, help, quit, redraw
    case layout(LayoutPreset)
}

public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var action: Action
    public var summary: String
}

public enum KeyMap {
    public static let bindings: [KeyBinding] = [
        KeyBinding(keys: [.function(5), .character("c")], action: .continueOrRun, summary: "continue (run if not started)"),
        KeyBinding(keys: [.function(10), .character("n")], action: .next, summary: "next source line (over calls)"),
        KeyBinding(keys: [.function(11), .character("s")], action: .step, summary: "step into"),
        KeyBinding(keys: [.function(23), .character("f")], action: .finish, summary: "finish the selected frame"),
        KeyBinding(keys: [.character("i")], action: .stepInstruction, summary: "step one machine instruction"),
        KeyBinding(keys: [.character("w")], action: .stepOp, summary: "step one wasm op"),
        KeyBinding(keys: [.function(9), .character("b")], action: .toggleBreakpoint, summary: "toggle breakpoint at the cursor"),
        KeyBinding(keys: [.control("c")], action: .pause, summary: "pause the running program"),
        KeyBinding(keys: [.tab], action: .focusNext, summary: "focus the next pane"),
        KeyBinding(keys: [.backTab], action: .focusPrevious, summary: "focus the previous pane"),
        KeyBinding(keys: [.up, .character("k")], action: .cursorUp, summary: "cursor up"),
        KeyBinding(keys: [.down, .character("j")], action: .cursorDown, summary: "cursor down"),
        KeyBinding(keys: [.pageUp], action: .pageUp, summary: "page up"),
        KeyBinding(keys: [.pageDown, .character(" ")], action: .pageDown, summary: "page down"),
        KeyBinding(keys: [.home], action: .home, summary: "first row"),
        KeyBinding(keys: [.end], action: .end, summary: "last row"),
        KeyBinding(keys: [.enter], action: .select, summary: "select frame, show callee, expand, follow"),
        KeyBinding(keys: [.right], action: .expand, summary: "expand/collapse (locals), word (memory)"),
        KeyBinding(keys: [.left], action: .collapse, summary: "collapse/to parent (locals), word (memory)"),
        KeyBinding(keys: [.character("a")], action: .addWatch, summary: "add a watch expression (under the locals)"),
        KeyBinding(keys: [.character("d"), .delete], action: .deleteWatch, summary: "delete the watch under the cursor (locals)"),
        KeyBinding(keys: [.character("p")], action: .followPointer, summary: "follow the pointer at the cursor (memory)"),
        KeyBinding(keys: [.character("u"), .backspace], action: .memoryBack, summary: "back from a followed pointer (memory)"),
        KeyBinding(keys: [.character("o")], action: .showProgramOutput, summary: "the program's output, raw, on the terminal"),
        KeyBinding(keys: [.character("P")], action: .showProfile, summary: "live profile (hot functions, heat per line)"),
        KeyBinding(keys: [.character("/")], action: .search, summary: "search in the focused pane (empty: again)"),
        KeyBinding(keys: [.character("g")], action: .goTo, summary: "go to line/function (memory: address)"),
        KeyBinding(keys: [.character(":")], action: .commandLine, summary: "command line (every debugger command)"),
        KeyBinding(keys: [.character("1")], action: .layout(.sourceAndMachine), summary: "layout: source + machine code"),
        KeyBinding(keys: [.character("2")], action: .layout(.wasmAndMachine), summary: "layout: wasm + machine code"),
        KeyBinding(keys: [.character("3")], action: .layout(.all), summary: "layout: source + wasm + machine code"),
        KeyBinding(keys: [.control("l")], action: .redraw, summary: "redraw the screen"),
        KeyBinding(keys: [.function(1), .character("?")], action: .help, summary: "this help"),
        KeyBinding(keys: [.character("q")], action: .quit, summary: "quit (asks if the program is running)"),
    ]

    private static let table: [Key: Action] = {
        var table: [Key: Action] = [:]
        for binding in bindings {
            for key in binding.keys { table[key] = binding.action }
        }
        return table
    }()

    public static func action(for key: Key) -> Action? {
        table[key]
    }
}
