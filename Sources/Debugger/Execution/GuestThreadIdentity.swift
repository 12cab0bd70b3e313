/// The guest thread as the operating system knows it, for tools that act on
/// it from another thread: the profiler aims its timer at it (the kernel
/// thread id for the signals, the pthread for its CPU clock) and reads
/// frames only inside its stack.
import Glibc

public struct GuestThreadIdentity: Sendable, Equatable {
    public let kernelThreadID: Int32
    public let thread: pthread_t
    /// Lowest and one past the highest address of the thread's stack.
    public let stackBounds: Range<UInt64>
}
