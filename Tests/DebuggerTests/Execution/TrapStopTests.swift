/// Traps stop the guest before anything unwinds: the faulting frame's
/// locals are readable, the trap is the one `run` reports, and resuming lets
/// it proceed. proc_exit (a host error raised by the host-call stub) is not
/// a stop.
import Debugger
import TestSupport
import Testing
import WasmCore
import WasmJIT
import WasmRuntime

@Suite struct TrapStopTests {
    @Test func divisionByZeroInTheCrashDemoStopsAtTheFaultingFrame() throws {
        let program = try Fixtures.demo("crash", arguments: ["div"])
        let execution = GuestExecution(program: program)
        execution.start()
        let stop = try execution.nextStop()
        guard case .trap(let trap) = stop else {
            Issue.record("expected a trap stop, got \(stop)")
            return
        }
        #expect(trap.code == .integerDivideByZero)
        #expect(trap.message == "integer divide by zero")
        #expect(trap.frames.first?.functionName == "average")

        let frames = execution.wasmFrames()
        try #require(frames.count >= 4)
        #expect(frames.map(\.functionName).prefix(3) == ["average", "summarize", "run_div"])
        #expect(frames[0].wasmOffset == trap.frames[0].moduleOffset)
        // average(const struct stats *stats): a pointer into linear memory,
        // where count and total are both 0.
        let locals = try #require(execution.locals(of: frames[0]))
        let pointer = try #require(locals.first?.i32)
        let memory = try #require(execution.memory)
        #expect(try memory.read(at: UInt64(pointer), count: 8) == Array(repeating: 0, count: 8))
        for frame in frames { #expect(execution.locals(of: frame) != nil) }
        #expect(execution.registers.isWritable)

        let end = try execution.continueToNextStop()
        let outcome = try #require(end.outcome)
        #expect(outcome.trap?.code == .integerDivideByZero)
        #expect(outcome.trap?.frames.map(\.functionName).prefix(3) == ["average", "summarize", "run_div"])
    }

    @Test func anOutOfBoundsStoreStopsAsATrapAndSteppingLetsItProceed() throws {
        let program = try Fixtures.demo("crash", arguments: ["oob"])
        let execution = GuestExecution(program: program)
        execution.start()
        let stop = try execution.nextStop()
        guard case .trap(let trap) = stop else {
            Issue.record("expected a trap stop, got \(stop)")
            return
        }
        #expect(trap.code == .memoryOutOfBounds)
        #expect(execution.wasmFrames().first?.functionName == "set_cell")
        // A step at a trap stop cannot skip the fault: the trap proceeds.
        #expect(try execution.stepToNextStop().outcome?.trap?.code == .memoryOutOfBounds)
    }

    @Test func stackExhaustionStopsWithTheDeepStackWalkable() throws {
        let program = try Fixtures.demo("crash", arguments: ["stack"])
        let execution = GuestExecution(program: program)
        execution.start()
        let stop = try execution.nextStop()
        guard case .trap(let trap) = stop else {
            Issue.record("expected a trap stop, got \(stop)")
            return
        }
        #expect(trap.code == .callStackExhausted)
        let frames = execution.wasmFrames()
        #expect(frames.count > 1000)
        #expect(frames.prefix(100).allSatisfy { $0.functionName == "descend" })
        #expect(execution.locals(of: frames[0]) != nil)
        #expect(try execution.continueToNextStop().outcome?.trap?.code == .callStackExhausted)
    }

    @Test func procExitIsNotAStop() throws {
        let program = try Fixtures.program(
            wat: """
                (module
                  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
                  (memory (export "memory") 1)
                  (func (export "_start") (call $exit (i32.const 7)) (unreachable)))
                """)
        let execution = GuestExecution(program: program)
        execution.start()
        #expect(try execution.nextStop().outcome?.exitStatus == 7)
    }

    @Test func unreachableStopsAndProceeds() throws {
        let program = try Fixtures.program(
            wat: """
                (module
                  (func $fail (param $code i32) (unreachable))
                  (func (export "_start") (call $fail (i32.const 3))))
                """)
        let execution = GuestExecution(program: program)
        execution.start()
        let stop = try execution.nextStop()
        guard case .trap(let trap) = stop else {
            Issue.record("expected a trap stop, got \(stop)")
            return
        }
        #expect(trap.code == .unreachable)
        let frames = execution.wasmFrames()
        #expect(frames.count == 2)
        #expect(execution.locals(of: frames[0]) == [.i32(3)])
        #expect(try execution.continueToNextStop().outcome?.trap?.code == .unreachable)
    }
}
