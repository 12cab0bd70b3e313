/// The report formats of `wasmscope profile --format`, and rendering a
/// profile in one of them.
public enum ReportFormat: String, Sendable, CaseIterable, CustomStringConvertible {
    case top
    case annotate
    case tree
    case folded
    case svg
    case firefox
    case speedscope
    /// Only the exact call counts (`CallCountReport`); implies `--count`.
    case counts

    public var description: String { rawValue }

    /// Formats meant for another program rather than for the terminal.
    public var isFile: Bool {
        switch self {
        case .svg, .firefox, .speedscope: true
        case .top, .annotate, .tree, .folded, .counts: false
        }
    }

    /// Whether the report carries the call-count table when there are counts.
    public var showsCallCounts: Bool {
        switch self {
        case .top, .annotate, .counts: true
        case .tree, .folded, .svg, .firefox, .speedscope: false
        }
    }

    /// The profile as this format's text; the formats that show call counts
    /// end with their table when `callCounts` are given.
    public func render(
        _ profile: Profile, symbolication: ProfileSymbolication, limit: Int? = nil, callCounts: CallCounts? = nil
    ) -> String {
        let countTable = callCounts.map { CallCountReport(counts: $0, limit: limit ?? 25).text }
        if self == .counts { return countTable ?? "no call counts: the program was not compiled to count calls\n" }
        let report = sampledReport(profile, symbolication: symbolication, limit: limit)
        guard showsCallCounts, let countTable else { return report }
        return report + "\n" + countTable
    }

    private func sampledReport(_ profile: Profile, symbolication: ProfileSymbolication, limit: Int?) -> String {
        switch self {
        case .top: TopReport(profile: profile, limit: limit ?? 25).text
        case .annotate: AnnotateReport(profile: profile, symbolication: symbolication, functionLimit: limit ?? 5).text
        case .tree: CallTreeReport(profile: profile).text
        case .folded: FoldedStacks(profile: profile).text
        case .svg: FlameGraphSVG(profile: profile).text
        case .firefox: FirefoxProfile(profile: profile).text
        case .speedscope: SpeedscopeProfile(profile: profile).text
        case .counts: ""
        }
    }
}
