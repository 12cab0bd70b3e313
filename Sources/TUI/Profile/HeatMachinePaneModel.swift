/// The function view's machine-code pane: the JIT's instructions for the
/// function, each op's under a dim header naming the op, each instruction
/// with its share of the function's samples. A sample's pc is the
/// instruction about to run, so a slow instruction's cost often shows on the
/// one after it.
import Profiler

public struct HeatMachinePaneModel: PaneModel {
    public enum Entry: Sendable, Equatable {
        case op(FunctionListing.Op)
        case instruction(FunctionListing.Instruction)
    }

    public let functionName: String
    public let entries: [Entry]
    private let entryAddress: UInt64
    private let weights: [UInt64: Int]
    private let functionWeight: Int

    public init(listing: FunctionListing, heat: FunctionHeat?) {
        functionName = listing.functionName
        entryAddress = listing.instructions.first?.address ?? 0
        let opsByOffset = Dictionary(listing.ops.map { ($0.moduleOffset, $0) }, uniquingKeysWith: { first, _ in first })
        var entries: [Entry] = []
        var previousOp: Int?
        for instruction in listing.instructions {
            if instruction.moduleOffset != previousOp, let op = opsByOffset[instruction.moduleOffset] {
                entries.append(.op(op))
            }
            previousOp = instruction.moduleOffset
            entries.append(.instruction(instruction))
        }
        self.entries = entries
        weights = Dictionary((heat?.instructions ?? []).map { ($0.address, $0.weight) }, uniquingKeysWith: +)
        functionWeight = heat?.weight ?? 0
    }

    public var title: String { "Machine code: " + functionName }
    public var rowCount: Int { entries.count }
    public var emptyText: String { "(no machine code)" }

    public func weight(ofRow row: Int) -> Int {
        guard case .instruction(let instruction) = entries[row] else { return 0 }
        return weights[instruction.address] ?? 0
    }

    public func row(ofAddress address: UInt64) -> Int? {
        entries.firstIndex { if case .instruction(let instruction) = $0 { instruction.address == address } else { false } }
    }

    /// The op's header row.
    public func row(ofModuleOffset offset: Int) -> Int? {
        entries.firstIndex { if case .op(let op) = $0 { op.moduleOffset == offset } else { false } }
    }

    /// The header of the first op at or after `offset` that has code: ops
    /// such as `local.get` often compile to nothing, their value folded into
    /// the next op's code.
    public func row(ofCodeAtOrAfter offset: Int) -> Int? {
        entries.firstIndex { if case .op(let op) = $0 { op.moduleOffset >= offset } else { false } }
    }

    public var hottestRow: Int? {
        guard let hottest = weights.max(by: { ($0.value, -Int64(bitPattern: $0.key)) < ($1.value, -Int64(bitPattern: $1.key)) })
        else { return nil }
        return row(ofAddress: hottest.key)
    }

    public func row(at index: Int, width: Int) -> PaneRow {
        switch entries[index] {
        case .op(let op):
            return PaneRow("       " + hex(op.moduleOffset, digits: 6) + "  " + displayText(op.text), style: .dim)
        case .instruction(let instruction):
            let share = functionWeight == 0 ? 0 : Double(weight(ofRow: index)) / Double(functionWeight)
            // Narrow panes show the offset from the function's start instead of the full address.
            let place = width >= 60 ? hex(instruction.address) : "<+" + String(instruction.address &- entryAddress) + ">"
            let padded = place.count < 9 ? place + String(repeating: " ", count: 9 - place.count) : place
            return PaneRow([HeatScale.cell(share: share), ("   " + padded + "  ", .dim), (displayText(instruction.text), .normal)])
        }
    }
}
