/// poll_oneoff: waits until a clock subscription fires or a descriptor is
/// ready, with poll(2) (ppoll, for nanosecond timeouts) on the host
/// descriptors behind fd_read/fd_write subscriptions.
///
/// - Clock subscriptions on the realtime and monotonic clocks, relative or
///   absolute (an absolute realtime one is turned into a relative wait, so a
///   clock change while waiting is not noticed); the CPU-time clocks cannot
///   be waited on (`EINVAL`, as in wasmtime). Precision is ignored.
/// - A regular file is always ready, and for reading reports the bytes left
///   after the current offset. Other descriptors are polled.
/// - A closed descriptor or a directory gives an event with `EBADF`.
/// - Nothing to wait for (no subscriptions) is `EINVAL`: preview1 has no
///   way to sleep forever.
/// All ready subscriptions are reported, in subscription order.
import CWASISupport
import Glibc

extension WASIHost {
    func pollOneoff(subscriptions: UInt32, events: UInt32, subscriptionCount: UInt32, resultPointer: UInt32) throws(WASIErrno) {
        guard subscriptionCount > 0 else { throw .invalid }
        let memory = guestMemory
        let input = try memory.buffer(at: subscriptions, elements: subscriptionCount, size: Subscription.size)
        let output = try memory.buffer(at: events, elements: subscriptionCount, size: Event.size)
        _ = try memory.buffer(at: resultPointer, count: 4)

        var parsed: [Subscription] = []
        for index in 0..<Int(subscriptionCount) {
            parsed.append(try Subscription(from: input, index: index))
        }

        let start = ClockID.monotonic.now()
        var ready: [(index: Int, event: Event)] = []
        var deadlines: [(index: Int, userdata: UInt64, deadline: UInt64)] = []
        var polled: [(index: Int, userdata: UInt64, type: Event.EventType)] = []
        var pollDescriptors: [pollfd] = []

        for (index, subscription) in parsed.enumerated() {
            switch subscription.kind {
            case .clock(let clock, let timeout, let isAbsolute):
                guard clock == .realtime || clock == .monotonic else { throw .invalid }
                var wait = timeout
                if isAbsolute {
                    let now = clock.now()
                    wait = timeout > now ? timeout - now : 0
                }
                let (deadline, overflow) = start.addingReportingOverflow(wait)
                deadlines.append((index, subscription.userdata, overflow ? .max : deadline))
            case .descriptorReadable(let descriptor), .descriptorWritable(let descriptor):
                let type: Event.EventType
                if case .descriptorReadable = subscription.kind { type = .descriptorReadable } else { type = .descriptorWritable }
                var event = Event(userdata: subscription.userdata, type: type)
                guard let entry = try? descriptors.entry(descriptor), !entry.isDirectory else {
                    event.error = .badFileDescriptor
                    ready.append((index, event))
                    continue
                }
                if entry.filetype == .regularFile && !entry.isStandardStream {
                    if type == .descriptorReadable { event.bytesAvailable = Self.bytesLeft(in: entry.hostDescriptor) }
                    ready.append((index, event))
                    continue
                }
                polled.append((index, subscription.userdata, type))
                pollDescriptors.append(
                    pollfd(fd: entry.hostDescriptor, events: Int16(type == .descriptorReadable ? POLLIN : POLLOUT), revents: 0))
            }
        }

        let earliestDeadline = deadlines.map(\.deadline).min()
        while true {
            let now = ClockID.monotonic.now()
            // Something already ready: look at the rest without waiting.
            let wait: UInt64? = ready.isEmpty ? earliestDeadline.map { $0 > now ? $0 - now : 0 } : 0
            if pollDescriptors.isEmpty {
                if let wait, wait > 0 { Self.sleep(nanoseconds: wait) }
                break
            }
            var timeout = timespec(nanoseconds: wait ?? 0)
            let result = pollDescriptors.withUnsafeMutableBufferPointer { descriptors in
                wait == nil
                    ? wasi_ppoll(descriptors.baseAddress, nfds_t(descriptors.count), nil)
                    : wasi_ppoll(descriptors.baseAddress, nfds_t(descriptors.count), &timeout)
            }
            if result >= 0 { break }
            guard errno == EINTR else { throw .current }
        }

        for (slot, subscription) in polled.enumerated() {
            let returned = Int32(pollDescriptors[slot].revents)
            guard returned != 0 else { continue }
            var event = Event(userdata: subscription.userdata, type: subscription.type)
            if returned & Int32(POLLNVAL) != 0 {
                event.error = .badFileDescriptor
            } else if returned & Int32(POLLERR) != 0 && returned & Int32(POLLIN | POLLOUT) == 0 {
                event.error = .io
            } else {
                event.hangUp = returned & Int32(POLLHUP) != 0
                if subscription.type == .descriptorReadable {
                    var available: Int32 = 0
                    if ioctl(pollDescriptors[slot].fd, UInt(FIONREAD), &available) == 0 {
                        event.bytesAvailable = UInt64(max(0, available))
                    }
                }
            }
            ready.append((subscription.index, event))
        }
        let now = ClockID.monotonic.now()
        for clock in deadlines where clock.deadline <= now {
            ready.append((clock.index, Event(userdata: clock.userdata, type: .clock)))
        }

        ready.sort { $0.index < $1.index }
        for (slot, item) in ready.enumerated() {
            item.event.write(to: output, index: slot)
        }
        try memory.store(UInt32(ready.count), at: resultPointer)
    }

    /// Bytes between a regular file's offset and its end.
    private static func bytesLeft(in descriptor: Int32) -> UInt64 {
        var status = stat()
        let position = lseek(descriptor, 0, SEEK_CUR)
        guard fstat(descriptor, &status) == 0, position >= 0, status.st_size > position else { return 0 }
        return UInt64(status.st_size - position)
    }

    /// Sleeps on the monotonic clock, through signals.
    private static func sleep(nanoseconds: UInt64) {
        let (deadline, overflow) = ClockID.monotonic.now().addingReportingOverflow(nanoseconds)
        var until = timespec(nanoseconds: overflow ? .max : deadline)
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, nil) == EINTR {}
    }
}
