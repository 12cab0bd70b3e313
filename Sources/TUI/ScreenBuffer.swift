/// The whole screen as plain data: a grid of characters with style roles.
/// The application renders into it; the terminal copies it to ncurses (which
/// sends only what changed), and tests and the benchmark read it directly.
public struct ScreenBuffer: Sendable {
    public struct Cell: Sendable, Equatable {
        public var character: Character
        public var style: CellStyle
    }

    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(character: " ", style: .normal), count: self.width * self.height)
    }

    public subscript(row: Int, column: Int) -> Cell {
        cells[row * width + column]
    }

    /// Writes `text` from (row, column), clipped to `limit` columns and to the screen.
    public mutating func put(_ text: String, row: Int, column: Int, style: CellStyle, limit: Int = .max) {
        guard row >= 0, row < height, column < width else { return }
        var position = column
        // `limit` defaults to Int.max: add without overflowing.
        let end = limit >= width ? width : min(width, column + max(0, limit))
        for character in text {
            if position >= end { break }
            if position >= 0 { cells[row * width + position] = Cell(character: character, style: style) }
            position += 1
        }
    }

    /// Fills `count` columns from (row, column) with spaces in `style`.
    public mutating func fill(row: Int, column: Int, count: Int, style: CellStyle) {
        guard row >= 0, row < height else { return }
        let start = max(0, column)
        let end = min(width, column + count)
        guard start < end else { return }
        for position in start..<end { cells[row * width + position] = Cell(character: " ", style: style) }
    }

    /// Changes the style of cells without changing their characters.
    public mutating func restyle(row: Int, column: Int, count: Int, style: CellStyle) {
        guard row >= 0, row < height else { return }
        let start = max(0, column)
        let end = min(width, column + count)
        guard start < end else { return }
        for position in start..<end { cells[row * width + position].style = style }
    }

    /// Row `row` as text, trailing spaces kept (tests trim what they need).
    public func text(ofRow row: Int) -> String {
        String(cells[(row * width)..<((row + 1) * width)].map(\.character))
    }

    /// The screen as lines without trailing spaces, like `tmux capture-pane -p`.
    public var text: String {
        (0..<height).map { row in
            var line = text(ofRow: row)
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// Runs of equal style in a row, for drawing with one attribute change per run.
    public func runs(ofRow row: Int) -> [(column: Int, text: String, style: CellStyle)] {
        var runs: [(column: Int, text: String, style: CellStyle)] = []
        var column = 0
        while column < width {
            let style = self[row, column].style
            var text = ""
            let start = column
            while column < width, self[row, column].style == style {
                text.append(self[row, column].character)
                column += 1
            }
            runs.append((start, text, style))
        }
        return runs
    }
}
