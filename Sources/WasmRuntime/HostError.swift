/// The error a host function throws to stop the guest. The JIT's host-call
/// stub turns it into a `hostError` trap, which carries it back to whoever
/// called into wasm.
public struct HostError: Error, CustomStringConvertible, Sendable {
    public var message: String
    /// What an embedder attaches to recognise its own stops, such as WASI's
    /// `proc_exit`, which ends the guest through this same path; it comes
    /// back in the trap's `hostError`.
    public var payload: (any Error & Sendable)?
    /// Set when the host function failed because a wasm function it called
    /// trapped: the outer trap then reports the inner trap's code and message.
    public var trap: Trap? {
        get { nestedTrap?.trap }
        set { nestedTrap = newValue.map(NestedTrap.init) }
    }
    // A box, because a Trap holds a HostError and a struct cannot contain itself.
    private var nestedTrap: NestedTrap?

    public init(_ message: String, payload: (any Error & Sendable)? = nil) {
        self.message = message
        self.payload = payload
    }

    /// Passes a trap from a nested guest call through a host function.
    public init(_ trap: Trap) {
        self.message = trap.message
        self.trap = trap
    }

    private final class NestedTrap: Sendable {
        let trap: Trap
        init(_ trap: Trap) { self.trap = trap }
    }

    public var description: String { message }
}
