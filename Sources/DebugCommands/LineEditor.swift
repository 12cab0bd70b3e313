/// A small line editor for the REPL when stdin is a terminal: the terminal in
/// raw mode for the duration of one line, cursor movement, history with the
/// arrow keys, Ctrl-A/E/K/U/W, Tab completion (`completer`), Ctrl-C to drop
/// the line and Ctrl-D to leave.
/// (readline and libedit are not among our dependencies, and this is all a
/// debugger prompt needs.)
import Glibc

public final class LineEditor {
    public private(set) var history: [String] = []
    private let historyLimit = 1000
    private let input: Int32
    private let output: Int32
    /// What Tab completes the text before the cursor to; nil: Tab does nothing.
    public var completer: ((String) -> Completion)?

    public init(input: Int32 = 0, output: Int32 = 1) {
        self.input = input
        self.output = output
    }

    public enum Result: Equatable {
        case line(String)
        /// Ctrl-C: the line is dropped, a new prompt follows.
        case interrupted
        /// Ctrl-D on an empty line, or the end of input.
        case endOfInput
    }

    public func addToHistory(_ line: String) {
        guard !line.isEmpty, history.last != line else { return }
        history.append(line)
        if history.count > historyLimit { history.removeFirst(history.count - historyLimit) }
    }

    /// Reads one line, echoing and editing it in place.
    public func readLine(prompt: String) -> Result {
        var original = termios()
        guard tcgetattr(input, &original) == 0 else { return readPlainLine(prompt: prompt) }
        var raw = original
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        withUnsafeMutableBytes(of: &raw.c_cc) { characters in
            characters[Int(VMIN)] = 1
            characters[Int(VTIME)] = 0
        }
        tcsetattr(input, TCSANOW, &raw)
        // TCSANOW, not TCSAFLUSH: keys typed ahead while the program ran must not be lost.
        defer { tcsetattr(input, TCSANOW, &original) }

        var buffer: [Character] = []
        var cursor = 0
        var historyIndex = history.count
        var draft: [Character] = []
        // A second Tab in a row lists the candidates, as readline does.
        var lastWasTab = false
        emit(prompt)

        func redraw() {
            emit("\r\u{1B}[K" + prompt + String(buffer))
            let back = buffer.count - cursor
            if back > 0 { emit("\u{1B}[\(back)D") }
        }

        while true {
            guard let byte = readByte() else { return .endOfInput }
            let tabPressedBefore = lastWasTab
            lastWasTab = byte == 9
            switch byte {
            case 9:
                guard let completer else { break }
                let before = String(buffer[..<cursor])
                let completion = completer(before)
                let completed = Array(completion.completedLine)
                if completion.candidates.isEmpty {
                    emit("\u{07}")
                } else if completion.candidates.count == 1 || completed.count > before.count {
                    buffer.replaceSubrange(..<cursor, with: completed)
                    cursor = completed.count
                } else if tabPressedBefore {
                    emit("\r\n" + completion.candidates.joined(separator: "  ") + "\r\n")
                } else {
                    emit("\u{07}")
                }
            case 13, 10:
                emit("\r\n")
                let line = String(buffer)
                return .line(line)
            case 3:
                emit("^C\r\n")
                return .interrupted
            case 4:
                if buffer.isEmpty {
                    emit("\r\n")
                    return .endOfInput
                }
                if cursor < buffer.count { buffer.remove(at: cursor) }
            case 127, 8:
                if cursor > 0 {
                    buffer.remove(at: cursor - 1)
                    cursor -= 1
                }
            case 1: cursor = 0
            case 5: cursor = buffer.count
            case 11: buffer.removeSubrange(cursor...)
            case 21:
                buffer.removeSubrange(..<cursor)
                cursor = 0
            case 23:
                var start = cursor
                while start > 0 && buffer[start - 1] == " " { start -= 1 }
                while start > 0 && buffer[start - 1] != " " { start -= 1 }
                buffer.removeSubrange(start..<cursor)
                cursor = start
            case 12:
                emit("\u{1B}[H\u{1B}[2J")
            case 27:
                guard let next = readByte(), next == 91 || next == 79, let code = readByte() else { break }
                switch code {
                case 65:  // up
                    if historyIndex > 0 {
                        if historyIndex == history.count { draft = buffer }
                        historyIndex -= 1
                        buffer = Array(history[historyIndex])
                        cursor = buffer.count
                    }
                case 66:  // down
                    if historyIndex < history.count {
                        historyIndex += 1
                        buffer = historyIndex == history.count ? draft : Array(history[historyIndex])
                        cursor = buffer.count
                    }
                case 67: cursor = min(buffer.count, cursor + 1)
                case 68: cursor = max(0, cursor - 1)
                case 72: cursor = 0
                case 70: cursor = buffer.count
                case 51:  // delete: ESC [ 3 ~
                    _ = readByte()
                    if cursor < buffer.count { buffer.remove(at: cursor) }
                default: break
                }
            default:
                guard byte >= 32 else { break }
                let scalar = decodeUTF8(startingWith: byte)
                buffer.insert(Character(scalar), at: cursor)
                cursor += 1
            }
            redraw()
        }
    }

    /// Without a terminal: a prompt and a plain line.
    private func readPlainLine(prompt: String) -> Result {
        emit(prompt)
        var bytes: [UInt8] = []
        while let byte = readByte() {
            if byte == 10 { return .line(String(decoding: bytes, as: UTF8.self)) }
            bytes.append(byte)
        }
        return bytes.isEmpty ? .endOfInput : .line(String(decoding: bytes, as: UTF8.self))
    }

    private func decodeUTF8(startingWith first: UInt8) -> Unicode.Scalar {
        let extra = first >= 0xF0 ? 3 : first >= 0xE0 ? 2 : first >= 0xC0 ? 1 : 0
        var bytes = [first]
        for _ in 0..<extra { if let next = readByte() { bytes.append(next) } }
        return String(decoding: bytes, as: UTF8.self).unicodeScalars.first ?? "?"
    }

    private func readByte() -> UInt8? {
        var byte: UInt8 = 0
        while true {
            let count = read(input, &byte, 1)
            if count == 1 { return byte }
            if count < 0 && errno == EINTR { continue }
            return nil
        }
    }

    private func emit(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { write(output, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
