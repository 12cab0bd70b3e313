// A time limit on guest calls that should finish, through the store's interrupt flag.
import Foundation
import WasmRuntime

/// Interrupts `store` if `body` runs longer than `seconds`: a miscompiled
/// loop then ends as an `interrupted` trap instead of hanging the tests.
func withTimeLimit<Result>(
    _ seconds: Double, on store: Store, _ body: () throws(Trap) -> Result
) throws(Trap) -> Result {
    let state = TimeLimitState()
    DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
        state.lock.withLock {
            guard !state.finished else { return }
            state.fired = true
            store.interrupt()
        }
    }
    defer {
        state.lock.withLock {
            state.finished = true
            if state.fired { store.clearInterrupt() }
        }
    }
    return try body()
}

private final class TimeLimitState: @unchecked Sendable {
    // Unchecked Sendable: both fields are only touched under `lock`.
    let lock = NSLock()
    var finished = false
    var fired = false
}
