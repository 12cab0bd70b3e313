/// Wasm value types and the signatures built from them.
///
/// The raw values are the binary encodings, so the decoder maps a byte to a
/// type with `ValueType(rawValue:)` and the printer needs no second table.

/// A reference type: the types a table can hold and `ref.null` can name.
public enum ReferenceType: UInt8, Sendable, Hashable, CustomStringConvertible {
    case funcref = 0x70
    case externref = 0x6F

    public var description: String {
        switch self {
        case .funcref: "funcref"
        case .externref: "externref"
        }
    }
}

/// A value type: what a local, global, operand or result holds.
public enum ValueType: UInt8, Sendable, Hashable, CustomStringConvertible {
    case i32 = 0x7F
    case i64 = 0x7E
    case f32 = 0x7D
    case f64 = 0x7C
    case v128 = 0x7B
    case funcref = 0x70
    case externref = 0x6F

    public init(_ reference: ReferenceType) {
        self = reference == .funcref ? .funcref : .externref
    }

    /// The reference type, if this is one.
    public var referenceType: ReferenceType? { ReferenceType(rawValue: rawValue) }

    public var isNumeric: Bool { self == .i32 || self == .i64 || self == .f32 || self == .f64 }

    public var description: String {
        switch self {
        case .i32: "i32"
        case .i64: "i64"
        case .f32: "f32"
        case .f64: "f64"
        case .v128: "v128"
        case .funcref: "funcref"
        case .externref: "externref"
        }
    }
}

/// A function type: parameters and results.
public struct FunctionType: Sendable, Hashable, CustomStringConvertible {
    public var parameters: [ValueType]
    public var results: [ValueType]

    public init(parameters: [ValueType], results: [ValueType]) {
        self.parameters = parameters
        self.results = results
    }

    public var description: String {
        "(\(parameters.map(\.description).joined(separator: " "))) -> (\(results.map(\.description).joined(separator: " ")))"
    }
}

/// The stack effect of an operator that has a fixed one: up to three operands, at most one result.
///
/// Stored inline (no array) because the validator asks for it on every instruction.
public struct OperatorSignature: Sendable, Hashable {
    public let parameterCount: Int
    private let first: ValueType
    private let second: ValueType
    private let third: ValueType
    public let result: ValueType?

    public init(result: ValueType?) {
        (parameterCount, first, second, third, self.result) = (0, .i32, .i32, .i32, result)
    }
    public init(_ a: ValueType, result: ValueType?) {
        (parameterCount, first, second, third, self.result) = (1, a, .i32, .i32, result)
    }
    public init(_ a: ValueType, _ b: ValueType, result: ValueType?) {
        (parameterCount, first, second, third, self.result) = (2, a, b, .i32, result)
    }
    public init(_ a: ValueType, _ b: ValueType, _ c: ValueType, result: ValueType?) {
        (parameterCount, first, second, third, self.result) = (3, a, b, c, result)
    }

    /// The parameter at `index`, counted from the first (deepest) operand.
    public func parameter(_ index: Int) -> ValueType {
        switch index {
        case 0: first
        case 1: second
        default: third
        }
    }
}
