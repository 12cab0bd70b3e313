/// Scripted debugger sessions on the demos: the checks of the debugger issue,
/// through the same command language users type.
import Debugger
import Foundation
import TestSupport
import Testing

@Suite(.serialized)
struct DebuggerSessionTests {
    @Test func breakpointAtALineInAFunctionCalledLater() throws {
        let script = try ScriptedSession(demo: "inventory", unoptimized: true)
        let line = try sourceLine(containing: "int32_t shipped = line->quantity", demo: "inventory", file: "inventory.c")
        let set = script.run("break inventory.c:\(line)")
        #expect(set.contains("Breakpoint 1 at 0x"), "\(set)")
        #expect(set.contains("inventory.c, line \(line)."), "\(set)")
        let stop = script.run("run")
        #expect(stop.contains("Breakpoint 1, fulfil_order (order="), "\(stop)")
        #expect(stop.contains("inventory.c:\(line)\n"), "\(stop)")
        #expect(stop.contains("\(line)\t        int32_t shipped"), "\(stop)")

        let backtrace = script.run("bt")
        let frames = backtrace.split(separator: "\n")
        #expect(frames.first?.hasPrefix("#0  fulfil_order (") == true, "\(backtrace)")
        #expect(frames.first?.hasSuffix("inventory.c:\(line)") == true, "\(backtrace)")
        let callLine = try sourceLine(containing: "fulfil_order(by_id[i]", demo: "inventory", file: "inventory.c")
        #expect(frames.count >= 2 && frames[1].contains("main (") && frames[1].hasSuffix("inventory.c:\(callLine)"), "\(backtrace)")
    }

    @Test func localsOfIntegerPointerStructAndArrayTypes() throws {
        let script = try ScriptedSession(demo: "inventory", unoptimized: true)
        let line = try sourceLine(containing: "int32_t shipped = line->quantity", demo: "inventory", file: "inventory.c")
        script.run("break inventory.c:\(line)")
        script.run("run")
        let locals = script.run("info locals")
        #expect(locals.contains("subtotal = 0"), "\(locals)")
        #expect(locals.contains("i = 0"), "\(locals)")
        #expect(locals.contains("product = 0x"), "\(locals)")
        let arguments = script.run("info args")
        #expect(arguments.contains("order = 0x"), "\(arguments)")
        #expect(script.run("print order->id").contains("= 1001"))
        let customer = script.run("print order->customer")
        #expect(customer.contains("\"Ada Byron"), "\(customer)")
        let lineStruct = script.run("print *line")
        #expect(lineStruct.contains("quantity = 2"), "\(lineStruct)")
        #expect(lineStruct.contains("\"HMR-001\""), "\(lineStruct)")
        let product = script.run("print *product")
        #expect(product.contains("sku = \"HMR-001\""), "\(product)")
        #expect(product.contains("\"claw hammer\""), "\(product)")
        #expect(product.contains("CATEGORY_TOOL"), "\(product)")
        #expect(product.contains("price = 1899"), "\(product)")
        let lines = script.run("print order->lines")
        #expect(lines.contains("quantity = 2") && lines.contains("quantity = 4"), "\(lines)")
        #expect(script.run("print order->lines[1].quantity * 10").contains("= 40"))
        #expect(script.run("print catalogue[1].price").contains("= 449"))
        #expect(script.run("print/x 255").contains("= 0xff"))
        let slice = script.run("print catalogue[0].box")
        #expect(slice.contains("width_mm = 330"), "\(slice)")
        let artificial = script.run("print *order->lines@2")
        #expect(artificial.contains("quantity = 4"), "\(artificial)")
    }

    @Test func nextStepAndFinishLandOnTheRightLines() throws {
        let script = try ScriptedSession(demo: "inventory", unoptimized: true)
        let findLine = try sourceLine(containing: "struct product *product = find_product(line->sku);", demo: "inventory", file: "inventory.c")
        script.run("break inventory.c:\(findLine)")
        #expect(script.run("run").contains("\(findLine)\t"))
        let stepped = script.run("step")
        let loopLine = try sourceLine(containing: "for (int i = 0; i < PRODUCT_COUNT; i++)", demo: "inventory", file: "inventory.c")
        #expect(stepped.contains("find_product (sku="), "\(stepped)")
        #expect(stepped.contains("\(loopLine)\t") || stepped.contains("\(loopLine + 1)\t"), "\(stepped)")
        let finished = script.run("finish")
        #expect(finished.contains("Run till exit from #0"), "\(finished)")
        #expect(finished.contains("fulfil_order ("), "\(finished)")
        #expect(finished.contains("Value returned is $"), "\(finished)")
        let next = script.run("next")
        #expect(next.contains("\(findLine + 1)\t"), "\(next)")
        let nextAgain = script.run("next")
        #expect(nextAgain.contains("\(findLine + 6)\t"), "\(nextAgain)")
    }

    @Test func stepiAndNextiMoveByMachineInstructions() throws {
        let script = try ScriptedSession(demo: "inventory", unoptimized: true)
        script.run("break fulfil_order")
        script.run("run")
        let before = script.run("print $pc")
        let stepped = script.run("stepi")
        let after = script.run("print $pc")
        #expect(before != after, "\(before) \(after) \(stepped)")
        for _ in 0..<30 { script.run("nexti") }
        let frame = script.run("frame")
        #expect(frame.contains("fulfil_order ("), "nexti stays in the function: \(frame)")
        let ops = script.run("stepw")
        #expect(!ops.contains("error"), "\(ops)")
        let stack = script.run("info wasm-stack")
        #expect(!stack.contains("not available"), "\(stack)")
        let wasmLocals = script.run("info wasm-locals")
        #expect(wasmLocals.contains("local 0"), "\(wasmLocals)")
    }

