/// The bottom line's editor: `:` commands (any REPL command, with history),
/// `/` searches, `g` go-to prompts and the quit confirmation. Plain text
/// editing with the cursor at the end; Up/Down walk the command history;
/// Tab completes (the view supplies what completes, see `complete`).
import DebugCommands

public struct CommandLineModel: Sendable {
    public enum Mode: Sendable, Equatable {
        case command
        case search
        case goTo
        case memoryAddress
        case watch
        case confirmQuit
    }

    public private(set) var mode: Mode?
    public private(set) var text = ""
    public private(set) var history: [String] = []
    /// Position while walking the history; nil when editing a new line.
    private var historyIndex: Int?
    /// After a Tab with several candidates: further Tabs cycle through them.
    private var completionCycle: (completion: Completion, next: Int)?
    /// The text is a suggestion (the watch prompt offers the cursor row's
    /// expression): Enter takes it, typing a character replaces it.
    private var textIsSuggestion = false

    public init() {}

    public var isActive: Bool { mode != nil }

    public var prompt: String {
        switch mode {
        case .command?: ":"
        case .search?: "/"
        case .goTo?: "Go to line or function: "
        case .memoryAddress?: "Memory at address or expression: "
        case .watch?: "Watch expression: "
        case .confirmQuit?: "The program is running. Quit anyway? (y/n) "
        case nil: ""
        }
    }

    public mutating func begin(_ mode: Mode, text: String = "") {
        self.mode = mode
        self.text = text
        historyIndex = nil
        completionCycle = nil
        textIsSuggestion = false
    }

    /// Starts with `suggestion` in the line: Enter accepts it, Backspace or
    /// Right/End keep it for editing, and the first character typed replaces it.
    public mutating func begin(_ mode: Mode, suggestion: String) {
        begin(mode, text: suggestion)
        textIsSuggestion = !suggestion.isEmpty
    }

    public mutating func cancel() {
        mode = nil
        text = ""
        historyIndex = nil
        completionCycle = nil
    }

    /// Tab: the first press completes the word before the cursor (the only
    /// candidate, or what all candidates share); while several remain, each
    /// further press puts the next one in its place. Returns the completion
    /// that applies, for the screen to list its candidates.
    public mutating func complete(_ completer: (String) -> Completion) -> Completion {
        textIsSuggestion = false
        if let cycle = completionCycle {
            text = cycle.completion.line(choosing: cycle.next)
            completionCycle = (cycle.completion, cycle.next + 1)
            return cycle.completion
        }
        let completion = completer(text)
        guard !completion.candidates.isEmpty else { return completion }
        text = completion.completedLine
        if completion.candidates.count > 1 { completionCycle = (completion, 0) }
        return completion
    }

    /// The candidates being cycled through, and which one is in the line.
    public var cyclingCandidates: (candidates: [String], current: Int?)? {
        guard let cycle = completionCycle else { return nil }
        return (cycle.completion.candidates, cycle.next == 0 ? nil : (cycle.next - 1) % cycle.completion.candidates.count)
    }

    public enum Outcome: Sendable, Equatable {
        case editing
        case cancelled
        case submitted(Mode, String)
    }

    /// Feeds a key; says when the line was submitted or cancelled.
    public mutating func handle(_ key: Key) -> Outcome {
        guard let mode else { return .cancelled }
        completionCycle = nil
        let replacesSuggestion = textIsSuggestion
        textIsSuggestion = false
        if mode == .confirmQuit {
            let answer: Bool = key == .character("y") || key == .character("Y")
            cancel()
            return answer ? .submitted(.confirmQuit, "y") : .cancelled
        }
        switch key {
        case .escape, .control("c"), .control("g"):
            cancel()
            return .cancelled
        case .enter:
            let line = text
            if mode == .command, !line.trimmingCharacters(in: .whitespaces).isEmpty, history.last != line {
                history.append(line)
            }
            cancel()
            return .submitted(mode, line)
        case .backspace, .delete:
            if text.isEmpty {
                cancel()
                return .cancelled
            }
            text.removeLast()
        case .control("u"):
            text = ""
        case .up:
            guard !history.isEmpty else { break }
            let index = max(0, (historyIndex ?? history.count) - 1)
            historyIndex = index
            text = history[index]
        case .down:
            guard let index = historyIndex else { break }
            if index + 1 < history.count {
                historyIndex = index + 1
                text = history[index + 1]
            } else {
                historyIndex = nil
                text = ""
            }
        case .character(let character):
            if replacesSuggestion { text = "" }
            text.append(character)
        default:
            break
        }
        return .editing
    }
}
