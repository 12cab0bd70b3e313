/// Where a script's parentheses stop matching. The WAT library's script
/// parser ends quietly at a `)` with no `(` to close: every directive after
/// it would be skipped, passing nothing and failing nothing. Checking the
/// balance first turns that into a failure at the line of the stray `)`.
///
/// Strings (`"..."` with `\` escapes), line comments (`;;`) and nested block
/// comments (`(; ... ;)`) hold no parentheses.
enum ParenthesisBalance {
    enum Problem: Equatable {
        /// A `)` closing nothing, at this line.
        case strayClose(line: Int)
        /// A `(` at this line still open at the end of the script.
        case unclosedOpen(line: Int)
    }

    static func firstProblem(in source: String) -> Problem? {
        let bytes = Array(source.utf8)
        var openLines: [Int] = []
        var line = 1
        var index = 0
        var commentDepth = 0
        func at(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") { line += 1 }
            if commentDepth > 0 {
                if byte == UInt8(ascii: "("), at(1) == UInt8(ascii: ";") {
                    commentDepth += 1
                    index += 2
                } else if byte == UInt8(ascii: ";"), at(1) == UInt8(ascii: ")") {
                    commentDepth -= 1
                    index += 2
                } else {
                    index += 1
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "(") where at(1) == UInt8(ascii: ";"):
                commentDepth = 1
                index += 2
                continue
            case UInt8(ascii: ";") where at(1) == UInt8(ascii: ";"):
                while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
                continue
            case UInt8(ascii: "\""):
                index += 1
                while index < bytes.count && bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\n") { line += 1 }
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
            case UInt8(ascii: "("):
                openLines.append(line)
            case UInt8(ascii: ")"):
                if openLines.popLast() == nil { return .strayClose(line: line) }
            default:
                break
            }
            index += 1
        }
        return openLines.first.map { .unclosedOpen(line: $0) }
    }
}
