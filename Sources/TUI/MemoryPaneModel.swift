/// The memory pane: linear memory as rows of hex bytes and ASCII, from the
/// address the user went to (`g` in the pane, an address or any C
/// expression: `&stats`, `stats.label`). Bytes the program changed since the
/// previous stop are highlighted; a cursor on one 32-bit word (a wasm32
/// pointer) lets the screen follow it.
public struct MemoryPaneModel: PaneModel {
    public var block: DebuggerSnapshot.MemoryBlock?
    /// Set from the pane's width by the screen (`bytesPerRow(forWidth:)`).
    public var bytesPerRow: Int
    /// The word the cursor is on (row, word within the row), drawn
    /// highlighted; nil when the pane does not have the keyboard.
    public var cursorWord: (row: Int, word: Int)?

    public static let wordSize = 4
    public var wordsPerRow: Int { max(1, bytesPerRow / Self.wordSize) }

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
        let word = cursorWord.flatMap { $0.row == index ? $0.word : nil }
        return Self.dumpRow(
            bytes: block.bytes, base: block.address, row: index, bytesPerRow: bytesPerRow, changed: block.changed,
            cursorWord: word)
    }

    /// The offset in the block of the cursor's word, when the whole word was read.
    public func wordOffset(row: Int, word: Int) -> Int? {
        guard let block else { return nil }
        let offset = row * bytesPerRow + word * Self.wordSize
        return offset >= 0 && offset + Self.wordSize <= block.bytes.count ? offset : nil
    }

    /// The little-endian 32-bit value at `offset` (a wasm32 pointer).
    public func word(atOffset offset: Int) -> UInt32? {
        guard let block, offset >= 0, offset + Self.wordSize <= block.bytes.count else { return nil }
        return (0..<Self.wordSize).reduce(UInt32(0)) { value, index in
            value | UInt32(block.bytes[offset + index]) << (8 * UInt32(index))
        }
    }

    /// One hex dump row: `00001000  41 42 00 ...  AB.` (xxd's shape); bytes
    /// at `changed` offsets in the `.changed` role, the word `cursorWord` of
    /// the row (hex and characters) in the `.cursor` role.
    public static func dumpRow(
        bytes: [UInt8], base: UInt64, row: Int, bytesPerRow: Int, changed: Set<Int> = [], cursorWord: Int? = nil
    ) -> PaneRow {
        let start = row * bytesPerRow
        let slice = bytes[min(start, bytes.count)..<min(start + bytesPerRow, bytes.count)]
        var segments: [(text: String, style: CellStyle)] = [(String(hex(base + UInt64(start), digits: 8).dropFirst(2)) + "  ", .dim)]
        func add(_ text: String, _ style: CellStyle) {
            if let last = segments.last, last.style == style {
                segments[segments.count - 1].text += text
            } else {
                segments.append((text, style))
            }
        }
        func style(ofByteAt position: Int) -> CellStyle {
            if let cursorWord, position / wordSize == cursorWord { return .cursor }
            return changed.contains(start + position) ? .changed : .normal
        }
        var column = 0
        for (position, byte) in slice.enumerated() {
            if position > 0 {
                let separator = position == 8 ? "  " : " "
                // Inside the cursor's word the gaps are part of its highlight.
                let inWord = cursorWord.map { position / wordSize == $0 && position % wordSize != 0 } ?? false
                add(separator, inWord ? .cursor : .normal)
                column += separator.count
            }
            add(hex2(byte), style(ofByteAt: position))
            column += 2
        }
        let fullWidth = bytesPerRow * 3 - 1 + (bytesPerRow > 8 ? 1 : 0)
        add(String(repeating: " ", count: max(0, fullWidth - column)) + "  ", .normal)
        for (position, byte) in slice.enumerated() {
            add(String(byte >= 0x20 && byte < 0x7f ? Character(Unicode.Scalar(byte)) : "."), style(ofByteAt: position))
        }
        return PaneRow(segments)
    }
}
