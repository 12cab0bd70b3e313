/// Command lines the full screen answers itself instead of passing them to
/// the command interpreter: `display` (the interpreter prints displays after
/// each stop; the screen keeps them as watches in the locals pane), `output` is about
/// the terminal, not the session, and `profile` alone opens the live view.
import DebugCommands

public enum ScreenCommand: Equatable {
    /// `display[/FMT] EXPR`: add a watch (its text keeps the format: `/x n`); `display` alone: show the watches.
    case display(String?)
    /// `undisplay [N...]`: delete watches by number (1 is the first added), all without numbers.
    case undisplay([Int])
    /// `output`: the program's output raw on the terminal.
    case output
    /// `profile` alone or `profile view`: the live profile view (the
    /// interpreter's `profile` prints a report; on this screen the view is it).
    case profileView

    /// For Tab completion: these commands and what their argument is.
    public static let completions: [(name: String, argument: CommandCompletion.ArgumentKind)] = [
        ("display", .expression), ("undisplay", .none), ("output", .none),
    ]

    /// The screen command `line` is, or nil for the interpreter's. Bad
    /// arguments are a thrown message, never a command.
    public static func parse(_ line: String) throws(ScreenCommandError) -> ScreenCommand? {
        let trimmed = line.drop { $0 == " " }
        let word = trimmed.prefix { $0 != " " && $0 != "/" }
        var argument = String(trimmed.dropFirst(word.count))
        // `display/x EXPR` keeps `/x`: DisplayExpression reads it; `/x` alone is no expression.
        if argument.hasPrefix("/") && !argument.contains(" ") { argument = "" }
        argument = String(argument.drop { $0 == " " })
        while argument.last == " " { argument.removeLast() }
        switch word {
        case "display":
            return .display(argument.isEmpty ? nil : argument)
        case "undisplay":
            var numbers: [Int] = []
            for piece in argument.split(separator: " ") {
                guard let number = Int(piece), number >= 1 else { throw ScreenCommandError("Arguments must be watch numbers: \"\(piece)\".") }
                numbers.append(number)
            }
            return .undisplay(numbers)
        case "output":
            guard argument.isEmpty else { return nil }
            return .output
        case "profile":
            guard argument.isEmpty || argument == "view" else { return nil }
            return .profileView
        default:
            return nil
        }
    }
}

public struct ScreenCommandError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
