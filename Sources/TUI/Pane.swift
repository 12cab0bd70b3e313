/// What every pane offers the screen: a title, rows, which rows relate to the
/// cursor of another pane, and which row execution is at. Rows are built on
/// demand (`row(at:width:)`), so a 10,000-line file costs only what is visible.
public protocol PaneModel {
    var title: String { get }
    var rowCount: Int { get }
    func row(at index: Int, width: Int) -> PaneRow
    /// Shown in the pane when it has no rows.
    var emptyText: String { get }
}

extension PaneModel {
    public var emptyText: String { "" }

    /// The first row at or after `start` (wrapping) whose text contains
    /// `query`, ignoring case; for `/` search.
    public func search(_ query: String, from start: Int, width: Int = 200) -> Int? {
        guard rowCount > 0, !query.isEmpty else { return nil }
        let needle = query.lowercased()
        for step in 0..<rowCount {
            let index = (start + step) % rowCount
            if row(at: index, width: width).text.lowercased().contains(needle) { return index }
        }
        return nil
    }
}

/// A pane's cursor row and first visible row. Moves keep the cursor inside
/// the rows and visible in a viewport of `visibleRows`.
public struct ScrollState: Sendable, Equatable {
    public var cursor = 0
    public var top = 0

    public init(cursor: Int = 0, top: Int = 0) {
        self.cursor = cursor
        self.top = top
    }

    public mutating func move(by delta: Int, rowCount: Int, visibleRows: Int) {
        moveTo(cursor + delta, rowCount: rowCount, visibleRows: visibleRows)
    }

    public mutating func moveTo(_ row: Int, rowCount: Int, visibleRows: Int) {
        cursor = max(0, min(rowCount - 1, row))
        if cursor < 0 { cursor = 0 }
        reveal(visibleRows: visibleRows, rowCount: rowCount)
    }

    /// Scrolls so the cursor is visible, keeping a little context around it.
    public mutating func reveal(visibleRows: Int, rowCount: Int) {
        guard visibleRows > 0 else { return }
        if cursor < top {
            top = cursor
        } else if cursor >= top + visibleRows {
            top = cursor - visibleRows + 1
        }
        top = max(0, min(top, max(0, rowCount - visibleRows)))
    }

    /// Moves the cursor to `row` and centers it when it was off screen (after a stop, a jump).
    public mutating func center(on row: Int, rowCount: Int, visibleRows: Int) {
        cursor = max(0, min(rowCount - 1, row))
        if cursor < top || cursor >= top + visibleRows {
            top = max(0, cursor - visibleRows / 2)
        }
        reveal(visibleRows: visibleRows, rowCount: rowCount)
    }
}
