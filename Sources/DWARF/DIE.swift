import CDwarf

/// A debugging information entry: libdw's `Dwarf_Die` cursor, copied by value.
///
/// libdw's accessors take mutable pointers even to read, so each accessor here
/// works on a copy; the struct is a few words, cheaper than the indirection.
/// Every walk is bounded (sibling offsets must grow, nesting has a limit),
/// because a mutated `.debug_info` can make libdw's links point backwards.
struct DIE {
    var raw: Dwarf_Die

    init(_ raw: Dwarf_Die) {
        self.raw = raw
    }

    /// Deeper nesting than this is taken for a malformed tree.
    static let maximumDepth = 200

    var tag: Int {
        var die = raw
        return Int(dwarf_tag(&die))
    }

    var offset: UInt64 {
        var die = raw
        return dwarf_dieoffset(&die)
    }

    /// The attribute, looked up through DW_AT_abstract_origin and DW_AT_specification when `integrate` is set.
    func attribute(_ name: Int, integrate: Bool = true) -> Dwarf_Attribute? {
        var die = raw
        var attribute = Dwarf_Attribute()
        let found =
            integrate
            ? dwarf_attr_integrate(&die, UInt32(name), &attribute) : dwarf_attr(&die, UInt32(name), &attribute)
        return found == nil ? nil : attribute
    }

    func has(_ name: Int) -> Bool {
        var die = raw
        return dwarf_hasattr(&die, UInt32(name)) != 0
    }

    func string(_ name: Int, integrate: Bool = true) -> String? {
        attribute(name, integrate: integrate).flatMap(AttributeValue.string)
    }

    func unsigned(_ name: Int, integrate: Bool = true) -> UInt64? {
        attribute(name, integrate: integrate).flatMap(AttributeValue.unsigned)
    }

    func signed(_ name: Int, integrate: Bool = true) -> Int64? {
        attribute(name, integrate: integrate).flatMap(AttributeValue.signed)
    }

    func flag(_ name: Int, integrate: Bool = true) -> Bool {
        attribute(name, integrate: integrate).flatMap(AttributeValue.flag) ?? false
    }

    /// The entry an attribute of reference class points to.
    func reference(_ name: Int, integrate: Bool = true) -> DIE? {
        attribute(name, integrate: integrate).flatMap(AttributeValue.reference)
    }

    var name: String? { string(DW_AT_name) }

    /// The mangled name, under either spelling producers use.
    var linkageName: String? { string(DW_AT_linkage_name) ?? string(DW_AT_MIPS_linkage_name) }

    /// The entry this one was abstracted from (inlined or out-of-line instances).
    var abstractOrigin: DIE? { reference(DW_AT_abstract_origin, integrate: false) }

    /// DW_AT_low_pc, which is also the entry point of a function.
    var lowPC: UInt64? {
        var die = raw
        var address: Dwarf_Addr = 0
        return dwarf_lowpc(&die, &address) == 0 ? address : nil
    }

    /// Address ranges from DW_AT_low_pc/high_pc or DW_AT_ranges, empty ones dropped.
    func addressRanges(limit: Int = 1 << 16) -> [Range<UInt64>] {
        var die = raw
        var base: Dwarf_Addr = 0
        var start: Dwarf_Addr = 0
        var end: Dwarf_Addr = 0
        var offset = 0
        var ranges: [Range<UInt64>] = []
        while ranges.count < limit {
            offset = dwarf_ranges(&die, offset, &base, &start, &end)
            if offset <= 0 { break }
            if start < end { ranges.append(start..<end) }
        }
        return ranges
    }

    /// Whether the entry says anything about addresses (a block without ranges is just a grouping).
    var hasAddressAttributes: Bool { has(DW_AT_low_pc) || has(DW_AT_ranges) }

    func contains(address: UInt64) -> Bool {
        var die = raw
        return dwarf_haspc(&die, address) > 0
    }

    /// Calls `body` with each child in order; stops at the first sign of a malformed tree.
    func forEachChild(_ body: (DIE) throws -> Void) rethrows {
        var parent = raw
        var child = Dwarf_Die()
        guard dwarf_child(&parent, &child) == 0 else { return }
        var previousOffset = dwarf_dieoffset(&child)
        var count = 0
        while true {
            try body(DIE(child))
            count += 1
            var next = Dwarf_Die()
            guard count < 1 << 22, dwarf_siblingof(&child, &next) == 0 else { return }
            let nextOffset = dwarf_dieoffset(&next)
            guard nextOffset > previousOffset else { return }
            previousOffset = nextOffset
            child = next
        }
    }
}

/// Reading one attribute's value in the form its class allows.
enum AttributeValue {
    static func form(_ attribute: Dwarf_Attribute) -> Int {
        var attribute = attribute
        return Int(dwarf_whatform(&attribute))
    }

    static func string(_ attribute: Dwarf_Attribute) -> String? {
        var attribute = attribute
        guard let text = dwarf_formstring(&attribute) else { return nil }
        return String(cString: text)
    }

    static func unsigned(_ attribute: Dwarf_Attribute) -> UInt64? {
        var attribute = attribute
        var value: Dwarf_Word = 0
        return dwarf_formudata(&attribute, &value) == 0 ? value : nil
    }

    static func signed(_ attribute: Dwarf_Attribute) -> Int64? {
        var attribute = attribute
        var value: Dwarf_Sword = 0
        return dwarf_formsdata(&attribute, &value) == 0 ? value : nil
    }

    static func flag(_ attribute: Dwarf_Attribute) -> Bool? {
        var attribute = attribute
        var value = false
        return dwarf_formflag(&attribute, &value) == 0 ? value : nil
    }

    static func reference(_ attribute: Dwarf_Attribute) -> DIE? {
        var attribute = attribute
        var target = Dwarf_Die()
        guard dwarf_formref_die(&attribute, &target) != nil else { return nil }
        return DIE(target)
    }

    /// The bytes of a block or exprloc attribute.
    static func block(_ attribute: Dwarf_Attribute) -> [UInt8]? {
        var attribute = attribute
        var block = Dwarf_Block()
        guard dwarf_formblock(&attribute, &block) == 0 else { return nil }
        guard block.length > 0, let data = block.data else { return [] }
        guard block.length < 1 << 24 else { return nil }
        return Array(UnsafeBufferPointer(start: data, count: Int(block.length)))
    }

    /// Whether the attribute holds bytes (an expression) rather than a reference to a list.
    static func isBlock(_ attribute: Dwarf_Attribute) -> Bool {
        switch form(attribute) {
        case DW_FORM_exprloc, DW_FORM_block, DW_FORM_block1, DW_FORM_block2, DW_FORM_block4: true
        default: false
        }
    }
}
