/// Where the live profile view puts things in its rectangle: two summary
/// rows on top, a hint/message row at the bottom, the output pane (when
/// shown) above that, and between them the function table or the function
/// view's header row and three code panes. Pure arithmetic, unit-tested.
public struct ProfileLayout: Sendable, Equatable {
    public enum Mode: Sendable, Equatable {
        case table
        case function
    }

    public static let minimumWidth = Layout.minimumWidth
    public static let minimumHeight = Layout.minimumHeight
    /// Three code panes side by side from this width; below it source goes on top.
    public static let sideBySideWidth = 180

    public let bounds: Rect
    public var isTooSmall: Bool { bounds.width < Self.minimumWidth || bounds.height < Self.minimumHeight }
    public var summaryRows: Range<Int> { bounds.row..<(bounds.row + 2) }
    public var messageRow: Int { bounds.row + bounds.height - 1 }
    /// The table (its first row the column titles), in table mode.
    public let table: Rect?
    /// The function's name and share, in function mode.
    public let functionHeaderRow: Int?
    /// Source, wasm, machine code, in function mode; Tab cycles them in this order.
    public let codePanes: [Rect]
    public let output: Rect?

    public init(bounds: Rect, mode: Mode, showsOutput: Bool) {
        self.bounds = bounds
        guard bounds.width >= Self.minimumWidth, bounds.height >= Self.minimumHeight else {
            table = nil
            functionHeaderRow = nil
            codePanes = []
            output = nil
            return
        }
        let bodyTop = bounds.row + 2
        var bodyBottom = bounds.row + bounds.height - 1
        if showsOutput {
            let height = max(4, (bodyBottom - bodyTop) / 4)
            output = Rect(row: bodyBottom - height, column: bounds.column, height: height, width: bounds.width)
            bodyBottom -= height
        } else {
            output = nil
        }
        switch mode {
        case .table:
            table = Rect(row: bodyTop, column: bounds.column, height: bodyBottom - bodyTop, width: bounds.width)
            functionHeaderRow = nil
            codePanes = []
        case .function:
            table = nil
            functionHeaderRow = bodyTop
            let top = bodyTop + 1
            let height = bodyBottom - top
            let left = bounds.column
            let width = bounds.width
            if width >= Self.sideBySideWidth {
                let first = width * 2 / 5
                let second = (width - first) / 2
                codePanes = [
                    Rect(row: top, column: left, height: height, width: first),
                    Rect(row: top, column: left + first, height: height, width: second),
                    Rect(row: top, column: left + first + second, height: height, width: width - first - second),
                ]
            } else {
                let sourceHeight = height * 2 / 5
                let half = width / 2
                codePanes = [
                    Rect(row: top, column: left, height: sourceHeight, width: width),
                    Rect(row: top + sourceHeight, column: left, height: height - sourceHeight, width: half),
                    Rect(row: top + sourceHeight, column: left + half, height: height - sourceHeight, width: width - half),
                ]
            }
        }
    }
}
