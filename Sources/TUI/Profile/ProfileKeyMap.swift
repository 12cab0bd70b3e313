/// The live profile view's keys, in one table the view looks keys up in
/// and the help box lists.
import Foundation

public enum ProfileAction: Sendable, Hashable {
    case cursorUp, cursorDown, pageUp, pageDown, home, end
    /// Table: open the function; function view: nothing.
    case open
    /// Function view: back to the table.
    case back
    case focusNext, focusPrevious
    case toggleOutput
    case search, searchAgain
    case help, quit, redraw
}

public enum ProfileKeyMap {
    public static let bindings: [(keys: [Key], action: ProfileAction, summary: String)] = [
        ([.up, .character("k")], .cursorUp, "cursor up"),
        ([.down, .character("j")], .cursorDown, "cursor down"),
        ([.pageUp], .pageUp, "page up"),
        ([.pageDown, .character(" ")], .pageDown, "page down"),
        ([.home], .home, "first row"),
        ([.end], .end, "last row"),
        ([.enter, .right], .open, "open the function: source, wasm, machine code"),
        ([.escape, .backspace, .left], .back, "back to the function table"),
        ([.tab], .focusNext, "next pane (source, wasm, machine code, output)"),
        ([.backTab], .focusPrevious, "previous pane"),
        ([.character("o")], .toggleOutput, "show or hide the program's output"),
        ([.character("/")], .search, "search in the table or the focused pane"),
        ([.character("n")], .searchAgain, "search again"),
        ([.control("l")], .redraw, "redraw the screen"),
        ([.function(1), .character("?")], .help, "this help"),
        ([.character("q"), .control("c")], .quit, "quit (asks first while the program runs)"),
    ]

    private static let table: [Key: ProfileAction] = {
        var table: [Key: ProfileAction] = [:]
        for binding in bindings {
            for key in binding.keys { table[key] = binding.action }
        }
        return table
    }()

    public static func action(for key: Key) -> ProfileAction? { table[key] }

    /// The help box's text.
    public static var helpLines: [String] {
        var lines = ["wasmscope live profile keys", ""]
        for binding in bindings {
            let keys = binding.keys.map(\.name).joined(separator: " ")
            lines.append(keys.padding(toLength: 20, withPad: " ", startingAt: 0) + binding.summary)
        }
        lines += [
            "", "Percentages: the table's are of all samples; the function view's are of",
            "the function's own samples. Colors go from green (a little) to red (hot).", "",
            "Press any key to close.",
        ]
        return lines
    }
}
