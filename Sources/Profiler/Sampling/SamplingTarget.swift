/// The thread a sampler samples, named so that another thread can start the
/// timer for it: its kernel thread id (where the signals go), its CPU-time
/// clock and its stack bounds (the signal handler reads frames only inside
/// them). The debugger's guest thread is sampled this way, while the
/// controller thread decides when.
import CSampler
import Glibc

public struct SamplingTarget: Sendable, Equatable {
    public let kernelThreadID: Int32
    /// Lowest and one past the highest address of the thread's stack.
    public let stackBounds: Range<UInt64>
    let cpuClock: Int32

    /// The calling thread. It also unblocks SIGPROF on it, which a thread
    /// inherits blocked from libdispatch's workers.
    public static func currentThread() -> SamplingTarget {
        SamplingTarget(wsc_sampler_prepare_current_thread())
    }

    /// Another thread of this process, by the pthread handle and kernel id
    /// it reported; it must not block SIGPROF. Throws when the thread has ended.
    public init(thread: pthread_t, kernelThreadID: Int32, stackBounds: Range<UInt64>) throws(SamplerError) {
        var clock = clockid_t()
        let status = pthread_getcpuclockid(thread, &clock)
        guard status == 0 else { throw .system("pthread_getcpuclockid", status) }
        guard kernelThreadID > 0 else { throw SamplerError("no such thread: \(kernelThreadID)") }
        self.kernelThreadID = kernelThreadID
        self.stackBounds = stackBounds
        cpuClock = Int32(clock)
    }

    private init(_ raw: wsc_sampler_target) {
        kernelThreadID = raw.thread_id
        stackBounds = raw.stack_low..<max(raw.stack_low, raw.stack_high)
        cpuClock = raw.cpu_clock
    }

    var raw: wsc_sampler_target {
        wsc_sampler_target(
            thread_id: kernelThreadID, cpu_clock: cpuClock, stack_low: stackBounds.lowerBound,
            stack_high: stackBounds.upperBound)
    }
}
