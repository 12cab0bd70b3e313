import CDwarf

/// One entry of a location list: where an expression holds.
public struct LocationListEntry: Sendable, Hashable {
    /// Code-section offsets; nil for DWARF 5's default location (wherever no other entry applies).
    public let range: Range<UInt64>?
    public let expression: LocationExpression
}

/// Reads `.debug_loc` (DWARF 2–4) and `.debug_loclists` (DWARF 5) ourselves:
/// libdw would hand back parsed expressions, and it cannot parse wasm ones.
struct LocationListReader {
    let image: InMemoryELF

    /// Every entry of a DW_AT_location or DW_AT_frame_base value: a single
    /// expression comes back as one entry without a range.
    func expressions(
        of attribute: Dwarf_Attribute, unit: UnitRecord
    ) -> [LocationListEntry]? {
        let addressSize = unit.addressSize
        if AttributeValue.isBlock(attribute) {
            guard let bytes = AttributeValue.block(attribute) else { return nil }
            let expression = LocationExpression(
                bytes: bytes, addressSize: addressSize, resolveAddressIndex: addressResolver(unit: unit))
            return [LocationListEntry(range: nil, expression: expression)]
        }
        let form = AttributeValue.form(attribute)
        if unit.version >= 5 {
            guard let value = AttributeValue.unsigned(attribute) else { return nil }
            var offset = value
            if form == DW_FORM_loclistx {
                guard let resolved = locationListOffset(index: value, unit: unit) else { return nil }
                offset = resolved
            }
            return locationLists(atOffset: offset, unit: unit)
        }
        guard form == DW_FORM_sec_offset || form == DW_FORM_data4 || form == DW_FORM_data8,
            let offset = AttributeValue.unsigned(attribute)
        else { return nil }
        return legacyLocationList(atOffset: offset, unit: unit)
    }

    private func addressResolver(unit: UnitRecord) -> ((UInt64) -> UInt64?)? {
        guard unit.version >= 5 else { return nil }
        return { index in self.address(at: index, unit: unit) }
    }

    /// An entry of `.debug_addr` for DWARF 5's indexed forms.
    func address(at index: UInt64, unit: UnitRecord) -> UInt64? {
        guard let section = image.section(".debug_addr") else { return nil }
        // Without DW_AT_addr_base the table starts right after the first header.
        let base = unit.addressTableBase ?? 8
        let position = base.addingReportingOverflow(index.multipliedReportingOverflow(by: UInt64(unit.addressSize)).partialValue)
        guard !position.overflow, position.partialValue < UInt64(section.count) else { return nil }
        var cursor = ByteCursor(section, offset: Int(position.partialValue))
        return cursor.readUnsigned(byteCount: unit.addressSize)
    }

    /// DW_FORM_loclistx: the offsets table after DW_AT_loclists_base.
    private func locationListOffset(index: UInt64, unit: UnitRecord) -> UInt64? {
        guard let section = image.section(".debug_loclists") else { return nil }
        // Without DW_AT_loclists_base the offsets follow the first (12-byte) header.
        let base = unit.locationListsBase ?? 12
        let entry = base &+ index &* UInt64(unit.offsetSize)
        guard entry < UInt64(section.count) else { return nil }
        var cursor = ByteCursor(section, offset: Int(entry))
        guard let relative = cursor.readUnsigned(byteCount: unit.offsetSize) else { return nil }
        return base &+ relative
    }

