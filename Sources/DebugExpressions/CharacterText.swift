/// Characters and strings the way gdb quotes them.
enum CharacterText {
    /// `'a'`, `'\n'`, `'\000'`, `'\''`.
    static func literal(_ byte: UInt8) -> String { "'" + escaped(byte, quote: 0x27) + "'" }

    /// One byte inside quotes: C's named escapes, the quote and backslash
    /// escaped, other non-printable bytes as three octal digits.
    static func escaped(_ byte: UInt8, quote: UInt8) -> String {
        switch byte {
        case 0x07: return "\\a"
        case 0x08: return "\\b"
        case 0x09: return "\\t"
        case 0x0a: return "\\n"
        case 0x0b: return "\\v"
        case 0x0c: return "\\f"
        case 0x0d: return "\\r"
        case 0x5c: return "\\\\"
        case quote: return "\\" + String(UnicodeScalar(quote))
        case 0x20...0x7e: return String(UnicodeScalar(byte))
        default:
            let digits = String(byte, radix: 8)
            return "\\" + String(repeating: "0", count: 3 - digits.count) + digits
        }
    }

    /// A character: one byte, or the bytes of one printable UTF-8 sequence,
    /// which a UTF-8 terminal shows as they are (gdb does with a UTF-8 host charset).
    private struct Unit: Equatable {
        var bytes: ArraySlice<UInt8>

        func text(quote: UInt8) -> String {
            bytes.count == 1 ? escaped(bytes.first!, quote: quote) : String(decoding: bytes, as: UTF8.self)
        }
    }

    private static func units(_ bytes: ArraySlice<UInt8>) -> [Unit] {
        var units: [Unit] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let length = utf8SequenceLength(bytes, at: index)
            units.append(Unit(bytes: bytes[index..<(index + length)]))
            index += length
        }
        return units
    }

    /// The length of a valid, printable multi-byte UTF-8 sequence at `index`, else 1.
    private static func utf8SequenceLength(_ bytes: ArraySlice<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        let minimum: UInt32
        switch lead {
        case 0xc2...0xdf: (length, minimum) = (2, 0x80)
        case 0xe0...0xef: (length, minimum) = (3, 0x800)
        case 0xf0...0xf4: (length, minimum) = (4, 0x10000)
        default: return 1
        }
        guard index + length <= bytes.endIndex else { return 1 }
        var scalar = UInt32(lead) & (0xff >> UInt32(length + 1))
        for offset in 1..<length {
            let continuation = bytes[index + offset]
            guard continuation & 0xc0 == 0x80 else { return 1 }
            scalar = scalar << 6 | UInt32(continuation & 0x3f)
        }
        // Overlong forms, surrogates and C1 controls stay escaped byte by byte.
        guard scalar >= minimum, scalar >= 0xa0, scalar <= 0x10ffff, Unicode.Scalar(scalar) != nil else { return 1 }
        return length
    }

    /// gdb's `printstr`: quoted runs, a character repeated more than 10 times
    /// as `'x' <repeats 15 times>`, at most 200 characters, then `...`.
    /// `dropsTrailingNul`: a char array's last NUL is not shown (gdb's "traditional" mode).
    static func quoted(_ bytes: ArraySlice<UInt8>, dropsTrailingNul: Bool = false, forcesEllipsis: Bool = false) -> String {
        var bytes = bytes
        if dropsTrailingNul && !forcesEllipsis && bytes.last == 0 { bytes = bytes.dropLast() }
        let units = units(bytes)
        var groups: [(unit: Unit, count: Int)] = []
        var index = 0
        var shown = 0
        var finished = false
        // Like gdb: whole runs count towards the limit, and only reaching the end
        // while under it counts as finished.
        while shown < ValueLimits.printElements {
            guard index < units.count else {
                finished = true
                break
            }
            var count = 1
            while index + count < units.count && units[index + count] == units[index] { count += 1 }
            groups.append((units[index], count))
            index += count
            shown += count
        }
        var text = ""
        var isQuoting = false
        for (position, group) in groups.enumerated() {
            if group.count > ValueLimits.repeatThreshold {
                if isQuoting {
                    text += "\""
                    isQuoting = false
                }
                if position > 0 { text += ", " }
                text += "'" + group.unit.text(quote: 0x27) + "' <repeats \(group.count) times>"
            } else {
                if !isQuoting {
                    if position > 0 { text += ", " }
                    text += "\""
                    isQuoting = true
                }
                text += String(repeating: group.unit.text(quote: 0x22), count: group.count)
            }
        }
        if groups.isEmpty { text = "\"\"" }
        if isQuoting { text += "\"" }
        if forcesEllipsis || !finished { text += "..." }
        return text
    }
}
