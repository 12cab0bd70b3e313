/// Tab completion of command lines, without a session: command names,
/// then each command's kind of argument.
import DebugCommands
import Testing

struct CommandCompletionTests {
    let symbols = CompletionSymbols(
        functions: ["average", "main", "memcpy", "run_div", "summarize"], sourceFiles: ["crash.c", "main.c"],
        globals: ["counter", "stats_table"], locals: ["stats", "mean", "count"])

    @Test func commandNames() {
        let one = CommandCompletion.complete("disas", symbols: symbols)
        #expect(one.candidates == ["disassemble"])
        #expect(one.completedLine == "disassemble ")
        let several = CommandCompletion.complete("b", symbols: symbols)
        #expect(several.candidates == ["backtrace", "break"])
        #expect(several.completedLine == "b")
        let shared = CommandCompletion.complete("fi", symbols: symbols)
        #expect(shared.candidates == ["find", "finish"])
        #expect(shared.completedLine == "fin")
        #expect(shared.line(choosing: 1) == "finish")
        #expect(CommandCompletion.complete("zzz", symbols: symbols).candidates.isEmpty)
        // Only an abbreviation matches: offer it.
        #expect(CommandCompletion.complete("whe", symbols: symbols).candidates == ["where"])
        // A front end's own commands complete too.
        let display = CommandCompletion.complete("disp", symbols: symbols, extraCommands: [("display", .expression)])
        #expect(display.completedLine == "display ")
    }

    @Test func breakCompletesFunctionsAndFiles() {
        let completion = CommandCompletion.complete("break ma", symbols: symbols)
        #expect(completion.candidates == ["main", "main.c"])
        #expect(completion.completedLine == "break main")
        let file = CommandCompletion.complete("b cr", symbols: symbols)
        // A file name is followed by `:LINE`, not a space.
        #expect(file.completedLine == "b crash.c")
        #expect(CommandCompletion.complete("tbreak sum", symbols: symbols).completedLine == "tbreak summarize ")
        #expect(CommandCompletion.complete("break crash.c:7", symbols: symbols).candidates.isEmpty)
        #expect(CommandCompletion.complete("disassemble run", symbols: symbols).completedLine == "disassemble run_div ")
    }

    @Test func expressionsCompleteTheirLastName() {
        #expect(CommandCompletion.complete("print me", symbols: symbols).candidates == ["mean"])
        #expect(CommandCompletion.complete("p/x st", symbols: symbols).candidates == ["stats", "stats_table"])
        #expect(CommandCompletion.complete("p/x st", symbols: symbols).completedLine == "p/x stats")
        #expect(CommandCompletion.complete("x/4xw &co", symbols: symbols).candidates == ["count", "counter"])
        #expect(CommandCompletion.complete("print stats->tot", symbols: symbols).candidates.isEmpty)
        #expect(CommandCompletion.complete("display mea", symbols: symbols, extraCommands: [("display", .expression)]).completedLine == "display mean")
        #expect(CommandCompletion.complete("set v", symbols: symbols).candidates == ["var"])
        #expect(CommandCompletion.complete("set var me", symbols: symbols).candidates == ["mean"])
        #expect(CommandCompletion.complete(argument: "*sta", kind: .expression, symbols: symbols).completedLine == "*stats")
    }

    @Test func infoTopicsAndHelp() {
        #expect(CommandCompletion.complete("info b", symbols: symbols).completedLine == "info breakpoints ")
        #expect(CommandCompletion.complete("info wasm-", symbols: symbols).candidates == ["wasm-globals", "wasm-locals", "wasm-stack"])
        #expect(CommandCompletion.complete("help fin", symbols: symbols).candidates == ["find", "finish"])
        // Commands without arguments to complete offer nothing.
        #expect(CommandCompletion.complete("run ", symbols: symbols).candidates.isEmpty)
    }

    @Test func resumingCommandsAreKnown() {
        #expect(ResumingCommands.contains("c"))
        #expect(ResumingCommands.contains("  next 3"))
        #expect(ResumingCommands.contains("stepi"))
        #expect(ResumingCommands.contains("fin"))
        #expect(!ResumingCommands.contains("print x"))
        #expect(!ResumingCommands.contains("bt"))
    }
}
