/// The function view's wasm pane: every op of the function, indented by
/// nesting, with its module offset and its share of the function's samples.
import Profiler

public struct HeatWasmPaneModel: PaneModel {
    public let functionName: String
    public let ops: [FunctionListing.Op]
    private let weights: [Int: Int]
    private let functionWeight: Int

    public init(listing: FunctionListing, heat: FunctionHeat?) {
        functionName = listing.functionName
        ops = listing.ops
        weights = Dictionary((heat?.ops ?? []).map { ($0.moduleOffset, $0.weight) }, uniquingKeysWith: +)
        functionWeight = heat?.weight ?? 0
    }

    public var title: String { "Wasm: " + functionName }
    public var rowCount: Int { ops.count }
    public var emptyText: String { "(no ops)" }

    public func weight(ofRow row: Int) -> Int { weights[ops[row].moduleOffset] ?? 0 }

    public func row(ofModuleOffset offset: Int) -> Int? { ops.firstIndex { $0.moduleOffset == offset } }

    public var hottestRow: Int? {
        guard let hottest = weights.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }) else { return nil }
        return row(ofModuleOffset: hottest.key)
    }

    public func row(at index: Int, width: Int) -> PaneRow {
        let op = ops[index]
        let share = functionWeight == 0 ? 0 : Double(weight(ofRow: index)) / Double(functionWeight)
        var text = String(repeating: "  ", count: op.depth) + op.text
        if let annotation = op.annotation { text += "  ; " + annotation }
        return PaneRow([
            HeatScale.cell(share: share), (" " + hex(op.moduleOffset, digits: 6) + "  ", .dim), (displayText(text), .normal),
        ])
    }
}
