/// Runs guest code on a thread of its own and waits for it with a deadline,
/// so that a guest the engine fails to stop costs one spinning thread and a
/// failed test rather than a hung test process.
import Foundation

public enum GuestThread {
    /// The stack every guest thread gets: glibc's default for a main thread,
    /// so deep recursion exhausts the stack at the same depth however the
    /// test runner's own threads are sized.
    public static let stackSize = 8 << 20

    /// `body`'s result, or nil if it has not finished within `timeout` seconds.
    public static func run<Result: Sendable>(timeout: Double = 30, _ body: @escaping @Sendable () -> Result) -> Result? {
        let box = ResultBox<Result>()
        let thread = Thread {
            box.value = body()
            box.done.signal()
        }
        thread.stackSize = stackSize
        thread.start()
        guard box.done.wait(timeout: .now() + timeout) == .success else { return nil }
        return box.value
    }
}

private final class ResultBox<Value>: @unchecked Sendable {
    // Unchecked Sendable: `value` is written before `done` is signalled and read after.
    var value: Value?
    let done = DispatchSemaphore(value: 0)
}
