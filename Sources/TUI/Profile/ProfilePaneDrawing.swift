/// Draws one pane of the live profile view: a title bar with the cursor's
/// position, then the visible rows. The cursor row of the focused pane is
/// reversed except its percentage column, so the heat stays readable under
/// the cursor.
extension ScreenBuffer {
    mutating func drawProfilePane(
        _ model: some PaneModel, in rect: Rect, scroll: ScrollState, isFocused: Bool, showsCursor: Bool = true,
        titleRow: String? = nil, emptyText: String? = nil, unfocusedCursorStyle: CellStyle? = nil
    ) {
        guard rect.height > 0, rect.width > 0 else { return }
        let titleStyle: CellStyle = isFocused ? .focusedTitle : .title
        fill(row: rect.row, column: rect.column, count: rect.width, style: titleStyle)
        let position = model.rowCount > 0 && showsCursor ? " \(scroll.cursor + 1)/\(model.rowCount)" : ""
        // A given title row (the table's column titles) lines up with the rows: no leading space.
        put(titleRow ?? " " + model.title + position + " ", row: rect.row, column: rect.column, style: titleStyle, limit: rect.width)
        // A separator on the right, unless the pane ends at the screen's edge.
        let width = rect.column + rect.width < self.width ? rect.width - 1 : rect.width
        for line in 0..<(rect.height - 1) {
            let row = rect.row + 1 + line
            fill(row: row, column: rect.column, count: width, style: .normal)
            if width < rect.width { put("│", row: row, column: rect.column + width, style: .border) }
            let index = scroll.top + line
            if model.rowCount == 0 {
                if line == 0 { put(emptyText ?? model.emptyText, row: row, column: rect.column + 1, style: .dim, limit: width - 1) }
                continue
            }
            guard index < model.rowCount else { continue }
            let content = model.row(at: index, width: width)
            var column = rect.column
            for segment in content.segments {
                put(segment.text, row: row, column: column, style: segment.style, limit: rect.column + width - column)
                column += segment.text.count
                if column >= rect.column + width { break }
            }
            // The unfocused code panes mark the rows that go with the focused pane's cursor.
            if showsCursor, index == scroll.cursor, let style = isFocused ? .cursor : unfocusedCursorStyle {
                let first = content.segments.first
                let keep = first.map { Self.isHeat($0.style) ? $0.text.count : 0 } ?? 0
                restyle(row: row, column: rect.column + keep, count: width - keep, style: style)
            }
        }
    }

    static func isHeat(_ style: CellStyle) -> Bool {
        style == .heat1 || style == .heat2 || style == .heat3 || style == .heat4
    }
}
