/// Copies what the panes show out of a stopped (or not yet started) session.
/// Runs on the session controller's thread only.
import DWARF
import DebugCommands
import Debugger
import Foundation
import WasmRuntime

struct SnapshotBuilder {
    let session: DebugSession
    /// Listings by function index: disassembling is the expensive part, and
    /// the compiled code never changes during a session.
    var listings: [UInt32: FunctionDisassembly] = [:]
    var generation = 0
    /// Functions, files and globals for Tab completion: they never change
    /// during a session, so they are gathered once (`loadCompletionSymbols`).
    var sessionSymbols = CompletionSymbols()
    /// Memory the pane read since the program last stopped, and what it read
    /// at the stop before: the bytes that differ between the two are the
    /// ones the last run of the program changed.
    private var memoryAtThisStop: [DebuggerSnapshot.MemoryBlock] = []
    private var memoryAtPreviousStop: [DebuggerSnapshot.MemoryBlock] = []
    /// Bounds what is kept per stop when the user scrolls through memory.
    static let maximumBlocksPerStop = 16

    init(session: DebugSession) {
        self.session = session
    }

    /// The program is about to run again: memory read so far becomes the
    /// previous stop's, to compare the next stop's with.
    mutating func beginNewStop() {
        memoryAtPreviousStop = memoryAtThisStop
        memoryAtThisStop = []
    }

    mutating func loadCompletionSymbols() {
        sessionSymbols = CompletionSymbols(sessionWideNamesOf: session)
    }

    /// - Parameters:
    ///   - shownFunction: a function the user went to (`g NAME`); nil: the selected frame's.
    ///   - memory: the memory pane's address and the expression it came from.
    ///   - expandedLocals: the locals pane rows (expressions) shown expanded.
    ///   - watches: the watch expressions, in the order they were added.
    mutating func build(
        shownFunction: UInt32?, memory: (address: UInt64, expression: String)?, expandedLocals: Set<String> = [],
        watches: [String] = []
    ) -> DebuggerSnapshot {
        generation += 1
        var snapshot = DebuggerSnapshot()
        snapshot.generation = generation
        snapshot.state = session.state
        snapshot.programName = session.specification.modulePath.split(separator: "/").last.map(String.init) ?? ""
        let stopped = session.state.isStopped
        let frames = stopped ? session.frames() : []
        snapshot.frames = frames.map { frame in
            DebuggerSnapshot.Frame(
                functionName: frame.functionName, file: frame.source?.file, line: frame.source?.line,
                moduleOffset: frame.moduleOffset, pc: frame.pc, isInlined: frame.isInlined, hostCall: frame.hostCall)
        }
        snapshot.selectedFrameIndex = min(session.selectedFrameIndex, max(0, frames.count - 1))
        let selected = stopped ? session.selectedFrame : nil

        // The code panes: the chosen function, else the selected frame's, else main's.
        let functionIndex =
            shownFunction ?? selected.flatMap { frame in
                frame.wasmFrame.module === session.module ? frame.wasmFrame.functionIndex : nil
            } ?? session.codeMap.functionBreakpointAddress(named: "main")?.functionIndex
            ?? session.codeMap.functionBreakpointAddress(named: "_start")?.functionIndex
        var listing: FunctionDisassembly?
        if let functionIndex {
            listing = listings[functionIndex] ?? (try? session.disassemblyListing(ofFunction: functionIndex))
            listings[functionIndex] = listing
        }
        var sourceFile: String?
        if let selected, let file = selected.source?.file, shownFunction == nil || listing?.functionIndex == selected.wasmFrame.functionIndex {
            sourceFile = file
        }
        if sourceFile == nil, let first = listing?.lines.first(where: \.isSource), case .source(let file, _, _) = first.kind {
            sourceFile = file
        }
        if sourceFile == nil, listing == nil { sourceFile = session.defaultSourceFile() }
        let lines = sourceFile.flatMap { session.sourceText.lines(of: $0) }?.map(String.init) ?? []
        snapshot.code = DebuggerSnapshot.Code(listing: listing, sourceFile: sourceFile, sourceLines: lines)

        snapshot.breakpoints = session.breakpoints.flatMap { breakpoint in
            breakpoint.sites.map { site in
                DebuggerSnapshot.BreakpointMark(
                    number: breakpoint.number, isEnabled: breakpoint.isEnabled, machineAddress: site.machineAddress,
                    moduleOffset: site.moduleOffset, file: site.source?.file, line: site.source?.line)
            }
        }

        if let selected {
            var roots: [(variable: DebuggerSnapshot.Variable, children: LocalChildren)] = []
            for parameters in [true, false] {
                for variable in (try? session.variables(of: selected, parameters: parameters)) ?? [] {
                    let summary = variable.value.map { session.summary($0) }
                    let value = summary ?? "<\(variable.unavailableReason ?? "optimized out")>"
                    roots.append(
                        (
                            DebuggerSnapshot.Variable(
                                name: variable.variable.name, type: variable.variable.type.description, value: value,
                                isParameter: parameters),
                            variable.value.map { Self.children(of: $0.type, summary: summary ?? "") } ?? .none
                        ))
                }
            }
            snapshot.variables = LocalsTree.rows(roots: roots, expanded: expandedLocals, evaluate: evaluateNode)
            if let execution = session.execution {
                snapshot.registers = execution.registers.namedValues
                snapshot.operandStack = (execution.operandStack(of: selected.wasmFrame) ?? []).map(Self.describe)
            }
        }

        snapshot.watches = watchRows(watches, expanded: expandedLocals)
        snapshot.completionSymbols = sessionSymbols
        snapshot.completionSymbols.locals = snapshot.variables.filter { $0.depth == 0 }.map(\.name)

        if let memory {
            var block = readMemory(at: memory.address, expression: memory.expression)
            block.changed = changedOffsets(of: block)
            remember(block)
            snapshot.memory = block
        }
        return snapshot
    }

