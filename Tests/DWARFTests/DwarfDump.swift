/// Just enough of llvm-dwarfdump's text output to compare against: the DIE
/// tree of `--debug-info`, the tables of `--debug-line`, `--debug-addr`.
import Foundation

/// One DIE of `--debug-info`, with its attributes as llvm-dwarfdump printed them.
struct DumpEntry {
    let offset: UInt64
    let tag: String
    var attributes: [String: String] = [:]
    var parent: Int?
    var children: [Int] = []

    /// The first quoted string in an attribute: a name, or the name after a reference.
    func quoted(_ attribute: String) -> String? {
        guard let value = attributes[attribute], let start = value.firstIndex(of: "\"") else { return nil }
        let rest = value[value.index(after: start)...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    func number(_ attribute: String) -> UInt64? {
        guard let value = attributes[attribute] else { return nil }
        return DwarfDump.parseNumber(value.trimmingCharacters(in: .whitespaces))
    }

    /// DW_AT_name, or the name of what DW_AT_abstract_origin / DW_AT_specification refer to.
    var name: String? { quoted("DW_AT_name") ?? quoted("DW_AT_abstract_origin") ?? quoted("DW_AT_specification") }

    /// `[low, high)` ranges from low_pc/high_pc or a DW_AT_ranges list; dead code left out.
    var ranges: [Range<UInt64>] {
        if let value = attributes["DW_AT_ranges"] { return DwarfDump.ranges(in: value).map(\.range) }
        guard let low = number("DW_AT_low_pc"), let high = number("DW_AT_high_pc") else { return [] }
        return [low..<high]
    }
}

/// A location as printed: one expression, or list entries with their ranges.
enum DumpLocation {
    case expression(String)
    case list([(range: Range<UInt64>, expression: String)])
}

enum DwarfDump {
    static func parseNumber(_ text: String) -> UInt64? {
        text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
    }

    /// Every `[0x…, 0x…)` in a value, with what follows `): ` on its line.
    static func ranges(in value: String) -> [(range: Range<UInt64>, rest: String)] {
        var result: [(Range<UInt64>, String)] = []
        for line in value.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("["), let close = trimmed.firstIndex(of: ")") else { continue }
            let bounds = trimmed[trimmed.index(after: trimmed.startIndex)..<close].split(separator: ",")
            guard bounds.count == 2,
                let low = parseNumber(bounds[0].trimmingCharacters(in: .whitespaces)),
                let high = parseNumber(bounds[1].trimmingCharacters(in: .whitespaces))
            else { continue }
            var rest = String(trimmed[trimmed.index(after: close)...])
            if rest.hasPrefix(":") { rest.removeFirst() }
            rest = rest.trimmingCharacters(in: .whitespaces)
            result.append((low..<high, rest))
        }
        return result
    }

    static func location(_ value: String) -> DumpLocation {
        guard value.contains("\n") || value.contains("loclist") || value.hasPrefix("0x") else {
            return .expression(value)
        }
        let entries = ranges(in: value).map { entry -> (range: Range<UInt64>, expression: String) in
            var expression = entry.rest
            // The last entry carries the attribute's closing parenthesis.
            if expression.hasSuffix(")") { expression.removeLast() }
            return (entry.range, expression)
        }
        return .list(entries)
    }

    /// Parses `--debug-info` into entries linked to their parents.
    static func entries(_ text: String) -> [DumpEntry] {
        var entries: [DumpEntry] = []
        var stack: [(indent: Int, index: Int)] = []
        var currentAttribute: (name: String, text: String, depth: Int)?

        func finishAttribute() {
            guard let attribute = currentAttribute, !entries.isEmpty else { return }
            var value = attribute.text
            // Drop the closing parenthesis that balances the one after the name.
            if value.hasSuffix(")") { value.removeLast() }
            entries[entries.count - 1].attributes[attribute.name] = value
            currentAttribute = nil
        }

        func balance(_ text: Substring) -> Int {
            var depth = 0
            var inString = false
            for character in text {
                if character == "\"" { inString.toggle() }
                if inString { continue }
                if character == "(" || character == "[" { depth += 1 }
                if character == ")" || character == "]" { depth -= 1 }
            }
            return depth
        }

        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine
            if var attribute = currentAttribute {
                attribute.text += "\n" + line
                attribute.depth += balance(line)
                currentAttribute = attribute
                if attribute.depth <= 0 { finishAttribute() }
                continue
            }
            if line.hasPrefix("0x"), let colon = line.firstIndex(of: ":") {
                let offsetText = String(line[..<colon])
                let rest = line[line.index(after: colon)...]
                let indent = rest.prefix { $0 == " " }.count
                let body = rest.dropFirst(indent)
                guard let offset = parseNumber(offsetText) else { continue }
                if body.hasPrefix("NULL") {
                    if let last = stack.last, last.indent >= indent { stack.removeLast() }
                    continue
                }
                guard body.hasPrefix("DW_TAG_") else { continue }
                let tag = String(body.prefix { $0 != " " && $0 != "\t" })
                while let last = stack.last, last.indent >= indent { stack.removeLast() }
                var entry = DumpEntry(offset: offset, tag: tag)
                entry.parent = stack.last?.index
                entries.append(entry)
                let index = entries.count - 1
                if let parent = entry.parent { entries[parent].children.append(index) }
                stack.append((indent, index))
                continue
            }
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("DW_AT_"), let open = trimmed.firstIndex(of: "(") else { continue }
            let name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            let valueText = trimmed[trimmed.index(after: open)...]
            currentAttribute = (name, String(valueText), 1 + balance(valueText))
            if currentAttribute!.depth <= 0 { finishAttribute() }
        }
        return entries
    }

