/// A store: the world a group of instances lives in. It owns their runtime
/// state (VM contexts, function records), the host functions made for it, and
/// the interrupt flag they all poll. Everything in a store lives as long as
/// the store: funcref values are addresses of records the store owns.
///
/// Use a store from one thread at a time; `interrupt()` and
/// `clearInterrupt()` are the exceptions and may be called from any thread.
import CRuntimeSupport

public final class Store: @unchecked Sendable {
    // Unchecked Sendable so that another thread can hold it to call
    // `interrupt()`; everything else is for the thread using the store.

    public let engine: Engine
    /// Polled by JIT code at function entries and loop headers; nonzero stops the guest.
    let interruptFlag: UnsafeMutablePointer<UInt32>
    private(set) var instances: [InstanceState] = []
    private var hostFunctions: [HostFunctionState] = []
    /// The stack limit last written into every VM context of the store.
    private var stackLimit: UInt64 = 0

    private static let cacheLineSize = 64

    public init(engine: Engine) {
        self.engine = engine
        // A cache line of its own: every loop header loads the flag, and a
        // 4-byte heap block would share its line with whatever the allocator
        // puts next to it, which other threads (a debugger's, a TUI's) write.
        interruptFlag = UnsafeMutableRawPointer.allocate(byteCount: Self.cacheLineSize, alignment: Self.cacheLineSize)
            .initializeMemory(as: UInt32.self, repeating: 0, count: Self.cacheLineSize / 4)
    }

    deinit {
        UnsafeMutableRawPointer(interruptFlag).deallocate()
    }

    /// Makes running guest code stop with an `interrupted` trap at its next
    /// function entry or loop header, and any later call trap the same way
    /// until `clearInterrupt()`. Callable from any thread.
    public func interrupt() {
        wsc_atomic_store_u32(interruptFlag, 1)
    }

    /// Lets guest code run again after `interrupt()`. Callable from any thread.
    public func clearInterrupt() {
        wsc_atomic_store_u32(interruptFlag, 0)
    }

    public var isInterrupted: Bool { wsc_atomic_load_u32(interruptFlag) != 0 }

    // MARK: - Ownership

    /// Takes an instance's state for the store's lifetime, even if its
    /// instantiation fails later: imported tables may already point at its functions.
    func adopt(_ instance: InstanceState) {
        instance.context.setInterruptFlag(interruptFlag)
        instance.context.stackLimit = stackLimit
        instances.append(instance)
    }

    func adopt(_ hostFunction: HostFunctionState) {
        hostFunctions.append(hostFunction)
    }

    /// Before entering guest code from Swift: every VM context of the store
    /// gets this thread's stack limit, since a call may cross instances. The
    /// limit is a per-thread constant, so this writes only when the thread changes.
    func prepareForEntry() {
        let limit = wsc_thread_stack_limit()
        guard limit != stackLimit else { return }
        stackLimit = limit
        for instance in instances {
            instance.context.stackLimit = limit
        }
    }
}
