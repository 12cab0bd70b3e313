/// What ties the three code panes together: which ops the listing attributes
/// to each source line, and which line each op belongs to. The source pane's
/// cursor highlights a line's ops and their instructions; the wasm or machine
/// pane's cursor highlights its op's line, op and instructions.
import Debugger

public struct CodeCorrelation: Sendable {
    /// Source line → module offsets of the ops under it (a line can come back, in loops).
    public private(set) var offsetsByLine: [Int: [Int]] = [:]
    /// Module offset of an op → its source line.
    public private(set) var lineByOffset: [Int: Int] = [:]

    /// Lines from files other than `sourceFile` (inlined headers) correlate with nothing.
    public init(listing: FunctionDisassembly?, sourceFile: String?) {
        guard let listing else { return }
        var currentLine: Int?
        for line in listing.lines {
            switch line.kind {
            case .source(let file, let number, _):
                currentLine = sourceFile.map { Self.sameFile($0, file) } == true ? number : nil
            case .op(let offset, _, _, _):
                if let currentLine {
                    offsetsByLine[currentLine, default: []].append(offset)
                    lineByOffset[offset] = currentLine
                }
            case .machine:
                break
            }
        }
    }

    /// DWARF may record a path relative to the compilation directory.
    static func sameFile(_ first: String, _ second: String) -> Bool {
        first == second || first.hasSuffix("/" + second) || second.hasSuffix("/" + first)
    }

    /// What the cursor of `pane` selects, as a set of related places.
    public func selection(sourceLine: Int) -> CodeSelection {
        CodeSelection(sourceLine: sourceLine, moduleOffsets: Set(offsetsByLine[sourceLine] ?? []))
    }

    public func selection(moduleOffset: Int) -> CodeSelection {
        CodeSelection(sourceLine: lineByOffset[moduleOffset], moduleOffsets: [moduleOffset])
    }
}

/// Places highlighted together in the code panes.
public struct CodeSelection: Sendable, Equatable {
    public var sourceLine: Int?
    public var moduleOffsets: Set<Int>

    public init(sourceLine: Int? = nil, moduleOffsets: Set<Int> = []) {
        self.sourceLine = sourceLine
        self.moduleOffsets = moduleOffsets
    }

    public static let none = CodeSelection()
}
