/// The status line: program, session state and stop reason, where the
/// selected frame is, and a hint for the keys that matter now.
public struct StatusLine: Sendable {
    public var programName: String
    public var state: String
    public var location: String?
    public var message: String?
    public var isBusy: Bool

    public init(snapshot: DebuggerSnapshot, isBusy: Bool, message: String?) {
        programName = snapshot.programName
        self.isBusy = isBusy
        state = isBusy ? "running" : snapshot.stateDescription
        if !isBusy, snapshot.state.isStopped, let frame = snapshot.selectedFrame {
            var text = frame.functionName
            if let file = frame.file, let line = frame.line {
                text += " at " + (file.split(separator: "/").last.map(String.init) ?? file) + ":\(line)"
            }
            location = text
        }
        self.message = message
    }

    public var text: String {
        var parts = [" " + programName, "[\(state)]"]
        if let location { parts.append(location) }
        if let message { parts.append("- " + message) }
        let hint = isBusy ? "Ctrl-C pause  q quit" : "F1/? help  : command  q quit"
        return parts.joined(separator: "  ") + "    " + hint
    }
}
