/// The id byte that starts each section.
enum SectionID: UInt8 {
    case custom = 0
    case type = 1
    case `import` = 2
    case function = 3
    case table = 4
    case memory = 5
    case global = 6
    case export = 7
    case start = 8
    case element = 9
    case code = 10
    case data = 11
    case dataCount = 12

    /// Where the section must come: the ids are in order except the data count
    /// section, which came later to the format but goes between element and code.
    /// Custom sections may come anywhere and have no rank.
    var orderRank: Int {
        switch self {
        case .custom: 0
        case .dataCount: Int(SectionID.element.rawValue) * 2 + 1
        default: Int(rawValue) * 2
        }
    }
}
