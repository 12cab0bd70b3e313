import DWARF

/// The questions the evaluator and the formatter ask of a type, always about
/// the type behind typedefs and qualifiers.
extension DebugType {
    var isVoid: Bool {
        if case .void = resolved.kind { return true }
        return false
    }

    var pointee: DebugType? {
        if case .pointer(let target) = resolved.kind { return target }
        return nil
    }

    var referenced: DebugType? {
        if case .reference(let target, _) = resolved.kind { return target }
        return nil
    }

    var composite: CompositeType? {
        if case .composite(let composite) = resolved.kind { return composite }
        return nil
    }

    var array: ArrayType? {
        if case .array(let array) = resolved.kind { return array }
        return nil
    }

    var enumeration: EnumerationType? {
        if case .enumeration(let enumeration) = resolved.kind { return enumeration }
        return nil
    }

    var isSubroutine: Bool {
        if case .subroutine = resolved.kind { return true }
        return false
    }

    var isFunctionPointer: Bool { pointee?.isSubroutine ?? false }

    /// One byte of text: `char`, `signed char`, `unsigned char`, `char8_t` (and
    /// their typedefs such as `uint8_t`, which gdb also prints as text).
    var isCharacter: Bool {
        guard case .base(let base) = resolved.kind else { return false }
        return base.byteSize == 1 && base.encoding.isCharacter
    }

    var isBoolean: Bool {
        guard case .base(let base) = resolved.kind else { return false }
        return base.encoding == .boolean
    }

    /// An array's element: for `int [4][5]` that is `int [5]`.
    var arrayElement: (type: DebugType, count: Int?)? {
        guard let array else { return nil }
        let count = array.dimensions.first ?? nil
        guard array.dimensions.count > 1 else { return (array.element, count) }
        let inner = DebugType(.array(ArrayType(element: array.element, dimensions: Array(array.dimensions.dropFirst()))))
        return (inner, count)
    }

    /// Size for arithmetic on pointers to this type: gdb counts void and functions as 1.
    var strideForPointerArithmetic: Int? {
        switch resolved.kind {
        case .void, .subroutine: 1
        default: byteSize
        }
    }

    static func pointer(to target: DebugType) -> DebugType { DebugType(.pointer(target)) }

    static func array(of element: DebugType, count: Int) -> DebugType {
        DebugType(.array(ArrayType(element: element, dimensions: [count])))
    }
}

/// Where a member sits inside its (outermost) struct, found through anonymous
/// members and base classes.
struct MemberPath {
    var type: DebugType
    var byteOffset: Int
    var bitField: BitField?
}

extension CompositeType {
    /// The member `name`, looking into anonymous structs/unions and base classes as C and C++ do.
    func find(member name: String, depth: Int = 0) -> MemberPath? {
        guard depth < 16 else { return nil }
        for member in members where member.name == name && !member.isBaseClass {
            return path(to: member)
        }
        for member in members where member.name == nil || member.isBaseClass {
            guard let inner = member.type.composite, let offset = member.byteOffset,
                var found = inner.find(member: name, depth: depth + 1)
            else { continue }
            found.byteOffset &+= offset
            return found
        }
        return nil
    }

    func path(to member: Member) -> MemberPath? {
        if let bitSize = member.bitSize, bitSize > 0 {
            // DWARF counts a bit-field's bits from the start of the whole object.
            let bits = member.bitOffset ?? (member.byteOffset ?? 0) &* 8
            guard bits >= 0, bitSize <= 64 else { return nil }
            return MemberPath(type: member.type, byteOffset: bits / 8, bitField: BitField(bitOffset: bits % 8, bitSize: bitSize))
        }
        guard let offset = member.byteOffset else { return nil }
        return MemberPath(type: member.type, byteOffset: offset, bitField: nil)
    }
}
