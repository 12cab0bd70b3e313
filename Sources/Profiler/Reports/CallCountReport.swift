/// The call-count table of `--count` (after the top and annotate reports) and
/// of `--format counts` (alone): exact calls per function, most first. Its
/// title says the numbers are counted, so nobody reads them as samples.
///
///     Call counts (exact, counted by instrumentation — not sampled): 1300001 calls
///
///           Calls  Function          Location
///         1000000  is_prime          hotspots.c:12
public struct CallCountReport: Sendable {
    public static let title = "Call counts (exact, counted by instrumentation — not sampled)"

    public var counts: CallCounts
    /// Functions shown at most.
    public var limit: Int

    public init(counts: CallCounts, limit: Int = 25) {
        self.counts = counts
        self.limit = limit
    }

    public var text: String {
        var output = Self.title + ": \(counts.totalCalls) calls"
        if !counts.isFinal { output += " so far (read during the run, approximate)" }
        output += "\n"
        guard !counts.entries.isEmpty else { return output + "\nno calls\n" }
        let shown = Array(counts.entries.prefix(limit))
        let nameWidth = ReportFormatting.functionColumnWidth(shown.map(\.function.displayName))
        let countWidth = max(5, String(shown.first?.calls ?? 0).count)
        output += "\n" + ReportFormatting.padLeft("Calls", countWidth + 2) + "  "
            + ReportFormatting.padRight("Function", nameWidth) + "  Location\n"
        for entry in shown {
            output += ReportFormatting.padLeft(String(entry.calls), countWidth + 2) + "  "
                + ReportFormatting.padRight(entry.function.displayName, nameWidth) + "  " + entry.function.locationText + "\n"
        }
        var notes: [String] = []
        let more = counts.entries.count - shown.count
        if more > 0 { notes.append(more == 1 ? "1 more function called" : "\(more) more functions called") }
        if counts.uncalledFunctionCount > 0 {
            notes.append(
                counts.uncalledFunctionCount == 1 ? "1 function never called" : "\(counts.uncalledFunctionCount) functions never called")
        }
        if !notes.isEmpty { output += "(" + notes.joined(separator: ", ") + ")\n" }
        return output
    }
}
