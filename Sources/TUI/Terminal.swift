/// The one place that calls ncurses: starting and ending the screen, reading
/// keys, and copying a `ScreenBuffer` to the terminal. Drawing goes through
/// `wnoutrefresh` + `doupdate`, so each frame reaches the terminal as one
/// update of only the cells that changed (no flicker).
import CNcurses
import Glibc

public final class Terminal {
    private var started = false
    private var attributes: [CellStyle: Int32] = [:]
    public private(set) var hasColors = false

    public init() {}

    /// Installs the handlers that restore the terminal on fatal signals. Call
    /// before the runtime installs its own (creating the `Engine`), so the
    /// runtime chains to these for faults outside guest code.
    public static func installRestoringSignalHandlers() {
        cn_install_restoring_signal_handlers()
    }

    /// Starts full-screen mode; false when the terminal cannot do it (no TERM, unknown type).
    public func start() -> Bool {
        cn_set_locale()
        guard cn_start_screen() != 0 else { return false }
        started = true
        // Raw: Ctrl-C arrives as a key (pause) instead of killing the process.
        raw()
        noecho()
        nonl()
        _ = keypad(cn_stdscr(), true)
        cn_define_missing_keys()
        _ = curs_set(0)
        // A lone Esc (cancel) should not wait a second for a sequence.
        _ = set_escdelay(25)
        setupStyles()
        return true
    }

    /// Restores the terminal (safe to call twice; fatal signal handlers do it too).
    public func stop() {
        guard started else { return }
        started = false
        cn_end_window_once()
    }

    public var size: (width: Int, height: Int) {
        (Int(cn_window_width(cn_stdscr())), Int(cn_window_height(cn_stdscr())))
    }

    private func setupStyles() {
        let bold = cn_attribute_bold()
        let reverse = cn_attribute_reverse()
        let underline = cn_attribute_underline()
        let dim = cn_attribute_dim()
        hasColors = has_colors() && start_color() == OK
        if hasColors {
            // -1: the terminal's own background and foreground.
            _ = use_default_colors()
            let pairs: [(CellStyle, Int16, Int16, Int32)] = [
                (.title, cn_color_black(), cn_color_cyan(), 0),
                (.focusedTitle, cn_color_black(), cn_color_yellow(), bold),
                (.current, cn_color_black(), cn_color_green(), 0),
                (.cursor, cn_color_black(), cn_color_white(), 0),
                (.related, cn_color_white(), cn_color_blue(), 0),
                (.breakpoint, cn_color_red(), -1, bold),
                (.status, cn_color_black(), cn_color_white(), 0),
                (.error, cn_color_red(), -1, bold),
                (.border, cn_color_cyan(), -1, 0),
                (.dim, cn_color_cyan(), -1, 0),
                (.heat1, cn_color_green(), -1, 0),
                (.heat2, cn_color_yellow(), -1, bold),
                (.heat3, cn_color_black(), cn_color_yellow(), 0),
                (.heat4, cn_color_white(), cn_color_red(), bold),
                (.changed, cn_color_magenta(), -1, bold),
            ]
            for (index, pair) in pairs.enumerated() {
                let number = Int16(index + 1)
                _ = init_pair(number, pair.1, pair.2)
                attributes[pair.0] = cn_color_pair(Int32(number)) | pair.3
            }
            attributes[.normal] = cn_attribute_normal()
        } else {
            // Monochrome: only bold, reverse, underline and dim.
            attributes = [
                .normal: cn_attribute_normal(), .title: reverse, .focusedTitle: reverse | bold,
                .current: bold | underline, .cursor: reverse, .related: underline, .breakpoint: bold,
                .dim: dim, .status: reverse, .error: bold, .border: cn_attribute_normal(),
                // Heat: nothing for the coolest, reverse for the hottest.
                .heat1: cn_attribute_normal(), .heat2: underline, .heat3: bold, .heat4: reverse | bold,
                // Changed memory bytes: not reverse, which is the memory cursor's word.
                .changed: bold | underline,
            ]
        }
    }

    /// Copies the buffer to the screen and shows the cursor where asked.
    public func draw(_ screen: ScreenBuffer, cursor: (row: Int, column: Int)?) {
        let window = cn_stdscr()
        let (width, height) = size
        // The bottom-right cell is never written (below): after a resize it
        // would keep a character of the old screen. Erasing costs nothing on
        // the terminal; doupdate sends only what changed.
        _ = werase(window)
        for row in 0..<min(height, screen.height) {
            for run in screen.runs(ofRow: row) where run.column < width {
                cn_set_attributes(window, attributes[run.style] ?? 0)
                // Never past the right edge (ncurses would wrap onto the next
                // row), and never the bottom-right cell (writing it scrolls).
                let room = width - run.column - (row == height - 1 ? 1 : 0)
                guard room > 0 else { continue }
                let text = run.text.count > room ? String(run.text.prefix(room)) : run.text
                cn_put_text(window, Int32(row), Int32(run.column), text, -1)
            }
        }
        cn_set_attributes(window, cn_attribute_normal())
        if let cursor {
            _ = curs_set(1)
            _ = wmove(window, Int32(cursor.row), Int32(cursor.column))
        } else {
            _ = curs_set(0)
        }
        _ = wnoutrefresh(window)
        _ = doupdate()
    }

    /// Leaves the full screen, writes `bytes` to the terminal untouched
    /// (the program's own colors and cursor movements take effect) between
    /// `header` and a prompt, waits for a key, and comes back. The caller
    /// redraws everything afterwards.
    public func showRaw(_ bytes: [UInt8], header: String) {
        guard started else { return }
        cn_suspend_screen()
        writeAll(Array(("\n" + header + "\n").utf8))
        writeAll(bytes)
        // Whatever colors or modes the program left set end here.
        writeAll(Array("\u{1B}[0m\n--- Press any key to return to wasmscope ---".utf8))
        cn_wait_for_any_key()
        cn_resume_screen()
    }

    private func writeAll(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(1, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// Forces a full repaint on the next draw (Ctrl-L, after a resize).
    public func invalidate() {
        _ = clearok(cn_stdscr(), true)
    }

    /// Waits up to `milliseconds` for a key; nil on timeout.
    public func readKey(timeoutMilliseconds milliseconds: Int32) -> Key? {
        wtimeout(cn_stdscr(), milliseconds)
        var code: Int32 = 0
        var isFunctionKey: Int32 = 0
        guard cn_read_key(&code, &isFunctionKey) != cn_error() else { return nil }
        return isFunctionKey != 0 ? Self.functionKey(code) : Self.characterKey(code)
    }

    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case cn_key_up(): return .up
        case cn_key_down(): return .down
        case cn_key_left(): return .left
        case cn_key_right(): return .right
        case cn_key_page_up(): return .pageUp
        case cn_key_page_down(): return .pageDown
        case cn_key_home(): return .home
        case cn_key_end(): return .end
        case cn_key_back_tab(): return .backTab
        case cn_key_enter(): return .enter
        case cn_key_backspace(): return .backspace
        case cn_key_delete(): return .delete
        case cn_key_resize(): return .resize
        default:
            let first = cn_key_function(1)
            if code >= first, code < first + 63 { return .function(Int(code - first + 1)) }
            return nil
        }
    }

    static func characterKey(_ code: Int32) -> Key? {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(code) + 96)))
        default:
            guard let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
            return .character(Character(scalar))
        }
    }
}
