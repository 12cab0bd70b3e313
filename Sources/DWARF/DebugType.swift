/// A source-level type, read from DWARF.
///
/// Types form a graph: `struct node { struct node *next; }` points back at
/// itself through the pointer. `TypeReader` builds each type once per DIE
/// offset, so the graph shares nodes and a walk that follows pointers must
/// stop by itself (descriptions stop at names).
///
/// A type's `kind` is assigned once, while the reader builds it (a struct must
/// exist before its members can point at it), and again only when the owning
/// `DebugInfo` is released: then pointers are redirected to member-less copies
/// of what they pointed at, so that the graph has no cycles left to leak.
/// Types kept after their `DebugInfo` is gone still describe themselves, but
/// following a pointer leads to a declaration without members.
public final class DebugType: @unchecked Sendable, CustomStringConvertible {
    // Unchecked Sendable: `kind` changes only while the reader builds the type under
    // DebugInfo's lock, before it is handed out, and at the DebugInfo's release.
    public internal(set) var kind: Kind
    /// Offset of the type's DIE; nil for types made up for `type(named:)` ("int *").
    public let dieOffset: UInt64?
    /// Size of a pointer in the unit the type came from (4 on wasm32).
    let addressSize: Int

    public enum Kind: Sendable {
        case void
        case base(BaseType)
        case pointer(DebugType)
        /// C++ `&` (or `&&` when `isRValue`).
        case reference(DebugType, isRValue: Bool)
        case composite(CompositeType)
        case array(ArrayType)
        case enumeration(EnumerationType)
        case typedef(name: String, DebugType)
        case qualified(TypeQualifier, DebugType)
        case subroutine(SubroutineType)
        case pointerToMember(DebugType, container: DebugType)
        /// DW_TAG_unspecified_type, such as `decltype(nullptr)`.
        case unspecified(name: String)
        /// A tag this reader does not model, or a broken reference.
        case unknown(tag: Int)
    }

    init(dieOffset: UInt64?, kind: Kind, addressSize: Int = 4) {
        self.dieOffset = dieOffset
        self.kind = kind
        self.addressSize = addressSize
    }

    /// Size in bytes of a value of this type, when DWARF says or implies it.
    public var byteSize: Int? { byteSize(depth: 0) }

    private func byteSize(depth: Int) -> Int? {
        guard depth < 64 else { return nil }
        switch kind {
        case .void, .subroutine, .unknown, .unspecified: return nil
        case .base(let base): return base.byteSize
        case .pointer, .reference, .pointerToMember: return addressSize
        case .composite(let composite): return composite.byteSize
        case .enumeration(let enumeration): return enumeration.byteSize
        case .typedef(_, let target), .qualified(_, let target): return target.byteSize(depth: depth + 1)
        case .array(let array):
            if let size = array.byteSize { return size }
            guard let elementSize = array.element.byteSize(depth: depth + 1) else { return nil }
            var total = elementSize
            for dimension in array.dimensions {
                guard let count = dimension else { return nil }
                total = total.multipliedReportingOverflow(by: count).partialValue
            }
            return total
        }
    }

    /// The type behind typedefs and const/volatile/restrict/atomic qualifiers.
    public var resolved: DebugType {
        var current = self
        for _ in 0..<64 {
            switch current.kind {
            case .typedef(_, let target), .qualified(_, let target): current = target
            default: return current
            }
        }
        return current
    }

    /// The type in C syntax: `struct node *`, `int [10]`, `int (*)(int, int)`.
    public var description: String { declaration(of: "") }

    /// A C declaration of `name` with this type: `int (*name)(int, int)`.
    public func declaration(of name: String) -> String { Self.describe(self, inner: name, depth: 0) }

    private static func join(_ base: String, _ inner: String) -> String {
        inner.isEmpty ? base : "\(base) \(inner)"
    }

