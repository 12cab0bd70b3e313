/// Tab on the screen's command line and prompts: completion from the
/// snapshot's names, candidates listed above the line, cycling; and the
/// help box still showing every key on a 120x40 screen.
import DebugCommands
import Debugger
import Testing

@testable import TUI

struct CommandLineCompletionTests {
    private func view() -> DebuggerView {
        let view = DebuggerView(width: 120, height: 40)
        var snapshot = DebuggerSnapshot()
        snapshot.state = .stopped(.stepFinished)
        snapshot.completionSymbols = CompletionSymbols(
            functions: ["average", "main", "summarize"], sourceFiles: ["crash.c"], globals: ["counter"], locals: ["stats", "mean"])
        view.apply(snapshot)
        return view
    }

    private func type(_ text: String, into view: DebuggerView) {
        for character in text { _ = view.handle(.character(character)) }
    }

    @Test func tabCompletesListsAndCycles() {
        let view = view()
        _ = view.handle(.character(":"))
        type("b", into: view)
        #expect(view.handle(.tab).isEmpty)
        #expect(view.commandLine.text == "b")
        #expect(view.render().text.contains("2 candidates: backtrace  break"))
        // Tab again cycles: the first candidate, then the second, marked in the list.
        _ = view.handle(.tab)
        #expect(view.commandLine.text == "backtrace")
        _ = view.handle(.tab)
        #expect(view.commandLine.text == "break")
        #expect(view.render().text.contains("backtrace  [break]"))
        // Typing ends the cycle and the list; the next Tab completes the argument.
        type(" su", into: view)
        #expect(!view.render().text.contains("candidates"))
        _ = view.handle(.tab)
        #expect(view.commandLine.text == "break summarize ")
        #expect(view.handle(.enter) == [.command("break summarize ")])

        // `display` is the screen's own command: it completes, and its argument too.
        _ = view.handle(.character(":"))
        type("disp", into: view)
        _ = view.handle(.tab)
        type("me", into: view)
        _ = view.handle(.tab)
        #expect(view.commandLine.text == "display mean")
        _ = view.handle(.escape)

        // Nothing to complete says so.
        _ = view.handle(.character(":"))
        type("zz", into: view)
        _ = view.handle(.tab)
        #expect(view.render().text.contains("No completions."))
        _ = view.handle(.escape)
    }

    @Test func promptsCompleteTheirKindOfName() {
        let view = view()
        _ = view.handle(.character("a"))
        type("*st", into: view)
        _ = view.handle(.tab)
        #expect(view.commandLine.text == "*stats")
        _ = view.handle(.escape)
        _ = view.handle(.character("g"))
        type("av", into: view)
        _ = view.handle(.tab)
        #expect(view.commandLine.text == "average ")
        // Search has nothing to complete: Tab is ignored.
        _ = view.handle(.escape)
        _ = view.handle(.character("/"))
        type("x", into: view)
        _ = view.handle(.tab)
        #expect(view.commandLine.text == "x")
    }

    @Test func helpShowsEveryKeyOnA120x40Screen() {
        let view = DebuggerView(width: 120, height: 40)
        _ = view.handle(.character("?"))
        let screen = view.render().text
        for binding in KeyMap.bindings { #expect(screen.contains(binding.summary), "\(binding.summary)") }
        #expect(screen.contains("Press any key to close."))
    }
}
