/// Limits and the types of tables, memories and globals: what imports and
/// definitions declare and what linking compares.

/// A size range: minimum and optional maximum, in pages (memories) or elements (tables).
public struct Limits: Sendable, Hashable {
    public var minimum: UInt64
    public var maximum: UInt64?
    /// Set by the threads proposal; always false in Wasm 2.0 modules.
    public var isShared: Bool
    /// Set by memory64; always false in Wasm 2.0 modules.
    public var is64Bit: Bool

    public init(minimum: UInt64, maximum: UInt64? = nil, isShared: Bool = false, is64Bit: Bool = false) {
        self.minimum = minimum
        self.maximum = maximum
        self.isShared = isShared
        self.is64Bit = is64Bit
    }
}

public struct MemoryType: Sendable, Hashable {
    public var limits: Limits
    public init(limits: Limits) { self.limits = limits }

    /// The largest page count a 32-bit memory may declare (4 GiB).
    public static let maxPages32: UInt64 = 65536
}

public struct TableType: Sendable, Hashable {
    public var elementType: ReferenceType
    public var limits: Limits
    public init(elementType: ReferenceType, limits: Limits) {
        self.elementType = elementType
        self.limits = limits
    }
}

public struct GlobalType: Sendable, Hashable {
    public var valueType: ValueType
    public var isMutable: Bool
    public init(valueType: ValueType, isMutable: Bool) {
        self.valueType = valueType
        self.isMutable = isMutable
    }
}
