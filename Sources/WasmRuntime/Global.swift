/// A global variable: a 16-byte cell that JIT code reads and writes through
/// the VM context's global pointer array. Every instance that imports the
/// global points at the same cell, which is what makes mutable imports shared.
import WasmCore
import WasmJIT

public final class Global {
    public let type: GlobalType
    /// The cell (`GlobalCellLayout`): scalars in the low bytes, references in their 64-bit form.
    let cell: UnsafeMutableRawPointer

    /// A global holding `value`, which must be of `type.valueType`.
    public convenience init(store: Store, type: GlobalType, value: Value) {
        self.init(type: type, value: value)
    }

    public init(type: GlobalType, value: Value) {
        precondition(value.type == type.valueType, "a \(type.valueType) global cannot hold \(value)")
        self.type = type
        cell = UnsafeMutableRawPointer.allocate(byteCount: Int(GlobalCellLayout.size), alignment: 16)
        cell.initializeMemory(as: UInt64.self, repeating: 0, count: Int(GlobalCellLayout.size) / 8)
        store(value)
    }

    deinit {
        cell.deallocate()
    }

    public var value: Value {
        Value.load(type.valueType, from: cell.assumingMemoryBound(to: UInt64.self), at: 0)
    }

    /// The current value (the same as `value`).
    public func get() -> Value { value }

    /// Sets a mutable global; throws for an immutable one or a value of the wrong type.
    public func set(_ value: Value) throws(Trap) {
        guard type.isMutable else { throw Trap.usage("cannot set an immutable global") }
        guard value.type == type.valueType else {
            throw Trap.usage("type mismatch: \(value.type) value for a \(type.valueType) global")
        }
        store(value)
    }

    /// Writes without the mutability check (initialization).
    func store(_ value: Value) {
        let words = cell.assumingMemoryBound(to: UInt64.self)
        words[0] = 0
        words[1] = 0
        value.store(to: words, at: 0)
    }
}
