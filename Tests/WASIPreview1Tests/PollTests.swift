/// poll_oneoff: relative and absolute clocks, readiness of pipes, files and
/// terminals' stand-ins, hang-ups, bad descriptors and malformed requests.
import Foundation
import Glibc
import Testing

@Suite struct PollTests {
    enum Subscription {
        case clock(userdata: UInt64, clock: UInt32, timeout: UInt64, absolute: Bool = false)
        case readable(userdata: UInt64, fd: UInt32)
        case writable(userdata: UInt64, fd: UInt32)
        case raw(tag: UInt8, clockFlags: UInt16)
    }

    struct Event: Equatable {
        var userdata: UInt64
        var error: UInt16
        var type: UInt8
        var bytes: UInt64 = 0
        var hangUp = false
    }

    static func encode(_ subscriptions: [Subscription]) -> [UInt8] {
        var bytes: [UInt8] = []
        for subscription in subscriptions {
            var record = [UInt8](repeating: 0, count: 48)
            func put<Integer: FixedWidthInteger>(_ value: Integer, at offset: Int) {
                withUnsafeBytes(of: value.littleEndian) { record.replaceSubrange(offset..<(offset + $0.count), with: $0) }
            }
            switch subscription {
            case .clock(let userdata, let clock, let timeout, let absolute):
                put(userdata, at: 0)
                put(clock, at: 16)
                put(timeout, at: 24)
                put(UInt64(1000), at: 32)
                put(UInt16(absolute ? 1 : 0), at: 40)
            case .readable(let userdata, let fd):
                put(userdata, at: 0)
                record[8] = 1
                put(fd, at: 16)
            case .writable(let userdata, let fd):
                put(userdata, at: 0)
                record[8] = 2
                put(fd, at: 16)
            case .raw(let tag, let clockFlags):
                record[8] = tag
                put(UInt16(clockFlags), at: 40)
            }
            bytes += record
        }
        return bytes
    }

    /// poll_oneoff; its errno, the events, and how long it took.
    static func poll(_ fixture: WASIFixture, _ subscriptions: [Subscription]) throws -> (errno: UInt16, events: [Event], seconds: Double) {
        let input = fixture.place(encode(subscriptions))
        let output = fixture.allocate(32 * max(1, subscriptions.count))
        fixture.write(Array(repeating: 0xAA, count: 32 * max(1, subscriptions.count)), at: output)
        let count = fixture.allocate(4)
        let start = DispatchTime.now()
        let errno = try fixture.call("poll_oneoff", UInt64(input), UInt64(output), UInt64(subscriptions.count), UInt64(count))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        guard errno == Errno.success else { return (errno, [], seconds) }
        var events: [Event] = []
        for index in 0..<Int(fixture.u32(at: count)) {
            let base = output + UInt32(index * 32)
            #expect(fixture.u8(at: base + 11) == 0)
            #expect(fixture.bytes(at: base + 26, count: 6) == Array(repeating: 0, count: 6))
            events.append(
                Event(
                    userdata: fixture.u64(at: base), error: fixture.u16(at: base + 8), type: fixture.u8(at: base + 10),
                    bytes: fixture.u64(at: base + 16), hangUp: fixture.u16(at: base + 24) == 1))
        }
        return (errno, events, seconds)
    }

    static func pipeEnds() -> (read: Int32, write: Int32) {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        return (ends[0], ends[1])
    }

    @Test func aRelativeClockWaitsItsTimeout() throws {
        let fixture = try WASIFixture()
        let (errno, events, seconds) = try Self.poll(
            fixture, [.clock(userdata: 0x1234, clock: ABI.clockMonotonic, timeout: 3_000_000)])
        #expect(errno == Errno.success)
        #expect(events == [Event(userdata: 0x1234, error: 0, type: ABI.eventtypeClock)])
        #expect(seconds >= 0.003)
    }

    @Test func absoluteClocksWaitUntilTheirTime() throws {
        let fixture = try WASIFixture()
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let past = UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec) - 1_000_000
        var result = try Self.poll(fixture, [.clock(userdata: 1, clock: ABI.clockMonotonic, timeout: past, absolute: true)])
        #expect(result.events == [Event(userdata: 1, error: 0, type: ABI.eventtypeClock)])
        #expect(result.seconds < 1)