    /// DWARF 4: (start, end) pairs relative to a base address, which starts as the
    /// unit's low_pc and changes at a selection entry (start = all ones).
    /// Arithmetic is 64-bit on purpose: ranges of dead code, based at a tombstone,
    /// land past the code section instead of wrapping onto live code.
    private func legacyLocationList(atOffset offset: UInt64, unit: UnitRecord) -> [LocationListEntry]? {
        guard let section = image.section(".debug_loc"), offset < UInt64(section.count) else { return nil }
        let addressSize = unit.addressSize
        let allOnes: UInt64 = addressSize >= 8 ? .max : (1 << UInt64(8 * addressSize)) - 1
        var cursor = ByteCursor(section, offset: Int(offset))
        var base = unit.baseAddress
        var entries: [LocationListEntry] = []
        while entries.count < 1 << 16 {
            guard let start = cursor.readUnsigned(byteCount: addressSize),
                let end = cursor.readUnsigned(byteCount: addressSize)
            else { return entries }
            if start == 0 && end == 0 { return entries }
            if start == allOnes {
                base = end
                continue
            }
            guard let length = cursor.readUnsigned(byteCount: 2), let bytes = cursor.readBytes(Int(length)) else {
                return entries
            }
            guard start <= end else { continue }
            entries.append(
                LocationListEntry(
                    range: (base &+ start)..<(base &+ end),
                    expression: LocationExpression(bytes: bytes, addressSize: addressSize)))
        }
        return entries
    }

    /// DWARF 5: DW_LLE_* entries, each with a ULEB-counted expression.
    private func locationLists(atOffset offset: UInt64, unit: UnitRecord) -> [LocationListEntry]? {
        guard let section = image.section(".debug_loclists"), offset < UInt64(section.count) else { return nil }
        let addressSize = unit.addressSize
        var cursor = ByteCursor(section, offset: Int(offset))
        var base = unit.baseAddress
        var entries: [LocationListEntry] = []
        let resolver = addressResolver(unit: unit)
        func expression() -> LocationExpression? {
            guard let length = cursor.readULEB128(), length <= UInt64(cursor.remaining),
                let bytes = cursor.readBytes(Int(length))
            else { return nil }
            return LocationExpression(bytes: bytes, addressSize: addressSize, resolveAddressIndex: resolver)
        }
        func append(_ range: Range<UInt64>?) -> Bool {
            guard let expression = expression() else { return false }
            entries.append(LocationListEntry(range: range, expression: expression))
            return true
        }
        func range(_ start: UInt64, _ end: UInt64) -> Range<UInt64> { start..<max(start, end) }
        while entries.count < 1 << 16 {
            guard let kind = cursor.readByte() else { return entries }
            switch Int(kind) {
            case DW_LLE_end_of_list:
                return entries
            case DW_LLE_base_addressx:
                guard let index = cursor.readULEB128(), let address = address(at: index, unit: unit) else { return entries }
                base = address
            case DW_LLE_startx_endx:
                guard let startIndex = cursor.readULEB128(), let endIndex = cursor.readULEB128(),
                    let start = address(at: startIndex, unit: unit), let end = address(at: endIndex, unit: unit),
                    append(range(start, end))
                else { return entries }
            case DW_LLE_startx_length:
                guard let startIndex = cursor.readULEB128(), let length = cursor.readULEB128(),
                    let start = address(at: startIndex, unit: unit), append(range(start, start &+ length))
                else { return entries }
            case DW_LLE_offset_pair:
                guard let start = cursor.readULEB128(), let end = cursor.readULEB128(),
                    append(range(base &+ start, base &+ end))
                else { return entries }
            case DW_LLE_default_location:
                guard append(nil) else { return entries }
            case DW_LLE_base_address:
                guard let address = cursor.readUnsigned(byteCount: addressSize) else { return entries }
                base = address
            case DW_LLE_start_end:
                guard let start = cursor.readUnsigned(byteCount: addressSize),
                    let end = cursor.readUnsigned(byteCount: addressSize), append(range(start, end))
                else { return entries }
            case DW_LLE_start_length:
                guard let start = cursor.readUnsigned(byteCount: addressSize), let length = cursor.readULEB128(),
                    append(range(start, start &+ length))
                else { return entries }
            default:
                return entries
            }
        }
        return entries
    }
}

extension Array where Element == LocationListEntry {
    /// The expression in force at `address`: the entry whose range holds it, else a default entry.
    func expression(at address: UInt64) -> LocationExpression? {
        if let entry = first(where: { $0.range?.contains(address) ?? false }) { return entry.expression }
        if count == 1, self[0].range == nil { return self[0].expression }
        return first { $0.range == nil }?.expression
    }
}
