/// A live view's access to a run in progress: snapshots taken from another
/// thread while the guest runs grow monotonically, and each is a prefix of
/// the final profile (same functions, frames, stacks and samples at the same
/// indices), so a view can keep its indices from one refresh to the next.
import Foundation
import Profiler
import ProgramRunner
import Testing

@Suite struct SnapshotTests {
    @Test func snapshotsDuringARunArePrefixesOfTheFinalProfile() throws {
        let specification = ProgramSpecification(
            modulePath: try Fixtures.splitProgram(), arguments: ["40000"], standardOutput: Fixtures.devNull,
            standardError: Fixtures.devNull)
        let session = try ProfileSession(specification: specification, options: ProfileOptions(clock: .wall))
        #expect(session.snapshot() == nil, "nothing before the run")

        let finished = DispatchSemaphore(value: 0)
        let box = RunBox()
        let thread = Thread {
            box.run = try? session.run()
            finished.signal()
        }
        thread.start()
        var snapshots: [Profile] = []
        while finished.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
            if let snapshot = session.snapshot() { snapshots.append(snapshot) }
        }
        let final = try #require(box.run?.profile)
        #expect(!snapshots.isEmpty)
        var lastCount = 0
        for snapshot in snapshots {
            #expect(snapshot.samples.count >= lastCount)
            lastCount = snapshot.samples.count
            #expect(snapshot.samples.count <= final.samples.count)
            #expect(Array(final.samples.prefix(snapshot.samples.count)) == snapshot.samples)
            #expect(Array(final.stacks.prefix(snapshot.stacks.count)) == snapshot.stacks)
            #expect(Array(final.frames.prefix(snapshot.frames.count)) == snapshot.frames)
            #expect(Array(final.functions.prefix(snapshot.functions.count)) == snapshot.functions)
        }
        #expect(snapshots.contains { !$0.samples.isEmpty && $0.samples.count < final.samples.count }, "a snapshot in the middle")
    }

    private final class RunBox: @unchecked Sendable {
        // Unchecked Sendable: written by the guest thread before it signals, read after.
        var run: ProfileRun?
    }
}
