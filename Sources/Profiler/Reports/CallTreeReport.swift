/// `--format tree`: the call tree from the entry point down, each node a
/// function called along one path, with its total (itself and its callees)
/// and self share. Nodes under `threshold` percent are left out (and counted).
///
///      Total%   Self%   Total  Function
///      100.0%    0.0%    4213  _start
///       99.9%    0.0%    4210    __main_void
///       55.1%   55.1%    2321      count_primes
public struct CallTreeReport: Sendable {
    public var profile: Profile
    /// Nodes whose total is below this many percent are summarized, not shown.
    public var threshold: Double
    /// Deeper nodes are summarized (deep recursion would print forever).
    public var maximumDepth: Int

    public init(profile: Profile, threshold: Double = 0.5, maximumDepth: Int = 64) {
        self.profile = profile
        self.threshold = threshold
        self.maximumDepth = maximumDepth
    }

    public var text: String {
        var output = ReportFormatting.header(profile)
        let root = profile.callTree()
        guard root.totalWeight > 0 else { return output + "\nno samples\n" }
        let countWidth = max(6, String(root.totalWeight).count)
        output += "\n" + ReportFormatting.padLeft("Total%", 7) + ReportFormatting.padLeft("Self%", 8)
            + ReportFormatting.padLeft("Total", countWidth + 2) + "  Function\n"
        var hidden = 0
        func visit(_ node: CallTreeNode, depth: Int) {
            for child in node.sortedChildren {
                guard profile.percent(child.totalWeight) >= threshold, depth < maximumDepth else {
                    hidden += 1
                    continue
                }
                let function = profile.functions[child.function!]
                output += ReportFormatting.padLeft(ReportFormatting.percent(profile.percent(child.totalWeight)), 7)
                output += ReportFormatting.padLeft(ReportFormatting.percent(profile.percent(child.selfWeight)), 8)
                output += ReportFormatting.padLeft(String(child.totalWeight), countWidth + 2)
                output += "  " + String(repeating: "  ", count: depth) + function.displayName + "\n"
                visit(child, depth: depth + 1)
            }
        }
        visit(root, depth: 0)
        if hidden > 0 {
            let paths = hidden == 1 ? "1 call path" : "\(hidden) call paths"
            output += "(\(paths) under \(ReportFormatting.percent(threshold)) not shown)\n"
        }
        return output
    }
}
