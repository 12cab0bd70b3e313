/// gdb's command names, the abbreviations gdb users type, and one line of
/// help each. A command is found by its name, an alias, or any prefix of its
/// name that no other command shares (gdb's rule), so `disas`, `fin` and
/// `cond` work as they do in gdb.
struct CommandSpec {
    let name: String
    let aliases: [String]
    let summary: String
    /// gdb repeats some commands on an empty line (next, step, x, list…).
    let repeatsOnEmptyLine: Bool

    init(_ name: String, aliases: [String] = [], repeats: Bool = false, _ summary: String) {
        self.name = name
        self.aliases = aliases
        self.summary = summary
        self.repeatsOnEmptyLine = repeats
    }
}

enum CommandTable {
    static let commands: [CommandSpec] = [
        CommandSpec("run", aliases: ["r"], "Start the program (again) from the beginning; ARGS replace its arguments."),
        CommandSpec("continue", aliases: ["c", "cont"], "Continue until a breakpoint, watchpoint, trap or the end. N: ignore this breakpoint N-1 more times."),
        CommandSpec("next", aliases: ["n"], repeats: true, "Step to the next source line, over calls. N times."),
        CommandSpec("step", aliases: ["s"], repeats: true, "Step to the next source line, into calls. N times."),
        CommandSpec("nextw", aliases: ["nw"], repeats: true, "Step to the next wasm op, over calls."),
        CommandSpec("stepw", aliases: ["sw"], repeats: true, "Step to the next wasm op, into calls."),
        CommandSpec("nexti", aliases: ["ni"], repeats: true, "Step one machine instruction, over calls."),
        CommandSpec("stepi", aliases: ["si"], repeats: true, "Step one machine instruction, into calls."),
        CommandSpec("finish", aliases: ["fin"], "Run until the selected frame returns; print the value it returns."),
        CommandSpec("kill", aliases: ["k"], "Stop the program; `run` starts it again."),
        CommandSpec("break", aliases: ["b", "br", "brea"], "Set a breakpoint: FILE:LINE, LINE, FUNCTION, *MODULE-OFFSET or *MACHINE-ADDRESS [if CONDITION]."),
        CommandSpec("tbreak", aliases: ["tb"], "Set a temporary breakpoint (deleted when hit)."),
        CommandSpec("delete", aliases: ["d"], "Delete breakpoints and watchpoints (all, or the numbers given)."),
        CommandSpec("disable", aliases: ["disa"], "Disable breakpoints (all, or the numbers given)."),
        CommandSpec("enable", aliases: ["en"], "Enable breakpoints (all, or the numbers given)."),
        CommandSpec("condition", aliases: ["cond"], "condition N [EXPR]: stop at breakpoint N only when EXPR is nonzero; no EXPR removes it."),
        CommandSpec("ignore", "ignore N COUNT: pass breakpoint N COUNT times before stopping."),
        CommandSpec("watch", aliases: ["wa"], "Stop when the value of EXPR (an lvalue in linear memory) is written with a new value."),
        CommandSpec("backtrace", aliases: ["bt", "where"], "Print the call stack (N innermost frames)."),
        CommandSpec("frame", aliases: ["f"], "Select frame N and print it; no N prints the selected frame."),
        CommandSpec("up", "Select the frame N (default 1) levels up (towards main)."),
        CommandSpec("down", aliases: ["do"], "Select the frame N (default 1) levels down."),
        CommandSpec("print", aliases: ["p", "pr", "inspect"], "print[/FMT] EXPR: evaluate a C expression in the selected frame (FMT: x d u o t c a f s)."),
        CommandSpec("ptype", "Print the type of EXPR (or a type name) in full."),
        CommandSpec("whatis", "Print the type of EXPR."),
        CommandSpec("x", repeats: true, "x/NFU ADDRESS: examine linear memory (N count, F format xduotacfs, U unit b h w g)."),
        CommandSpec("set", "set var NAME = EXPR: change a variable; set var *PTR = EXPR writes memory."),
        CommandSpec("find", "find [/b|/h|/w|/g] START, END|+LENGTH, VALUE...: search linear memory."),
        CommandSpec("display", "display[/FMT] EXPR: print EXPR at every stop (FMT as print's, or x's N/F/U for memory); no EXPR prints them now."),
        CommandSpec("undisplay", "Delete display expressions (all, or the numbers given)."),
        CommandSpec("info", aliases: ["i"], "info breakpoints|locals|args|frame|registers|source|line|functions|wasm-locals|wasm-stack|wasm-globals|display|profile"),
        CommandSpec("list", aliases: ["l"], repeats: true, "List source lines around LINE, FILE:LINE or FUNCTION; no argument continues."),
        CommandSpec("disassemble", aliases: ["disas"], "Show the wasm ops and the JIT's machine code of a function, with source lines."),
        CommandSpec("profile", "profile start [--frequency HZ] [--clock cpu|wall] | stop | report [N] | clear: sample where the program spends its time while it runs."),
        CommandSpec("echo", "Print TEXT (\\n for a newline)."),
        CommandSpec("help", aliases: ["h"], "List commands, or describe one."),
        CommandSpec("quit", aliases: ["q", "exit"], "Leave the debugger (the program is killed)."),
    ]

    /// The command a typed word means: exact name or alias first, then a prefix unique among names.
    static func lookup(_ word: String) -> CommandSpec? {
        if let exact = commands.first(where: { $0.name == word || $0.aliases.contains(word) }) { return exact }
        let candidates = commands.filter { $0.name.hasPrefix(word) }
        return candidates.count == 1 ? candidates[0] : nil
    }

    static func ambiguity(_ word: String) -> [String] {
        commands.filter { $0.name.hasPrefix(word) }.map(\.name)
    }
}