    struct LineRow: Hashable {
        var address: UInt64
        var line: Int
        var column: Int
        var file: String
        var isStatement: Bool
        var prologueEnd: Bool
        var endSequence: Bool
    }

    /// Every row of every table in `--debug-line`, with full file paths built the
    /// way llvm does: a relative name joins its directory, a relative directory the
    /// compilation directory of the unit whose DW_AT_stmt_list names the table.
    static func lineRows(_ text: String, compilationDirectories: [UInt64: String]) -> [LineRow] {
        var rows: [LineRow] = []
        var directories: [Int: String] = [:]
        var files: [Int: (name: String, directory: Int)] = [:]
        var pendingFile: Int?
        var version = 4
        var compilationDirectory = ""
        for rawLine in text.split(separator: "\n") {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("debug_line[") {
                directories = [:]
                files = [:]
                let offsetText = line.dropFirst("debug_line[".count).prefix { $0 != "]" }
                compilationDirectory = parseNumber(String(offsetText)).flatMap { compilationDirectories[$0] } ?? ""
            } else if line.hasPrefix("version:") {
                version = Int(line.dropFirst("version:".count).trimmingCharacters(in: .whitespaces)) ?? 4
            } else if line.hasPrefix("include_directories[") {
                let index = Int(line.dropFirst("include_directories[".count).prefix { $0 != "]" }.trimmingCharacters(in: .whitespaces))
                if let index, let value = quotedValue(line) { directories[index] = value }
            } else if line.hasPrefix("file_names[") {
                pendingFile = Int(line.dropFirst("file_names[".count).prefix { $0 != "]" }.trimmingCharacters(in: .whitespaces))
            } else if line.hasPrefix("name:"), let index = pendingFile, let value = quotedValue(line) {
                files[index] = (value, 0)
            } else if line.hasPrefix("dir_index:"), let index = pendingFile {
                files[index]?.directory = Int(line.dropFirst("dir_index:".count).trimmingCharacters(in: .whitespaces)) ?? 0
            } else if line.hasPrefix("0x") {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard fields.count >= 6, let address = parseNumber(String(fields[0])), let lineNumber = Int(fields[1]),
                    let column = Int(fields[2]), let fileIndex = Int(fields[3])
                else { continue }
                let flags = Set(fields.dropFirst(6).map(String.init))
                let path = files[fileIndex].map { file -> String in
                    if file.name.hasPrefix("/") { return file.name }
                    var directory =
                        version < 5 && file.directory == 0 ? compilationDirectory : directories[file.directory] ?? ""
                    if !directory.hasPrefix("/") && !(version >= 5 && file.directory == 0) {
                        directory = compilationDirectory + "/" + directory
                    }
                    return directory + "/" + file.name
                } ?? "?"
                rows.append(
                    LineRow(
                        address: address, line: lineNumber, column: column, file: path,
                        isStatement: flags.contains("is_stmt"), prologueEnd: flags.contains("prologue_end"),
                        endSequence: flags.contains("end_sequence")))
            }
        }
        return rows
    }

    private static func quotedValue(_ line: String) -> String? {
        guard let start = line.firstIndex(of: "\"") else { return nil }
        let rest = line[line.index(after: start)...]
        guard let end = rest.lastIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    /// DW_AT_stmt_list → DW_AT_comp_dir of each unit.
    static func compilationDirectories(_ entries: [DumpEntry]) -> [UInt64: String] {
        var result: [UInt64: String] = [:]
        for entry in entries where entry.tag == "DW_TAG_compile_unit" {
            if let offset = entry.number("DW_AT_stmt_list") { result[offset] = entry.quoted("DW_AT_comp_dir") ?? "" }
        }
        return result
    }

    /// `--debug-addr`: each table's entries keyed by the offset its units' DW_AT_addr_base
    /// holds (just past its 8-byte header). Tables follow each other; their offsets
    /// are not printed, so they are summed from the lengths.
    static func addressTables(_ text: String) -> [UInt64: [UInt64]] {
        var tables: [UInt64: [UInt64]] = [:]
        var current: UInt64?
        var nextTableOffset: UInt64 = 0
        for rawLine in text.split(separator: "\n") {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("Address table header"), let range = line.range(of: "length = ") {
                let lengthText = line[range.upperBound...].prefix { $0 != "," }
                let length = parseNumber(String(lengthText)) ?? 0
                current = nextTableOffset + 8
                tables[nextTableOffset + 8] = []
                nextTableOffset += 4 + length
            } else if let table = current, line.hasPrefix("0x"), let value = parseNumber(line) {
                tables[table, default: []].append(value)
            }
        }
        return tables
    }
}
