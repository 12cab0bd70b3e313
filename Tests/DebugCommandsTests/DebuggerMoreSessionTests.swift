/// More scripted sessions: breakpoints by module offset and machine address,
/// temporary breakpoints, recursion with finish, writing variables and
/// memory, searching memory, and pausing a running program.
import Debugger
import Foundation
import TestSupport
import Testing

@Suite(.serialized)
struct DebuggerMoreSessionTests {
    @Test func breakpointsByModuleOffsetMachineAddressAndTemporary() throws {
        let script = try ScriptedSession(demo: "crash", arguments: ["div", "6", "3"])
        let byName = script.run("break average")
        let offsetText = try #require(byName.split(separator: " ").first { $0.hasPrefix("0x") }).dropLast()
        script.run("delete")
        let byOffset = script.run("tbreak *\(offsetText)")
        #expect(byOffset.contains("Temporary breakpoint 2 at \(offsetText)"), "\(byOffset)")
        let stop = script.run("run")
        #expect(stop.contains("Temporary breakpoint") || stop.contains("Breakpoint 2, average ("), "\(stop)")
        #expect(script.run("info breakpoints").contains("No breakpoints"), "a temporary breakpoint is gone once hit")
        let pc = script.run("print $pc").split(separator: " ").last.map(String.init) ?? ""
        let byAddress = script.run("break *\(pc.trimmingCharacters(in: .whitespacesAndNewlines))")
        #expect(byAddress.contains("Breakpoint 3 at"), "\(byAddress)")
        #expect(script.run("continue").contains("exited normally"))
        #expect(script.run("run").contains("Breakpoint 3, average ("))
    }

    @Test func finishInRecursionReturnsToTheRightFrame() throws {
        let script = try ScriptedSession(demo: "crash", arguments: ["stack", "5"], unoptimized: true)
        script.run("break descend if depth == 3")
        let stop = script.run("run")
        #expect(stop.contains("descend (depth=3"), "\(stop)")
        let backtrace = script.run("bt")
        #expect(backtrace.components(separatedBy: "descend (").count - 1 == 3, "\(backtrace)")
        let finished = script.run("finish")
        #expect(finished.contains("descend (depth=2"), "finish returns to the caller, not the outermost recursion: \(finished)")
        #expect(finished.contains("Value returned is"), "\(finished)")
        let up = script.run("up")
        #expect(up.contains("descend (depth=1"), "\(up)")
    }

    @Test func setVarChangesLocalsAndMemory() throws {
        let script = try ScriptedSession(demo: "crash", arguments: ["div", "6", "3"], unoptimized: true)
        script.run("break average")
        script.run("run")
        script.run("set var stats->count = 3")
        #expect(script.run("print stats->count").contains("= 3"))
        script.run("set var stats->total = 30")
        #expect(script.run("print *stats").contains("total = 30"))
        #expect(script.run("continue").contains("exited normally"))
        #expect(script.programOutputText.contains("mean 10"), "\(script.programOutputText)")
    }

    @Test func examineAndFindSearchLinearMemory() throws {
        let script = try ScriptedSession(demo: "crash", arguments: ["div", "6", "3"], unoptimized: true)
        script.run("break average")
        script.run("run")
        let words = script.run("x/2dw stats")
        #expect(words.contains("2") && words.contains("9"), "\(words)")
        let string = script.run("x/s stats->label")
        #expect(string.contains("\"arguments\""), "\(string)")
        let found = script.run("find stats->label, +64, \"arguments\"")
        #expect(found.contains("1 pattern found."), "\(found)")
        #expect(script.run("info registers rip").contains("rip"))
        let globals = script.run("info wasm-globals")
        #expect(globals.contains("global 0"), "\(globals)")
    }

    @Test func displaysPrintAfterEveryStopLikeGdb() throws {
        let script = try ScriptedSession(demo: "crash", arguments: ["div", "6", "3"], unoptimized: true)
        #expect(script.run("display") == "")
        #expect(script.run("info display") == "There are no auto-display expressions now.\n")
        // Added before `run`: nothing to show yet.
        #expect(script.run("display stats->total") == "")
        script.run("break average")
        let stop = script.run("run")
        #expect(stop.hasSuffix("1: stats->total = 9\n"), "\(stop)")
        // Added while stopped: shown at once; formats as print's, or x's for memory.
        #expect(script.run("display/x stats->total") == "2: /x stats->total = 0x9\n")
        let memory = script.run("display/2dw stats")
        #expect(memory.hasPrefix("3: x/2dw stats\n0x") && memory.hasSuffix(":\t2\t9\n"), "\(memory)")
        #expect(script.run("display nosuch").contains("4: nosuch = <error: No symbol \"nosuch\" in current context.>"))
        #expect(
            script.run("info display")
                == "Auto-display expressions now in effect:\nNum Enb Expression\n1:   y  stats->total\n2:   y  /x stats->total\n3:   y  /2dw stats\n4:   y  nosuch\n")
        #expect(script.run("undisplay 9") == "No display number 9.\n")
        script.run("undisplay 3 4")
        // Every stop prints the rest, in order, after the location.
        let step = script.run("next")
        #expect(step.hasSuffix("1: stats->total = 9\n2: /x stats->total = 0x9\n"), "\(step)")
        #expect(script.run("display") == "1: stats->total = 9\n2: /x stats->total = 0x9\n")
        #expect(script.run("display/q x").contains("Undefined"))
        script.run("undisplay")
        #expect(script.run("next").contains("1:") == false)
        // The program's end shows none.
        script.run("display stats->count")
        #expect(!script.run("continue").contains("5:"))
    }

    @Test func pauseStopsARunningProgram() throws {
        let script = try ScriptedSession(demo: "hotspots", arguments: ["5"])
        let session = script.session
        let pauser = Thread {
            Thread.sleep(forTimeInterval: 0.3)
            session.pause()
        }
        pauser.start()
        let stop = script.run("run")
        #expect(stop.contains("Program paused"), "\(stop)")
        let backtrace = script.run("bt")
        #expect(backtrace.contains("main ("), "\(backtrace)")
        script.run("kill")
        #expect(!script.session.state.isLive)
    }
}
