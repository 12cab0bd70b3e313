/// A linear memory: the guest's byte array, shared by every instance that
/// imports or exports it. Its bytes live in a `LinearMemoryReservation`, so
/// the base address never changes; its size is mirrored into the VM context
/// of every instance that has it as memory 0 (`memorySize`), which is why the
/// memory keeps a list of those contexts and updates them when it grows.
import WasmCore
import WasmJIT

public final class Memory {
    /// Wasm pages are 64 KiB.
    public static let pageSize = 65536

    /// The limits the memory was created with; `size` is the current page count.
    public let type: MemoryType
    /// The largest page count `grow` allows: the declared maximum, at most 65536.
    public let maximumPages: UInt64
    private let reservation: LinearMemoryReservation
    /// VM contexts whose memory 0 is this memory.
    private var attachedContexts: [UnsafeMutableRawPointer] = []

    /// Creates a memory of `type.limits.minimum` pages. Stops the process if
    /// the address space cannot be reserved; use `init(type:)` to handle that.
    public convenience init(store: Store, type: MemoryType) {
        do {
            try self.init(type: type)
        } catch {
            fatalError("cannot create a linear memory: \(error)")
        }
    }

    public init(type: MemoryType) throws(SystemError) {
        self.type = type
        maximumPages = min(type.limits.maximum ?? MemoryType.maxPages32, MemoryType.maxPages32)
        let initialPages = min(type.limits.minimum, MemoryType.maxPages32)
        reservation = try LinearMemoryReservation(committing: Int(initialPages) * Self.pageSize)
    }

    /// Where byte 0 is. Stays valid and fixed for the memory's life.
    public var baseAddress: UnsafeMutableRawPointer { reservation.base }

    /// Current size in pages.
    public var size: UInt64 { UInt64(byteCount / Self.pageSize) }

    /// Current size in bytes.
    public var byteCount: Int { reservation.committedByteCount }

    /// Adds `delta` pages, zero-filled. Returns the old size in pages, or nil
    /// (and changes nothing) past the maximum or when the kernel refuses.
    @discardableResult
    public func grow(by delta: UInt64) -> UInt64? {
        let oldPages = size
        guard delta <= maximumPages, oldPages + delta <= maximumPages else { return nil }
        if delta == 0 { return oldPages }
        do {
            try reservation.grow(to: Int(oldPages + delta) * Self.pageSize)
        } catch {
            return nil
        }
        for context in attachedContexts {
            context.storeBytes(of: UInt64(byteCount), toByteOffset: Int(VMContextLayout.memorySize), as: UInt64.self)
        }
        return oldPages
    }

    /// Whether `[offset, offset + count)` lies inside the memory.
    public func contains(offset: UInt64, count: Int) -> Bool {
        count >= 0 && offset <= UInt64(byteCount) && UInt64(count) <= UInt64(byteCount) - offset
    }

    /// Copies bytes out, or throws "out of bounds memory access".
    public func read(at offset: UInt64, count: Int) throws(Trap) -> [UInt8] {
        guard contains(offset: offset, count: count) else { throw Trap(code: .memoryOutOfBounds) }
        return Array(UnsafeRawBufferPointer(start: baseAddress + Int(offset), count: count))
    }

    /// Copies bytes in, or throws "out of bounds memory access" and writes nothing.
    public func write(_ bytes: [UInt8], at offset: UInt64) throws(Trap) {
        guard contains(offset: offset, count: bytes.count) else { throw Trap(code: .memoryOutOfBounds) }
        bytes.withUnsafeBytes { source in
            guard let sourceBase = source.baseAddress else { return }
            (baseAddress + Int(offset)).copyMemory(from: sourceBase, byteCount: bytes.count)
        }
    }

    // MARK: - VM contexts

    func attach(_ context: UnsafeMutableRawPointer) {
        attachedContexts.append(context)
        context.storeBytes(of: baseAddress, toByteOffset: Int(VMContextLayout.memoryBase), as: UnsafeMutableRawPointer.self)
        context.storeBytes(of: UInt64(byteCount), toByteOffset: Int(VMContextLayout.memorySize), as: UInt64.self)
    }

    func detach(_ context: UnsafeMutableRawPointer) {
        attachedContexts.removeAll { $0 == context }
    }
}
