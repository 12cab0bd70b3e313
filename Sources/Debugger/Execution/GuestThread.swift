/// The guest's own thread: a pthread with a large stack (guest recursion
/// runs on it, down to the runtime's stack limit), running one body. It is
/// joinable, so `terminate()` can wait for it; a thread that cannot be
/// joined in time (blocked in a host call the interrupt flag cannot reach)
/// is detached and finishes on its own.
import Glibc
import Synchronization

final class GuestThread: Sendable {
    /// 64 MiB: deep guest recursion traps with "call stack exhausted" long
    /// before it, as it would under `wasmscope run` on a big main stack.
    static let defaultStackSize = 64 << 20

    private let handle: Mutex<pthread_t?>
    private let finished = Atomic<Bool>(false)

    private final class Context {
        let body: @Sendable () -> Void
        let thread: GuestThread
        init(body: @escaping @Sendable () -> Void, thread: GuestThread) {
            self.body = body
            self.thread = thread
        }
    }

    /// Starts `body` on a new thread. Stops the process if the thread cannot
    /// be created (no memory for its stack): nothing could run.
    init(stackSize: Int = GuestThread.defaultStackSize, _ body: @escaping @Sendable () -> Void) {
        handle = Mutex(nil)
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        let context = Unmanaged.passRetained(Context(body: body, thread: self)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, &attributes, { raw in
            let context = Unmanaged<Context>.fromOpaque(raw!).takeRetainedValue()
            context.body()
            context.thread.finished.store(true, ordering: .releasing)
            return nil
        }, context)
        guard status == 0 else {
            Unmanaged<Context>.fromOpaque(context).release()
            fatalError("cannot create the guest thread: error \(status)")
        }
        handle.withLock { $0 = thread }
    }

    /// Whether the body has returned.
    var hasFinished: Bool { finished.load(ordering: .acquiring) }

    /// Waits for the thread to end (the body must have returned or be about to).
    func join() {
        guard let thread = handle.withLock({ handle -> pthread_t? in
            defer { handle = nil }
            return handle
        }) else { return }
        pthread_join(thread, nil)
    }

    /// Lets the thread end on its own, unjoined.
    func detach() {
        guard let thread = handle.withLock({ handle -> pthread_t? in
            defer { handle = nil }
            return handle
        }) else { return }
        pthread_detach(thread)
    }
}
