/// From a row's share of the samples to its heat role and its percentage
/// text. One scale for every profile pane, so a color means the same share
/// everywhere.
import Foundation

public enum HeatScale {
    /// Shares (0…1) at which the next-hotter role starts: 3%, 10%, 25%.
    public static let thresholds: [(share: Double, style: CellStyle)] = [
        (0.25, .heat4), (0.10, .heat3), (0.03, .heat2),
    ]

    /// The role of a share of the samples; nil when the row has none.
    public static func style(share: Double) -> CellStyle? {
        guard share > 0 else { return nil }
        return thresholds.first { share >= $0.share }?.style ?? .heat1
    }

    /// `" 12.3%"` (six columns), blank when there are no samples.
    public static func percentText(share: Double) -> String {
        guard share > 0 else { return String(repeating: " ", count: 6) }
        let text = String(format: "%.1f%%", share * 100)
        return String(repeating: " ", count: max(0, 6 - text.count)) + text
    }

    /// The percentage column of a row: its text in its heat role.
    public static func cell(share: Double) -> (text: String, style: CellStyle) {
        (percentText(share: share), style(share: share) ?? .dim)
    }
}
