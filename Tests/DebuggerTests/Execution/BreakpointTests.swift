/// Breakpoints: an int3 at a function's first op stops there with the
/// arguments readable, hits again on every call, steps off invisibly, can be
/// added while the guest runs, and never shows in `originalCode`.
import Debugger
import Testing
import WasmCore
import WasmRuntime

@Suite struct BreakpointTests {
    /// `_start` calls `add(i, 100)` for i = 0 … 4 and `record` keeps the sum in memory.
    static let loopingCalls = """
        (module
          (memory (export "memory") 1)
          (func $add (export "add") (param $a i32) (param $b i32) (result i32)
            (i32.add (local.get $a) (local.get $b)))
          (func (export "_start")
            (local $i i32)
            (loop $again
              (i32.store (i32.const 64)
                (i32.add (i32.load (i32.const 64)) (call $add (local.get $i) (i32.const 100))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $again (i32.lt_u (local.get $i) (i32.const 5))))))
        """

    @Test func aBreakpointAtAFunctionStopsOnEveryCallWithItsArguments() throws {
        let program = try Fixtures.program(wat: Self.loopingCalls)
        let execution = GuestExecution(program: program)
        let address = try Fixtures.entryBreakpoint("add", in: program.module)
        execution.insertBreakpoint(at: address)
        #expect(execution.breakpointAddresses == [address])
        execution.start()

        var stop = try execution.nextStop()
        for iteration in 0..<5 {
            #expect(stop.breakpointPC == address, "hit \(iteration)")
            #expect(!execution.isRunning)
            #expect(execution.registers.rip == UInt64(address))
            let frames = execution.wasmFrames()
            try #require(frames.count == 2)
            #expect(frames[0].functionName == "add")
            #expect(frames[0].isAtOpBoundary)
            #expect(frames[0].pc == address)
            #expect(frames[1].functionName == "_start")
            #expect(execution.locals(of: frames[0]) == [.i32(UInt32(iteration)), .i32(100)])
            #expect(execution.locals(of: frames[1]) == [.i32(UInt32(iteration))])
            // The first op with code is i32.add: both local.gets (no code) are on the stack.
            #expect(frames[0].wasmOffset == Int(try #require(Fixtures.function("add", in: program.module).opMap.last { $0.machineEnd > $0.machineStart && Int($0.machineStart) == frames[0].machineOffset }).wasmOffset))
            #expect(execution.operandStack(of: frames[0]) == [.i32(UInt32(iteration)), .i32(100)])
            stop = try execution.continueToNextStop()
        }
        #expect(stop.outcome?.exitStatus == 0)
        #expect(try program.instance.defaultMemory?.read(at: 64, count: 4) == [0xFE, 0x01, 0, 0])  // 0 + 1 + 2 + 3 + 4 + 5 * 100
        // A finished run leaves no int3 behind in the module's code.
        #expect(execution.breakpointAddresses.isEmpty)
        #expect(program.module.codeMemory.read(atOffset: Int(address - program.module.codeBaseAddress), count: 1) != [0xCC])
    }

    @Test func insertingTwiceAndRemovingOnceLeavesNoBreakpoint() throws {
        let program = try Fixtures.program(wat: Self.loopingCalls)
        let execution = GuestExecution(program: program)
        let address = try Fixtures.entryBreakpoint("add", in: program.module)
        let offset = Int(address - program.module.codeBaseAddress)
        let original = program.module.codeMemory.read(atOffset: offset, count: 1)
        execution.insertBreakpoint(at: address)
        execution.insertBreakpoint(at: address)
        #expect(program.module.codeMemory.read(atOffset: offset, count: 1) == [0xCC])
        #expect(execution.originalCode(at: address, count: 1) == original)
        execution.removeBreakpoint(at: address)
        #expect(execution.breakpointAddresses.isEmpty)
        #expect(program.module.codeMemory.read(atOffset: offset, count: 1) == original)
        execution.start()
        #expect(try execution.nextStop().outcome?.exitStatus == 0)
    }

    @Test func originalCodeHidesEveryInt3() throws {
        let program = try Fixtures.program(wat: Self.loopingCalls)
        let execution = GuestExecution(program: program)
        let function = try Fixtures.function("_start", in: program.module)
        let start = program.module.codeBaseAddress + UInt(function.codeRange.lowerBound)
        let before = execution.originalCode(at: start, count: function.codeRange.count)
        #expect(before.count == function.codeRange.count)
        for entry in function.debugSideTable.entries {
            execution.insertBreakpoint(at: program.module.codeBaseAddress + UInt(entry.machineOffset))
        }
        let patched = program.module.codeMemory.read(atOffset: function.codeRange.lowerBound, count: function.codeRange.count)
        #expect(patched != before)
        #expect(execution.originalCode(at: start, count: function.codeRange.count) == before)
        #expect(execution.originalCode(at: 0x10, count: 4).isEmpty)
        execution.terminate()
        #expect(program.module.codeMemory.read(atOffset: function.codeRange.lowerBound, count: function.codeRange.count) == before)
    }

    @Test func aBreakpointInsertedWhileRunningIsHit() throws {
        let program = try Fixtures.program(
            wat: """
                (module
                  (func $tick (param $n i64) (result i64) (i64.add (local.get $n) (i64.const 1)))
                  (func (export "_start")
                    (local $n i64)
                    (loop $forever
                      (local.set $n (call $tick (local.get $n)))
                      (br $forever))))
                """)
        let execution = GuestExecution(program: program)
        execution.start()
        #expect(execution.waitForStop(timeout: .milliseconds(50)) == nil)
        #expect(execution.isRunning)
        let tick = try #require(program.module.compiledModule.functions.first { $0.functionIndex == 0 })
        let address = program.module.codeBaseAddress + UInt(tick.bodyStartOffset)
        execution.insertBreakpoint(at: address)
        let stop = try execution.nextStop()
        #expect(stop.breakpointPC == address)
        let frames = execution.wasmFrames()
        let first = try #require(execution.locals(of: frames[0])?.first?.i64)
        // The loop keeps counting between hits: n grows by one per call.
        let second = try #require(try execution.continueToNextStop().breakpointPC)
        #expect(second == address)
        #expect(execution.locals(of: execution.wasmFrames()[0])?.first?.i64 == first + 1)
        execution.terminate()
        #expect(execution.waitForStop(timeout: .seconds(1))?.isFinished == true)
    }
}
