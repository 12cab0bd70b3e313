/// Runs a guest on a thread with a main thread's stack, so deep guest
/// recursion behaves the same however the test runner's threads are sized,
/// and waits for it with a deadline so a guest that never ends fails the
/// test instead of hanging the run.
import Foundation

enum GuestThread {
    static let stackSize = 8 << 20

    /// `body`'s result, or nil if it has not finished within `timeout` seconds.
    static func run<Result: Sendable>(timeout: Double = 30, _ body: @escaping @Sendable () -> Result) -> Result? {
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
