/// Which command lines let the program run (or end it): a front end that
/// compares what it showed before and after a command needs to know that
/// the program moved, even when it stops at the same place again (a
/// `continue` to the same breakpoint in a loop).
import Foundation

public enum ResumingCommands {
    static let names: Set<String> = ["run", "continue", "next", "step", "nextw", "stepw", "nexti", "stepi", "finish", "kill"]

    /// True when `line`'s command (by name, alias or unique prefix, as the interpreter finds it) resumes or kills the program.
    public static func contains(_ line: String) -> Bool {
        let (word, _, _) = CommandInterpreter.split(line.trimmingCharacters(in: .whitespaces))
        guard let command = CommandTable.lookup(word) else { return false }
        return names.contains(command.name)
    }
}
