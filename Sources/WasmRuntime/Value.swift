/// Values as the embedding API passes them, and how they travel as 8-byte
/// slots (arguments, results, table elements, global cells).
///
/// Floats are kept as bit patterns so NaN payloads survive a round trip.
/// References are 64-bit in JIT code: a funcref is the address of a function
/// reference record, 0 for null. An externref is the host's value plus one,
/// so that 0 can mean null while `.externref(0)` stays a valid reference.
import WasmCore

/// A non-null funcref: the address of a function reference record
/// (`FunctionReferenceLayout`). Valid while the store that made it lives.
public struct FunctionReference: Hashable, Sendable {
    public let address: UInt

    public init(address: UInt) {
        precondition(address != 0, "a function reference is never null; use nil")
        self.address = address
    }

    init(record: UnsafeRawPointer) { self.init(address: UInt(bitPattern: record)) }

    var record: UnsafeMutableRawPointer { UnsafeMutableRawPointer(bitPattern: address)! }
}

public enum Value: Hashable, Sendable {
    case i32(UInt32)
    case i64(UInt64)
    /// The bits of an f32.
    case f32(UInt32)
    /// The bits of an f64.
    case f64(UInt64)
    case v128(V128)
    case funcref(FunctionReference?)
    /// An opaque host value; `UInt64.max` cannot be represented (it would read back as null).
    case externref(UInt64?)

    public var type: ValueType {
        switch self {
        case .i32: .i32
        case .i64: .i64
        case .f32: .f32
        case .f64: .f64
        case .v128: .v128
        case .funcref: .funcref
        case .externref: .externref
        }
    }

    /// The zero of a type: what locals, fresh table elements and `ref.null` hold.
    public static func zero(of type: ValueType) -> Value {
        switch type {
        case .i32: .i32(0)
        case .i64: .i64(0)
        case .f32: .f32(0)
        case .f64: .f64(0)
        case .v128: .v128(V128(low: 0, high: 0))
        case .funcref: .funcref(nil)
        case .externref: .externref(nil)
        }
    }

    public static func null(_ type: ReferenceType) -> Value {
        type == .funcref ? .funcref(nil) : .externref(nil)
    }

    public var i32: UInt32? { if case .i32(let value) = self { value } else { nil } }
    public var i64: UInt64? { if case .i64(let value) = self { value } else { nil } }
    public var f32: Float? { if case .f32(let bits) = self { Float(bitPattern: bits) } else { nil } }
    public var f64: Double? { if case .f64(let bits) = self { Double(bitPattern: bits) } else { nil } }
}

// MARK: - Slots

extension ValueType {
    /// How many 8-byte slots a value of this type takes in the calling convention.
    var slotCount: Int { self == .v128 ? 2 : 1 }
}

extension FunctionType {
    /// Slots the caller reserves: the larger of parameters and results (docs/jit-abi.md).
    var callSlotCount: Int {
        max(parameters.reduce(0) { $0 + $1.slotCount }, results.reduce(0) { $0 + $1.slotCount })
    }
}

extension Value {
    /// The 64-bit form of a reference, as tables, globals and JIT code hold it.
    var rawReference: UInt64 {
        switch self {
        case .funcref(let reference): UInt64(reference?.address ?? 0)
        case .externref(let value): value.map { $0 &+ 1 } ?? 0
        default: preconditionFailure("not a reference: \(self)")
        }
    }

    static func reference(raw: UInt64, type: ReferenceType) -> Value {
        switch type {
        case .funcref: .funcref(raw == 0 ? nil : FunctionReference(address: UInt(raw)))
        case .externref: .externref(raw == 0 ? nil : raw &- 1)
        }
    }

    /// Writes the value at `slots[index]` (and the next slot for a v128).
    func store(to slots: UnsafeMutablePointer<UInt64>, at index: Int) {
        switch self {
        case .i32(let bits), .f32(let bits): slots[index] = UInt64(bits)
        case .i64(let bits), .f64(let bits): slots[index] = bits
        case .v128(let vector):
            slots[index] = vector.low
            slots[index + 1] = vector.high
        case .funcref, .externref: slots[index] = rawReference
        }
    }

    /// Reads a value of `type` from `slots[index]`; only the low 4 bytes count for i32 and f32.
    static func load(_ type: ValueType, from slots: UnsafePointer<UInt64>, at index: Int) -> Value {
        switch type {
        case .i32: .i32(UInt32(truncatingIfNeeded: slots[index]))
        case .f32: .f32(UInt32(truncatingIfNeeded: slots[index]))
        case .i64: .i64(slots[index])
        case .f64: .f64(slots[index])
        case .v128: .v128(V128(low: slots[index], high: slots[index + 1]))
        case .funcref: reference(raw: slots[index], type: .funcref)
        case .externref: reference(raw: slots[index], type: .externref)
        }
    }

    /// Writes `values` one after another from slot 0.
    static func store(_ values: [Value], to slots: UnsafeMutablePointer<UInt64>) {
        var index = 0
        for value in values {
            value.store(to: slots, at: index)
            index += value.type.slotCount
        }
    }

    /// Reads values of `types` one after another from slot 0.
    static func load(_ types: [ValueType], from slots: UnsafePointer<UInt64>) -> [Value] {
        var index = 0
        var values: [Value] = []
        values.reserveCapacity(types.count)
        for type in types {
            values.append(load(type, from: slots, at: index))
            index += type.slotCount
        }
        return values
    }
}
