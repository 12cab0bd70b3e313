/// A table of references, shared by every instance that imports or exports
/// it. JIT code reaches it through a fixed 16-byte `TableStorage` record
/// (elements pointer, count) whose address never changes, so growing (which
/// may move the elements) only rewrites that record and no VM context.
import WasmCore
import WasmJIT

public final class Table {
    /// Growth stops here even without a declared maximum: 10M elements (80 MB).
    public static let elementLimit: UInt64 = 10_000_000

    public let type: TableType
    public var elementType: ReferenceType { type.elementType }
    /// The largest element count `grow` allows.
    public let maximumSize: UInt64
    /// The `TableStorageLayout` record JIT code reads.
    let storage: UnsafeMutableRawPointer
    private var capacity: Int

    /// A table of `type.limits.minimum` elements, each `initialValue` (null by default).
    public convenience init(store: Store, type: TableType, initialValue: Value? = nil) {
        self.init(type: type, initialValue: initialValue)
    }

    public init(type: TableType, initialValue: Value? = nil) {
        self.type = type
        maximumSize = min(type.limits.maximum ?? UInt64(UInt32.max), Self.elementLimit)
        storage = UnsafeMutableRawPointer.allocate(byteCount: Int(TableStorageLayout.size), alignment: 16)
        let count = Int(min(type.limits.minimum, Self.elementLimit))
        capacity = max(count, 1)
        let elements = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
        let initial = initialValue.map { $0.rawReference } ?? 0
        elements.initialize(repeating: initial, count: capacity)
        storage.storeBytes(of: elements, toByteOffset: Int(TableStorageLayout.elements), as: UnsafeMutablePointer<UInt64>.self)
        storage.storeBytes(of: UInt64(count), toByteOffset: Int(TableStorageLayout.count), as: UInt64.self)
    }

    deinit {
        elements.deallocate()
        storage.deallocate()
    }

    /// The elements as JIT code sees them (see `Value.rawReference`).
    var elements: UnsafeMutablePointer<UInt64> {
        storage.load(fromByteOffset: Int(TableStorageLayout.elements), as: UnsafeMutablePointer<UInt64>.self)
    }

    /// Current element count.
    public var size: UInt64 {
        storage.load(fromByteOffset: Int(TableStorageLayout.count), as: UInt64.self)
    }

    public func get(_ index: UInt64) throws(Trap) -> Value {
        guard index < size else { throw Trap(code: .tableOutOfBounds) }
        return Value.reference(raw: elements[Int(index)], type: elementType)
    }

    public func set(_ index: UInt64, _ value: Value) throws(Trap) {
        guard value.type == ValueType(elementType) else {
            throw Trap.usage("type mismatch: \(value.type) value for a \(elementType) table")
        }
        guard index < size else { throw Trap(code: .tableOutOfBounds) }
        elements[Int(index)] = value.rawReference
    }

    /// Adds `delta` elements set to `initialValue`. Returns the old size, or nil past the maximum.
    @discardableResult
    public func grow(by delta: UInt64, initialValue: Value? = nil) -> UInt64? {
        growRaw(by: delta, initialRaw: initialValue.map { $0.rawReference } ?? 0)
    }

    func growRaw(by delta: UInt64, initialRaw: UInt64) -> UInt64? {
        let oldSize = size
        guard delta <= maximumSize, oldSize + delta <= maximumSize else { return nil }
        let newSize = Int(oldSize + delta)
        if newSize > capacity {
            let newCapacity = max(newSize, min(capacity * 2, Int(maximumSize)))
            let newElements = UnsafeMutablePointer<UInt64>.allocate(capacity: newCapacity)
            newElements.initialize(from: elements, count: Int(oldSize))
            elements.deallocate()
            storage.storeBytes(of: newElements, toByteOffset: Int(TableStorageLayout.elements), as: UnsafeMutablePointer<UInt64>.self)
            capacity = newCapacity
        }
        (elements + Int(oldSize)).initialize(repeating: initialRaw, count: Int(delta))
        storage.storeBytes(of: UInt64(newSize), toByteOffset: Int(TableStorageLayout.count), as: UInt64.self)
        return oldSize
    }
}
