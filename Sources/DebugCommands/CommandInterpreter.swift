/// Runs gdb-style command lines against a debug session and writes what gdb
/// would print. The same interpreter serves `debug --batch`, the REPL and the
/// TUI's command line. Errors print as text and never end the session;
/// nothing typed can crash it.
import DebugExpressions
import Debugger
import Foundation

public final class CommandInterpreter {
    public let session: DebugSession
    let write: (String) -> Void
    /// The last command line, repeated by an empty line for commands gdb repeats.
    private var lastRepeatableLine: String?
    /// `$1`, `$2`… as print numbers its results.
    var valueHistoryCount = 0
    /// Where `list` without arguments continues, and `x` without an address.
    var listPosition: (file: String, line: Int)?
    var nextExamineAddress: UInt64?
    var lastExamination = MemoryExamination(count: 1, format: .hex, unit: .word)
    /// The function of the last reported stop, to print a frame header only when it changes.
    var lastReportedFunction: String?
    /// `display` expressions, printed after every stop; numbers are never reused.
    var displays: [NumberedDisplay] = []
    var lastDisplayNumber = 0
    /// The `profile` command's sampler of the guest; a live profile view reads `profiling.profiler`.
    public let profiling = DebugProfiling()

    public enum Outcome: Equatable {
        case proceed
        case quit
    }

    public init(session: DebugSession, write: @escaping (String) -> Void) {
        self.session = session
        self.write = write
        session.executionObserver = profiling
    }

    /// Prints a line (a newline is added).
    func say(_ text: String) {
        write(text + "\n")
    }

    /// Executes one command line.
    @discardableResult
    public func execute(_ rawLine: String) -> Outcome {
        var line = rawLine.trimmingCharacters(in: .whitespaces)
        if line.isEmpty {
            guard let last = lastRepeatableLine else { return .proceed }
            line = last
        }
        if line.hasPrefix("#") { return .proceed }
        let (word, format, arguments) = Self.split(line)
        guard let command = CommandTable.lookup(word) else {
            let candidates = CommandTable.ambiguity(word)
            if candidates.count > 1 {
                say("Ambiguous command \"\(word)\": \(candidates.joined(separator: ", ")).")
            } else {
                say("Undefined command: \"\(word)\".  Try \"help\".")
            }
            return .proceed
        }
        lastRepeatableLine = command.repeatsOnEmptyLine ? line : nil
        do {
            return try dispatch(command.name, format: format, arguments: arguments)
        } catch {
            say(error.description)
            return .proceed
        }
    }

    /// `p/x foo` → ("p", "x", "foo"); `x/8xw &a` → ("x", "8xw", "&a").
    static func split(_ line: String) -> (word: String, format: String?, arguments: String) {
        var word = ""
        var index = line.startIndex
        while index < line.endIndex, !line[index].isWhitespace, line[index] != "/" {
            word.append(line[index])
            index = line.index(after: index)
        }
        var format: String?
        if index < line.endIndex, line[index] == "/" {
            index = line.index(after: index)
            var text = ""
            while index < line.endIndex, !line[index].isWhitespace {
                text.append(line[index])
                index = line.index(after: index)
            }
            format = text
        }
        let arguments = String(line[index...]).trimmingCharacters(in: .whitespaces)
        return (word, format, arguments)
    }

    private func dispatch(_ name: String, format: String?, arguments: String) throws(DebuggerError) -> Outcome {
        switch name {
        case "run": try run(arguments)
        case "continue": try continueCommand(arguments)
        case "next": try repeatStep(arguments) { () throws(DebuggerError) in try session.stepLine(overCalls: true) }
        case "step": try repeatStep(arguments) { () throws(DebuggerError) in try session.stepLine(overCalls: false) }
        case "nextw": try repeatStep(arguments) { () throws(DebuggerError) in try session.stepOp(overCalls: true) }
        case "stepw": try repeatStep(arguments) { () throws(DebuggerError) in try session.stepOp(overCalls: false) }
        case "nexti": try repeatStep(arguments, instruction: true) { () throws(DebuggerError) in try session.stepInstruction(overCalls: true) }
        case "stepi": try repeatStep(arguments, instruction: true) { () throws(DebuggerError) in try session.stepInstruction(overCalls: false) }
        case "finish": try finish()
        case "kill": kill()
        case "break": try breakCommand(arguments, temporary: false)
        case "tbreak": try breakCommand(arguments, temporary: true)
        case "delete": try forEachBreakpoint(arguments, all: { session.deleteAllBreakpoints() }) { (number) throws(DebuggerError) in try session.deleteBreakpoint(number) }
        case "disable": try forEachBreakpoint(arguments, all: { for b in session.breakpoints { try? session.setEnabled(b.number, false) } }) { (number) throws(DebuggerError) in try session.setEnabled(number, false) }
        case "enable": try forEachBreakpoint(arguments, all: { for b in session.breakpoints { try? session.setEnabled(b.number, true) } }) { (number) throws(DebuggerError) in try session.setEnabled(number, true) }
        case "condition": try condition(arguments)
        case "ignore": try ignore(arguments)
        case "watch": try watch(arguments)
        case "backtrace": try backtrace(arguments)
        case "frame": try frame(arguments)
        case "up": try moveFrame(arguments, direction: 1)
        case "down": try moveFrame(arguments, direction: -1)
        case "print": try printCommand(arguments, format: format)
        case "ptype": try typeCommand(arguments, expanded: true)
        case "whatis": try typeCommand(arguments, expanded: false)
        case "x": try examine(arguments, format: format)
        case "set": try setCommand(arguments)
        case "find": try find(arguments, format: format)
        case "display": try displayCommand(arguments, format: format)
        case "undisplay": try undisplay(arguments)
        case "info": try info(arguments)
        case "list": try list(arguments)
        case "disassemble": try disassemble(arguments)
        case "profile": try profileCommand(arguments)
        case "echo": write(arguments.replacingOccurrences(of: "\\n", with: "\n"))
        case "help": help(arguments)
        case "quit":
            session.kill()
            return .quit
        default: say("Undefined command: \"\(name)\".  Try \"help\".")
        }
        return .proceed
    }

    private func help(_ arguments: String) {
        if !arguments.isEmpty {
            guard let command = CommandTable.lookup(arguments) else {
                say("Undefined command: \"\(arguments)\".  Try \"help\".")
                return
            }
            let aliases = command.aliases.isEmpty ? "" : " (\(command.aliases.joined(separator: ", ")))"
            say("\(command.name)\(aliases) -- \(command.summary)")
            return
        }
        say("Commands (gdb's names and abbreviations):")
        for command in CommandTable.commands {
            let names = ([command.name] + command.aliases).joined(separator: ", ")
            say("  " + names.padding(toLength: 24, withPad: " ", startingAt: 0) + command.summary)
        }
    }
}

/// Parses a count argument (`next 3`), 1 when absent.
func parseCount(_ text: String) throws(DebuggerError) -> Int {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed.isEmpty { return 1 }
    guard let count = Int(trimmed), count >= 1 else { throw DebuggerError("Invalid count \"\(trimmed)\".") }
    return count
}

/// Parses `12`, `0x1a2`, `-3`.
func parseInteger(_ text: String) -> Int? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed.hasPrefix("0x") || trimmed.hasPrefix("0X") { return Int(trimmed.dropFirst(2), radix: 16) }
    return Int(trimmed)
}
