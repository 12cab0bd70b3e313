/// The machine-code pane: the JIT's x86-64 for the shown function, each
/// instruction under the wasm op that emitted it (the op as a dim header
/// row). Bytes come from the compiler's output, so breakpoint int3s never
/// show. Narrow panes show `<+offset>` instead of the full address and drop
/// the bytes.
import Debugger

public struct MachinePaneModel: PaneModel {
    public enum Entry: Sendable, Equatable {
        case op(moduleOffset: Int, text: String)
        case instruction(address: UInt, bytes: [UInt8], text: String, moduleOffset: Int)

        public var moduleOffset: Int {
            switch self {
            case .op(let offset, _): offset
            case .instruction(_, _, _, let offset): offset
            }
        }
    }

    public var functionName: String?
    public var entryAddress: UInt
    public var entries: [Entry]
    public var currentAddress: UInt?
    public var breakpointAddresses: [UInt: Bool]

    public init(snapshot: DebuggerSnapshot) {
        let listing = snapshot.code.listing
        functionName = listing?.name
        entryAddress = listing?.entryAddress ?? 0
        entries = (listing?.lines ?? []).compactMap { line in
            switch line.kind {
            case .source: return nil
            case .op(let offset, _, let text, _): return .op(moduleOffset: offset, text: text)
            case .machine(let address, let bytes, let text, let offset):
                return .instruction(address: address, bytes: bytes, text: text, moduleOffset: offset)
            }
        }
        if let pc = snapshot.currentPC, let listing, let index = listing.index(ofMachineAddress: pc),
            let address = listing.lines[index].machineAddress
        {
            currentAddress = address
        } else {
            currentAddress = nil
        }
        var marks: [UInt: Bool] = [:]
        for mark in snapshot.breakpoints {
            marks[mark.machineAddress] = (marks[mark.machineAddress] ?? false) || mark.isEnabled
        }
        breakpointAddresses = marks
    }

    public var title: String { "Machine code" + (functionName.map { ": " + $0 } ?? "") }
    public var rowCount: Int { entries.count }
    public var emptyText: String { "(no function)" }

    public func row(ofAddress address: UInt) -> Int? {
        entries.firstIndex {
            if case .instruction(let start, let bytes, _, _) = $0 {
                return (start..<(start + UInt(max(1, bytes.count)))).contains(address)
            }
            return false
        }
    }

    /// The op header of `moduleOffset`, else its first instruction.
    public func row(ofModuleOffset offset: Int) -> Int? {
        entries.firstIndex { if case .op(let op, _) = $0 { op == offset } else { false } }
            ?? entries.firstIndex { $0.moduleOffset == offset }
    }

    public func row(at index: Int, width: Int) -> PaneRow {
        switch entries[index] {
        case .op(let offset, let text):
            return PaneRow("   " + hex(offset, digits: 6) + "  " + text, style: .dim)
        case .instruction(let address, let bytes, let text, _):
            let marker: (String, CellStyle) =
                switch breakpointAddresses[address] {
                case true?: ("B", .breakpoint)
                case false?: ("b", .breakpoint)
                case nil: (" ", .normal)
                }
            let isCurrent = address == currentAddress
            let wide = width >= 72
            let place =
                wide
                ? hex(address) + "  "
                : "<+" + String(address &- entryAddress) + ">"
            let placeText = wide ? place : place.padding(toLength: max(place.count, 8), withPad: " ", startingAt: 0)
            var byteText = ""
            if wide {
                let shown = bytes.prefix(8).map { hex2($0) }.joined(separator: " ") + (bytes.count > 8 ? "+" : "")
                byteText = shown.padding(toLength: 25, withPad: " ", startingAt: 0)
            }
            return PaneRow(
                [
                    marker, (isCurrent ? "=>" : "  ", isCurrent ? .current : .normal), ("  ", .normal),
                    (placeText, .dim), (byteText, .dim), (text, .normal),
                ], isCurrent: isCurrent)
        }
    }
}

func hex2(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
}
