import CDwarf

/// Builds `DebugType`s from type DIEs, once per DIE offset.
///
/// Every type is cached before the types it refers to are read, so a cycle
/// (a struct whose member points back at it, or a malformed typedef chain)
/// meets the cached node instead of recursing forever.
final class TypeReader {
    private unowned let reader: DWARFReader
    private var cache: [UInt64: DebugType] = [:]
    private let voidType = DebugType(dieOffset: nil, kind: .void)
    private static let maximumDepth = 64

    init(reader: DWARFReader) {
        self.reader = reader
    }

    /// The type an entry (variable, member, function) declares with DW_AT_type; void when it has none.
    func declaredType(of die: DIE) -> DebugType {
        guard let target = die.reference(DW_AT_type) else { return voidType }
        return type(at: target, depth: 0)
    }

    func type(atOffset offset: UInt64) -> DebugType? {
        if let cached = cache[offset] { return cached }
        return reader.entry(at: offset).map { type(at: $0, depth: 0) }
    }

    func type(at die: DIE, depth: Int) -> DebugType {
        let offset = die.offset
        if let cached = cache[offset] { return cached }
        let unit = reader.unit(of: die)
        let addressSize = unit?.addressSize ?? 4
        let type = DebugType(dieOffset: offset, kind: .unknown(tag: die.tag), addressSize: addressSize)
        cache[offset] = type
        guard depth < Self.maximumDepth else { return type }
        type.kind = kind(of: die, unit: unit, depth: depth)
        return type
    }

    private func referenced(_ die: DIE, depth: Int) -> DebugType {
        guard let target = die.reference(DW_AT_type, integrate: false) else { return voidType }
        return type(at: target, depth: depth + 1)
    }

    private func kind(of die: DIE, unit: UnitRecord?, depth: Int) -> DebugType.Kind {
        let keyword = !(unit?.language.isCPlusPlus ?? false)
        switch die.tag {
        case DW_TAG_base_type:
            return .base(
                BaseType(
                    name: die.name ?? "<unnamed>", encoding: Self.encoding(die.unsigned(DW_AT_encoding) ?? 0),
                    byteSize: Int(clamping: die.unsigned(DW_AT_byte_size) ?? 0)))
        case DW_TAG_pointer_type:
            return .pointer(referenced(die, depth: depth))
        case DW_TAG_reference_type:
            return .reference(referenced(die, depth: depth), isRValue: false)
        case DW_TAG_rvalue_reference_type:
            return .reference(referenced(die, depth: depth), isRValue: true)
        case DW_TAG_const_type:
            return .qualified(.const, referenced(die, depth: depth))
        case DW_TAG_volatile_type:
            return .qualified(.volatile, referenced(die, depth: depth))
        case DW_TAG_restrict_type:
            return .qualified(.restrict, referenced(die, depth: depth))
        case DW_TAG_atomic_type:
            return .qualified(.atomic, referenced(die, depth: depth))
        case DW_TAG_typedef:
            return .typedef(
                name: qualified(die.name, die: die, keyword: keyword) ?? "<unnamed typedef>", referenced(die, depth: depth))
        case DW_TAG_unspecified_type:
            return .unspecified(name: die.name ?? "void")
        case DW_TAG_structure_type, DW_TAG_union_type, DW_TAG_class_type:
            return composite(die, keyword: keyword, depth: depth)
        case DW_TAG_enumeration_type:
            return enumeration(die, keyword: keyword, depth: depth)
        case DW_TAG_array_type:
            return array(die, depth: depth)
        case DW_TAG_subroutine_type:
            return subroutine(die, depth: depth)
        case DW_TAG_ptr_to_member_type:
            let container = die.reference(DW_AT_containing_type, integrate: false).map { type(at: $0, depth: depth + 1) }
            return .pointerToMember(referenced(die, depth: depth), container: container ?? voidType)
        default:
            return .unknown(tag: die.tag)
        }
    }

    static func encoding(_ value: UInt64) -> BaseEncoding {
        switch Int(clamping: value) {
        case DW_ATE_signed: .signed
        case DW_ATE_unsigned: .unsigned
        case DW_ATE_float: .float
        case DW_ATE_boolean: .boolean
        case DW_ATE_signed_char: .signedChar
        case DW_ATE_unsigned_char: .unsignedChar
        case DW_ATE_UTF: .utf
        case DW_ATE_complex_float: .complexFloat
        case DW_ATE_address: .address
        default: .other(Int(clamping: value))
        }
    }

