/// The wasm pane: the shown function's ops with their module offsets,
/// indented by block nesting, the op the selected frame is at marked `=>`,
/// breakpoints marked `B`.
import Debugger

public struct WasmPaneModel: PaneModel {
    public struct Op: Sendable, Equatable {
        public var moduleOffset: Int
        public var depth: Int
        public var text: String
        public var annotation: String?
    }

    public var functionName: String?
    public var ops: [Op]
    public var currentOffset: Int?
    /// Module offset → enabled.
    public var breakpointOffsets: [Int: Bool]

    public init(snapshot: DebuggerSnapshot) {
        let listing = snapshot.code.listing
        functionName = listing?.name
        ops = (listing?.lines ?? []).compactMap { line in
            guard case .op(let offset, let depth, let text, let annotation) = line.kind else { return nil }
            return Op(moduleOffset: offset, depth: depth, text: text, annotation: annotation)
        }
        if let pc = snapshot.currentPC, let listing, let index = listing.index(ofMachineAddress: pc) {
            currentOffset = listing.lines[index].moduleOffset
        } else {
            currentOffset = nil
        }
        var marks: [Int: Bool] = [:]
        for mark in snapshot.breakpoints {
            guard let offset = mark.moduleOffset else { continue }
            marks[offset] = (marks[offset] ?? false) || mark.isEnabled
        }
        breakpointOffsets = marks
    }

    public var title: String { "Wasm" + (functionName.map { ": " + $0 } ?? "") }
    public var rowCount: Int { ops.count }
    public var emptyText: String { "(no function)" }

    public func row(ofModuleOffset offset: Int) -> Int? {
        // Ops are in offset order: binary search for the last op at or before the offset.
        var low = 0
        var high = ops.count
        while low < high {
            let middle = (low + high) / 2
            if ops[middle].moduleOffset <= offset { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : low - 1
    }

    public func row(at index: Int, width: Int) -> PaneRow {
        let op = ops[index]
        let marker: (String, CellStyle) =
            switch breakpointOffsets[op.moduleOffset] {
            case true?: ("B", .breakpoint)
            case false?: ("b", .breakpoint)
            case nil: (" ", .normal)
            }
        let isCurrent = op.moduleOffset == currentOffset
        var text = String(repeating: "  ", count: op.depth) + op.text
        if let annotation = op.annotation { text += "  ; " + annotation }
        return PaneRow(
            [
                marker, (isCurrent ? "=> " : "   ", isCurrent ? .current : .normal),
                (hex(op.moduleOffset, digits: 6) + "  ", .dim), (text, .normal),
            ], isCurrent: isCurrent)
    }
}

func hex<T: BinaryInteger>(_ value: T, digits: Int = 0) -> String {
    let text = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, digits - text.count)) + text
}
