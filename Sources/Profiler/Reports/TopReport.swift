/// `--format top` (the default): the functions where time goes, heaviest
/// self time first, with self and total percentages, sample counts and where
/// each function is defined.
///
///     hotspots.wasm: 4213 samples, cpu clock at 999 Hz, 4.22 s
///     guest code 99.8%, host calls 0.1%, outside guest code 0.1%
///
///       Self%  Total%    Self   Total  Function          Location
///       55.1%   55.1%    2321    2321  count_primes      hotspots.c:21
public struct TopReport: Sendable {
    public var profile: Profile
    /// Functions shown at most.
    public var limit: Int

    public init(profile: Profile, limit: Int = 25) {
        self.profile = profile
        self.limit = limit
    }

    public var text: String {
        var output = ReportFormatting.header(profile)
        let costs = profile.functionCosts()
        guard !costs.isEmpty else { return output + "\nno samples\n" }
        let shown = Array(costs.prefix(limit))
        let nameWidth = ReportFormatting.functionColumnWidth(shown.map { profile.functions[$0.function].displayName })
        let countWidth = max(6, String(profile.totalWeight).count)
        output += "\n"
        output += ReportFormatting.padLeft("Self%", 7) + ReportFormatting.padLeft("Total%", 8)
            + ReportFormatting.padLeft("Self", countWidth + 2) + ReportFormatting.padLeft("Total", countWidth + 2)
            + "  " + ReportFormatting.padRight("Function", nameWidth) + "  Location\n"
        for cost in shown {
            let function = profile.functions[cost.function]
            output += ReportFormatting.padLeft(ReportFormatting.percent(profile.percent(cost.selfWeight)), 7)
            output += ReportFormatting.padLeft(ReportFormatting.percent(profile.percent(cost.totalWeight)), 8)
            output += ReportFormatting.padLeft(String(cost.selfWeight), countWidth + 2)
            output += ReportFormatting.padLeft(String(cost.totalWeight), countWidth + 2)
            output += "  " + ReportFormatting.padRight(function.displayName, nameWidth)
            output += "  " + function.locationText + "\n"
        }
        if costs.count > shown.count {
            let more = costs.count - shown.count
            output += more == 1 ? "(1 more function)\n" : "(\(more) more functions)\n"
        }
        return output
    }
}
