/// One of gdb's auto-display expressions (`display[/FMT] EXPR`): shown again
/// at every stop. The REPL prints them after the stop; the full screen keeps
/// them as watches in its locals pane. Both read them through this type, so
/// `/x` means the same in each.
import DebugExpressions
import Debugger

public struct DisplayExpression: Sendable, Hashable {
    public enum Style: Sendable, Hashable {
        /// `display/x n`: the value as `print/x` shows it.
        case value(ValueFormat)
        /// `display/4xw &a`: memory at the expression's address, as `x/4xw` shows it
        /// (gdb's rule: a count, a unit or `s` in the format means memory).
        case memory(MemoryExamination)
    }

    public let expression: String
    public let style: Style
    /// What was typed after `display` (`/x n`), shown where gdb shows it.
    public let label: String

    /// Reads `/x n`, `/4xw &a` or a bare `n`.
    public init(parsing text: String) throws(DebuggerError) {
        var rest = Substring(text).drop { $0 == " " }
        var format: Substring?
        if rest.hasPrefix("/") {
            format = rest.dropFirst().prefix { $0 != " " }
            rest = rest.dropFirst(1 + format!.count).drop { $0 == " " }
        }
        while rest.last == " " { rest.removeLast() }
        guard !rest.isEmpty else { throw DebuggerError("Argument required (expression to display).") }
        expression = String(rest)
        guard let format, !format.isEmpty else {
            style = .value(.natural)
            label = expression
            return
        }
        label = "/\(format) \(expression)"
        if format.count == 1, format != "s", let letter = format.first, let valueFormat = ValueFormat(letter: letter) {
            style = .value(valueFormat)
            return
        }
        do {
            style = .memory(try MemoryExamination.parse(String(format)))
        } catch {
            throw DebuggerError(error.description)
        }
    }

    /// The expression's lines at this stop: `2: /x n = 0x5`, or for memory
    /// `3: x/2xw &a` followed by `x`'s lines. An error is one line, as gdb
    /// shows a display it cannot evaluate.
    public func lines(number: Int, in session: DebugSession) -> [String] {
        switch style {
        case .value(let format):
            do {
                let value = try session.evaluate(expression)
                return ["\(number): \(label) = \(try session.format(value, as: format))"]
            } catch {
                return ["\(number): \(label) = <error: \(error.description)>"]
            }
        case .memory(var examination):
            do {
                let address = try session.evaluateAddress(expression)
                return ["\(number): x\(label)"] + (try session.examine(&examination, at: address))
            } catch {
                return ["\(number): x\(label)", "<error: \(error.description)>"]
            }
        }
    }

    /// The value as the full screen's watch row shows it (one line).
    public func watchText(of value: DebugValue, in session: DebugSession) throws(DebuggerError) -> String {
        switch style {
        case .value(let format):
            return try session.format(value, as: format)
        case .memory(var examination):
            let address = try session.evaluateAddress(expression)
            return try session.examine(&examination, at: address).joined(separator: "  ")
        }
    }
}
