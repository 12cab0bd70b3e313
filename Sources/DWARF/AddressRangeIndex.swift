/// Address ranges mapped to an item, searched by binary search.
///
/// Wasm DWARF has no `.debug_aranges` (so libdw's `dwarf_addrdie` finds
/// nothing); units and functions are indexed from their own ranges instead.
struct AddressRangeIndex {
    private struct Entry {
        var range: Range<UInt64>
        var item: Int
    }

    private let entries: [Entry]

    /// Ranges may come in any order; where they overlap, the one starting later wins
    /// inside it (a nested item is more specific).
    init(_ ranges: [(range: Range<UInt64>, item: Int)]) {
        entries = ranges.filter { !$0.range.isEmpty }.map { Entry(range: $0.range, item: $0.item) }
            .sorted { ($0.range.lowerBound, $0.item) < ($1.range.lowerBound, $1.item) }
    }

    func item(containing address: UInt64) -> Int? {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].range.lowerBound <= address { low = middle + 1 } else { high = middle }
        }
        // The candidate starting last at or before the address, then earlier ones
        // in case that one ended and an enclosing range did not.
        var index = low - 1
        var steps = 0
        while index >= 0 && steps < 64 {
            if entries[index].range.contains(address) { return entries[index].item }
            index -= 1
            steps += 1
        }
        return nil
    }
}