    @Test func watchpointCatchesTheBuggyWrite() throws {
        let script = try ScriptedSession(demo: "crash", arguments: ["overrun"])
        script.run("break restock")
        #expect(script.run("run").contains("Breakpoint 1, restock ("))
        #expect(script.run("watch part->quantity").contains("Watchpoint 2: part->quantity"))
        let first = script.run("continue")
        #expect(first.contains("Watchpoint 2: part->quantity"), "\(first)")
        #expect(first.contains("New value = 40"), "\(first)")
        let second = script.run("continue")
        let bugLine = try markerLine("// BUG: overrun", demo: "crash", file: "crash.c")
        #expect(second.contains("Old value = 40"), "\(second)")
        #expect(second.contains("set_label ("), "\(second)")
        // Like a hardware watchpoint, the stop is after the store: on its line,
        // or the loop's increment line that follows it.
        #expect(second.contains("\(bugLine)\t") || second.contains("crash.c:\(bugLine): "), "\(second)")
        #expect(second.contains("New value = 45"), "the first overrun byte is '-': \(second)")
    }

    @Test func breakpointConditionsAndIgnoreCounts() throws {
        let script = try ScriptedSession(demo: "inventory", unoptimized: true)
        let line = try sourceLine(containing: "int32_t shipped = line->quantity", demo: "inventory", file: "inventory.c")
        script.run("break inventory.c:\(line) if line->quantity > 4")
        script.run("run")
        #expect(script.run("print line->quantity").contains("= 10"))
        let info = script.run("info breakpoints")
        #expect(info.contains("stop only if line->quantity > 4"), "\(info)")
        #expect(info.contains("breakpoint already hit"), "\(info)")
        script.run("delete 1")
        script.run("break find_product")
        script.run("ignore 2 2")
        script.run("continue")
        #expect(script.run("info breakpoints").contains("already hit 3 times"))
    }

    @Test func theTrapDemoStopsAtTheFaultingLineWithLocals() throws {
        let script = try ScriptedSession(demo: "crash", arguments: ["div"])
        let stop = script.run("run")
        let trapLine = try markerLine("// TRAP: div", demo: "crash", file: "crash.c")
        #expect(stop.contains("Program stopped: wasm trap: integer divide by zero."), "\(stop)")
        #expect(stop.contains("average (stats="), "\(stop)")
        #expect(stop.contains("\(trapLine)\t"), "\(stop)")
        let stats = script.run("print *stats")
        #expect(stats.contains("count = 0"), "\(stats)")
        #expect(stats.contains("\"arguments\""), "\(stats)")
        let up = script.run("up")
        #expect(up.contains("summarize ("), "\(up)")
        let ended = script.run("continue")
        #expect(ended.contains("terminated by wasm trap: integer divide by zero"), "\(ended)")
        // The session stays usable: run again stops at the trap again.
        #expect(script.run("run").contains("Program stopped: wasm trap"))
    }

    @Test func nothingTypedCrashesTheDebugger() throws {
        let script = try ScriptedSession(demo: "crash", arguments: ["div", "6", "3"])
        #expect(script.run("frobnicate").contains("Undefined command: \"frobnicate\""))
        #expect(script.run("print 1 +").contains("syntax"))
        #expect(script.run("bt").contains("No stack"))
        #expect(script.run("continue").contains("not being run"))
        #expect(script.run("break nosuchfunction").contains("not defined"))
        #expect(script.run("break crash.c:99999").contains("No line"))
        script.run("break summarize")
        script.run("run")
        #expect(script.run("print nosuchvariable").contains("No symbol \"nosuchvariable\""))
        #expect(script.run("x/4xw 0xfffffff0").contains("Cannot access memory"))
        #expect(script.run("frame 99").contains("No frame"))
        #expect(script.run("print *(int *)0").contains("= "))
        for garbage in ["", "p", "x/", "x/zz 0", "info", "info nothing", "delete 42", "condition x", "set var", "finish 1 2", "list 0", "disassemble nosuch", "p ((((", "p $nothing", "watch 1"] {
            _ = script.run(garbage)
        }
        let ended = script.run("continue")
        #expect(ended.contains("exited normally"), "\(ended)")
        #expect(script.programOutputText.contains("mean 4"))
    }

    @Test func disassembleInterleavesWasmAndMachineCodeWithoutPatches() throws {
        let script = try ScriptedSession(demo: "crash", arguments: ["div", "6", "3"])
        script.run("break average")
        script.run("run")
        let listing = script.run("disassemble")
        #expect(listing.contains("i32.div_s"), "\(listing)")
        #expect(listing.contains("=>"), "\(listing)")
        let current = listing.split(separator: "\n").filter { $0.contains("=>") }
        #expect(current.count == 1 && !current[0].contains("int3"), "\(listing)")
        let trapLine = try markerLine("// TRAP: div", demo: "crash", file: "crash.c")
        #expect(listing.contains(":\(trapLine)"), "\(listing)")
    }
}