    private func composite(_ die: DIE, keyword: Bool, depth: Int) -> DebugType.Kind {
        let compositeKind: CompositeType.Kind =
            switch die.tag {
            case DW_TAG_union_type: .union
            case DW_TAG_class_type: .class
            default: .structure
            }
        let name = qualified(die.string(DW_AT_name, integrate: false), die: die, keyword: keyword)
        // `struct node;` here, defined in another unit: use the definition.
        if die.flag(DW_AT_declaration, integrate: false), let name,
            let definition = definitionOffset(tag: die.tag, name: name), definition != die.offset,
            let target = reader.entry(at: definition)
        {
            let defined = type(at: target, depth: depth + 1)
            if case .composite = defined.kind { return defined.kind }
        }
        var members: [CompositeType.Member] = []
        die.forEachChild { child in
            let tag = child.tag
            guard tag == DW_TAG_member || tag == DW_TAG_inheritance else { return }
            // Static members are DW_TAG_member with DW_AT_external/declaration in DWARF 4: no storage here.
            if tag == DW_TAG_member && child.flag(DW_AT_declaration, integrate: false) { return }
            let memberType = referenced(child, depth: depth)
            let byteOffset = memberLocation(child)
            let bitSize = child.unsigned(DW_AT_bit_size, integrate: false).map { Int(clamping: $0) }
            var bitOffset: Int?
            if let dataBitOffset = child.unsigned(DW_AT_data_bit_offset, integrate: false) {
                bitOffset = Int(clamping: dataBitOffset)
            } else if let bitSize, let legacyOffset = child.unsigned(DW_AT_bit_offset, integrate: false) {
                // DWARF 2/3 count from the most significant bit of the storage unit; on a
                // little-endian target that is storage bits - offset - size from its start.
                let storageBytes = Int(clamping: child.unsigned(DW_AT_byte_size, integrate: false) ?? UInt64(clamping: memberType.byteSize ?? 0))
                bitOffset = (byteOffset ?? 0) &* 8 &+ storageBytes &* 8 &- Int(clamping: legacyOffset) &- bitSize
            }
            members.append(
                CompositeType.Member(
                    name: child.string(DW_AT_name, integrate: false), type: memberType,
                    byteOffset: byteOffset ?? bitOffset.map { $0 / 8 }, bitSize: bitSize, bitOffset: bitOffset,
                    isBaseClass: tag == DW_TAG_inheritance))
        }
        return .composite(
            CompositeType(
                kind: compositeKind, name: name, byteSize: die.unsigned(DW_AT_byte_size, integrate: false).map { Int(clamping: $0) },
                members: members, isDeclaration: die.flag(DW_AT_declaration, integrate: false),
                namesCarryKeyword: keyword))
    }

    /// DW_AT_data_member_location as a constant, or the `DW_OP_plus_uconst N` expression older producers wrote.
    private func memberLocation(_ die: DIE) -> Int? {
        guard let attribute = die.attribute(DW_AT_data_member_location, integrate: false) else {
            return die.has(DW_AT_data_bit_offset) ? nil : 0
        }
        if AttributeValue.isBlock(attribute) {
            guard let bytes = AttributeValue.block(attribute) else { return nil }
            let expression = LocationExpression(bytes: bytes, addressSize: 4)
            if expression.operations.count == 1, case .plusUnsignedConstant(let offset) = expression.operations[0] {
                return Int(clamping: offset)
            }
            return nil
        }
        return AttributeValue.unsigned(attribute).map { Int(clamping: $0) }
    }

    private func enumeration(_ die: DIE, keyword: Bool, depth: Int) -> DebugType.Kind {
        let underlying = die.reference(DW_AT_type, integrate: false).map { type(at: $0, depth: depth + 1) }
        let isUnsigned: Bool = {
            if case .base(let base)? = underlying?.resolved.kind { return !base.encoding.isSigned }
            return false
        }()
        var enumerators: [EnumerationType.Enumerator] = []
        die.forEachChild { child in
            guard child.tag == DW_TAG_enumerator, let attribute = child.attribute(DW_AT_const_value, integrate: false)
            else { return }
            let value: Int64? =
                isUnsigned
                ? AttributeValue.unsigned(attribute).map { Int64(bitPattern: $0) } : AttributeValue.signed(attribute)
            enumerators.append(EnumerationType.Enumerator(name: child.name ?? "", value: value ?? 0))
        }
        return .enumeration(
            EnumerationType(
                name: qualified(die.string(DW_AT_name, integrate: false), die: die, keyword: keyword),
                byteSize: die.unsigned(DW_AT_byte_size, integrate: false).map { Int(clamping: $0) }, underlyingType: underlying,
                enumerators: enumerators, namesCarryKeyword: keyword))
    }