    /// C's declarators read inside out: each pointer, array or function wraps
    /// the part already written, and a pointer to an array or function needs parentheses.
    private static func describe(_ type: DebugType, inner: String, depth: Int) -> String {
        guard depth < 48 else { return join("...", inner) }
        switch type.kind {
        case .void: return join("void", inner)
        case .base(let base): return join(base.name, inner)
        case .composite(let composite): return join(composite.displayName, inner)
        case .enumeration(let enumeration): return join(enumeration.displayName, inner)
        case .typedef(let name, _): return join(name, inner)
        case .unspecified(let name): return join(name, inner)
        case .unknown: return join("<unknown type>", inner)
        case .pointer(let target):
            return describe(target, inner: parenthesized(target, "*" + inner), depth: depth + 1)
        case .reference(let target, let isRValue):
            return describe(target, inner: parenthesized(target, (isRValue ? "&&" : "&") + inner), depth: depth + 1)
        case .pointerToMember(let target, let container):
            let prefix = describe(container, inner: "", depth: depth + 1) + "::*"
            return describe(target, inner: parenthesized(target, prefix + inner), depth: depth + 1)
        case .qualified(let qualifier, let target):
            switch target.kind {
            case .pointer, .reference, .pointerToMember:
                // `char *const p`: the qualifier binds to the pointer, after its star.
                return describe(target, inner: join(qualifier.rawValue, inner), depth: depth + 1)
            default:
                return qualifier.rawValue + " " + describe(target, inner: inner, depth: depth + 1)
            }
        case .array(let array):
            let bounds = array.dimensions.map { $0.map { "[\($0)]" } ?? "[]" }.joined()
            return describe(array.element, inner: inner + bounds, depth: depth + 1)
        case .subroutine(let subroutine):
            var parameters = subroutine.parameters.map { describe($0, inner: "", depth: depth + 1) }
            if subroutine.isVariadic { parameters.append("...") }
            if parameters.isEmpty && subroutine.isPrototyped { parameters = ["void"] }
            let returnType = subroutine.returnType ?? DebugType(dieOffset: nil, kind: .void)
            return describe(returnType, inner: inner + "(" + parameters.joined(separator: ", ") + ")", depth: depth + 1)
        }
    }

    private static func parenthesized(_ target: DebugType, _ declarator: String) -> String {
        switch target.kind {
        case .array, .subroutine: "(" + declarator + ")"
        default: declarator
        }
    }

    /// A copy whose structs, unions and classes have no members, for the cycle breaking at release.
    func detached(depth: Int = 0) -> DebugType {
        guard depth < 48 else { return DebugType(dieOffset: dieOffset, kind: .unknown(tag: 0), addressSize: addressSize) }
        let copyKind: Kind
        switch kind {
        case .void, .base, .enumeration, .unspecified, .unknown: return self
        case .composite(let composite):
            copyKind = .composite(
                CompositeType(
                    kind: composite.kind, name: composite.name, byteSize: composite.byteSize, members: [],
                    isDeclaration: true, namesCarryKeyword: composite.namesCarryKeyword))
        case .pointer(let target): copyKind = .pointer(target.detached(depth: depth + 1))
        case .reference(let target, let isRValue): copyKind = .reference(target.detached(depth: depth + 1), isRValue: isRValue)
        case .pointerToMember(let target, let container):
            copyKind = .pointerToMember(target.detached(depth: depth + 1), container: container.detached(depth: depth + 1))
        case .typedef(let name, let target): copyKind = .typedef(name: name, target.detached(depth: depth + 1))
        case .qualified(let qualifier, let target): copyKind = .qualified(qualifier, target.detached(depth: depth + 1))
        case .array(let array):
            copyKind = .array(
                ArrayType(element: array.element.detached(depth: depth + 1), dimensions: array.dimensions, byteSize: array.byteSize))
        case .subroutine(let subroutine):
            copyKind = .subroutine(
                SubroutineType(
                    returnType: subroutine.returnType?.detached(depth: depth + 1),
                    parameters: subroutine.parameters.map { $0.detached(depth: depth + 1) },
                    isVariadic: subroutine.isVariadic, isPrototyped: subroutine.isPrototyped))
        }
        return DebugType(dieOffset: dieOffset, kind: copyKind, addressSize: addressSize)
    }
}

public enum TypeQualifier: String, Sendable {
    case const
    case volatile
    case restrict
    case atomic = "_Atomic"
}

/// DW_ATE_*: how a base type's bytes are to be read.
public enum BaseEncoding: Sendable, Hashable {
    case signed
    case unsigned
    case float
    case boolean
    case signedChar
    case unsignedChar
    /// char8_t, char16_t, char32_t.
    case utf
    case complexFloat
    case address
    case other(Int)

    public var isSigned: Bool { self == .signed || self == .signedChar }
    public var isCharacter: Bool { self == .signedChar || self == .unsignedChar || self == .utf }
}

public struct BaseType: Sendable, Hashable {
    public var name: String
    public var encoding: BaseEncoding
    public var byteSize: Int

    public init(name: String, encoding: BaseEncoding, byteSize: Int) {
        self.name = name
        self.encoding = encoding
        self.byteSize = byteSize
    }
}

