import CDwarf

/// A parameter, local or global variable.
public struct Variable: Sendable, CustomStringConvertible {
    public let name: String
    public let type: DebugType
    /// Resolved for the address asked about; nil when the variable has no
    /// location there (optimized out, or outside its live ranges).
    public let location: LocationExpression?
    public let isParameter: Bool
    public let declFile: String?
    public let declLine: Int?
    /// Offset of the variable's (concrete) DIE.
    public let dieOffset: UInt64
    /// The location depends on the address (a location list).
    public let hasLocationList: Bool

    public var description: String {
        type.declaration(of: name) + " @ " + (location.map(\.description) ?? "<optimized out>")
    }
}

/// The variables one scope declares.
public struct VariableScope: Sendable {
    public enum Kind: Sendable, Hashable {
        case function
        case inlinedSubroutine
        case lexicalBlock
    }

    public let kind: Kind
    /// The function's name, for function and inlined-subroutine scopes.
    public let name: String?
    /// Index into `DebugInfo.frames(at:)` of the frame this scope belongs to (0 = innermost).
    public let frameIndex: Int
    public let variables: [Variable]
    public let dieOffset: UInt64
}

extension DWARFReader {
    private var locationLists: LocationListReader { LocationListReader(image: image) }

    /// Innermost scope first.
    func variableScopes(at address: UInt32) -> [VariableScope] {
        guard let chain = ScopeChain(reader: self, address: address) else { return [] }
        let starts = chain.frameStarts
        var scopes: [VariableScope] = []
        for (position, die) in chain.scopes.enumerated().reversed() {
            let frameStart = starts.last { $0 <= position } ?? 0
            let frameIndex = starts.count - 1 - (starts.firstIndex(of: frameStart) ?? 0)
            let kind: VariableScope.Kind =
                position == 0 ? .function : die.tag == DW_TAG_inlined_subroutine ? .inlinedSubroutine : .lexicalBlock
            scopes.append(
                VariableScope(
                    kind: kind, name: kind == .lexicalBlock ? nil : (die.name ?? chain.function.name),
                    frameIndex: frameIndex, variables: variables(declaredIn: die, unit: chain.unit, address: address),
                    dieOffset: die.offset))
        }
        return scopes
    }

    /// The parameters and variables a scope DIE declares, in declaration order.
    /// A concrete instance (inlined, or out of line) may omit variables the
    /// optimizer removed; those still exist in the abstract origin and are
    /// listed here without a location, as gdb shows them.
    func variables(declaredIn scope: DIE, unit: UnitRecord, address: UInt32?) -> [Variable] {
        var variables: [Variable] = []
        var concreteOrigins = Set<UInt64>()
        scope.forEachChild { child in
            let tag = child.tag
            guard tag == DW_TAG_formal_parameter || tag == DW_TAG_variable else { return }
            if let origin = child.abstractOrigin { concreteOrigins.insert(origin.offset) }
            if let variable = variable(child, unit: unit, address: address) { variables.append(variable) }
        }
        if let origin = scope.abstractOrigin {
            origin.forEachChild { child in
                let tag = child.tag
                guard tag == DW_TAG_formal_parameter || tag == DW_TAG_variable, !concreteOrigins.contains(child.offset)
                else { return }
                if let variable = variable(child, unit: unit, address: nil, locationAllowed: false) {
                    variables.append(variable)
                }
            }
        }
        return variables
    }

    /// One variable; `address` nil takes a single-expression location as is and no list entry.
    func variable(_ die: DIE, unit: UnitRecord, address: UInt32?, locationAllowed: Bool = true) -> Variable? {
        guard let name = die.name else { return nil }
        let type = typeReader.declaredType(of: die)
        var location: LocationExpression?
        var hasLocationList = false
        if locationAllowed {
            if let attribute = die.attribute(DW_AT_location, integrate: false) {
                hasLocationList = !AttributeValue.isBlock(attribute)
                if let entries = locationLists.expressions(of: attribute, unit: unit) {
                    location =
                        if let address { entries.expression(at: UInt64(address)) } else if !hasLocationList {
                            entries.first?.expression
                        } else { nil }
                }
            } else if let constant = die.attribute(DW_AT_const_value, integrate: true) {
                location = constantExpression(constant, type: type, unit: unit)
            }
        }
        return Variable(
            name: name, type: type, location: location, isParameter: die.tag == DW_TAG_formal_parameter,
            declFile: file(attribute: DW_AT_decl_file, of: die), declLine: die.unsigned(DW_AT_decl_line).map { Int(clamping: $0) },
            dieOffset: die.offset, hasLocationList: hasLocationList)
    }

    /// DW_AT_const_value as the bytes of a value of the variable's type.
    private func constantExpression(_ attribute: Dwarf_Attribute, type: DebugType, unit: UnitRecord)
        -> LocationExpression?
    {
        if AttributeValue.isBlock(attribute) {
            return AttributeValue.block(attribute).map {
                LocationExpression(constantBytes: $0, addressSize: unit.addressSize)
            }
        }
        let size = min(max(type.byteSize ?? 8, 1), 8)
        let bits: UInt64
        if AttributeValue.form(attribute) == DW_FORM_sdata || AttributeValue.form(attribute) == DW_FORM_implicit_const {
            guard let value = AttributeValue.signed(attribute) else { return nil }
            bits = UInt64(bitPattern: value)
        } else if let value = AttributeValue.unsigned(attribute) {
            bits = value
        } else if let text = AttributeValue.string(attribute) {
            return LocationExpression(constantBytes: Array(text.utf8) + [0], addressSize: unit.addressSize)
        } else {
            return nil
        }
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: bits >> UInt64(8 * $0)) }
        return LocationExpression(constantBytes: bytes, addressSize: unit.addressSize)
    }

    /// Every location-list entry of a variable's DIE (live ranges only), for tools and tests.
    func locationEntries(ofVariableAt offset: UInt64) -> [LocationListEntry]? {
        guard let die = entry(at: offset), let unit = unit(of: die),
            let attribute = die.attribute(DW_AT_location, integrate: false),
            let entries = locationLists.expressions(of: attribute, unit: unit)
        else { return nil }
        return entries.filter { ($0.range?.lowerBound ?? 0) < UInt64(codeSize) }
    }

    /// DW_AT_frame_base of a function, resolved at `address`.
    func frameBase(ofFunctionAt offset: UInt64, address: UInt32) -> LocationExpression? {
        guard let die = entry(at: offset), let unit = unit(of: die),
            let attribute = die.attribute(DW_AT_frame_base, integrate: false),
            let entries = locationLists.expressions(of: attribute, unit: unit)
        else { return nil }
        return entries.expression(at: UInt64(address))
    }

    /// Variables at file or namespace scope that have storage.
    func readGlobalVariables() -> [Variable] {
        var globals: [Variable] = []
        func visit(_ parent: DIE, unit: UnitRecord, depth: Int) {
            guard depth < 16 else { return }
            parent.forEachChild { child in
                switch child.tag {
                case DW_TAG_variable:
                    guard child.has(DW_AT_location) || child.has(DW_AT_const_value) else { return }
                    if let variable = variable(child, unit: unit, address: nil) { globals.append(variable) }
                case DW_TAG_namespace:
                    visit(child, unit: unit, depth: depth + 1)
                default:
                    break
                }
            }
        }
        for unit in units { visit(unit.die, unit: unit, depth: 0) }
        return globals
    }
}
