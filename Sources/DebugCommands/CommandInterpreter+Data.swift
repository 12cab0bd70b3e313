/// print, ptype, whatis, x, set var, find, and the `info` subcommands that
/// show data: locals, args, registers, and the wasm-level state.
import DebugExpressions
import Debugger
import Foundation
import WasmRuntime

extension CommandInterpreter {
    func printCommand(_ arguments: String, format: String?) throws(DebuggerError) {
        guard !arguments.isEmpty else { throw DebuggerError("Argument required (expression to compute).") }
        let valueFormat = try parseValueFormat(format)
        let value = try session.evaluate(arguments)
        let text = try session.format(value, as: valueFormat)
        valueHistoryCount += 1
        say("$\(valueHistoryCount) = \(text)")
    }

    func parseValueFormat(_ format: String?) throws(DebuggerError) -> ValueFormat {
        guard let format, let letter = format.last else { return .natural }
        guard let valueFormat = ValueFormat(letter: letter) else {
            throw DebuggerError("Undefined output format \"\(format)\".")
        }
        return valueFormat
    }

    func typeCommand(_ arguments: String, expanded: Bool) throws(DebuggerError) {
        guard !arguments.isEmpty else { throw DebuggerError("Argument required (expression or type).") }
        if let type = session.debugInfo?.type(named: arguments) {
            say("type = \(expanded ? TypePrinter.expanded(type) : type.description)")
            return
        }
        let value = try session.evaluate(arguments)
        say("type = \(expanded ? TypePrinter.expanded(value.type) : value.type.description)")
    }

    func examine(_ arguments: String, format: String?) throws(DebuggerError) {
        if let format {
            do { lastExamination = try MemoryExamination.parse(format, previous: lastExamination) } catch {
                throw DebuggerError(error.description)
            }
        }
        let address: UInt64
        if arguments.isEmpty {
            guard let next = nextExamineAddress else { throw DebuggerError("Argument required (starting display address).") }
            address = next
        } else {
            address = try session.evaluateAddress(arguments)
        }
        for line in try session.examine(&lastExamination, at: address) { say(line) }
        nextExamineAddress = lastExamination.nextAddress
    }

    /// The address a value denotes, for `find`.
    func addressValue(of text: String) throws(DebuggerError) -> UInt64 {
        try session.evaluateAddress(text)
    }

    func setCommand(_ arguments: String) throws(DebuggerError) {
        var expression = arguments
        for prefix in ["variable ", "var "] where expression.hasPrefix(prefix) {
            expression = String(expression.dropFirst(prefix.count))
        }
        guard expression.contains("=") else { throw DebuggerError("A syntax error in expression: set var NAME = VALUE.") }
        _ = try session.evaluate(expression)
        session.invalidateSessionCaches()
    }

    /// gdb's `find [/SIZE] START, END|+LENGTH, VALUE...`.
    func find(_ arguments: String, format: String?) throws(DebuggerError) {
        let parts = arguments.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count >= 3 else { throw DebuggerError("Missing search parameters: find START, END|+LENGTH, VALUE...") }
        let start = try addressValue(of: parts[0])
        let end: UInt64
        if parts[1].hasPrefix("+") {
            end = start + (try addressValue(of: String(parts[1].dropFirst())))
        } else {
            end = try addressValue(of: parts[1]) + 1
        }
        guard end > start else { throw DebuggerError("Invalid search space, end precedes start.") }
        let unit: Int? = switch format?.last { case "b": 1; case "h": 2; case "w": 4; case "g": 8; default: nil }
        var pattern: [UInt8] = []
        for valueText in parts.dropFirst(2) {
            if valueText.hasPrefix("\""), valueText.hasSuffix("\""), valueText.count >= 2 {
                pattern += Array(valueText.dropFirst().dropLast().utf8)
                continue
            }
            let value = try session.evaluate(valueText)
            let size = unit ?? max(1, value.type.byteSize ?? 4)
            let number = try addressValue(of: valueText)
            pattern += (0..<size).map { UInt8(truncatingIfNeeded: number >> (8 * UInt64($0))) }
        }
        let length = Int(min(end - start, 1 << 28))
        let haystack = try session.readMemory(address: start, count: length)
        var found = 0
        if !pattern.isEmpty, haystack.count >= pattern.count {
            for index in 0...(haystack.count - pattern.count) where haystack[index..<index + pattern.count].elementsEqual(pattern) {
                say("0x" + String(start + UInt64(index), radix: 16))
                found += 1
            }
        }
        say(found == 0 ? "Pattern not found." : "\(found) pattern\(found == 1 ? "" : "s") found.")
    }

