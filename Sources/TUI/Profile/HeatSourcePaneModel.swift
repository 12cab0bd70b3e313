/// The function view's source pane: the file the function is defined in,
/// every line with its share of the function's samples, then the lines of
/// other files that samples landed on (code inlined from headers or other
/// units), each under its file's name.
import Profiler
import Symbolication

public struct HeatSourcePaneModel: PaneModel {
    public enum Entry: Sendable, Hashable {
        case line(file: String, number: Int)
        /// Starts the lines of another file.
        case fileHeader(String)
    }

    /// The function's own file, whose lines come first.
    public let file: String?
    public let entries: [Entry]
    private let texts: [String: [String]]
    private let weights: [SourcePosition: Int]
    private let functionWeight: Int

    /// - Parameters:
    ///   - file: the function's file (its DWARF definition), nil to use the heaviest line's.
    public init(file: String?, heat: FunctionHeat?, sources: inout SourceFileCache) {
        let primary = file ?? heat?.lines.first?.source.file
        self.file = primary
        var weights: [SourcePosition: Int] = [:]
        for (source, weight) in heat?.lines ?? [] { weights[source, default: 0] += weight }
        self.weights = weights
        functionWeight = heat?.weight ?? 0
        var texts: [String: [String]] = [:]
        var entries: [Entry] = []
        var sampledByFile: [String: [Int]] = [:]
        for source in weights.keys { sampledByFile[source.file, default: []].append(source.line) }
        if let primary {
            if let lines = sources.lines(of: primary) {
                texts[primary] = lines
                entries = lines.indices.map { .line(file: primary, number: $0 + 1) }
                // Lines past the end (the file changed since the build) still show.
                let pastTheEnd = (sampledByFile[primary] ?? []).filter { $0 > lines.count }.sorted()
                entries += pastTheEnd.map { .line(file: primary, number: $0) }
            } else {
                entries = (sampledByFile[primary] ?? []).sorted().map { .line(file: primary, number: $0) }
            }
        }
        for other in sampledByFile.keys.filter({ $0 != primary }).sorted() {
            if let lines = sources.lines(of: other) { texts[other] = lines }
            entries.append(.fileHeader(other))
            entries += sampledByFile[other]!.sorted().map { .line(file: other, number: $0) }
        }
        self.entries = entries
        self.texts = texts
    }

    public var title: String { "Source" + (file.map { ": " + baseName($0) } ?? "") }
    public var rowCount: Int { entries.count }
    public var emptyText: String { "(no source lines: the module has no DWARF line info)" }

    public func weight(ofRow row: Int) -> Int {
        guard case .line(let file, let number) = entries[row] else { return 0 }
        return weights[SourcePosition(file: file, line: number, column: 0)] ?? 0
    }

    public func row(of entry: Entry) -> Int? { entries.firstIndex(of: entry) }

    /// The row of the line with the most samples.
    public var hottestRow: Int? {
        guard let hottest = weights.max(by: { ($0.value, -$0.key.line) < ($1.value, -$1.key.line) }) else { return nil }
        return row(of: .line(file: hottest.key.file, number: hottest.key.line))
    }

    public func row(at index: Int, width: Int) -> PaneRow {
        switch entries[index] {
        case .fileHeader(let path):
            return PaneRow("        " + baseName(path) + " (inlined code)", style: .dim)
        case .line(let file, let number):
            let share = functionWeight == 0 ? 0 : Double(weight(ofRow: index)) / Double(functionWeight)
            let text = texts[file].flatMap { number <= $0.count ? $0[number - 1] : nil } ?? ""
            let place = file == self.file ? String(number) : baseName(file) + ":" + String(number)
            let numberWidth = max(4, String(texts[file]?.count ?? 0).count)
            let padded = String(repeating: " ", count: max(0, numberWidth - place.count)) + place
            return PaneRow([HeatScale.cell(share: share), (" " + padded + "  ", .dim), (displayText(text), .normal)])
        }
    }
}

private func baseName(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
}
