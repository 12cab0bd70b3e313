/// A `GuestExecutionObserver` hears the guest thread start (on that thread,
/// with its identity) before anything stops, every stop and resume in order,
/// and the thread's end; `guestThread` names the live thread.
import Debugger
import Foundation
import Glibc
import ProgramRunner
import Synchronization
import Testing

@Suite struct ObserverTests {
    @Test func theObserverFollowsTheGuestThreadsLifeAndStops() throws {
        let program = try Fixtures.program(wat: BreakpointTests.loopingCalls)
        let execution = GuestExecution(program: program)
        let observer = RecordingObserver()
        execution.observer = observer
        #expect(execution.guestThread == nil)
        execution.insertBreakpoint(at: try Fixtures.entryBreakpoint("add", in: program.module))
        execution.start()

        _ = try execution.nextStop()
        let identity = try #require(execution.guestThread)
        #expect(identity.kernelThreadID > 0)
        #expect(identity.stackBounds.count > 1 << 20, "the guest's big stack")
        #expect(observer.events.first == "started \(identity.kernelThreadID)")
        let onItsOwnThread = observer.startedOnItsOwnThread.load(ordering: .acquiring)
        #expect(onItsOwnThread)
        _ = try execution.stepToNextStop()
        var stop = try execution.continueToNextStop()
        while stop.outcome == nil { stop = try execution.continueToNextStop() }
        #expect(execution.guestThread == nil, "gone once the program returned")

        let events = observer.events
        // started, then (stopped, resuming) for each of 5 hits and the step, then finishing, stopped (the end).
        #expect(events.count == 1 + 2 * 6 + 2, "\(events)")
        #expect(Array(events.dropFirst().prefix(12)) == Array(repeating: ["stopped", "resuming"], count: 6).flatMap { $0 })
        #expect(events.suffix(2) == ["finishing", "stopped"], "\(events)")
    }
}

private final class RecordingObserver: GuestExecutionObserver {
    private let log = Mutex<[String]>([])
    let startedOnItsOwnThread = Atomic<Bool>(false)

    var events: [String] { log.withLock { $0 } }

    func guestThreadStarted(_ identity: GuestThreadIdentity, program: Program) {
        startedOnItsOwnThread.store(pthread_equal(identity.thread, pthread_self()) != 0, ordering: .releasing)
        log.withLock { $0.append("started \(identity.kernelThreadID)") }
    }

    func guestThreadFinishing() { log.withLock { $0.append("finishing") } }
    func guestStopped() { log.withLock { $0.append("stopped") } }
    func guestResuming() { log.withLock { $0.append("resuming") } }
}
