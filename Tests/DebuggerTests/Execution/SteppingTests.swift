/// Single steps: one machine instruction each, off a breakpoint's int3
/// without losing it, through the prologue of a callee, and back out.
import Debugger
import Testing
import WasmCore
import WasmJIT
import WasmRuntime

@Suite struct SteppingTests {
    static let caller = """
        (module
          (func $square (export "square") (param $x i64) (result i64)
            (i64.mul (local.get $x) (local.get $x)))
          (func (export "main") (param $n i64) (result i64)
            (local $sum i64)
            (local.set $sum (call $square (local.get $n)))
            (local.set $sum (i64.add (local.get $sum) (call $square (i64.const 3))))
            (local.get $sum)))
        """

    @Test func singleStepsWalkSuccessiveInstructionsAndComeBackToTheCaller() throws {
        let program = try Fixtures.program(wat: Self.caller)
        let module = program.module
        let execution = GuestExecution(program: program)
        let square = try Fixtures.function("square", in: module)
        let main = try Fixtures.function("main", in: module)
        let entry = module.codeBaseAddress + UInt(square.bodyStartOffset)
        execution.insertBreakpoint(at: entry)
        execution.start(Fixtures.invoking("main", ["4"]))
        #expect(try execution.nextStop().breakpointPC == entry)

        // Step until the pc leaves `square`: every stop is a new instruction
        // of it, in order (the body is straight-line code), then the return
        // address in `main` after the first call.
        var previous = entry
        var steps = 0
        var pc = entry
        let squareRange = (module.codeBaseAddress + UInt(square.codeRange.lowerBound))..<(module.codeBaseAddress + UInt(square.codeRange.upperBound))
        repeat {
            let stop = try execution.stepToNextStop()
            pc = try #require(stop.singleStepPC, "stop \(stop)")
            steps += 1
            if squareRange.contains(pc) {
                #expect(pc > previous, "step \(steps) went back")
                #expect(execution.wasmFrames().first?.functionName == "square")
            }
            previous = pc
        } while squareRange.contains(pc) && steps < 200
        #expect(steps > 3)
        let firstCall = try #require(main.callSites.first)
        #expect(pc == module.codeBaseAddress + UInt(firstCall.returnOffset))
        let frames = execution.wasmFrames()
        #expect(frames.first?.functionName == "main")
        #expect(frames.first?.isAtOpBoundary == false)
        // The breakpoint stepped off is still there: the second call hits it.
        let next = try execution.continueToNextStop()
        #expect(next.breakpointPC == entry)
        #expect(execution.locals(of: execution.wasmFrames()[0]) == [.i64(3)])
        #expect(try execution.continueToNextStop().outcome?.returnedValues == [.i64(25)])
    }

    @Test func steppingIntoACallWalksTheCalleesPrologue() throws {
        let program = try Fixtures.program(wat: Self.caller)
        let module = program.module
        let execution = GuestExecution(program: program)
        let square = try Fixtures.function("square", in: module)
        let main = try Fixtures.function("main", in: module)
        let firstCall = try #require(main.callSites.first)
        execution.insertBreakpoint(at: module.codeBaseAddress + UInt(main.bodyStartOffset))
        execution.start(Fixtures.invoking("main", ["4"]))
        _ = try execution.nextStop()
        // Step to the callee's first byte, then through push rbp (1 byte) and mov rbp, rsp (3 bytes).
        let squareStart = module.codeBaseAddress + UInt(square.codeRange.lowerBound)
        var pc: UInt = 0
        var steps = 0
        while pc != squareStart && steps < 200 {
            pc = try #require(try execution.stepToNextStop().singleStepPC)
            steps += 1
        }
        try #require(pc == squareStart)
        for expected in [squareStart, squareStart + 1, squareStart + 4] {
            if expected != squareStart { pc = try #require(try execution.stepToNextStop().singleStepPC) }
            #expect(pc == expected)
            let frames = execution.wasmFrames()
            try #require(frames.count == 2)
            #expect(frames[0].functionName == "square")
            #expect(frames[0].wasmOffset == nil)  // in the prologue
            // The argument is readable even before the frame is set up.
            #expect(execution.locals(of: frames[0]) == [.i64(4)])
            #expect(frames[1].functionName == "main")
            #expect(frames[1].pc == module.codeBaseAddress + UInt(firstCall.returnOffset))
            #expect(frames[1].wasmOffset == Int(firstCall.wasmOffset))
        }
        #expect(try execution.continueToNextStop().outcome?.returnedValues == [.i64(25)])
    }

    @Test func aStepFromAStopLandsOnTheNextInstructionAndBreakpointsStay() throws {
        let program = try Fixtures.program(wat: Self.caller)
        let module = program.module
        let execution = GuestExecution(program: program)
        let square = try Fixtures.function("square", in: module)
        let entry = module.codeBaseAddress + UInt(square.bodyStartOffset)
        execution.insertBreakpoint(at: entry)
        execution.start(Fixtures.invoking("main", ["5"]))
        #expect(try execution.nextStop().breakpointPC == entry)
        let length = UInt(try #require(square.opMap.first { $0.machineEnd > $0.machineStart && Int($0.machineStart) == square.bodyStartOffset }).machineEnd) - UInt(square.bodyStartOffset)
        let stepped = try #require(try execution.stepToNextStop().singleStepPC)
        #expect(stepped > entry && stepped <= entry + length)
        #expect(execution.originalCode(at: entry, count: 1) != [0xCC])
        #expect(program.module.codeMemory.read(atOffset: Int(entry - module.codeBaseAddress), count: 1) == [0xCC])
        #expect(try execution.continueToNextStop().breakpointPC == entry)
        #expect(try execution.continueToNextStop().outcome?.returnedValues == [.i64(34)])
    }
}
