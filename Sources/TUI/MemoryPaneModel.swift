/// The memory pane: linear memory as rows of hex bytes and ASCII, from the
/// address the user went to (`g` in the pane, an address or any C
/// expression: `&stats`, `stats.label`).
public struct MemoryPaneModel: PaneModel {
    public var block: DebuggerSnapshot.MemoryBlock?
    /// Set from the pane's width by the screen (`bytesPerRow(forWidth:)`).
    public var bytesPerRow: Int

    public init(block: DebuggerSnapshot.MemoryBlock?, bytesPerRow: Int = 16) {
        self.block = block
        self.bytesPerRow = bytesPerRow
    }

    public var title: String {
        guard let block else { return "Memory" }
        return "Memory: \(block.expression)" + (block.expression.hasPrefix("0x") ? "" : " = " + hex(block.address))
    }

    /// Bytes per row for a pane width: 16 when they fit, else 8, else 4 (a
    /// row is `ADDRESS  hex bytes  ascii`: 8 + 2 + 3 per byte (+1 between
    /// halves of 16) + 1 + 1 per byte).
    public static func bytesPerRow(forWidth width: Int) -> Int {
        if width >= 8 + 2 + 16 * 4 + 2 { return 16 }
        if width >= 8 + 2 + 8 * 4 + 1 { return 8 }
        return 4
    }

    public var rowCount: Int {
        guard let block else { return 0 }
        return (block.bytes.count + bytesPerRow - 1) / bytesPerRow
    }

    /// The address shown at the start of `row`.
    public func address(ofRow row: Int) -> UInt64? {
        block.map { $0.address + UInt64(row * bytesPerRow) }
    }

    public var emptyText: String { block?.error ?? "(g: go to an address or expression)" }

    public func row(at index: Int, width: Int) -> PaneRow {
        guard let block else { return PaneRow("") }
        return Self.dumpRow(bytes: block.bytes, base: block.address, row: index, bytesPerRow: bytesPerRow)
    }

    /// One hex dump row: `00001000  41 42 00 ...  AB.` (xxd's shape).
    public static func dumpRow(bytes: [UInt8], base: UInt64, row: Int, bytesPerRow: Int) -> PaneRow {
        let start = row * bytesPerRow
        let slice = bytes[min(start, bytes.count)..<min(start + bytesPerRow, bytes.count)]
        var hexText = ""
        var ascii = ""
        for (position, byte) in slice.enumerated() {
            if position > 0 { hexText += position == 8 ? "  " : " " }
            hexText += hex2(byte)
            ascii.append(byte >= 0x20 && byte < 0x7f ? Character(Unicode.Scalar(byte)) : ".")
        }
        let fullWidth = bytesPerRow * 3 - 1 + (bytesPerRow > 8 ? 1 : 0)
        hexText = hexText.padding(toLength: fullWidth, withPad: " ", startingAt: 0)
        return PaneRow([(String(hex(base + UInt64(start), digits: 8).dropFirst(2)) + "  ", .dim), (hexText + "  ", .normal), (ascii, .normal)])
    }
}
