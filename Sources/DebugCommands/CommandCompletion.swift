/// Tab completion for a command line: the command's name (gdb's names from
/// `CommandTable`, plus any a front end adds), then its argument: function
/// names and source files for `break`, variable names for `print`, `x`,
/// `display`, `info` topics, command names for `help`. Plain data in, plain
/// data out, so the TUI's command row and the REPL's line editor share it
/// and tests need no session.

/// The names a completion can offer, gathered from a session by the caller
/// (once per load for functions, files and globals; per stop for locals).
public struct CompletionSymbols: Sendable, Equatable {
    public var functions: [String]
    /// File names as users type them (`crash.c`), not full paths.
    public var sourceFiles: [String]
    public var globals: [String]
    public var locals: [String]

    public init(functions: [String] = [], sourceFiles: [String] = [], globals: [String] = [], locals: [String] = []) {
        self.functions = functions
        self.sourceFiles = sourceFiles
        self.globals = globals
        self.locals = locals
    }
}

/// What Tab can do with a line: the word being completed and the words it
/// could become, sorted and without duplicates.
public struct Completion: Sendable, Equatable {
    /// The line before the word being completed (kept as typed).
    public var head: String
    /// The partial word at the end of the line.
    public var word: String
    public var candidates: [String]
    /// A finished word gets a space after it when it ends a command name or an argument.
    public var appendsSpace: Bool

    public init(head: String, word: String, candidates: [String], appendsSpace: Bool) {
        self.head = head
        self.word = word
        self.candidates = candidates
        self.appendsSpace = appendsSpace
    }

    /// The longest prefix all candidates share (at least the typed word).
    public var commonPrefix: String {
        guard var prefix = candidates.first else { return word }
        for candidate in candidates.dropFirst() {
            while !candidate.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix.count >= word.count ? prefix : word
    }

    /// The line after the first Tab: the only candidate (and a space), or
    /// the candidates' common prefix.
    public var completedLine: String {
        if candidates.count == 1 { return head + candidates[0] + (appendsSpace ? " " : "") }
        return head + commonPrefix
    }

    /// The line with candidate `index` in place of the word (for cycling with repeated Tabs).
    public func line(choosing index: Int) -> String {
        guard !candidates.isEmpty else { return head + word }
        return head + candidates[index % candidates.count]
    }
}

public enum CommandCompletion {
    /// `info` subcommands, as `info` accepts them.
    public static var infoTopics: [String] { CommandInterpreter.infoTopics.sorted() }

    /// Every command name (not the abbreviations: Tab shows what they stand for).
    public static var commandNames: [String] { CommandTable.commands.map(\.name) }

    /// Completes `line` (the text before the cursor).
    /// - Parameter extraCommands: commands a front end answers itself (the
    ///   TUI's `display`), as (name, kind of argument) pairs.
    public static func complete(
        _ line: String, symbols: CompletionSymbols, extraCommands: [(name: String, argument: ArgumentKind)] = []
    ) -> Completion {
        let leading = line.prefix { $0 == " " }
        let body = line.dropFirst(leading.count)
        guard let space = body.firstIndex(where: { $0 == " " || $0 == "/" }) else {
            // Still typing the command's name.
            let word = String(body)
            let names = commandNames + extraCommands.map(\.name)
            var matches = names.filter { $0.hasPrefix(word) }
            if matches.isEmpty {
                matches = CommandTable.commands.flatMap(\.aliases).filter { $0.hasPrefix(word) }
            }
            return Completion(head: String(leading), word: word, candidates: sortedUnique(matches), appendsSpace: true)
        }
        let commandWord = String(body[..<space])
        let kind =
            extraCommands.first { $0.name == commandWord }?.argument
            ?? CommandTable.lookup(commandWord).map { argumentKind(ofCommand: $0.name) } ?? .none
        let arguments = body[space...]
        return completeArgument(line: line, arguments: arguments, kind: kind, symbols: symbols)
    }

    /// Completes a prompt's text that is one argument (an expression, a function).
    public static func complete(argument text: String, kind: ArgumentKind, symbols: CompletionSymbols) -> Completion {
        completeArgument(line: text, arguments: Substring(text), kind: kind, symbols: symbols)
    }

    /// What a command's argument is, for completion.
    public enum ArgumentKind: Sendable, Equatable {
        case none
        /// `break`, `tbreak`, `list`: a function or a source file.
        case location
        case function
        /// A C expression: complete its last identifier from locals and globals.
        case expression
        case infoTopic
        case command
        /// `set var NAME`: the word `var`, then an expression.
        case setVariable
    }

    static func argumentKind(ofCommand name: String) -> ArgumentKind {
        switch name {
        case "break", "tbreak", "list": .location
        case "disassemble": .function
        case "print", "x", "ptype", "whatis", "watch", "find", "condition", "display": .expression
        case "info": .infoTopic
        case "help": .command
        case "set": .setVariable
        default: .none
        }
    }

    private static func completeArgument(
        line: String, arguments: Substring, kind: ArgumentKind, symbols: CompletionSymbols
    ) -> Completion {
        switch kind {
        case .none:
            return Completion(head: line, word: "", candidates: [], appendsSpace: false)
        case .location, .function, .infoTopic, .command:
            // One plain word: the text after the last space.
            let word = String(arguments.split(separator: " ", omittingEmptySubsequences: false).last ?? "")
            let head = String(line.dropLast(word.count))
            // `file.c:LINE` has nothing left to complete.
            if word.contains(":") || word.hasPrefix("*") { return Completion(head: line, word: "", candidates: [], appendsSpace: false) }
            let pool: [String] =
                switch kind {
                case .location: symbols.functions + symbols.sourceFiles
                case .function: symbols.functions
                case .infoTopic: infoTopics
                default: commandNames
                }
            return Completion(
                head: head, word: word, candidates: sortedUnique(pool.filter { $0.hasPrefix(word) }),
                appendsSpace: kind != .location || !symbols.sourceFiles.contains { $0.hasPrefix(word) })
        case .expression, .setVariable:
            let word = String(line.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" }.reversed())
            let head = String(line.dropLast(word.count))
            // A member after `.` or `->` needs the type: not offered.
            if head.hasSuffix(".") || head.hasSuffix("->") {
                return Completion(head: head, word: word, candidates: [], appendsSpace: false)
            }
            var pool = symbols.locals + symbols.globals
            if kind == .setVariable, !arguments.dropFirst().contains(" ") { pool.insert("var", at: 0) }
            return Completion(
                head: head, word: word, candidates: sortedUnique(pool.filter { $0.hasPrefix(word) }), appendsSpace: false)
        }
    }

    private static func sortedUnique(_ names: [String]) -> [String] {
        Array(Set(names)).sorted()
    }
}
