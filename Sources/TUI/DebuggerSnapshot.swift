/// Everything the panes show about the session, copied out of it in one go
/// on the session's thread. The UI thread only ever reads snapshots, so it
/// never touches the session while the guest runs.
import DebugCommands
import Debugger

public struct DebuggerSnapshot: Sendable {
    public struct Frame: Sendable, Equatable {
        public var functionName: String
        public var file: String?
        public var line: Int?
        public var moduleOffset: Int?
        public var pc: UInt
        public var isInlined: Bool
        public var hostCall: String?

        public init(
            functionName: String, file: String? = nil, line: Int? = nil, moduleOffset: Int? = nil, pc: UInt = 0,
            isInlined: Bool = false, hostCall: String? = nil
        ) {
            self.functionName = functionName
            self.file = file
            self.line = line
            self.moduleOffset = moduleOffset
            self.pc = pc
            self.isInlined = isInlined
            self.hostCall = hostCall
        }
    }

    /// One resolved place of a breakpoint; a breakpoint with several sites has several.
    public struct BreakpointMark: Sendable, Equatable {
        public var number: Int
        public var isEnabled: Bool
        public var machineAddress: UInt
        public var moduleOffset: Int?
        public var file: String?
        public var line: Int?

        public init(
            number: Int, isEnabled: Bool, machineAddress: UInt, moduleOffset: Int? = nil, file: String? = nil,
            line: Int? = nil
        ) {
            self.number = number
            self.isEnabled = isEnabled
            self.machineAddress = machineAddress
            self.moduleOffset = moduleOffset
            self.file = file
            self.line = line
        }
    }

    public struct Variable: Sendable, Equatable {
        public var name: String
        public var type: String
        public var value: String
        public var isParameter: Bool
        /// What the session evaluates for this row: the name for a variable,
        /// `s.next`, `a[3]`, `*p` for a row shown by expanding another.
        public var expression: String
        /// 0 for a variable, one more per expansion.
        public var depth: Int
        /// A struct, a non-empty array, or a non-null pointer to data.
        public var isExpandable: Bool
        public var isExpanded: Bool

        public init(
            name: String, type: String, value: String, isParameter: Bool, expression: String? = nil, depth: Int = 0,
            isExpandable: Bool = false, isExpanded: Bool = false
        ) {
            self.name = name
            self.type = type
            self.value = value
            self.isParameter = isParameter
            self.expression = expression ?? name
            self.depth = depth
            self.isExpandable = isExpandable
            self.isExpanded = isExpanded
        }
    }

    /// The code the source, wasm and machine panes show: the selected frame's
    /// function, or one the user went to with `g`.
    public struct Code: Sendable {
        public var listing: FunctionDisassembly?
        public var sourceFile: String?
        public var sourceLines: [String]

        public init(listing: FunctionDisassembly?, sourceFile: String?, sourceLines: [String]) {
            self.listing = listing
            self.sourceFile = sourceFile
            self.sourceLines = sourceLines
        }
    }

    public struct MemoryBlock: Sendable, Equatable {
        public var address: UInt64
        public var bytes: [UInt8]
        /// What the user asked for (`&stats`, `0x1000`).
        public var expression: String
        /// Why there are no bytes, when there are none.
        public var error: String?
        /// Offsets (from `address`) of bytes that differ from what the same
        /// address held at the previous stop; only bytes read at both stops.
        public var changed: Set<Int>

        public init(address: UInt64, bytes: [UInt8], expression: String, error: String? = nil, changed: Set<Int> = []) {
            self.address = address
            self.bytes = bytes
            self.expression = expression
            self.error = error
            self.changed = changed
        }
    }

    public var state: SessionState = .notStarted
    public var programName: String = ""
    public var frames: [Frame] = []
    public var selectedFrameIndex = 0
    public var code = Code(listing: nil, sourceFile: nil, sourceLines: [])
    public var breakpoints: [BreakpointMark] = []
    public var variables: [Variable] = []
    /// The watch expressions' rows (the locals pane shows them under a
    /// `Watches` header), expanded like locals; an expression that cannot be
    /// evaluated here has its error as its value.
    public var watches: [Variable] = []
    /// Names Tab completes on the command line: functions, files and globals
    /// (gathered once per session), and the selected frame's variables.
    public var completionSymbols = CompletionSymbols()
    public var registers: [(name: String, value: UInt64)] = []
    public var operandStack: [String] = []
    public var memory: MemoryBlock?
    /// Bumped by every snapshot, so views know what changed.
    public var generation = 0

    public init() {}

    public var selectedFrame: Frame? {
        frames.indices.contains(selectedFrameIndex) ? frames[selectedFrameIndex] : frames.first
    }

    /// The selected frame's position, when the shown code is that frame's function.
    public var currentPC: UInt? {
        guard state.isStopped, let frame = selectedFrame else { return nil }
        guard let listing = code.listing, listing.codeAddresses.contains(frame.pc) else { return nil }
        return frame.pc
    }

    /// The status line's words for the state.
    public var stateDescription: String {
        Self.describe(state)
    }

    public static func describe(_ state: SessionState) -> String {
        switch state {
        case .notStarted: return "not started"
        case .running: return "running"
        case .stopped(let reason):
            switch reason {
            case .breakpoint(let number): return "stopped: breakpoint \(number)"
            case .watchpoint(let number, _, _): return "stopped: watchpoint \(number)"
            case .stepFinished: return "stopped: step"
            case .finished: return "stopped: returned"
            case .paused(let hostCall): return "paused" + (hostCall.map { " in \($0)" } ?? "")
            case .trap(let trap): return "stopped: trap: " + firstLine(trap.description)
            case .conditionError(let number, let message): return "stopped: breakpoint \(number) condition: \(message)"
            }
        case .exited(let status, let trap):
            if let trap { return "exited (\(status)): " + firstLine(trap.description) }
            return "exited with status \(status)"
        }
    }

    /// A trap's first line without its "wasm trap: " prefix (the state already says trap).
    private static func firstLine(_ text: String) -> String {
        let line = String(text.split(separator: "\n", maxSplits: 1).first ?? "")
        return line.hasPrefix("wasm trap: ") ? String(line.dropFirst("wasm trap: ".count)) : line
    }
}
