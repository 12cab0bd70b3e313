/// One frame of a symbolicated backtrace, as trap reports, the debugger's
/// `bt` and the profiler print it: `0x1a2 demo.wasm!divide at demo.c:12:9`.
import DWARF

public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    init(_ location: SourceLocation) {
        self.init(file: location.file, line: location.line, column: location.column)
    }

    /// `file:line:column`, or `file:line` where DWARF has no column.
    public var description: String { column > 0 ? "\(file):\(line):\(column)" : "\(file):\(line)" }
}

public struct SymbolicatedFrame: Sendable {
    public var moduleOffset: Int?
    public var moduleName: String
    public var functionName: String
    public var source: SourcePosition?
    /// A function the compiler inlined into the wasm function of the next frame.
    public var isInlined: Bool

    public init(
        moduleOffset: Int?, moduleName: String, functionName: String, source: SourcePosition? = nil,
        isInlined: Bool = false
    ) {
        self.moduleOffset = moduleOffset
        self.moduleName = moduleName
        self.functionName = functionName
        self.source = source
        self.isInlined = isInlined
    }

    /// `0x1a2 demo.wasm!divide at demo.c:12:9`, with ` [inlined]` for inlined frames.
    public var description: String {
        let offset = moduleOffset.map { "0x" + String($0, radix: 16) } ?? "0x?"
        var text = "\(offset) \(moduleName)!\(functionName)"
        if let source { text += " at \(source)" }
        if isInlined { text += " [inlined]" }
        return text
    }
}
