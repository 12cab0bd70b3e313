/// Small text helpers the terminal reports share: padding, percentages,
/// file names, the summary line that heads every text report.
import Foundation
import Symbolication

enum ReportFormatting {
    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value) }

    static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    /// The Function column of a table: as wide as its longest name, 8 to 48 characters.
    static func functionColumnWidth<Names: Sequence<String>>(_ names: Names) -> Int {
        min(48, max(8, names.lazy.map(\.count).max() ?? 8))
    }

    static func padRight(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// `hotspots.c:27` for a position in `/path/to/hotspots.c`.
    static func shortLocation(_ position: SourcePosition?) -> String {
        guard let position else { return "" }
        return "\(baseName(position.file)):\(position.line)"
    }

    static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// The first lines of every text report: what ran, how it was sampled, where samples landed.
    static func header(_ profile: Profile) -> String {
        let metadata = profile.metadata
        let total = profile.totalWeight
        let lastSample = profile.samples.last?.timestamp
        let duration = metadata.durationText(lastSample: lastSample)
        let signals = profile.samples.count
        var lines: [String] = []
        let command = ([metadata.programName] + metadata.arguments).joined(separator: " ")
        var summary = "\(command): \(total) samples"
        if signals != total { summary += " (\(signals) signals)" }
        summary += ", \(metadata.clock) clock at \(metadata.frequency) Hz, \(duration)"
        if profile.droppedSampleCount > 0 { summary += ", \(profile.droppedSampleCount) dropped" }
        lines.append(summary)
        let guest = profile.weight(of: .jit)
        let host = profile.weight(of: .host)
        let outside = profile.weight(of: .outside)
        lines.append(
            "guest code \(percent(profile.percent(guest))), host calls \(percent(profile.percent(host))), "
                + "outside guest code \(percent(profile.percent(outside)))")
        return lines.joined(separator: "\n") + "\n"
    }
}
