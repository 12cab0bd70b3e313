/// break, tbreak, delete, enable, disable, condition, ignore, watch and
/// `info breakpoints`.
import Debugger
import Foundation

extension CommandInterpreter {
    func breakCommand(_ arguments: String, temporary: Bool) throws(DebuggerError) {
        var locationText = arguments
        var condition: String?
        if let range = arguments.range(of: " if ") {
            locationText = String(arguments[..<range.lowerBound])
            condition = String(arguments[range.upperBound...]).trimmingCharacters(in: .whitespaces)
        } else if arguments.hasPrefix("if ") {
            locationText = ""
            condition = String(arguments.dropFirst(3))
        }
        let location = try parseLocation(locationText.trimmingCharacters(in: .whitespaces))
        let breakpoint = try session.addBreakpoint(location, temporary: temporary, condition: condition)
        let kind = temporary ? "Temporary breakpoint" : "Breakpoint"
        guard let site = breakpoint.sites.first else {
            say("\(kind) \(breakpoint.number) (\(location)) pending.")
            return
        }
        var text = "\(kind) \(breakpoint.number) at 0x\(String(site.moduleOffset ?? 0, radix: 16))"
        if let source = site.source { text += ": file \(source.file), line \(source.line)." }
        else { text += ": \(site.functionName)." }
        if breakpoint.sites.count > 1 { text += " (\(breakpoint.sites.count) locations)" }
        say(text)
    }

    /// `FILE:LINE`, `LINE`, `FUNCTION`, `*0x1a2` (a module offset) or
    /// `*0x7f…` (a machine address in JIT code); empty: the selected frame's position.
    func parseLocation(_ text: String) throws(DebuggerError) -> BreakpointLocation {
        if text.isEmpty {
            guard let frame = session.selectedFrame, let offset = frame.moduleOffset else {
                throw DebuggerError("No default breakpoint location now selected.")
            }
            return .moduleOffset(offset)
        }
        if text.hasPrefix("*") {
            guard let value = parseInteger(String(text.dropFirst())), value >= 0 else {
                throw DebuggerError("Invalid address \"\(text.dropFirst())\".")
            }
            return session.codeMap.isModuleCode(UInt(value)) ? .machineAddress(UInt(value)) : .moduleOffset(value)
        }
        if let line = Int(text) { return .sourceLine(file: nil, line: line) }
        if let colon = text.lastIndex(of: ":"), let line = Int(text[text.index(after: colon)...]) {
            return .sourceLine(file: String(text[..<colon]), line: line)
        }
        return .function(text)
    }

    /// `delete 1 2`, `disable 3-5`, or every breakpoint with no numbers.
    func forEachBreakpoint(
        _ arguments: String, all: () -> Void, _ body: (Int) throws(DebuggerError) -> Void
    ) throws(DebuggerError) {
        let words = arguments.split(separator: " ").filter { $0 != "breakpoints" }
        if words.isEmpty {
            all()
            return
        }
        for word in words {
            let parts = word.split(separator: "-")
            guard let first = parts.first.flatMap({ Int($0) }) else { throw DebuggerError("Convenience variable must have integer value.\nArgs must be numbers or '$' variables.") }
            let last = parts.count > 1 ? Int(parts[1]) ?? first : first
            for number in first...max(first, last) { try body(number) }
        }
    }

    func condition(_ arguments: String) throws(DebuggerError) {
        let parts = arguments.split(separator: " ", maxSplits: 1)
        guard let first = parts.first, let number = Int(first) else { throw DebuggerError("Argument required (breakpoint number).") }
        let expression = parts.count > 1 ? String(parts[1]) : nil
        try session.setCondition(number, expression)
        if expression == nil { say("Breakpoint \(number) now unconditional.") }
    }

    func ignore(_ arguments: String) throws(DebuggerError) {
        let parts = arguments.split(separator: " ")
        guard parts.count == 2, let number = Int(parts[0]), let count = Int(parts[1]) else {
            throw DebuggerError("Argument required (a breakpoint number and a count).")
        }
        try session.setIgnoreCount(number, count)
        say("Will ignore next \(count) crossings of breakpoint \(number).")
    }

    func watch(_ arguments: String) throws(DebuggerError) {
        guard !arguments.isEmpty else { throw DebuggerError("Argument required (expression to compute).") }
        let watchpoint = try session.addWatchpoint(arguments)
        say("Watchpoint \(watchpoint.number): \(arguments)")
    }

    func infoBreakpoints() {
        guard !session.breakpoints.isEmpty else {
            say("No breakpoints or watchpoints.")
            return
        }
        say("Num     Type           Disp Enb Address    What")
        for breakpoint in session.breakpoints {
            let disposition = breakpoint.isTemporary ? "del " : "keep"
            let enabled = breakpoint.isEnabled ? "y" : "n"
            let number = String(breakpoint.number).padding(toLength: 8, withPad: " ", startingAt: 0)
            switch breakpoint.kind {
            case .breakpoint(let location):
                let site = breakpoint.sites.first
                let address = site.map { "0x" + String($0.moduleOffset ?? 0, radix: 16) } ?? "<PENDING>"
                var what = site.map { "in \($0.functionName)" } ?? location.description
                if let source = site?.source { what += " at \(source.file):\(source.line)" }
                say("\(number)breakpoint     \(disposition) \(enabled)   \(address.padding(toLength: 10, withPad: " ", startingAt: 0)) \(what)")
            case .watchpoint(let expression, _, _, _):
                say("\(number)watchpoint     \(disposition) \(enabled)              \(expression)")
            }
            if let condition = breakpoint.condition { say("\tstop only if \(condition)") }
            if breakpoint.hitCount > 0 {
                say("\tbreakpoint already hit \(breakpoint.hitCount) time\(breakpoint.hitCount == 1 ? "" : "s")")
            }
            if breakpoint.ignoreCount > 0 { say("\tWill ignore next \(breakpoint.ignoreCount) crossings of breakpoint.") }
        }
    }
}
