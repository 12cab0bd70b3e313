/// The sampler: a per-thread timer whose SIGPROF handler (C, in CSampler)
/// records the interrupted pc and the wasm frames under it into a
/// preallocated ring buffer. This is the Swift face of it: configuration,
/// start and stop for a target thread, and draining records from any thread.
import CSampler
import Glibc
import WasmJIT

/// Which clock drives the sampling timer.
public enum SamplingClock: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The guest thread's CPU time: where the program computes. The kernel
    /// checks CPU-time timers at its scheduler tick (often 250 Hz), so above
    /// that rate one signal stands for several intervals; each sample carries
    /// that count as its weight.
    case cpu
    /// Elapsed time (CLOCK_MONOTONIC): also where the program waits.
    case wall

    public var description: String { rawValue }
}

public struct SamplerError: Error, CustomStringConvertible, Sendable {
    public var description: String

    init(_ description: String) { self.description = description }

    static func system(_ call: String, _ code: Int32) -> SamplerError {
        SamplerError("\(call) failed: \(String(cString: strerror(code)))")
    }
}

/// One sampling session's timer and ring buffer.
///
/// `start`, `pause`, `resume` and `stop` may be called from any thread, one
/// at a time; `drain()` from any thread, by one caller at a time.
public final class Sampler: @unchecked Sendable {
    // Unchecked Sendable: the C sampler is built for exactly this split: the
    // handler on the sampled thread produces, one drainer consumes, through
    // atomics. Start, pause, resume and stop are documented as one caller at a time.

    public let frequency: Int
    public let clock: SamplingClock
    private let handle: OpaquePointer
    private var isRunning = false
    /// Scratch space for drains; records are copied out of it into `RawSample`s.
    private var drainBuffer: [UInt64]

    /// `capacityWords` sizes the ring buffer (a sample takes 7 words plus one
    /// per frame); it is rounded up to a power of two and touched now.
    public init(frequency: Int = 999, clock: SamplingClock = .cpu, capacityWords: Int = 1 << 20) throws(SamplerError) {
        guard frequency > 0 && frequency <= 100_000 else {
            throw SamplerError("the sampling frequency must be between 1 and 100000 Hz, not \(frequency)")
        }
        guard
            let handle = wsc_sampler_create(
                max(capacityWords, 4096), VMContextLayout.lastExitFramePointer, VMContextLayout.lastExitPC)
        else {
            throw SamplerError("cannot allocate the sample buffer (\(capacityWords) words)")
        }
        self.frequency = frequency
        self.clock = clock
        self.handle = handle
        drainBuffer = [UInt64](repeating: 0, count: 1 << 16)
    }

    deinit {
        if isRunning { wsc_sampler_stop(handle) }
        wsc_sampler_destroy(handle)
    }

    /// Lets a host sample walk from this instance's last exit (before `start`).
    public func addVMContext(_ address: UnsafeMutableRawPointer) throws(SamplerError) {
        guard wsc_sampler_add_vm_context(handle, address) == 0 else {
            throw SamplerError("too many instances to sample (at most \(WSC_SAMPLER_MAX_VM_CONTEXTS))")
        }
    }

    /// Starts the timer for the calling thread.
    public func start() throws(SamplerError) {
        try start(target: .currentThread())
    }

    /// Starts the timer for `target`, from any thread.
    public func start(target: SamplingTarget) throws(SamplerError) {
        var raw = target.raw
        let status = wsc_sampler_start_target(
            handle, &raw, clock == .cpu ? WSC_SAMPLER_CLOCK_CPU : WSC_SAMPLER_CLOCK_WALL, UInt32(frequency))
        guard status == 0 else {
            if status == EBUSY && !isRunning {
                throw SamplerError("too many samplers running (at most \(WSC_SAMPLER_MAX_RUNNING))")
            }
            throw .system("starting the sampling timer", status)
        }
        isRunning = true
    }

    /// Holds the timer until `resume()`; signals already on their way are dropped.
    public func pause() {
        guard isRunning else { return }
        wsc_sampler_pause(handle)
    }

    public func resume() {
        guard isRunning else { return }
        wsc_sampler_resume(handle)
    }

    /// Stops the timer; when it returns, no signal handler uses the sampler.
    public func stop() {
        guard isRunning else { return }
        wsc_sampler_stop(handle)
        isRunning = false
    }

    /// Takes every complete record out of the ring buffer.
    public func drain() -> [RawSample] {
        var samples: [RawSample] = []
        while true {
            let count = drainBuffer.withUnsafeMutableBufferPointer { buffer in
                wsc_sampler_drain(handle, buffer.baseAddress!, buffer.count)
            }
            if count == 0 { break }
            drainBuffer.withUnsafeBufferPointer { buffer in
                samples.append(contentsOf: RawSample.decode(UnsafeBufferPointer(rebasing: buffer[0..<count])))
            }
        }
        return samples
    }

    /// Samples the handler recorded so far (drained or not).
    public var recordedCount: Int { Int(wsc_sampler_recorded_count(handle)) }

    /// Samples lost because the ring buffer was full.
    public var droppedCount: Int { Int(wsc_sampler_dropped_count(handle)) }

    /// Records a sample as the signal handler would, from the calling thread
    /// (tests of the buffer and the walk). Captures the thread's stack bounds first.
    public func recordForTesting(pc: UInt64, framePointer: UInt64, stackPointer: UInt64, weight: UInt64 = 1) {
        wsc_sampler_capture_stack_bounds(handle)
        wsc_sampler_record(handle, pc, framePointer, stackPointer, weight)
    }
}

/// The calling thread's kernel thread id (what the timer targets).
public func currentKernelThreadID() -> Int32 { wsc_sampler_current_thread_id() }

/// CLOCK_MONOTONIC in nanoseconds: the time base of sample timestamps.
public func monotonicNanoseconds() -> UInt64 { wsc_sampler_monotonic_now() }