    private func evaluateNode(_ expression: String) -> LocalNode? {
        guard let value = try? session.evaluate(expression) else { return nil }
        let summary = session.summary(value)
        return LocalNode(value: summary, type: value.type.description, children: Self.children(of: value.type, summary: summary))
    }

    /// Each watch (a `DisplayExpression`'s text: `n`, `/x n`) evaluated in the
    /// selected frame; one that cannot be (no such symbol, not stopped) shows
    /// the reason as its value. A row is named by its text and expands its
    /// expression, so `/x s` expands like `s`.
    private func watchRows(_ labels: [String], expanded: Set<String>) -> [DebuggerSnapshot.Variable] {
        guard !labels.isEmpty else { return [] }
        let stopped = session.state.isStopped
        let roots = labels.map { label -> (variable: DebuggerSnapshot.Variable, children: LocalChildren) in
            var row = DebuggerSnapshot.Variable(name: label, type: "", value: "", isParameter: false)
            guard stopped else {
                row.value = "<the program is not stopped>"
                return (row, .none)
            }
            do {
                let display = try DisplayExpression(parsing: label)
                row.expression = display.expression
                let value = try session.evaluate(display.expression)
                row.value = try display.watchText(of: value, in: session)
                row.type = value.type.description
                return (row, Self.children(of: value.type, summary: session.summary(value)))
            } catch {
                row.value = Self.inlineError(String(describing: error))
                return (row, .none)
            }
        }
        return LocalsTree.rows(roots: roots, expanded: expanded, evaluate: evaluateNode)
    }

    /// `No symbol "x" in current context.` → `<no symbol "x" in current context>`: an error read as a value.
    static func inlineError(_ message: String) -> String {
        var text = message.split(separator: "\n").first.map(String.init) ?? message
        while text.hasSuffix(".") { text.removeLast() }
        if let first = text.first, first.isUppercase, !(text.dropFirst().first?.isUppercase ?? false) {
            text = first.lowercased() + text.dropFirst()
        }
        return "<" + text + ">"
    }

