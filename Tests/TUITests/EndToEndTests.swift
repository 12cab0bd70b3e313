/// The real TUI in a real terminal (tmux): breakpoint with F9, continue, the
/// stop in the source, wasm and machine panes, a step, a local's value, the
/// memory pane, a resize, and a quit that leaves the terminal as it was.
import Foundation
import TestSupport
import Testing

@Suite(.serialized, .timeLimit(.minutes(3)))
struct EndToEndTests {
    @Test(
        .enabled(
            if: TmuxHarness.isAvailable,
            "needs tmux and the wasmscope binary next to the tests (swift build --build-tests)"))
    func breakpointStepLocalsMemoryResizeQuit() throws {
        let binary = try #require(TmuxHarness.wasmscopeBinary)
        let module = try Demos.wasm("crash", unoptimized: true)
        let line = try Demos.line(of: "TRAP: div", in: "crash", file: "crash.c")
        let command = "\(binary) debug --tui \(module) div 4 8; echo \"EXITED $?\"; stty -a; sleep 600"
        let tmux = try TmuxHarness(command: command, width: 120, height: 40)
        defer { tmux.close() }

        // The first frame is drawn before the session's first snapshot arrives: wait for that.
        var step = try tmux.waitFor("[not started] with the source") { screen in
            screen.contains("[not started]") && screen.contains("Source: crash.c")
        }
        try #require(step.found, "the TUI did not open:\n\(step.screen)")
        #expect(step.screen.contains("Source: crash.c"))

        // F9 on the source line of the division.
        try tmux.send("g")
        try #require(try tmux.waitFor("Go to line or function:").found)
        try tmux.type("\(line)")
        try tmux.send("Enter")
        step = try tmux.waitFor("crash.c \(line)/")
        #expect(step.found, "go to line \(line):\n\(step.screen)")
        try tmux.send("F9")
        step = try tmux.waitFor("breakpoint marker") { screen in
            screen.split(separator: "\n").contains { $0.hasPrefix("B") && $0.contains("TRAP: div") }
        }
        #expect(step.found, "F9 set no breakpoint:\n\(step.screen)")

        // Continue (runs the program) to the breakpoint.
        try tmux.send("c")
        step = try tmux.waitFor("[stopped: breakpoint 1]")
        try #require(step.found, "no breakpoint stop:\n\(step.screen)")
        let stopped = step.screen
        #expect(stopped.split(separator: "\n").contains { $0.hasPrefix("B=>") && $0.contains("TRAP: div") }, "\(stopped)")
        #expect(stopped.contains("Wasm: average"), "\(stopped)")
        #expect(stopped.contains("Machine code: average"), "\(stopped)")
        #expect(stopped.range(of: #"=> 0x[0-9a-f]{6}  "#, options: .regularExpression) != nil, "wasm pane marks no op:\n\(stopped)")
        #expect(stopped.range(of: #"=>  (<\+\d+>|0x[0-9a-f]+)"#, options: .regularExpression) != nil, "machine pane marks no instruction:\n\(stopped)")
        #expect(stopped.contains("> #0 average at crash.c:\(line)"), "\(stopped)")

        // Step over the division: `mean` is (4 + 8) / 2.
        try tmux.send("n")
        step = try tmux.waitFor("[stopped: step]")
        #expect(step.found, "\(step.screen)")
        step = try tmux.waitFor("mean = 6")
        #expect(step.found, "locals after the step:\n\(step.screen)")
        #expect(step.screen.split(separator: "\n").contains { $0.contains("=> \(line + 1)") && $0.contains("return mean") }, "\(step.screen)")

        // The memory pane at the struct `stats` points to: count 2, total 12.
        for _ in 0..<6 { try tmux.send("Tab") }
        try tmux.send("g")
        try #require(try tmux.waitFor("Memory at address or expression:").found)
        try tmux.type("stats")
        try tmux.send("Enter")
        step = try tmux.waitFor("02 00 00 00 0c 00 00 00")
        #expect(step.found, "memory pane:\n\(step.screen)")
        #expect(step.screen.contains("Memory: stats = 0x"), "\(step.screen)")

        // Too small, then big again.
        try tmux.resize(width: 70, height: 20)
        step = try tmux.waitFor("Terminal too small: 70x20")
        #expect(step.found, "\(step.screen)")
        // Nothing of the big screen is left, not even in the bottom-right cell, which is never written.
        let small = step.screen.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(small.count >= 20 && small[19].trimmingCharacters(in: .whitespaces).isEmpty, "\(step.screen)")
        try tmux.resize(width: 120, height: 40)
        step = try tmux.waitFor("redrawn") { $0.contains("Source: crash.c") && $0.contains("[stopped: step]") }
        #expect(step.found, "after growing back:\n\(step.screen)")

        // Quit: the shell is back, in cooked mode with echo.
        try tmux.send("q")
        // `stty -a` prints after "EXITED 0": wait for its local flags too.
        step = try tmux.waitFor("EXITED 0 and stty -a") { $0.contains("EXITED 0") && $0.contains("icanon") && $0.contains("echo") }
        try #require(step.found, "did not exit:\n\(step.screen)")
        #expect(!step.screen.contains("Call stack"), "the full screen is still shown:\n\(step.screen)")
        #expect(TmuxHarness.showsCookedTerminal(step.screen), "the terminal was not restored:\n\(step.screen)")
    }

