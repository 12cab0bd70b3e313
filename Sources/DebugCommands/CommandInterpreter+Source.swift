/// list, info source, info line, info functions and disassemble.
import DWARF
import Debugger
import Foundation

extension CommandInterpreter {
    func list(_ arguments: String) throws(DebuggerError) {
        var file: String
        var first: Int
        if arguments.isEmpty {
            if let position = listPosition {
                (file, first) = position
            } else if let frame = session.selectedFrame, let source = frame.source {
                (file, first) = (source.file, max(1, source.line - 5))
            } else if let defaultFile = session.defaultSourceFile(),
                let main = session.debugInfo?.function(named: "main"), let line = main.declLine
            {
                (file, first) = (defaultFile, max(1, line - 5))
            } else {
                throw DebuggerError("No symbol table is loaded.  Use the \"file\" command.")
            }
        } else {
            let location = try parseLocation(arguments)
            let sites = try locationLines(location)
            (file, first) = (sites.file, max(1, sites.line - 5))
        }
        guard let lines = session.sourceText.lines(of: file) else {
            throw DebuggerError("\(first + 5)\tin \(file)")
        }
        guard first <= lines.count else { throw DebuggerError("Line number \(first) out of range; \"\(file)\" has \(lines.count) lines.") }
        let last = min(lines.count, first + 9)
        for number in first...last { say("\(number)\t\(lines[number - 1])") }
        listPosition = (file, last + 1)
    }

    /// The file and line a location names, for `list` and `info line`.
    private func locationLines(_ location: BreakpointLocation) throws(DebuggerError) -> (file: String, line: Int) {
        switch location {
        case .sourceLine(let file, let line):
            guard let file = file.map({ resolveFile($0) }) ?? session.defaultSourceFile() else {
                throw DebuggerError("No default source file.")
            }
            return (file, line)
        case .function(let name):
            guard let info = session.debugInfo?.function(named: name), let line = info.declLine,
                let file = info.declFile ?? session.debugInfo?.sourceLocation(at: info.lowPC)?.file
            else { throw DebuggerError("Function \"\(name)\" not defined.") }
            return (file, line)
        case .moduleOffset(let offset):
            guard let source = session.codeMap.sourceLocation(ofModuleOffset: offset) else {
                throw DebuggerError("No line number information available for address 0x\(String(offset, radix: 16))")
            }
            return (source.file, source.line)
        case .machineAddress(let address):
            guard let offset = session.codeMap.moduleOffset(atMachineAddress: address),
                let source = session.codeMap.sourceLocation(ofModuleOffset: offset)
            else { throw DebuggerError("No line number information available for address 0x\(String(address, radix: 16))") }
            return (source.file, source.line)
        }
    }

    /// A file name as the user typed it, matched against DWARF's full paths.
    private func resolveFile(_ name: String) -> String {
        let files = session.debugInfo?.sourceFiles ?? []
        return files.first { $0 == name || $0.hasSuffix("/" + name) } ?? name
    }

    func infoSource() {
        guard let frame = session.selectedFrame, let source = frame.source else {
            say("No current source file.")
            if let unit = session.debugInfo?.compilationUnits.first { say("(the module has DWARF; its first unit is \(unit.name))") }
            return
        }
        say("Current source file is \(source.file)")
        if let unit = session.debugInfo?.compilationUnits.first(where: { unit in unit.name.map { source.file.hasSuffix($0) || $0.hasSuffix(source.file) } ?? false }) {
            say("Compilation directory is \(unit.compilationDirectory ?? "?")")
            say("Producer is \(unit.producer ?? "?").")
        }
        if let count = session.sourceText.lineCount(of: source.file) { say("Contains \(count) lines.") }
        say("Source language is \(session.debugInfo?.compilationUnits.first?.language.description ?? "unknown").")
    }

    func infoLine(_ arguments: String) throws(DebuggerError) {
        let location: BreakpointLocation
        if arguments.isEmpty {
            guard let frame = session.selectedFrame, let offset = frame.moduleOffset else { throw DebuggerError("No line number information available.") }
            location = .moduleOffset(offset)
        } else {
            location = try parseLocation(arguments)
        }
        let (file, line) = try locationLines(location)
        guard let found = session.codeMap.addresses(file: file, line: line) else {
            say("Line \(line) of \"\(file)\" has no code.")
            return
        }
        let offsets = found.addresses.compactMap { session.codeMap.moduleOffset(atMachineAddress: $0) }
        let listed = zip(found.addresses, offsets).map { "module offset 0x\(String($1, radix: 16)) (machine 0x\(String($0, radix: 16)))" }
        say("Line \(found.line) of \"\(found.file)\" starts at \(listed.joined(separator: ", ")).")
    }

    func infoFunctions(_ pattern: String) {
        let regex = pattern.isEmpty ? nil : try? NSRegularExpression(pattern: pattern)
        var names: [String] = []
        for function in session.module.compiledModule.functions {
            let name = session.codeMap.symbolizer.functionName(function.functionIndex)
            if let regex, regex.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) == nil { continue }
            names.append(name)
        }
        say(pattern.isEmpty ? "All defined functions:" : "All functions matching regular expression \"\(pattern)\":")
        for name in names.sorted() { say("\t\(name)") }
    }

    func disassemble(_ arguments: String) throws(DebuggerError) {
        let function: UInt32
        if arguments.isEmpty {
            guard let frame = session.selectedFrame else { throw DebuggerError("No frame selected.") }
            function = frame.wasmFrame.functionIndex
        } else {
            let location = try parseLocation(arguments)
            let sites = try session.resolveLocation(location)
            guard let site = sites.first, let compiled = session.codeMap.function(atMachineAddress: site.machineAddress) else {
                throw DebuggerError("No function contains specified address.")
            }
            function = compiled.functionIndex
        }
        for line in try session.disassembly(ofFunction: function) { say(line) }
    }
}