        clock_gettime(CLOCK_REALTIME, &now)
        let soon = UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec) + 2_000_000
        result = try Self.poll(fixture, [.clock(userdata: 2, clock: ABI.clockRealtime, timeout: soon, absolute: true)])
        #expect(result.events == [Event(userdata: 2, error: 0, type: ABI.eventtypeClock)])
        #expect(result.seconds >= 0.001)
    }

    @Test func theEarliestClockEndsTheWait() throws {
        let fixture = try WASIFixture()
        let result = try Self.poll(
            fixture,
            [
                .clock(userdata: 1, clock: ABI.clockMonotonic, timeout: 60_000_000_000),
                .clock(userdata: 2, clock: ABI.clockRealtime, timeout: 1_000_000),
            ])
        #expect(result.events == [Event(userdata: 2, error: 0, type: ABI.eventtypeClock)])
        #expect(result.seconds < 30)
    }

    @Test func aPipeWithDataIsReadableAtOnce() throws {
        let ends = Self.pipeEnds()
        defer { close(ends.read); close(ends.write) }
        let fixture = try WASIFixture(standardInput: ends.read)
        _ = "abc".withCString { write(ends.write, $0, 3) }
        let result = try Self.poll(
            fixture,
            [
                .clock(userdata: 1, clock: ABI.clockMonotonic, timeout: 60_000_000_000),
                .readable(userdata: 7, fd: 0),
            ])
        #expect(result.errno == Errno.success)
        #expect(result.events == [Event(userdata: 7, error: 0, type: ABI.eventtypeFdRead, bytes: 3)])
        #expect(result.seconds < 30)
    }

    @Test func anEmptyPipeWaitsForTheClock() throws {
        let ends = Self.pipeEnds()
        defer { close(ends.read); close(ends.write) }
        let fixture = try WASIFixture(standardInput: ends.read, standardOutput: ends.write)
        let result = try Self.poll(
            fixture,
            [
                .readable(userdata: 7, fd: 0),
                .clock(userdata: 1, clock: ABI.clockMonotonic, timeout: 2_000_000),
            ])
        #expect(result.events == [Event(userdata: 1, error: 0, type: ABI.eventtypeClock)])
        // The same pipe's write end has room.
        let writable = try Self.poll(fixture, [.writable(userdata: 9, fd: 1)])
        #expect(writable.events == [Event(userdata: 9, error: 0, type: ABI.eventtypeFdWrite)])
    }

    @Test func aClosedWriterIsAHangUp() throws {
        let ends = Self.pipeEnds()
        defer { close(ends.read) }
        let fixture = try WASIFixture(standardInput: ends.read)
        close(ends.write)
        let result = try Self.poll(fixture, [.readable(userdata: 5, fd: 0)])
        #expect(result.events == [Event(userdata: 5, error: 0, type: ABI.eventtypeFdRead, bytes: 0, hangUp: true)])
    }

    @Test func regularFilesAreAlwaysReady() throws {
        let fixture = try WASIFixture()
        try fixture.scratch.createFile("f", "hello")
        let fd = try fixture.open("f").fd
        let position = fixture.allocate(8)
        #expect(try fixture.call("fd_seek", fd, 2, UInt64(ABI.whenceSet), UInt64(position)) == Errno.success)
        let result = try Self.poll(
            fixture,
            [
                .readable(userdata: 1, fd: UInt32(fd)),
                .writable(userdata: 2, fd: UInt32(fd)),
                .clock(userdata: 3, clock: ABI.clockMonotonic, timeout: 60_000_000_000),
            ])
        #expect(
            result.events == [
                Event(userdata: 1, error: 0, type: ABI.eventtypeFdRead, bytes: 3),
                Event(userdata: 2, error: 0, type: ABI.eventtypeFdWrite),
            ])
        #expect(result.seconds < 30)
    }

    @Test func badDescriptorsAreReportedInTheirEvents() throws {
        let fixture = try WASIFixture()
        let result = try Self.poll(
            fixture,
            [
                .readable(userdata: 1, fd: 40),
                .writable(userdata: 2, fd: 3),
                .clock(userdata: 3, clock: ABI.clockMonotonic, timeout: 60_000_000_000),
            ])
        #expect(
            result.events == [
                Event(userdata: 1, error: Errno.badf, type: ABI.eventtypeFdRead),
                Event(userdata: 2, error: Errno.badf, type: ABI.eventtypeFdWrite),
            ])
    }

    @Test func malformedRequestsAreInvalid() throws {
        let fixture = try WASIFixture()
        #expect(try Self.poll(fixture, []).errno == Errno.inval)
        #expect(try Self.poll(fixture, [.raw(tag: 3, clockFlags: 0)]).errno == Errno.inval)
        #expect(try Self.poll(fixture, [.raw(tag: 0, clockFlags: 2)]).errno == Errno.inval)
        #expect(try Self.poll(fixture, [.clock(userdata: 0, clock: ABI.clockProcessCPUTime, timeout: 1)]).errno == Errno.inval)
        #expect(try Self.poll(fixture, [.clock(userdata: 0, clock: 9, timeout: 1)]).errno == Errno.inval)
    }
}
