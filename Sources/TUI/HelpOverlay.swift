/// The help box (`?`/F1): every key binding from `KeyMap`, drawn over the
/// panes until any key is pressed.
public enum HelpOverlay {
    public static var lines: [String] {
        var lines = ["wasmscope debugger keys", ""]
        for binding in KeyMap.bindings {
            let keys = binding.keys.map(\.name).joined(separator: " ")
            lines.append(keys.padding(toLength: 16, withPad: " ", startingAt: 0) + binding.summary)
        }
        lines += [
            "", "Command line (:): every REPL command, e.g. break crash.c:71, print *stats,",
            "x/16xb &stats, info breakpoints, frame 1. Up/Down: history.", "", "Press any key to close.",
        ]
        return lines
    }

    public static func draw(into screen: inout ScreenBuffer) {
        let lines = Self.lines
        let width = min(screen.width - 2, (lines.map(\.count).max() ?? 0) + 4)
        let height = min(screen.height - 2, lines.count + 2)
        let top = max(0, (screen.height - height) / 2)
        let left = max(0, (screen.width - width) / 2)
        for row in 0..<height {
            screen.fill(row: top + row, column: left, count: width, style: .normal)
            screen.put("|", row: top + row, column: left, style: .border)
            screen.put("|", row: top + row, column: left + width - 1, style: .border)
        }
        let horizontal = "+" + String(repeating: "-", count: max(0, width - 2)) + "+"
        screen.put(horizontal, row: top, column: left, style: .border)
        screen.put(horizontal, row: top + height - 1, column: left, style: .border)
        for (index, line) in lines.prefix(height - 2).enumerated() {
            screen.put(line, row: top + 1 + index, column: left + 2, style: index == 0 ? .focusedTitle : .normal, limit: width - 4)
        }
    }
}
