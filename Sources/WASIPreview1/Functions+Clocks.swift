/// clock_res_get and clock_time_get over clock_getres/clock_gettime.
import Glibc

extension ClockID {
    var hostClock: clockid_t {
        switch self {
        case .realtime: CLOCK_REALTIME
        case .monotonic: CLOCK_MONOTONIC
        case .processCPUTime: CLOCK_PROCESS_CPUTIME_ID
        case .threadCPUTime: CLOCK_THREAD_CPUTIME_ID
        }
    }

    /// Now, in nanoseconds.
    func now() -> UInt64 {
        var time = timespec()
        clock_gettime(hostClock, &time)
        return time.nanosecondsSinceEpoch
    }
}

extension WASIHost {
    func clockResGet(clock: UInt32, resultPointer: UInt32) throws(WASIErrno) {
        let clock = try ClockID(validating: clock)
        let memory = guestMemory
        _ = try memory.buffer(at: resultPointer, count: 8)
        var resolution = timespec()
        try HostCall.check { clock_getres(clock.hostClock, &resolution) }
        try memory.store(resolution.nanosecondsSinceEpoch, at: resultPointer)
    }

    /// `precision` is a hint the host may ignore, and Linux clocks offer no choice.
    func clockTimeGet(clock: UInt32, precision: UInt64, resultPointer: UInt32) throws(WASIErrno) {
        let clock = try ClockID(validating: clock)
        let memory = guestMemory
        _ = try memory.buffer(at: resultPointer, count: 8)
        var time = timespec()
        try HostCall.check { clock_gettime(clock.hostClock, &time) }
        try memory.store(time.nanosecondsSinceEpoch, at: resultPointer)
    }
}
