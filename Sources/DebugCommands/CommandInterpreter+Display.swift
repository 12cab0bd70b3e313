/// gdb's auto-display: `display[/FMT] EXPR` adds an expression printed after
/// every stop, `display` alone prints them now, `undisplay [N...]` deletes,
/// `info display` lists them.
import Debugger

extension CommandInterpreter {
    struct NumberedDisplay {
        let number: Int
        let display: DisplayExpression
    }

    func displayCommand(_ arguments: String, format: String?) throws(DebuggerError) {
        guard !arguments.isEmpty else {
            showDisplays()
            return
        }
        let display = try DisplayExpression(parsing: format.map { "/\($0) \(arguments)" } ?? arguments)
        lastDisplayNumber += 1
        let entry = NumberedDisplay(number: lastDisplayNumber, display: display)
        displays.append(entry)
        if session.state.isStopped {
            for line in display.lines(number: entry.number, in: session) { say(line) }
        }
    }

    func undisplay(_ arguments: String) throws(DebuggerError) {
        guard !arguments.isEmpty else {
            displays.removeAll()
            return
        }
        var numbers: [Int] = []
        for piece in arguments.split(separator: " ") {
            guard let number = Int(piece) else { throw DebuggerError("Arguments must be display numbers.") }
            guard displays.contains(where: { $0.number == number }) else { throw DebuggerError("No display number \(number).") }
            numbers.append(number)
        }
        displays.removeAll { numbers.contains($0.number) }
    }

    func infoDisplay() {
        guard !displays.isEmpty else {
            say("There are no auto-display expressions now.")
            return
        }
        say("Auto-display expressions now in effect:")
        say("Num Enb Expression")
        for entry in displays { say("\(entry.number):   y  \(entry.display.label)") }
    }

    /// After a stop is reported: every display, in the order they were added.
    func showDisplays() {
        guard session.state.isStopped else { return }
        for entry in displays {
            for line in entry.display.lines(number: entry.number, in: session) { say(line) }
        }
    }
}