    private func array(_ die: DIE, depth: Int) -> DebugType.Kind {
        var dimensions: [Int?] = []
        die.forEachChild { child in
            guard child.tag == DW_TAG_subrange_type || child.tag == DW_TAG_enumeration_type else { return }
            if let count = child.unsigned(DW_AT_count, integrate: false) {
                dimensions.append(Int(clamping: count))
            } else if let upper = child.attribute(DW_AT_upper_bound, integrate: false),
                AttributeValue.form(upper) != DW_FORM_exprloc, let upperBound = AttributeValue.signed(upper)
            {
                let lowerBound = child.signed(DW_AT_lower_bound, integrate: false) ?? 0
                dimensions.append(max(0, Int(clamping: upperBound) &- Int(clamping: lowerBound) &+ 1))
            } else {
                dimensions.append(nil)
            }
        }
        if dimensions.isEmpty { dimensions = [nil] }
        return .array(
            ArrayType(
                element: referenced(die, depth: depth), dimensions: dimensions,
                byteSize: die.unsigned(DW_AT_byte_size, integrate: false).map { Int(clamping: $0) }))
    }

    private func subroutine(_ die: DIE, depth: Int) -> DebugType.Kind {
        var parameters: [DebugType] = []
        var isVariadic = false
        die.forEachChild { child in
            switch child.tag {
            case DW_TAG_formal_parameter: parameters.append(referenced(child, depth: depth))
            case DW_TAG_unspecified_parameters: isVariadic = true
            default: break
            }
        }
        let returnType = die.reference(DW_AT_type, integrate: false).map { type(at: $0, depth: depth + 1) }
        return .subroutine(
            SubroutineType(
                returnType: returnType, parameters: parameters, isVariadic: isVariadic,
                isPrototyped: die.flag(DW_AT_prototyped, integrate: false)))
    }

    // MARK: Lookup by name

    /// Type DIEs by the name a cast would use: "int", "point_t", "struct node",
    /// "union number", "enum color", and C++'s qualified "ns::Widget".
    private lazy var nameIndex: (offsetsByName: [String: UInt64], prefixByOffset: [UInt64: String]) = buildNameIndex()
    private var offsetsByName: [String: UInt64] { nameIndex.offsetsByName }

    /// C++ names a type with its namespaces and classes (`geometry::Square`); C has one scope.
    private func qualified(_ name: String?, die: DIE, keyword: Bool) -> String? {
        guard let name, !keyword, let prefix = nameIndex.prefixByOffset[die.offset] else { return name }
        return prefix + name
    }
    /// Definitions (not declarations) of struct/union/class/enum tags, keyed by tag and name.
    private lazy var definitionsByTag: [String: UInt64] = buildDefinitionIndex()

    private func definitionOffset(tag: Int, name: String) -> UInt64? {
        definitionsByTag["\(tag) \(name)"]
    }

    private func buildDefinitionIndex() -> [String: UInt64] {
        var index: [String: UInt64] = [:]
        for unit in reader.units {
            unit.die.forEachChild { child in
                let tag = child.tag
                guard
                    tag == DW_TAG_structure_type || tag == DW_TAG_union_type || tag == DW_TAG_class_type
                        || tag == DW_TAG_enumeration_type,
                    !child.flag(DW_AT_declaration, integrate: false), let name = child.string(DW_AT_name, integrate: false)
                else { return }
                let key = "\(tag) \(name)"
                if index[key] == nil { index[key] = child.offset }
            }
        }
        return index
    }

    private func buildNameIndex() -> (offsetsByName: [String: UInt64], prefixByOffset: [UInt64: String]) {
        var index: [String: UInt64] = [:]
        var declarations: [String: UInt64] = [:]
        var prefixes: [UInt64: String] = [:]
        func visit(_ parent: DIE, prefix: String, isCPlusPlus: Bool, depth: Int) {
            guard depth < 16 else { return }
            parent.forEachChild { child in
                let tag = child.tag
                let name = child.string(DW_AT_name, integrate: false)
                if tag == DW_TAG_namespace {
                    let namespace = name ?? "(anonymous namespace)"
                    visit(child, prefix: prefix + namespace + "::", isCPlusPlus: isCPlusPlus, depth: depth + 1)
                    return
                }
                guard let name else { return }
                if !prefix.isEmpty { prefixes[child.offset] = prefix }
                var keys: [String] = []
                switch tag {
                case DW_TAG_base_type, DW_TAG_typedef, DW_TAG_unspecified_type:
                    keys = [prefix + name]
                case DW_TAG_structure_type, DW_TAG_class_type:
                    keys = ["struct " + prefix + name, "class " + prefix + name, prefix + name]
                case DW_TAG_union_type:
                    keys = ["union " + prefix + name, prefix + name]
                case DW_TAG_enumeration_type:
                    keys = ["enum " + prefix + name, prefix + name]
                default:
                    return
                }
                let isDeclaration = child.flag(DW_AT_declaration, integrate: false)
                for key in keys {
                    if isDeclaration {
                        if declarations[key] == nil { declarations[key] = child.offset }
                    } else if index[key] == nil {
                        // C tags live in their own namespace: a plain "node" must not hide a typedef or base type.
                        let isPlainTag = key == prefix + name && tag != DW_TAG_base_type && tag != DW_TAG_typedef
                            && tag != DW_TAG_unspecified_type
                        if isPlainTag && !isCPlusPlus { continue }
                        index[key] = child.offset
                    }
                }
                if isCPlusPlus && (tag == DW_TAG_structure_type || tag == DW_TAG_class_type) {
                    visit(child, prefix: prefix + name + "::", isCPlusPlus: true, depth: depth + 1)
                }
            }
        }
        for unit in reader.units {
            visit(unit.die, prefix: "", isCPlusPlus: unit.language.isCPlusPlus, depth: 0)
        }
        for (key, offset) in declarations where index[key] == nil { index[key] = offset }
        return (index, prefixes)
    }

