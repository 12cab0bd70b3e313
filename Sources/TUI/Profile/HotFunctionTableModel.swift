/// The live view's first screen: every function with samples, heaviest self
/// time first, as `wasmscope profile`'s top report lists them. Rows are
/// known by function (`Profile.functions` index), which stays the same
/// across snapshots, so the cursor follows its function when the order changes.
import Foundation
import Profiler

public struct HotFunctionTableModel: PaneModel {
    public let profile: Profile?
    public let costs: [FunctionCost]
    /// Exact calls by function (`Profile.functions` index), when the run counts them: a column of its own.
    public let calls: [Int: UInt64]?
    private let totalWeight: Int

    public init(profile: Profile?, callCounts: CallCounts? = nil) {
        self.profile = profile
        costs = profile?.functionCosts() ?? []
        totalWeight = profile?.totalWeight ?? 0
        calls = profile.flatMap { profile in callCounts.map { Self.callsByFunction($0, in: profile) } }
    }

    /// Counts are keyed by module and function index, which name a profile function uniquely.
    private static func callsByFunction(_ counts: CallCounts, in profile: Profile) -> [Int: UInt64] {
        struct Key: Hashable {
            var module: Int?
            var function: UInt32?
        }
        var byKey: [Key: UInt64] = [:]
        for entry in counts.entries {
            byKey[Key(module: entry.function.moduleIndex, function: entry.function.wasmFunctionIndex)] = entry.calls
        }
        var calls: [Int: UInt64] = [:]
        for (index, function) in profile.functions.enumerated() where function.wasmFunctionIndex != nil {
            if let count = byKey[Key(module: function.moduleIndex, function: function.wasmFunctionIndex)] { calls[index] = count }
        }
        return calls
    }

    public var title: String { "Functions" }
    public var rowCount: Int { costs.count }
    public var emptyText: String {
        guard let profile else { return "(waiting for the first samples)" }
        return profile.metadata.endTimestamp == nil ? "(no samples yet)" : "(no samples: the run was shorter than a sampling interval)"
    }

    public func function(atRow row: Int) -> Int? {
        row >= 0 && row < costs.count ? costs[row].function : nil
    }

    public func row(ofFunction function: Int) -> Int? {
        costs.firstIndex { $0.function == function }
    }

    /// Whether the function at `row` has machine code of its own to show.
    public func canOpen(row: Int) -> Bool {
        guard let profile, let function = function(atRow: row) else { return false }
        return profile.functions[function].kind == .wasm
    }

    private func share(_ weight: Int) -> Double { totalWeight == 0 ? 0 : Double(weight) / Double(totalWeight) }

    /// Column layout for a width: the name column takes what the others leave.
    private func nameWidth(for width: Int) -> Int {
        let longest = costs.prefix(200).map { displayName(of: $0.function).count }.max() ?? 8
        let locationRoom = 24
        return max(8, min(longest, width - numbersWidth - 4 - locationRoom))
    }

    private var numbersWidth: Int { 7 + 8 + 8 + 8 + (calls == nil ? 0 : Self.callsWidth) }
    private static let callsWidth = 14

    private func displayName(of function: Int) -> String {
        displayText(profile?.functions[function].displayName ?? "")
    }

    /// The column titles, aligned with `row(at:width:)`.
    public func header(width: Int) -> String {
        pad("Self%", 7, left: true) + pad("Total%", 8, left: true) + pad("Self", 8, left: true)
            + pad("Total", 8, left: true) + (calls == nil ? "" : pad("Calls", Self.callsWidth, left: true))
            + "  " + pad("Function", nameWidth(for: width)) + "  Location"
    }

    public func row(at index: Int, width: Int) -> PaneRow {
        let cost = costs[index]
        guard let function = profile?.functions[cost.function] else { return PaneRow("") }
        let selfShare = share(cost.selfWeight)
        let selfText = pad(String(format: "%.1f%%", selfShare * 100), 7, left: true)
        let rest =
            pad(String(format: "%.1f%%", share(cost.totalWeight) * 100), 8, left: true)
            + pad(String(cost.selfWeight), 8, left: true) + pad(String(cost.totalWeight), 8, left: true)
            + (calls.map { pad($0[cost.function].map(String.init) ?? "-", Self.callsWidth, left: true) } ?? "") + "  "
        return PaneRow([
            (selfText, HeatScale.style(share: selfShare) ?? .normal),
            (rest, .normal),
            (pad(displayName(of: cost.function), nameWidth(for: width)) + "  ", .normal),
            (displayText(function.locationText), .dim),
        ])
    }

    private func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        guard text.count < width else { return text }
        let padding = String(repeating: " ", count: width - text.count)
        return left ? padding + text : text + padding
    }
}