    @Test(
        .enabled(
            if: TmuxHarness.isAvailable,
            "needs tmux and the wasmscope binary next to the tests (swift build --build-tests)"))
    func ctrlCPausesARunningProgramAndQuitAsks() throws {
        let binary = try #require(TmuxHarness.wasmscopeBinary)
        // hotspots computes for seconds: long enough to catch it running.
        let module = try Demos.wasm("hotspots", unoptimized: true)
        let command = "\(binary) debug --tui \(module); echo \"EXITED $?\"; sleep 600"
        let tmux = try TmuxHarness(command: command, width: 120, height: 40)
        defer { tmux.close() }
        try #require(try tmux.waitFor("[not started]").found)
        try tmux.send("c")
        var step = try tmux.waitFor("[running]", timeout: 10)
        #expect(step.found, "never shown running:\n\(step.screen)")
        // Still responsive while the guest runs: the help overlay opens and closes.
        try tmux.send("?")
        #expect(try tmux.waitFor("wasmscope debugger keys", timeout: 10).found)
        try tmux.send("Escape")
        try tmux.send("C-c")
        step = try tmux.waitFor("paused") { $0.contains("[paused") }
        #expect(step.found, "Ctrl-C did not pause:\n\(step.screen)")
        #expect(step.screen.contains("> #0 "), "no call stack after the pause:\n\(step.screen)")
        // Running again, quitting asks first.
        try tmux.send("c")
        #expect(try tmux.waitFor("[running]", timeout: 10).found)
        try tmux.send("q")
        step = try tmux.waitFor("Quit anyway? (y/n)", timeout: 10)
        #expect(step.found, "\(step.screen)")
        try tmux.send("y")
        step = try tmux.waitFor("EXITED")
        #expect(step.found, "did not exit:\n\(step.screen)")
    }

    /// Tab completion, a watch, changed memory highlighted, following a
    /// pointer and back, Shift-Tab, Shift-F11 (finish) and the raw program
    /// output, through the keys a user presses.
    @Test(
        .enabled(
            if: TmuxHarness.isAvailable,
            "needs tmux and the wasmscope binary next to the tests (swift build --build-tests)"))
    func completionWatchMemoryFinishRawOutput() throws {
        let binary = try #require(TmuxHarness.wasmscopeBinary)
        let module = try Demos.wasm("crash", unoptimized: true)
        let command = "\(binary) debug --tui \(module) div 4 8; echo \"EXITED $?\"; sleep 600"
        let tmux = try TmuxHarness(command: command, width: 120, height: 40)
        defer { tmux.close() }
        var step = try tmux.waitFor("[not started] with the source") { $0.contains("[not started]") && $0.contains("Source: crash.c") }
        try #require(step.found, "the TUI did not open:\n\(step.screen)")

        // `:b` Tab lists two commands; `r` Tab completes `break`; `aver` Tab the function.
        try tmux.send(":")
        try tmux.type("b")
        try tmux.send("Tab")
        step = try tmux.waitFor("2 candidates: backtrace  break")
        #expect(step.found, "no candidates listed:\n\(step.screen)")
        try tmux.type("r")
        try tmux.send("Tab")
        try tmux.type("aver")
        try tmux.send("Tab")
        // (capture-pane drops the trailing space completion adds.)
        step = try tmux.waitFor(":break average")
        #expect(step.found, "not completed:\n\(step.screen)")
        try tmux.send("Enter")
        try #require(try tmux.waitFor("Breakpoint 1 at").found)
        try tmux.send("c")
        step = try tmux.waitFor("[stopped: breakpoint 1]")
        try #require(step.found, "no stop in average:\n\(step.screen)")

        // A watch with `a`, and one that cannot be evaluated with `:display`.
        try tmux.send("a")
        try #require(try tmux.waitFor("Watch expression:").found)
        try tmux.type("stats->total")
        try tmux.send("Enter")
        step = try tmux.waitFor("stats->total = 12")
        #expect(step.found, "watch not shown:\n\(step.screen)")
        #expect(step.screen.contains("Watches (1)"), "\(step.screen)")
        try tmux.send(":")
        try tmux.type("display nosuch")
        try tmux.send("Enter")
        step = try tmux.waitFor("nosuch = <no symbol")
        #expect(step.found, "no inline error:\n\(step.screen)")

        // Shift-Tab twice from the source pane: the memory pane.
        try tmux.send("BTab")
        try tmux.send("BTab")
        try tmux.send("g")
        step = try tmux.waitFor("Memory at address or expression:")
        try #require(step.found, "Shift-Tab did not reach the memory pane:\n\(step.screen)")
        try tmux.type("&mean")
        try tmux.send("Enter")
        try #require(try tmux.waitFor("Memory: &mean = 0x").found)
        // Step over the division: mean's first byte becomes 06, highlighted
        // (bold magenta); the cursor moves off its word, which it would cover.
        try tmux.send("Right")
        try tmux.send("n")
        step = try tmux.waitFor("[stopped: step]")
        #expect(step.found, "\(step.screen)")
        let attributed = try tmux.captureWithAttributes()
        let memoryRow = attributed.split(separator: "\n").drop { !$0.contains("Memory: &mean") }.dropFirst().first.map(String.init) ?? ""
        #expect(memoryRow.range(of: "\u{1B}\\[[0-9;]*35[0-9;]*m(\u{1B}\\[[0-9;]*m)*06", options: .regularExpression) != nil,
            "06 not highlighted: \(memoryRow.debugDescription)")

