/// The bottom line's editor: `:` commands (any REPL command, with history),
/// `/` searches, `g` go-to prompts and the quit confirmation. Plain text
/// editing with the cursor at the end; Up/Down walk the command history.
public struct CommandLineModel: Sendable {
    public enum Mode: Sendable, Equatable {
        case command
        case search
        case goTo
        case memoryAddress
        case confirmQuit
    }

    public private(set) var mode: Mode?
    public private(set) var text = ""
    public private(set) var history: [String] = []
    /// Position while walking the history; nil when editing a new line.
    private var historyIndex: Int?

    public init() {}

    public var isActive: Bool { mode != nil }

    public var prompt: String {
        switch mode {
        case .command?: ":"
        case .search?: "/"
        case .goTo?: "Go to line or function: "
        case .memoryAddress?: "Memory at address or expression: "
        case .confirmQuit?: "The program is running. Quit anyway? (y/n) "
        case nil: ""
        }
    }

    public mutating func begin(_ mode: Mode) {
        self.mode = mode
        text = ""
        historyIndex = nil
    }

    public mutating func cancel() {
        mode = nil
        text = ""
        historyIndex = nil
    }

    public enum Outcome: Sendable, Equatable {
        case editing
        case cancelled
        case submitted(Mode, String)
    }

    /// Feeds a key; says when the line was submitted or cancelled.
    public mutating func handle(_ key: Key) -> Outcome {
        guard let mode else { return .cancelled }
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
            text.append(character)
        default:
            break
        }
        return .editing
    }
}
