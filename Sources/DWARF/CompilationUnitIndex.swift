/// Which compilation unit holds an address.
struct CompilationUnitIndex {
    private let index: AddressRangeIndex

    init(units: [UnitRecord]) {
        index = AddressRangeIndex(units.flatMap { unit in unit.ranges.map { (range: $0, item: unit.index) } })
    }

    func unitIndex(containing address: UInt32) -> Int? {
        index.item(containing: UInt64(address))
    }
}