        // Follow the pointer `stats` holds, then come back.
        try tmux.send("g")
        try #require(try tmux.waitFor("Memory at address or expression:").found)
        try tmux.type("&stats")
        try tmux.send("Enter")
        try #require(try tmux.waitFor("Memory: &stats = 0x").found)
        try tmux.send("Enter")
        step = try tmux.waitFor("followed") { $0.contains("Memory: *0x") && $0.contains("02 00 00 00 0c 00 00 00") }
        #expect(step.found, "pointer not followed:\n\(step.screen)")
        try tmux.send("u")
        step = try tmux.waitFor("Memory: &stats = 0x")
        #expect(step.found, "u did not go back:\n\(step.screen)")

        // Shift-F11 finishes `average`: back in summarize with its value.
        try tmux.send("S-F11")
        step = try tmux.waitFor("[stopped: returned]")
        #expect(step.found, "Shift-F11 did not finish:\n\(step.screen)")
        #expect(step.screen.contains("Value returned: i32 6") || step.screen.contains("Value returned"), "\(step.screen)")
        #expect(step.screen.contains("> #0 summarize"), "\(step.screen)")

        // To the end, then the program's output raw on the terminal, and back.
        try tmux.send("c")
        step = try tmux.waitFor("[exited with status 0]")
        #expect(step.found, "\(step.screen)")
        try tmux.send("o")
        step = try tmux.waitFor("raw output") { $0.contains("Press any key to return") && $0.contains("arguments: 2 values, total 12, mean 6") }
        #expect(step.found, "no raw output:\n\(step.screen)")
        #expect(!step.screen.contains("Call stack"), "\(step.screen)")
        try tmux.send("x")
        step = try tmux.waitFor("back to the panes") { $0.contains("Call stack") && $0.contains("[exited with status 0]") }
        #expect(step.found, "the screen did not come back:\n\(step.screen)")
        try tmux.send("q")
        #expect(try tmux.waitFor("EXITED 0").found)
    }

    /// TERM=screen (tmux's default terminal type in many setups) describes
    /// no Shift-function keys: Shift-F11 still finishes, and Shift-Tab still
    /// moves the focus back, through the sequences the screen teaches ncurses.
    @Test(
        .enabled(
            if: TmuxHarness.isAvailable,
            "needs tmux and the wasmscope binary next to the tests (swift build --build-tests)"))
    func shiftF11UnderTermScreen() throws {
        let binary = try #require(TmuxHarness.wasmscopeBinary)
        let module = try Demos.wasm("crash", unoptimized: true)
        let command = "TERM=screen \(binary) debug --tui -ex 'break average' \(module) div 4 8; echo \"EXITED $?\"; sleep 600"
        let tmux = try TmuxHarness(command: command, width: 120, height: 40)
        defer { tmux.close() }
        try #require(try tmux.waitFor("Breakpoint 1 at").found)
        try tmux.send("c")
        try #require(try tmux.waitFor("[stopped: breakpoint 1]").found)
        try tmux.send("S-F11")
        let step = try tmux.waitFor("[stopped: returned]")
        #expect(step.found, "Shift-F11 did not finish under TERM=screen:\n\(step.screen)")
        #expect(!step.screen.contains("Layout 3") && !step.screen.contains("Unbound key"), "stray keys:\n\(step.screen)")
        try tmux.send("BTab")
        try tmux.send("BTab")
        try tmux.send("g")
        #expect(try tmux.waitFor("Memory at address or expression:").found, "Shift-Tab under TERM=screen")
        try tmux.send("Escape")
        try tmux.send("q")
        #expect(try tmux.waitFor("EXITED 0").found)
    }
}