public struct CompositeType: Sendable {
    public enum Kind: String, Sendable {
        case structure = "struct"
        case union
        case `class`
    }

    public let kind: Kind
    /// nil for an anonymous struct or union.
    public let name: String?
    public let byteSize: Int?
    public let members: [Member]
    /// Only declared here (`struct node;`) and no definition found anywhere.
    public let isDeclaration: Bool
    /// C spells the tag with its keyword (`struct point`); C++ does not.
    let namesCarryKeyword: Bool

    public init(
        kind: Kind, name: String?, byteSize: Int?, members: [Member], isDeclaration: Bool = false,
        namesCarryKeyword: Bool = true
    ) {
        self.kind = kind
        self.name = name
        self.byteSize = byteSize
        self.members = members
        self.isDeclaration = isDeclaration
        self.namesCarryKeyword = namesCarryKeyword
    }

    public struct Member: Sendable {
        /// nil for anonymous members (a nested anonymous union) and base classes.
        public let name: String?
        public let type: DebugType
        /// From the start of the enclosing object; nil when DWARF gives an expression we do not evaluate.
        public let byteOffset: Int?
        /// For bit-fields: width in bits, and offset in bits from the start of the object
        /// (DW_AT_data_bit_offset's meaning, converted from DW_AT_bit_offset when the producer used that).
        public let bitSize: Int?
        public let bitOffset: Int?
        /// A C++ base-class subobject (DW_TAG_inheritance).
        public let isBaseClass: Bool

        public init(
            name: String?, type: DebugType, byteOffset: Int?, bitSize: Int? = nil, bitOffset: Int? = nil,
            isBaseClass: Bool = false
        ) {
            self.name = name
            self.type = type
            self.byteOffset = byteOffset
            self.bitSize = bitSize
            self.bitOffset = bitOffset
            self.isBaseClass = isBaseClass
        }
    }

    public var displayName: String {
        let name = name ?? "<anonymous>"
        return namesCarryKeyword || self.name == nil ? "\(kind.rawValue) \(name)" : name
    }

    public func member(named name: String) -> Member? { members.first { $0.name == name } }
}

public struct ArrayType: Sendable {
    public let element: DebugType
    /// Element counts, outermost first; nil for an unknown bound (`extern int table[];`).
    public let dimensions: [Int?]
    /// DW_AT_byte_size when given.
    let byteSize: Int?

    public init(element: DebugType, dimensions: [Int?], byteSize: Int? = nil) {
        self.element = element
        self.dimensions = dimensions
        self.byteSize = byteSize
    }
}

public struct EnumerationType: Sendable {
    public let name: String?
    public let byteSize: Int?
    /// DW_AT_type of the enumeration, when the producer gave it.
    public let underlyingType: DebugType?
    public let enumerators: [Enumerator]
    let namesCarryKeyword: Bool

    public init(
        name: String?, byteSize: Int?, underlyingType: DebugType?, enumerators: [Enumerator], namesCarryKeyword: Bool = true
    ) {
        self.name = name
        self.byteSize = byteSize
        self.underlyingType = underlyingType
        self.enumerators = enumerators
        self.namesCarryKeyword = namesCarryKeyword
    }

    public struct Enumerator: Sendable, Hashable {
        public let name: String
        public let value: Int64

        public init(name: String, value: Int64) {
            self.name = name
            self.value = value
        }
    }

    public var displayName: String {
        let name = name ?? "<anonymous>"
        return namesCarryKeyword || self.name == nil ? "enum \(name)" : name
    }

    /// The enumerator names for a value, as a debugger prints it.
    public func name(of value: Int64) -> String? { enumerators.first { $0.value == value }?.name }
}

public struct SubroutineType: Sendable {
    /// nil for void.
    public let returnType: DebugType?
    public let parameters: [DebugType]
    public let isVariadic: Bool
    public let isPrototyped: Bool

    public init(returnType: DebugType?, parameters: [DebugType], isVariadic: Bool = false, isPrototyped: Bool = true) {
        self.returnType = returnType
        self.parameters = parameters
        self.isVariadic = isVariadic
        self.isPrototyped = isPrototyped
    }
}

// MARK: Types made outside DWARF

// The expression evaluator makes types DWARF never described (`&x` is a pointer
// to x's type, `sizeof` yields an unsigned long, gdb's `*p@5` an array), and its
// tests build types by hand: this initializer, and the public ones of the
// structs above, are for them.

extension DebugType {
    public convenience init(_ kind: Kind, addressSize: Int = 4) {
        self.init(dieOffset: nil, kind: kind, addressSize: addressSize)
    }
}
