/// Pausing: a guest in JIT code stops right there; a guest blocked in a WASI
/// call is reported at once with its wasm frames, held when the call
/// returns, and runs on when resumed.
import Debugger
import Foundation
import Testing
import WasmCore
import WasmRuntime

@Suite struct PauseTests {
    static let infiniteLoop = """
        (module
          (func $spin (param $limit i64) (result i64)
            (local $i i64)
            (loop $forever
              (local.set $i (i64.add (local.get $i) (i64.const 1)))
              (br $forever))
            (local.get $i))
          (func (export "_start") (drop (call $spin (i64.const 10)))))
        """

    @Test func aPauseStopsAnInfiniteLoopWhereItIs() throws {
        let program = try Fixtures.program(wat: Self.infiniteLoop)
        let execution = GuestExecution(program: program)
        execution.start()
        #expect(execution.waitForStop(timeout: .milliseconds(100)) == nil)
        #expect(execution.isRunning)
        var counts: [UInt64] = []
        for _ in 0..<3 {
            execution.requestPause()
            let stop = try execution.nextStop()
            guard case .paused(let pc, let hostCall) = stop else {
                Issue.record("expected a pause, got \(stop)")
                return
            }
            #expect(hostCall == nil)
            let address = try #require(pc)
            #expect(program.module.codeRange.contains(address))
            #expect(!execution.isRunning)
            let frames = execution.wasmFrames()
            try #require(frames.count == 2)
            #expect(frames[0].pc == address)
            #expect(execution.locals(of: frames[0])?.first == .i64(10))
            counts.append(try #require(execution.locals(of: frames[0])?[1].i64))
            execution.resume()
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(counts == counts.sorted())
        #expect(counts.last! > counts.first!)
        execution.terminate()
        #expect(try execution.nextStop().outcome?.trap?.code == .interrupted)
    }

    /// `main` reads up to 64 bytes of stdin into memory at 16 and returns the count.
    static let readsStandardInput = """
        (module
          (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (func $read_input (param $buffer i32) (result i32)
            (i32.store (i32.const 0) (local.get $buffer))
            (i32.store (i32.const 4) (i32.const 64))
            (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
            (i32.load (i32.const 8)))
          (func (export "main") (result i32)
            (i32.add (i32.const 1000) (call $read_input (i32.const 16)))))
        """

    @Test func aPauseInsideABlockingReadReportsTheHostCallAndHoldsItsReturn() throws {
        let input = try InputPipe()
        let program = try Fixtures.program(wat: Self.readsStandardInput, standardInput: input.readEnd)
        let execution = GuestExecution(program: program)
        execution.start(Fixtures.invoking("main"))
        #expect(execution.waitForStop(timeout: .milliseconds(100)) == nil)
        execution.requestPause()
        let stop = try execution.nextStop()
        guard case .paused(let pc, let hostCall) = stop else {
            Issue.record("expected a pause, got \(stop)")
            return
        }
        #expect(pc == nil)
        #expect(hostCall == "wasi_snapshot_preview1.fd_read")
        let frames = execution.wasmFrames()
        try #require(frames.count == 2)
        #expect(frames[0].isHostCall == "wasi_snapshot_preview1.fd_read")
        #expect(frames[0].functionIndex == 1)
        #expect(frames[1].functionIndex == 2)
        #expect(execution.locals(of: frames[0]) == [.i32(16)])
        #expect(execution.operandStack(of: frames[0]) == [])
        // main's stack under the call: the constant 1000.
        #expect(execution.operandStack(of: frames[1]) == [.i32(1000)])
        let registers = execution.registers
        #expect(!registers.isWritable)
        #expect(registers.rip == UInt64(frames[0].pc))
        #expect(registers.rbp == UInt64(frames[0].framePointer))
        let host = try #require(execution.hostRegisters)
        #expect(!program.module.codeRange.contains(UInt(host.rip)))

        // The read completes while stopped: the guest must not run on.
        input.write("hello")
        #expect(execution.waitForStop(timeout: .milliseconds(200)) != nil)
        Thread.sleep(forTimeInterval: 0.1)
        #expect(!execution.isRunning)
        let memory = try #require(execution.memory)
        #expect(try memory.read(at: 16, count: 5) == Array("hello".utf8))
        #expect(try execution.continueToNextStop().outcome?.returnedValues == [.i32(1005)])
    }

    @Test func aStepFromAPauseInAHostCallStopsWhereTheCallReturns() throws {
        let input = try InputPipe()
        let program = try Fixtures.program(wat: Self.readsStandardInput, standardInput: input.readEnd)
        let execution = GuestExecution(program: program)
        execution.start(Fixtures.invoking("main"))
        #expect(execution.waitForStop(timeout: .milliseconds(100)) == nil)
        execution.requestPause()
        _ = try execution.nextStop()
        let callFrame = try #require(execution.wasmFrames().first)
        execution.resumeSingleStep()
        input.write("abc")
        let stop = try execution.nextStop()
        #expect(stop.singleStepPC == callFrame.pc)
        let frames = execution.wasmFrames()
        #expect(frames.first?.isHostCall == nil)
        #expect(frames.first?.functionIndex == 1)
        #expect(execution.registers.isWritable)
        #expect(try execution.continueToNextStop().outcome?.returnedValues == [.i32(1003)])
    }

    @Test func aPauseBeforeTheGuestRunsStopsAtItsFirstInterruptCheck() throws {
        let program = try Fixtures.program(wat: Self.infiniteLoop)
        let execution = GuestExecution(program: program)
        execution.requestPause()
        execution.start()
        let stop = try execution.nextStop()
        guard case .paused(let pc, nil) = stop else {
            Issue.record("expected a pause, got \(stop)")
            return
        }
        #expect(pc.map(program.module.codeRange.contains) == true)
        #expect(!execution.wasmFrames().isEmpty)
        // The interrupt flag served the pause; it must not trap the guest later.
        #expect(execution.waitForStop(timeout: .milliseconds(10)) != nil)
        execution.resume()
        #expect(execution.waitForStop(timeout: .milliseconds(100)) == nil)
        execution.terminate()
    }
}
