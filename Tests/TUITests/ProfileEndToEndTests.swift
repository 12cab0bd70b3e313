/// `wasmscope profile --tui` in a real terminal (tmux): the table appears
/// with a hot function, the sample count grows while the program runs, the
/// final profile stays after it ends, Enter opens the function view with
/// shares on the source lines, and q leaves the terminal as it was. And the
/// same view inside the debugger (`:profile`), following its run.
import Foundation
import TestSupport
import Testing

@Suite(.serialized, .timeLimit(.minutes(2)))
struct ProfileEndToEndTests {
    /// The sample count in the summary row, e.g. `[running]  412 samples`.
    private func sampleCount(_ screen: String) -> Int? {
        guard let range = screen.range(of: #"\] +\d+ samples"#, options: .regularExpression) else { return nil }
        return Int(screen[range].filter(\.isNumber))
    }

    @Test(
        .enabled(
            if: TmuxHarness.isAvailable,
            "needs tmux and the wasmscope binary next to the tests (swift build --build-tests)"))
    func liveTableFunctionViewAndQuit() throws {
        let binary = try #require(TmuxHarness.wasmscopeBinary)
        let module = try Demos.wasm("hotspots")
        let command = "\(binary) profile --tui --clock wall \(module) 6; echo \"EXITED $?\"; stty -a; sleep 600"
        let tmux = try TmuxHarness(command: command, width: 120, height: 40)
        defer { tmux.close() }

        var step = try tmux.waitFor("a running table with samples") { screen in
            screen.contains("[running]") && (self.sampleCount(screen) ?? 0) > 0 && screen.contains("Self%  Total%")
        }
        try #require(step.found, "no live table:\n\(step.screen)")
        let first = sampleCount(step.screen) ?? 0
        step = try tmux.waitFor("more samples", timeout: 10) { screen in
            (self.sampleCount(screen) ?? 0) > first
        }
        #expect(step.found, "the count did not grow from \(first):\n\(step.screen)")

        step = try tmux.waitFor("the end of the run", timeout: 30) { $0.contains("[finished (exit status 0)]") }
        try #require(step.found, "the program did not finish:\n\(step.screen)")
        let table = step.screen.split(separator: "\n").map(String.init)
        let header = try #require(table.firstIndex { $0.contains("Self%  Total%") })
        let hottest = table[header + 1]
        #expect(["count_primes", "multiply", "fnv1a"].contains { hottest.contains($0) }, "\(step.screen)")
        #expect(step.screen.contains("Output (o hides)"))
        #expect(step.screen.contains("primes below"), "the program's output is in the output pane:\n\(step.screen)")

        try tmux.send("Enter")
        step = try tmux.waitFor("the function view") { $0.contains("Source: hotspots.c") && $0.contains("Machine code: ") }
        try #require(step.found, "Enter opened no function view:\n\(step.screen)")
        let sourceRows = step.screen.split(separator: "\n").filter {
            // Under load the hottest line may be a neighbour of the HOT-marked one: any line with a share will do.
            $0.range(of: #"^\s*\d+\.\d% +\d+  "#, options: .regularExpression) != nil
        }
        #expect(!sourceRows.isEmpty, "no source line with its share:\n\(step.screen)")

        try tmux.send("Escape")
        #expect(try tmux.waitFor("Self%  Total%").found)
        try tmux.send("q")
        step = try tmux.waitFor("EXITED 0 and stty -a") { $0.contains("EXITED 0") && $0.contains("icanon") }
        try #require(step.found, "did not exit:\n\(step.screen)")
        #expect(TmuxHarness.showsCookedTerminal(step.screen), "the terminal was not restored:\n\(step.screen)")
    }

    @Test(
        .enabled(
            if: TmuxHarness.isAvailable,
            "needs tmux and the wasmscope binary next to the tests (swift build --build-tests)"))
    func quitWhileRunningAsksAndStopsTheProgram() throws {
        let binary = try #require(TmuxHarness.wasmscopeBinary)
        let module = try Demos.wasm("hotspots")
        // 100 rounds run for a minute or more: the quit has to stop them.
        let command = "\(binary) profile --tui \(module) 100; echo \"EXITED $?\"; sleep 600"
        let tmux = try TmuxHarness(command: command, width: 100, height: 30)
        defer { tmux.close() }
        try #require(try tmux.waitFor("[running]").found)
        try tmux.send("q")
        var step = try tmux.waitFor("Stop it and quit? (y/n)", timeout: 10)
        #expect(step.found, "\(step.screen)")
        try tmux.send("y")
        step = try tmux.waitFor("EXITED", timeout: 10)
        #expect(step.found, "the quit hung:\n\(step.screen)")
        #expect(step.screen.contains("EXITED 130"), "\(step.screen)")
        #expect(step.screen.contains("wasmscope: stopped the program"), "\(step.screen)")
    }

    @Test(
        .enabled(
            if: TmuxHarness.isAvailable,
            "needs tmux and the wasmscope binary next to the tests (swift build --build-tests)"))
    func theDebuggersProfileViewFollowsTheRun() throws {
        let binary = try #require(TmuxHarness.wasmscopeBinary)
        let module = try Demos.wasm("hotspots")
        let command = "\(binary) debug --tui -ex 'tbreak multiply' \(module) 2; echo \"EXITED $?\"; sleep 600"
        let tmux = try TmuxHarness(command: command, width: 120, height: 36)
        defer { tmux.close() }
        try #require(try tmux.waitFor("Temporary breakpoint 1 at").found)

        // Before the run the view waits for the program; `c` runs it and the view opens.
        try tmux.send(":")
        try tmux.type("profile")
        try tmux.send("Enter")
        var step = try tmux.waitFor("the profile view opens when the program runs")
        #expect(step.found, "\(step.screen)")
        // `c` at once: it queues behind `profile start`, which does not count as running.
        try tmux.send("c")
        step = try tmux.waitFor("paused at the breakpoint, count_primes sampled", timeout: 30) { screen in
            screen.contains("[paused]") && screen.contains("count_primes") && screen.contains("Self%  Total%")
        }
        try #require(step.found, "no paused profile:\n\(step.screen)")
        #expect(!step.screen.contains("multiply  "), "multiply has not run yet:\n\(step.screen)")

        // `c` still continues the program under the view, to its end.
        try tmux.send("c")
        step = try tmux.waitFor("[finished (exit status 0)]", timeout: 30)
        try #require(step.found, "the run did not finish under the view:\n\(step.screen)")
        #expect(step.screen.contains("multiply"), "\(step.screen)")

        // q closes the view, then quits the debugger.
        try tmux.send("q")
        step = try tmux.waitFor("[exited with status 0]")
        #expect(step.found && step.screen.contains("Source: "), "not back in the debugger:\n\(step.screen)")
        try tmux.send("q")
        #expect(try tmux.waitFor("EXITED 0").found)
    }
}
