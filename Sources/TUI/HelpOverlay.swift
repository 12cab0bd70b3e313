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
            "x/16xb &stats, info breakpoints, frame 1; display EXPR / undisplay N (watches),",
            "output (raw program output). Tab completes, again cycles; Up/Down: history.", "",
            "Press any key to close.",
        ]
        return lines
    }

    /// The help for a screen of `width` x `height`: the keys in two
    /// columns when one column would not fit in the height (and two fit in the width).
    public static func lines(width: Int, height: Int) -> [String] {
        let single = lines
        guard single.count + 2 > height else { return single }
        let entries = KeyMap.bindings.map { binding in
            binding.keys.map(\.name).joined(separator: " ").padding(toLength: 12, withPad: " ", startingAt: 0) + binding.summary
        }
        let half = (entries.count + 1) / 2
        let leftWidth = (entries.prefix(half).map(\.count).max() ?? 0) + 2
        let rightWidth = entries.dropFirst(half).map(\.count).max() ?? 0
        guard leftWidth + rightWidth + 4 <= width - 2 else { return single }
        let rows = (0..<half).map { row in
            let left = entries[row]
            return row + half < entries.count ? left.padding(toLength: leftWidth, withPad: " ", startingAt: 0) + entries[row + half] : left
        }
        return Array(single.prefix(2)) + rows + single.dropFirst(2 + entries.count)
    }

    public static func draw(into screen: inout ScreenBuffer) {
        draw(lines(width: screen.width, height: screen.height), into: &screen)
    }

    /// A box of `lines` in the middle of the screen, the first line as its title (other views' help too).
    public static func draw(_ lines: [String], into screen: inout ScreenBuffer) {
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
