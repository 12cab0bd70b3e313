/// Setting, changing and removing breakpoints and watchpoints. A breakpoint is
/// resolved to machine addresses when it is set (the module is compiled from
/// the start), so it works before `run` and in functions not yet called.
import DebugExpressions
import DWARF

extension DebugSession {
    /// Sets a breakpoint; `file` of a bare line number defaults to the file of
    /// the selected frame, else of `main`.
    @discardableResult
    public func addBreakpoint(
        _ location: BreakpointLocation, temporary: Bool = false, condition: String? = nil
    ) throws(DebuggerError) -> Breakpoint {
        if let condition {
            do { _ = try Expression.parse(condition) } catch { throw DebuggerError(error.description) }
        }
        let sites = try resolve(location)
        for site in sites { retainPatch(at: site.machineAddress) }
        return appendBreakpoint { number in
            var breakpoint = Breakpoint(number: number, kind: .breakpoint(location), sites: sites)
            breakpoint.isTemporary = temporary
            breakpoint.condition = condition
            return breakpoint
        }
    }

    /// Where a location is in machine code, without setting anything (for `disassemble`, `list`).
    public func resolveLocation(_ location: BreakpointLocation) throws(DebuggerError) -> [BreakpointSite] {
        try resolve(location)
    }

    func resolve(_ location: BreakpointLocation) throws(DebuggerError) -> [BreakpointSite] {
        switch location {
        case .sourceLine(let file, let line):
            guard codeMap.debugInfo != nil else { throw DebuggerError("No symbol table is loaded (the module has no DWARF).") }
            guard let file = file ?? defaultSourceFile() else { throw DebuggerError("No default source file; use FILE:LINE.") }
            guard let found = codeMap.addresses(file: file, line: line) else {
                throw DebuggerError("No line \(line) in file \"\(file)\".")
            }
            return found.addresses.map { site(at: $0, fallbackLine: (found.file, found.line)) }
        case .function(let name):
            guard let found = codeMap.functionBreakpointAddress(named: name) else {
                throw DebuggerError("Function \"\(name)\" not defined.")
            }
            return [site(at: found.address, fallbackLine: nil)]
        case .moduleOffset(let offset):
            guard let address = codeMap.stopAddress(ofModuleOffset: offset) else {
                throw DebuggerError("No wasm op at module offset 0x\(String(offset, radix: 16)).")
            }
            return [site(at: address, fallbackLine: nil)]
        case .machineAddress(let address):
            guard codeMap.isModuleCode(address) else {
                throw DebuggerError("Cannot insert breakpoint at 0x\(String(address, radix: 16)): not in the module's code.")
            }
            return [site(at: address, fallbackLine: nil)]
        }
    }

    private func site(at address: UInt, fallbackLine: (String, Int)?) -> BreakpointSite {
        let offset = codeMap.moduleOffset(atMachineAddress: address)
        let function = codeMap.function(atMachineAddress: address)
        let name = function.map { codeMap.symbolizer.functionName($0.functionIndex) } ?? "??"
        var source = offset.flatMap { codeMap.sourceLocation(ofModuleOffset: $0) }.map {
            SourcePositionText(file: $0.file, line: $0.line)
        }
        if source == nil, let fallbackLine { source = SourcePositionText(file: fallbackLine.0, line: fallbackLine.1) }
        return BreakpointSite(machineAddress: address, moduleOffset: offset, functionName: name, source: source)
    }

    /// The file a bare `break LINE` or `list` means: the selected frame's, else main's.
    public func defaultSourceFile() -> String? {
        if let source = selectedFrame?.source { return source.file }
        guard let debugInfo, let main = debugInfo.function(named: "main") else { return nil }
        return debugInfo.sourceLocation(at: main.lowPC)?.file ?? main.declFile
    }

    public func deleteBreakpoint(_ number: Int) throws(DebuggerError) {
        guard let breakpoint = removeBreakpointRecord(number) else {
            throw DebuggerError("No breakpoint number \(number).")
        }
        switch breakpoint.kind {
        case .breakpoint:
            if breakpoint.isEnabled { for site in breakpoint.sites { releasePatch(at: site.machineAddress) } }
        case .watchpoint(_, _, _, let id):
            if breakpoint.isEnabled { execution?.removeWatch(id) }
        }
    }

    public func deleteAllBreakpoints() {
        for breakpoint in breakpoints { try? deleteBreakpoint(breakpoint.number) }
    }

    public func setEnabled(_ number: Int, _ enabled: Bool) throws(DebuggerError) {
        guard let breakpoint = breakpoints.first(where: { $0.number == number }) else {
            throw DebuggerError("No breakpoint number \(number).")
        }
        guard breakpoint.isEnabled != enabled else { return }
        switch breakpoint.kind {
        case .breakpoint:
            for site in breakpoint.sites {
                if enabled { retainPatch(at: site.machineAddress) } else { releasePatch(at: site.machineAddress) }
            }
            update(number) { $0.isEnabled = enabled }
        case .watchpoint(let expression, let address, let length, let id):
            var newID = id
            if enabled {
                newID = execution?.addWatch(address: address, length: length) ?? -1
            } else {
                execution?.removeWatch(id)
            }
            update(number) {
                $0.isEnabled = enabled
                $0.kind = .watchpoint(expression: expression, address: address, length: length, executionID: newID)
            }
        }
    }

    public func setCondition(_ number: Int, _ condition: String?) throws(DebuggerError) {
        guard breakpoints.contains(where: { $0.number == number }) else {
            throw DebuggerError("No breakpoint number \(number).")
        }
        if let condition {
            do { _ = try Expression.parse(condition) } catch { throw DebuggerError(error.description) }
        }
        update(number) { $0.condition = condition }
    }

    public func setIgnoreCount(_ number: Int, _ count: Int) throws(DebuggerError) {
        guard breakpoints.contains(where: { $0.number == number }) else {
            throw DebuggerError("No breakpoint number \(number).")
        }
        update(number) { $0.ignoreCount = max(0, count) }
    }

    /// `watch EXPR`: a write watchpoint on the bytes of an lvalue in linear memory.
    @discardableResult
    public func addWatchpoint(_ expression: String) throws(DebuggerError) -> Breakpoint {
        let execution = try stoppedExecution()
        let value = try evaluate(expression)
        guard case .memory(let address) = value.storage else {
            throw DebuggerError("Cannot watch \"\(expression)\": it is not in linear memory (a wasm local or a constant).")
        }
        let length = max(1, value.type.byteSize ?? 4)
        let id = execution.addWatch(address: address, length: length)
        return appendBreakpoint { number in
            Breakpoint(
                number: number, kind: .watchpoint(expression: expression, address: address, length: length, executionID: id),
                sites: [])
        }
    }
}