    /// Offsets in `block` whose byte differs from the same address's at the previous stop.
    private func changedOffsets(of block: DebuggerSnapshot.MemoryBlock) -> Set<Int> {
        var changed: Set<Int> = []
        let start = block.address
        let end = start + UInt64(block.bytes.count)
        for earlier in memoryAtPreviousStop where !earlier.bytes.isEmpty {
            let earlierEnd = earlier.address + UInt64(earlier.bytes.count)
            let low = max(start, earlier.address)
            let high = min(end, earlierEnd)
            guard low < high else { continue }
            for address in low..<high
            where block.bytes[Int(address - start)] != earlier.bytes[Int(address - earlier.address)] {
                changed.insert(Int(address - start))
            }
        }
        return changed
    }

    /// Keeps what the pane read at this stop (the newest read of an address wins).
    private mutating func remember(_ block: DebuggerSnapshot.MemoryBlock) {
        guard !block.bytes.isEmpty else { return }
        memoryAtThisStop.removeAll { $0.address == block.address }
        memoryAtThisStop.append(DebuggerSnapshot.MemoryBlock(address: block.address, bytes: block.bytes, expression: ""))
        if memoryAtThisStop.count > Self.maximumBlocksPerStop { memoryAtThisStop.removeFirst() }
    }

    /// What a value of `type` expands into in the locals pane; `summary` is
    /// its text, which tells a null pointer.
    static func children(of type: DebugType, summary: String) -> LocalChildren {
        switch type.resolved.kind {
        case .composite(let composite):
            return .members(composite.members.compactMap(\.name).filter { !$0.isEmpty })
        case .array(let array):
            guard let count = array.dimensions.first ?? nil, count > 0 else { return .none }
            return .elements(count: count)
        case .pointer(let target):
            switch target.resolved.kind {
            case .void, .subroutine, .unspecified, .unknown: return .none
            default: break
            }
            if isNull(summary) { return .none }
            return .pointee
        default:
            return .none
        }
    }

    /// `0x0`, possibly with something after it (`0x0 <sym>`), is null.
    static func isNull(_ summary: String) -> Bool {
        let text = summary.hasPrefix("(") ? String(summary.drop(while: { $0 != ")" }).dropFirst().drop(while: { $0 == " " })) : summary
        guard text.hasPrefix("0x0") else { return false }
        let next = text.dropFirst(3).first
        return next == nil || !(next!.isHexDigit)
    }

    /// Reads up to 4 KiB, less at the end of linear memory.
    func readMemory(at address: UInt64, expression: String) -> DebuggerSnapshot.MemoryBlock {
        var count = 4096
        while count >= 16 {
            if let bytes = try? session.readMemory(address: address, count: count) {
                return DebuggerSnapshot.MemoryBlock(address: address, bytes: bytes, expression: expression)
            }
            count /= 2
        }
        let reason = session.state.isLive ? "Cannot access memory at \(hex(address))" : "(the program is not running)"
        return DebuggerSnapshot.MemoryBlock(address: address, bytes: [], expression: expression, error: reason)
    }

    static func describe(_ value: Value) -> String {
        switch value {
        case .i32(let bits): "i32 \(Int32(bitPattern: bits))"
        case .i64(let bits): "i64 \(Int64(bitPattern: bits))"
        case .f32(let bits): "f32 \(Float(bitPattern: bits))"
        case .f64(let bits): "f64 \(Double(bitPattern: bits))"
        case .v128(let vector): "v128 \(vector)"
        case .funcref(let reference): reference.map { "funcref \(hex($0.address))" } ?? "funcref null"
        case .externref(let reference): reference.map { "externref \($0)" } ?? "externref null"
        }
    }
}