    /// `info` topics in the order a prefix picks among them (`info w` is watchpoints).
    static let infoTopics = [
        "breakpoints", "watchpoints", "locals", "args", "frame", "registers", "source", "line", "functions",
        "wasm-locals", "wasm-stack", "wasm-globals", "display", "profile",
    ]

    func info(_ arguments: String) throws(DebuggerError) {
        let words = arguments.split(separator: " ", maxSplits: 1).map(String.init)
        guard let topic = words.first else {
            say("\"info\" must be followed by the name of an info command: \(Self.infoTopics.joined(separator: ", ")).")
            return
        }
        let rest = words.count > 1 ? words[1] : ""
        let matches = (Self.infoTopics + ["all-registers"]).filter { $0.hasPrefix(topic) }
        let chosen = topic == "b" ? "breakpoints" : topic == "r" ? "registers" : topic == "f" ? "frame" : matches.first
        switch chosen {
        case "breakpoints", "watchpoints": infoBreakpoints()
        case "locals": try infoVariables(parameters: false)
        case "args": try infoVariables(parameters: true)
        case "frame": try infoFrame()
        case "registers", "all-registers": try infoRegisters(rest)
        case "source": infoSource()
        case "line": try infoLine(rest)
        case "functions": infoFunctions(rest)
        case "wasm-locals": try infoWasmLocals()
        case "wasm-stack": try infoWasmStack()
        case "wasm-globals": try infoWasmGlobals()
        case "display": infoDisplay()
        case "profile": infoProfile()
        default: say("Undefined info command: \"\(arguments)\".  Try \"help info\".")
        }
    }

    private func infoVariables(parameters: Bool) throws(DebuggerError) {
        let frames = try requireFrames()
        let variables = try session.variables(of: frames[session.selectedFrameIndex], parameters: parameters)
        if variables.isEmpty {
            say(parameters ? "No arguments." : "No locals.")
            return
        }
        for variable in variables { say("\(variable.variable.name) = \(valueText(variable))") }
    }

    private func infoRegisters(_ which: String) throws(DebuggerError) {
        _ = try requireFrames()
        guard let registers = session.execution?.registers else { throw DebuggerError("The program has no registers now.") }
        let wanted = which.split(separator: " ").map { $0.hasPrefix("$") ? String($0.dropFirst()) : String($0) }
        for (name, value) in registers.namedValues where wanted.isEmpty || wanted.contains(name) {
            let hex = "0x" + String(value, radix: 16)
            say(name.padding(toLength: 15, withPad: " ", startingAt: 0) + hex.padding(toLength: 19, withPad: " ", startingAt: 0) + String(Int64(bitPattern: value)))
        }
    }

    private func infoWasmLocals() throws(DebuggerError) {
        let frames = try requireFrames()
        let frame = frames[session.selectedFrameIndex]
        guard let execution = session.execution, let locals = execution.locals(of: frame.wasmFrame) else {
            throw DebuggerError("The wasm locals of this frame are not available.")
        }
        let names = session.module.module.names?.localNames[frame.wasmFrame.functionIndex] ?? [:]
        for (index, value) in locals.enumerated() {
            let name = names[UInt32(index)].map { " ($\($0))" } ?? ""
            say("local \(index)\(name): \(value.type) = \(describe(value))")
        }
    }

    private func infoWasmStack() throws(DebuggerError) {
        let frames = try requireFrames()
        let frame = frames[session.selectedFrameIndex]
        guard let execution = session.execution, let stack = execution.operandStack(of: frame.wasmFrame) else {
            throw DebuggerError("The operand stack is only known at op boundaries (use stepw).")
        }
        if stack.isEmpty { say("The operand stack is empty.") }
        for (index, value) in stack.enumerated().reversed() {
            say("[\(index)] \(value.type) = \(describe(value))")
        }
    }

    private func infoWasmGlobals() throws(DebuggerError) {
        guard let execution = session.execution else { throw DebuggerError("The program is not being run.") }
        for (index, global) in execution.globals().enumerated() {
            say("global \(index)\(global.name.map { " ($\($0))" } ?? ""): \(global.value.type) = \(describe(global.value))")
        }
    }
}
