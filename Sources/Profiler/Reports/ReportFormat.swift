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

    public var description: String { rawValue }

    /// Formats meant for another program rather than for the terminal.
    public var isFile: Bool {
        switch self {
        case .svg, .firefox, .speedscope: true
        case .top, .annotate, .tree, .folded: false
        }
    }

    /// The profile as this format's text.
    public func render(_ profile: Profile, symbolication: ProfileSymbolication, limit: Int? = nil) -> String {
        switch self {
        case .top: TopReport(profile: profile, limit: limit ?? 25).text
        case .annotate: AnnotateReport(profile: profile, symbolication: symbolication, functionLimit: limit ?? 5).text
        case .tree: CallTreeReport(profile: profile).text
        case .folded: FoldedStacks(profile: profile).text
        case .svg: FlameGraphSVG(profile: profile).text
        case .firefox: FirefoxProfile(profile: profile).text
        case .speedscope: SpeedscopeProfile(profile: profile).text
        }
    }
}
