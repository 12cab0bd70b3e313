import DWARF

/// Where a value's bytes are.
public enum ValueStorage: Sendable, Hashable {
    /// In linear memory: an lvalue whose address `&` can take.
    case memory(address: UInt64)
    /// The bytes themselves: an rvalue (a computed result, a literal) or a value
    /// read from somewhere that cannot be written back.
    case bytes([UInt8])
    /// A value living outside memory that the context knows how to write (a
    /// variable held in a wasm local, say); `id` is the context's own handle.
    case location(id: Int, bytes: [UInt8])
    /// No value exists here (optimized out, not live); `reason` is what gdb shows
    /// in its place, in angle brackets: "optimized out" prints `<optimized out>`.
    case unavailable(reason: String)
}

/// A bit-field's place inside the bytes at a value's offset.
public struct BitField: Sendable, Hashable {
    /// From the least significant bit of the first byte (little-endian numbering).
    public var bitOffset: Int
    public var bitSize: Int

    public init(bitOffset: Int, bitSize: Int) {
        self.bitOffset = bitOffset
        self.bitSize = bitSize
    }
}

/// A typed value: a variable, a member or element of one, or a computed result.
public struct DebugValue: Sendable {
    public var type: DebugType
    public var storage: ValueStorage
    /// Where this value starts inside `.bytes` or `.location` storage: a member or
    /// element keeps its whole's storage so that writing it can write the whole.
    /// Always 0 for `.memory`, whose address already points at the value.
    public var byteOffset: Int
    /// Set for bit-fields: which bits, counted from `byteOffset` (or the address).
    public var bitField: BitField?

    public init(type: DebugType, storage: ValueStorage, byteOffset: Int = 0, bitField: BitField? = nil) {
        self.type = type
        self.storage = storage
        self.byteOffset = byteOffset
        self.bitField = bitField
    }

    /// An lvalue in linear memory.
    public init(type: DebugType, address: UInt64) {
        self.init(type: type, storage: .memory(address: address))
    }

    /// An rvalue.
    public init(type: DebugType, bytes: [UInt8]) {
        self.init(type: type, storage: .bytes(bytes))
    }

    /// The value's address in linear memory: nil for bit-fields and values held elsewhere.
    /// What a watchpoint watches, with `byteSize`.
    public var address: UInt64? {
        guard bitField == nil, case .memory(let address) = storage else { return nil }
        return address
    }

    public var byteSize: Int? { type.byteSize }

    /// Assignment can change it.
    public var isLValue: Bool {
        switch storage {
        case .memory, .location: true
        case .bytes, .unavailable: false
        }
    }

    /// A part of this value (a member, an element) `offset` bytes in.
    func component(type: DebugType, offset: Int, bitField: BitField? = nil) -> DebugValue {
        switch storage {
        case .memory(let address):
            return DebugValue(type: type, storage: .memory(address: address &+ UInt64(truncatingIfNeeded: offset)), bitField: bitField)
        case .bytes, .location, .unavailable:
            return DebugValue(type: type, storage: storage, byteOffset: byteOffset &+ offset, bitField: bitField)
        }
    }
}
