/// What a cell on screen means, not how it looks: the terminal turns each
/// role into colors, or into bold/reverse/underline on a monochrome terminal.
/// View models speak only in roles, so they stay testable without ncurses.
public enum CellStyle: Int, Sendable, Hashable, CaseIterable {
    case normal
    /// A pane's title bar; `focusedTitle` for the pane that has the keyboard.
    case title
    case focusedTitle
    /// The line, op or instruction where the selected frame is stopped.
    case current
    /// The cursor row of the focused pane.
    case cursor
    /// Rows tied to the cursor of another pane (the same source line, op or instruction).
    case related
    /// A breakpoint marker in a gutter.
    case breakpoint
    /// Secondary text: line numbers, addresses, op headers among machine code.
    case dim
    case status
    case error
    /// Pane separators and the help box's frame.
    case border
    /// Profile heat, by a row's share of its function's (or the profile's)
    /// samples: `heat1` a little, up to `heat4` for the hottest rows.
    case heat1, heat2, heat3, heat4
    /// Memory bytes the program changed since the previous stop.
    case changed
}

/// A row of a pane: text segments, each with a role; the pane adds the
/// row-wide role (current, cursor, related) when it draws.
public struct PaneRow: Sendable, Equatable {
    public var segments: [(text: String, style: CellStyle)]
    /// A role for the whole row, below the cursor's: where execution is.
    public var isCurrent: Bool

    public init(_ segments: [(text: String, style: CellStyle)], isCurrent: Bool = false) {
        self.segments = segments
        self.isCurrent = isCurrent
    }

    public init(_ text: String, style: CellStyle = .normal, isCurrent: Bool = false) {
        self.init([(text, style)], isCurrent: isCurrent)
    }

    public var text: String { segments.map(\.text).joined() }

    public static func == (left: PaneRow, right: PaneRow) -> Bool {
        left.isCurrent == right.isCurrent && left.segments.count == right.segments.count
            && zip(left.segments, right.segments).allSatisfy { $0.text == $1.text && $0.style == $1.style }
    }
}

/// Tabs expanded to spaces and control characters made visible: every
/// character then takes exactly one column, which the screen buffer assumes.
func displayText<S: StringProtocol>(_ text: S, tabWidth: Int = 4) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    var column = 0
    for character in text {
        if character == "\t" {
            let spaces = tabWidth - column % tabWidth
            result += String(repeating: " ", count: spaces)
            column += spaces
        } else if let ascii = character.asciiValue, ascii < 0x20 || ascii == 0x7f {
            result.append("?")
            column += 1
        } else {
            result.append(character)
            column += 1
        }
    }
    return result
}