    /// A type as a cast names it: a known name, with optional `const`/`volatile`
    /// and trailing `*`s; C's base types are made up (wasm32 sizes) when the
    /// program never used them.
    func type(named text: String) -> DebugType? {
        var words = text.map { $0 == "*" ? " * " : String($0) }.joined().split(separator: " ").map(String.init)
        var pointerDepth = 0
        while words.last == "*" {
            pointerDepth += 1
            words.removeLast()
        }
        var qualifiers: [TypeQualifier] = []
        words.removeAll { word in
            switch word {
            case "const": qualifiers.append(.const); return true
            case "volatile": qualifiers.append(.volatile); return true
            default: return false
            }
        }
        guard !words.isEmpty, !words.contains("*") else { return nil }
        let name = words.joined(separator: " ")
        var result: DebugType
        if let offset = offsetsByName[name] ?? offsetsByName[Self.canonicalBaseName(name)], let found = type(atOffset: offset) {
            result = found
        } else if name == "void" {
            result = voidType
        } else if let base = Self.syntheticBaseType(Self.canonicalBaseName(name)) {
            result = DebugType(dieOffset: nil, kind: .base(base))
        } else {
            return nil
        }
        for qualifier in qualifiers { result = DebugType(dieOffset: nil, kind: .qualified(qualifier, result)) }
        for _ in 0..<pointerDepth { result = DebugType(dieOffset: nil, kind: .pointer(result)) }
        return result
    }

    /// The spelling clang gives a base type ("unsigned" is "unsigned int").
    private static func canonicalBaseName(_ name: String) -> String {
        switch name {
        case "unsigned", "unsigned int": "unsigned int"
        case "signed", "signed int": "int"
        case "long int", "signed long", "long signed int", "signed long int": "long"
        case "unsigned long int", "long unsigned int": "unsigned long"
        case "long long int", "signed long long": "long long"
        case "unsigned long long int", "long long unsigned int": "unsigned long long"
        case "short int", "signed short", "short signed int", "signed short int": "short"
        case "unsigned short int", "short unsigned int": "unsigned short"
        case "bool": "_Bool"
        default: name
        }
    }

    private static func syntheticBaseType(_ name: String) -> BaseType? {
        let table: [String: (BaseEncoding, Int)] = [
            "char": (.signedChar, 1), "signed char": (.signedChar, 1), "unsigned char": (.unsignedChar, 1),
            "short": (.signed, 2), "unsigned short": (.unsigned, 2), "int": (.signed, 4), "unsigned int": (.unsigned, 4),
            "long": (.signed, 4), "unsigned long": (.unsigned, 4), "long long": (.signed, 8),
            "unsigned long long": (.unsigned, 8), "float": (.float, 4), "double": (.float, 8),
            "long double": (.float, 16), "_Bool": (.boolean, 1),
        ]
        guard let (encoding, size) = table[name] else { return nil }
        return BaseType(name: name, encoding: encoding, byteSize: size)
    }

    // MARK: Release

    /// Redirects every pointer and reference to a member-less copy of its target,
    /// so the cached graph has no cycles left when the reader goes away: in a
    /// well-formed graph every cycle passes through one. (A malformed typedef that
    /// names itself stays a cycle and leaks; it is a few bytes.)
    func breakCycles() {
        for type in cache.values {
            switch type.kind {
            case .pointer(let target): type.kind = .pointer(target.detached())
            case .reference(let target, let isRValue): type.kind = .reference(target.detached(), isRValue: isRValue)
            case .pointerToMember(let target, let container):
                type.kind = .pointerToMember(target.detached(), container: container.detached())
            default: break
            }
        }
        cache.removeAll()
    }
}
