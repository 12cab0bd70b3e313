/// Clocks, randomness, scheduling, processes and sockets.
import Foundation
import Glibc
import Testing

@Suite struct ClockRandomProcessTests {
    @Test(arguments: [ABI.clockRealtime, ABI.clockMonotonic, ABI.clockProcessCPUTime, ABI.clockThreadCPUTime])
    func everyClockHasAResolutionAndATime(clock: UInt32) throws {
        let fixture = try WASIFixture()
        let result = fixture.allocate(8)
        #expect(try fixture.call("clock_res_get", UInt64(clock), UInt64(result)) == Errno.success)
        let resolution = fixture.u64(at: result)
        #expect(resolution > 0 && resolution <= 1_000_000_000)
        #expect(try fixture.call("clock_time_get", UInt64(clock), 1, UInt64(result)) == Errno.success)
        let first = fixture.u64(at: result)
        #expect(try fixture.call("clock_time_get", UInt64(clock), 1, UInt64(result)) == Errno.success)
        #expect(fixture.u64(at: result) >= first)
        #expect(first > 0)
    }

    @Test func theRealtimeClockIsTheWallClock() throws {
        let fixture = try WASIFixture()
        let result = fixture.allocate(8)
        #expect(try fixture.call("clock_time_get", UInt64(ABI.clockRealtime), 0, UInt64(result)) == Errno.success)
        let seconds = Double(fixture.u64(at: result)) / 1e9
        #expect(abs(seconds - Date().timeIntervalSince1970) < 5)
    }

    @Test func unknownClocksAreInvalid() throws {
        let fixture = try WASIFixture()
        let result = fixture.allocate(8)
        #expect(try fixture.call("clock_res_get", 4, UInt64(result)) == Errno.inval)
        #expect(try fixture.call("clock_time_get", 0xFFFF_FFFF, 0, UInt64(result)) == Errno.inval)
    }

    @Test func randomGetFillsTheWholeBuffer() throws {
        let fixture = try WASIFixture()
        let first = fixture.allocate(64)
        let second = fixture.allocate(64)
        #expect(try fixture.call("random_get", UInt64(first), 64) == Errno.success)
        #expect(try fixture.call("random_get", UInt64(second), 64) == Errno.success)
        #expect(fixture.bytes(at: first, count: 64) != fixture.bytes(at: second, count: 64))
        #expect(fixture.bytes(at: first, count: 64).contains { $0 != 0 })
        #expect(try fixture.call("random_get", UInt64(first), 0) == Errno.success)
        // The whole second page, in one call.
        #expect(try fixture.call("random_get", 65536, 65536) == Errno.success)
        #expect(Set(fixture.bytes(at: 65536, count: 65536)).count > 200)
    }

    @Test func schedYieldSucceedsAndProcRaiseIsNotImplemented() throws {
        let fixture = try WASIFixture()
        #expect(try fixture.call("sched_yield") == Errno.success)
        #expect(try fixture.call("proc_raise", UInt64(SIGTERM)) == Errno.nosys)
    }

    @Test func socketsAreNotSupported() throws {
        let fixture = try WASIFixture()
        let scratch = fixture.allocate(16)
        #expect(try fixture.call("sock_accept", 3, 0, UInt64(scratch)) == Errno.notsup)
        #expect(try fixture.call("sock_recv", 0, UInt64(scratch), 0, 0, UInt64(scratch), UInt64(scratch + 8)) == Errno.notsup)
        #expect(try fixture.call("sock_send", 1, UInt64(scratch), 0, 0, UInt64(scratch)) == Errno.notsup)
        #expect(try fixture.call("sock_shutdown", 1, 3) == Errno.notsup)
        #expect(try fixture.call("sock_shutdown", 99, 3) == Errno.badf)
        #expect(try fixture.call("sock_accept", 99, 0, UInt64(scratch)) == Errno.badf)
    }
}
