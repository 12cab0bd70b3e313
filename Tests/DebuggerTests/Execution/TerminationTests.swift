/// Terminating a run: from running or stopped, the guest traps out, its
/// thread is joined, the module's code is clean, and the next execution in
/// the same process works.
import Debugger
import Foundation
import ProgramRunner
import Testing
import WasmCore
import WasmRuntime

@Suite struct TerminationTests {
    @Test func terminatingARunningGuestLeavesTheProcessHealthy() throws {
        let program = try Fixtures.program(wat: PauseTests.infiniteLoop)
        let execution = GuestExecution(program: program)
        execution.start()
        #expect(execution.waitForStop(timeout: .milliseconds(50)) == nil)
        execution.terminate()
        #expect(!execution.isRunning)
        #expect(execution.waitForStop(timeout: .seconds(1))?.outcome?.trap?.code == .interrupted)
        execution.terminate()  // twice is fine

        // A fresh run of another program in the same process.
        let next = try Fixtures.program(wat: BreakpointTests.loopingCalls)
        let again = GuestExecution(program: next)
        let address = try Fixtures.entryBreakpoint("add", in: next.module)
        again.insertBreakpoint(at: address)
        again.start()
        #expect(try again.nextStop().breakpointPC == address)
        again.removeBreakpoint(at: address)
        #expect(try again.continueToNextStop().outcome?.exitStatus == 0)
    }

    @Test func terminatingAStoppedGuestRemovesItsBreakpoints() throws {
        let program = try Fixtures.program(wat: BreakpointTests.loopingCalls)
        let address = try Fixtures.entryBreakpoint("add", in: program.module)
        let offset = Int(address - program.module.codeBaseAddress)
        let original = program.module.codeMemory.read(atOffset: offset, count: 1)
        let execution = GuestExecution(program: program)
        execution.insertBreakpoint(at: address)
        _ = execution.addWatch(address: 64, length: 4)
        execution.start()
        _ = try execution.nextStop()
        execution.terminate()
        #expect(execution.waitForStop(timeout: .seconds(1))?.isFinished == true)
        #expect(program.module.codeMemory.read(atOffset: offset, count: 1) == original)
        // The watched page is writable again.
        try program.instance.defaultMemory?.write([1, 2, 3, 4], at: 64)
        // Nothing to resume or step any more.
        execution.resume()
        execution.resumeSingleStep()
        #expect(execution.waitForStop(timeout: .seconds(1))?.isFinished == true)
    }

    @Test func aSecondExecutionOverTheSameModuleRunsCleanly() throws {
        let first = try Fixtures.program(wat: BreakpointTests.loopingCalls)
        let address = try Fixtures.entryBreakpoint("add", in: first.module)
        let execution = GuestExecution(program: first)
        execution.insertBreakpoint(at: address)
        execution.start()
        _ = try execution.nextStop()
        execution.terminate()

        let second = try Program(
            specification: first.specification, engine: Fixtures.engine, module: first.module,
            moduleBytes: first.moduleBytes)
        let rerun = GuestExecution(program: second)
        rerun.insertBreakpoint(at: address)
        rerun.start()
        for _ in 0..<5 {
            #expect(try rerun.nextStop().breakpointPC == address)
            rerun.resume()
        }
        #expect(try rerun.nextStop().outcome?.exitStatus == 0)
    }

    @Test func droppingAnExecutionTerminatesIt() throws {
        let program = try Fixtures.program(wat: PauseTests.infiniteLoop)
        weak var dropped: GuestExecution?
        do {
            let execution = GuestExecution(program: program)
            dropped = execution
            execution.start()
            #expect(execution.waitForStop(timeout: .milliseconds(20)) == nil)
        }
        #expect(dropped == nil)
        #expect(program.store.isInterrupted)
    }
}
