import CDwarf

/// One compilation unit: a source file as the compiler saw it.
public struct CompilationUnit: Sendable, Hashable {
    /// Position in `DebugInfo.compilationUnits`.
    public let index: Int
    /// Offset of the unit's DIE in `.debug_info`.
    public let dieOffset: UInt64
    public let name: String?
    public let compilationDirectory: String?
    public let producer: String?
    public let language: SourceLanguage
    public let version: Int
    /// Code-section offsets this unit's code covers, sorted; dead ranges dropped.
    public let addressRanges: [Range<UInt32>]
    /// The unit's file table as full paths, indexed as DW_AT_decl_file and DW_AT_call_file
    /// index it. In DWARF 4 entry 0 is not a file (DWARF numbers from 1); in DWARF 5 it is
    /// the primary source file.
    public let fileNames: [String]
}

/// DW_AT_language: the code, and a name for the languages wasm producers emit.
public struct SourceLanguage: Sendable, Hashable, CustomStringConvertible {
    public let code: Int

    public init(code: Int) {
        self.code = code
    }

    public var isC: Bool {
        [DW_LANG_C, DW_LANG_C89, DW_LANG_C99, DW_LANG_C11, 0x2c /* DW_LANG_C17 */].contains(code)
    }

    public var isCPlusPlus: Bool {
        [DW_LANG_C_plus_plus, DW_LANG_C_plus_plus_03, DW_LANG_C_plus_plus_11, DW_LANG_C_plus_plus_14, 0x2a, 0x2b]
            .contains(code)
    }

    public var description: String {
        switch code {
        case DW_LANG_C89: "C89"
        case DW_LANG_C: "C"
        case DW_LANG_C99: "C99"
        case DW_LANG_C11: "C11"
        case 0x2c: "C17"
        case DW_LANG_C_plus_plus: "C++"
        case DW_LANG_C_plus_plus_03: "C++03"
        case DW_LANG_C_plus_plus_11: "C++11"
        case DW_LANG_C_plus_plus_14: "C++14"
        case 0x2a: "C++17"
        case 0x2b: "C++20"
        case DW_LANG_Rust: "Rust"
        case DW_LANG_Swift: "Swift"
        case DW_LANG_Go: "Go"
        case 0x3a: "Zig"
        case DW_LANG_Mips_Assembler: "assembler"
        default: "language 0x\(String(code, radix: 16))"
        }
    }
}

/// What the readers need to know about a unit, kept while the handle lives.
struct UnitRecord {
    let index: Int
    let die: DIE
    let version: Int
    let addressSize: Int
    let offsetSize: Int
    /// DW_AT_low_pc: the base of the unit's location and range lists.
    let baseAddress: UInt64
    /// Live code ranges, sorted.
    let ranges: [Range<UInt64>]
    let name: String?
    let compilationDirectory: String?
    let producer: String?
    let language: SourceLanguage
    /// DWARF 5: where this unit's entries start in .debug_addr and .debug_loclists.
    let addressTableBase: UInt64?
    let locationListsBase: UInt64?

    /// Every compile or partial unit libdw finds; type units carry no code and are skipped.
    static func readAll(from dwarf: OpaquePointer, codeSize: Int) -> [UnitRecord] {
        var records: [UnitRecord] = []
        var unit: OpaquePointer?
        var next: OpaquePointer?
        var version: Dwarf_Half = 0
        var unitType: UInt8 = 0
        var unitDIE = Dwarf_Die()
        var subDIE = Dwarf_Die()
        while records.count < 1 << 20,
            dwarf_get_units(dwarf, unit, &next, &version, &unitType, &unitDIE, &subDIE) == 0
        {
            unit = next
            guard Int(unitType) == DW_UT_compile || Int(unitType) == DW_UT_partial else { continue }
            var cuDIE = Dwarf_Die()
            var cuVersion: Dwarf_Half = 0
            var abbreviationOffset: Dwarf_Off = 0
            var addressSize: UInt8 = 0
            var offsetSize: UInt8 = 0
            var typeSignature: UInt64 = 0
            var typeOffset: Dwarf_Off = 0
            guard
                dwarf_cu_die(
                    next, &cuDIE, &cuVersion, &abbreviationOffset, &addressSize, &offsetSize, &typeSignature,
                    &typeOffset) != nil
            else { continue }
            let die = DIE(unitDIE)
            var languageCode: Int = 0
            var languageDIE = unitDIE
            let language = dwarf_srclang(&languageDIE)
            if language >= 0 { languageCode = Int(language) }
            let liveRanges = die.addressRanges().filter { $0.lowerBound < UInt64(codeSize) }
                .map { $0.lowerBound..<min($0.upperBound, UInt64(codeSize)) }
                .sorted { $0.lowerBound < $1.lowerBound }
            records.append(
                UnitRecord(
                    index: records.count, die: die, version: Int(version), addressSize: Int(addressSize),
                    offsetSize: Int(offsetSize), baseAddress: die.lowPC ?? 0, ranges: liveRanges,
                    name: die.string(DW_AT_name, integrate: false),
                    compilationDirectory: die.string(DW_AT_comp_dir, integrate: false),
                    producer: die.string(DW_AT_producer, integrate: false), language: SourceLanguage(code: languageCode),
                    addressTableBase: die.unsigned(DW_AT_addr_base, integrate: false),
                    locationListsBase: die.unsigned(DW_AT_loclists_base, integrate: false)))
        }
        return records
    }
}
