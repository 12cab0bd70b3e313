import CDwarf

/// A function with code: a DW_TAG_subprogram that has addresses.
public struct FunctionInfo: Sendable, Hashable, CustomStringConvertible {
    /// Position in `DebugInfo.functions`.
    public let index: Int
    public let name: String
    /// With enclosing namespaces and classes (`ns::Widget::draw`); the name itself in C.
    public let qualifiedName: String
    public let linkageName: String?
    /// Entry point: DW_AT_low_pc, else the start of the first range.
    public let lowPC: UInt32
    /// End of the range that starts at `lowPC`.
    public let highPC: UInt32
    /// Every range of the function's code, sorted.
    public let ranges: [Range<UInt32>]
    public let declFile: String?
    public let declLine: Int?
    public let compilationUnitIndex: Int
    public let isExternal: Bool
    /// Offset of the subprogram's DIE in `.debug_info`.
    public let dieOffset: UInt64

    public func contains(_ address: UInt32) -> Bool { ranges.contains { $0.contains(address) } }

    public var description: String { "\(qualifiedName) [0x\(String(lowPC, radix: 16)), 0x\(String(highPC, radix: 16)))" }
}

/// All functions with code, indexed by address and by name.
struct FunctionTable {
    let functions: [FunctionInfo]
    private let addressIndex: AddressRangeIndex
    private let indexByName: [String: Int]

    init(reader: DWARFReader) {
        var collector = FunctionCollector(reader: reader)
        for unit in reader.units {
            collector.visitChildren(of: unit.die, unit: unit, prefix: "", depth: 0)
        }
        functions = collector.functions
        addressIndex = AddressRangeIndex(
            functions.flatMap { function in
                function.ranges.map { (range: UInt64($0.lowerBound)..<UInt64($0.upperBound), item: function.index) }
            })
        var names: [String: Int] = [:]
        // The first definition of a name wins, as in a linker; external ones before statics.
        for function in functions.sorted(by: { ($0.isExternal ? 0 : 1, $0.index) < ($1.isExternal ? 0 : 1, $1.index) }) {
            for key in [function.name, function.qualifiedName, function.linkageName].compactMap({ $0 }) where names[key] == nil {
                names[key] = function.index
            }
        }
        indexByName = names
    }

    func function(containing address: UInt32) -> FunctionInfo? {
        addressIndex.item(containing: UInt64(address)).map { functions[$0] }
    }

    func function(named name: String) -> FunctionInfo? {
        indexByName[name].map { functions[$0] }
    }
}

/// Walks units for subprograms, through the scopes C++ and Rust nest them in.
private struct FunctionCollector {
    let reader: DWARFReader
    var functions: [FunctionInfo] = []
    /// Qualified-name prefixes of declarations seen inside classes and namespaces,
    /// for definitions that point back to them with DW_AT_specification.
    var prefixByDeclaration: [UInt64: String] = [:]

    init(reader: DWARFReader) {
        self.reader = reader
    }

    mutating func visitChildren(of parent: DIE, unit: UnitRecord, prefix: String, depth: Int) {
        guard depth < DIE.maximumDepth else { return }
        parent.forEachChild { child in
            switch child.tag {
            case DW_TAG_subprogram:
                if !prefix.isEmpty { prefixByDeclaration[child.offset] = prefix }
                addFunction(child, unit: unit, prefix: prefix)
            case DW_TAG_namespace, DW_TAG_structure_type, DW_TAG_class_type, DW_TAG_union_type, DW_TAG_module:
                let name = child.string(DW_AT_name, integrate: false) ?? "(anonymous namespace)"
                visitChildren(
                    of: child, unit: unit, prefix: prefix.isEmpty ? name : "\(prefix)::\(name)", depth: depth + 1)
            default:
                break
            }
        }
    }

    mutating func addFunction(_ die: DIE, unit: UnitRecord, prefix: String) {
        let limit = UInt64(reader.codeSize)
        let ranges = die.addressRanges().filter { $0.lowerBound < limit }
            .map { UInt32(clamping: $0.lowerBound)..<UInt32(clamping: min($0.upperBound, limit)) }
            .sorted { $0.lowerBound < $1.lowerBound }
        guard let first = ranges.first else { return }
        let lowPC = die.lowPC.flatMap { $0 < limit ? UInt32(clamping: $0) : nil } ?? first.lowerBound
        let highPC = ranges.first { $0.contains(lowPC) }?.upperBound ?? first.upperBound
        let linkageName = die.linkageName
        let name = die.name ?? linkageName ?? "<unnamed function at 0x\(String(lowPC, radix: 16))>"
        let qualifiedPrefix = prefix.isEmpty ? declarationPrefix(of: die) : prefix
        functions.append(
            FunctionInfo(
                index: functions.count, name: name,
                qualifiedName: qualifiedPrefix.isEmpty ? name : "\(qualifiedPrefix)::\(name)", linkageName: linkageName,
                lowPC: lowPC, highPC: highPC, ranges: ranges,
                declFile: reader.file(attribute: DW_AT_decl_file, of: die),
                declLine: die.unsigned(DW_AT_decl_line).map { Int(clamping: $0) }, compilationUnitIndex: unit.index,
                isExternal: die.flag(DW_AT_external), dieOffset: die.offset))
    }

    /// The scope a definition's declaration sits in (a method defined outside its class).
    private func declarationPrefix(of die: DIE) -> String {
        var current = die
        for _ in 0..<8 {
            guard
                let next = current.reference(DW_AT_specification, integrate: false)
                    ?? current.reference(DW_AT_abstract_origin, integrate: false)
            else { return "" }
            if let prefix = prefixByDeclaration[next.offset] { return prefix }
            current = next
        }
        return ""
    }
}
