/// Where each pane goes for a terminal size and a layout preset. Pure
/// arithmetic, so every size (including too small) is unit-tested.
public enum PaneKind: String, Sendable, Hashable, CaseIterable {
    case source, wasm, machine, locals, stack, registers, memory, output

    public var title: String {
        switch self {
        case .source: "Source"
        case .wasm: "Wasm"
        case .machine: "Machine code"
        case .locals: "Locals"
        case .stack: "Call stack"
        case .registers: "Registers"
        case .memory: "Memory"
        case .output: "Output"
        }
    }
}

public struct Rect: Sendable, Hashable, CustomStringConvertible {
    public var row: Int
    public var column: Int
    public var height: Int
    public var width: Int

    public init(row: Int, column: Int, height: Int, width: Int) {
        self.row = row
        self.column = column
        self.height = height
        self.width = width
    }

    public var description: String { "(\(row),\(column) \(width)x\(height))" }
}

/// Which code panes share the upper part of the screen (keys 1, 2, 3).
public enum LayoutPreset: Int, Sendable, CaseIterable {
    case sourceAndMachine = 1
    case wasmAndMachine = 2
    case all = 3

    public var codePanes: [PaneKind] {
        switch self {
        case .sourceAndMachine: [.source, .machine]
        case .wasmAndMachine: [.wasm, .machine]
        case .all: [.source, .wasm, .machine]
        }
    }

    public var name: String {
        switch self {
        case .sourceAndMachine: "source + machine code"
        case .wasmAndMachine: "wasm + machine code"
        case .all: "source + wasm + machine code"
        }
    }
}

public struct Layout: Sendable, Equatable {
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public let width: Int
    public let height: Int
    /// Empty when the terminal is too small.
    public let panes: [PaneKind: Rect]
    /// Panes in focus order (Tab), as laid out.
    public let focusOrder: [PaneKind]
    public var statusRow: Int { height - 2 }
    public var commandRow: Int { height - 1 }
    public var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    public static func compute(width: Int, height: Int, preset: LayoutPreset) -> Layout {
        guard width >= minimumWidth, height >= minimumHeight else {
            return Layout(width: width, height: height, panes: [:], focusOrder: [])
        }
        var panes: [PaneKind: Rect] = [:]
        // Two rows at the bottom: status line and command line.
        let bodyHeight = height - 2
        // Right column: locals, call stack, registers (with the operand stack).
        let sideWidth = max(30, width / 4)
        let mainWidth = width - sideWidth
        let localsHeight = bodyHeight - 2 * (bodyHeight / 3)
        let stackHeight = bodyHeight / 3
        panes[.locals] = Rect(row: 0, column: mainWidth, height: localsHeight, width: sideWidth)
        panes[.stack] = Rect(row: localsHeight, column: mainWidth, height: stackHeight, width: sideWidth)
        panes[.registers] = Rect(
            row: localsHeight + stackHeight, column: mainWidth, height: bodyHeight - localsHeight - stackHeight,
            width: sideWidth)
        // Left: code panes on top, memory and output below.
        let codeHeight = bodyHeight * 2 / 3
        let bottomHeight = bodyHeight - codeHeight
        let memoryWidth = mainWidth / 2
        panes[.memory] = Rect(row: codeHeight, column: 0, height: bottomHeight, width: memoryWidth)
        panes[.output] = Rect(row: codeHeight, column: memoryWidth, height: bottomHeight, width: mainWidth - memoryWidth)

        let code = preset.codePanes
        let minimumCodeWidth = 40
        if mainWidth / code.count >= minimumCodeWidth {
            // Side by side.
            for (index, kind) in code.enumerated() {
                let column = mainWidth * index / code.count
                let nextColumn = mainWidth * (index + 1) / code.count
                panes[kind] = Rect(row: 0, column: column, height: codeHeight, width: nextColumn - column)
            }
        } else {
            // The first pane across the top, the others side by side below it
            // (stacked when even two do not fit).
            let topHeight = code.count == 2 ? codeHeight / 2 : codeHeight * 2 / 5
            panes[code[0]] = Rect(row: 0, column: 0, height: topHeight, width: mainWidth)
            let rest = Array(code.dropFirst())
            if mainWidth / rest.count >= 30 {
                for (index, kind) in rest.enumerated() {
                    let column = mainWidth * index / rest.count
                    let nextColumn = mainWidth * (index + 1) / rest.count
                    panes[kind] = Rect(
                        row: topHeight, column: column, height: codeHeight - topHeight, width: nextColumn - column)
                }
            } else {
                let each = (codeHeight - topHeight) / rest.count
                for (index, kind) in rest.enumerated() {
                    let row = topHeight + index * each
                    let rowEnd = index == rest.count - 1 ? codeHeight : row + each
                    panes[kind] = Rect(row: row, column: 0, height: rowEnd - row, width: mainWidth)
                }
            }
        }
        let order = code + [.locals, .stack, .registers, .memory, .output]
        return Layout(width: width, height: height, panes: panes, focusOrder: order)
    }
}
