/// run, continue, the stepping commands, finish and kill, and how a stop is
/// reported afterwards (gdb's wording).
import DebugExpressions
import Debugger
import Foundation
import WasmRuntime

extension CommandInterpreter {
    func run(_ arguments: String) throws(DebuggerError) {
        if !arguments.isEmpty {
            session.specification.arguments = arguments.split(separator: " ").map(String.init)
        }
        let shownArguments = session.specification.arguments.joined(separator: " ")
        say("Starting program: \(session.specification.modulePath)\(shownArguments.isEmpty ? "" : " " + shownArguments)")
        lastReportedFunction = nil
        report(try session.run())
    }

    func continueCommand(_ arguments: String) throws(DebuggerError) {
        if !arguments.isEmpty, case .stopped(.breakpoint(let number)) = session.state {
            let count = try parseCount(arguments)
            try session.setIgnoreCount(number, count - 1)
            say("Will ignore next \(count - 1) crossings of breakpoint \(number).  Continuing.")
        } else {
            say("Continuing.")
        }
        report(try session.continueExecution())
    }

    func repeatStep(
        _ arguments: String, instruction: Bool = false, _ stepOnce: () throws(DebuggerError) -> SessionState
    ) throws(DebuggerError) {
        let count = try parseCount(arguments)
        var state = session.state
        for _ in 0..<count {
            state = try stepOnce()
            guard case .stopped(.stepFinished) = state else { break }
        }
        report(state, showMachineAddress: instruction)
    }

    func finish() throws(DebuggerError) {
        if let frame = session.selectedFrame {
            say("Run till exit from #\(session.selectedFrameIndex)  \(frameLine(frame))")
        }
        let state = try session.finish()
        report(state)
        if case .stopped(.finished(let value)) = state, let value {
            valueHistoryCount += 1
            say("Value returned is $\(valueHistoryCount) = \(describe(value))")
        }
    }

    func kill() {
        guard session.state.isLive else {
            say("The program is not being run.")
            return
        }
        session.kill()
        say("[Inferior 1 (\(programName)) killed]")
    }

    var programName: String {
        session.specification.modulePath.split(separator: "/").last.map(String.init) ?? session.specification.modulePath
    }

    // MARK: - Reporting stops

    /// What gdb prints when the program stops or ends.
    func report(_ state: SessionState, showMachineAddress: Bool = false) {
        switch state {
        case .notStarted:
            say("The program is not being run.")
        case .running:
            say("The program is running.")
        case .exited(let status, let trap):
            lastReportedFunction = nil
            if let trap {
                say("[Inferior 1 (\(programName)) terminated by wasm trap: \(trap.message)]")
            } else if status == 0 {
                say("[Inferior 1 (\(programName)) exited normally]")
            } else {
                say("[Inferior 1 (\(programName)) exited with code \(status)]")
            }
        case .stopped(let reason):
            reportStop(reason, showMachineAddress: showMachineAddress)
            showDisplays()
        }
    }

    private func reportStop(_ reason: StopReason, showMachineAddress: Bool) {
        let frame = session.frames().first
        var forceHeader = false
        switch reason {
        case .breakpoint(let number):
            say("")
            write("Breakpoint \(number), ")
            forceHeader = true
        case .watchpoint(let number, let old, let new):
            let expression = session.breakpoints.first { $0.number == number }.flatMap { breakpoint -> String? in
                if case .watchpoint(let expression, _, _, _) = breakpoint.kind { return expression }
                return nil
            } ?? "?"
            say("")
            say("Watchpoint \(number): \(expression)")
            say("")
            say("Old value = \(describeWatched(expression, bytes: old))")
            say("New value = \(describeWatched(expression, bytes: new))")
            // The stop is after the store, maybe already on the next line: name the store's line too.
            if let frame, let storeOffset = session.codeMap.moduleOffset(atMachineAddress: frame.pc - 1),
                let store = session.codeMap.sourceLocation(ofModuleOffset: storeOffset), store.line != frame.source?.line
            {
                let text = session.sourceText.line(store.line, of: store.file).map { ": \($0.trimmingCharacters(in: .whitespaces))" } ?? ""
                say("Written by the store at \(store.file):\(store.line)\(text)")
            }
            forceHeader = true
        case .trap(let trap):
            say("")
            say("Program stopped: wasm trap: \(trap.message).")
            forceHeader = true
        case .paused(let hostCall):
            say("")
            say("Program paused\(hostCall.map { " in host call \($0)" } ?? "").")
            forceHeader = true
        case .conditionError(let number, let message):
            say("Error in testing condition for breakpoint \(number):")
            say(message)
            forceHeader = true
        case .finished:
            forceHeader = true
        case .stepFinished:
            break
        }
        guard let frame else { return }
        if forceHeader || frame.functionName != lastReportedFunction || frame.source == nil {
            say(frameLine(frame, showAddress: showMachineAddress))
        }
        lastReportedFunction = frame.functionName
        if let source = frame.source {
            let text = session.sourceText.line(source.line, of: source.file)
            let prefix = showMachineAddress && !session.codeMap.isOpBoundary(frame.pc) ? "0x\(String(frame.pc, radix: 16))\t" : ""
            say("\(prefix)\(source.line)\t\(text ?? "in \(source.file)")")
            listPosition = (source.file, max(1, source.line - 5))
        }
    }

    /// `average (stats=0x11ff0) at /path/crash.c:71`, or `0x6b2 in func[20] ()` without source.
    func frameLine(_ frame: DebugFrame, showAddress: Bool = false) -> String {
        let arguments = (try? session.variables(of: frame, parameters: true)) ?? []
        let argumentText = arguments.map { "\($0.variable.name)=\(valueText($0))" }.joined(separator: ", ")
        var text = "\(frame.functionName) (\(argumentText))"
        if let hostCall = frame.hostCall { text = "<host call \(hostCall)> " + text }
        if let source = frame.source {
            text += " at \(source.file):\(source.line)"
        } else if let offset = frame.moduleOffset {
            text = "0x\(String(offset, radix: 16)) in " + text
        }
        if showAddress { text = "0x\(String(frame.pc, radix: 16)) " + text }
        return text
    }

    func valueText(_ variable: FrameVariable) -> String {
        guard let value = variable.value else { return variable.unavailableReason ?? "<unavailable>" }
        return session.summary(value)
    }

    func describe(_ value: Value) -> String {
        switch value {
        case .i32(let bits): String(Int32(bitPattern: bits))
        case .i64(let bits): String(Int64(bitPattern: bits))
        case .f32(let bits): String(Float(bitPattern: bits))
        case .f64(let bits): String(Double(bitPattern: bits))
        case .v128(let vector): String(describing: vector)
        case .funcref(let reference): reference.map { "funcref 0x\(String($0.address, radix: 16))" } ?? "null"
        case .externref(let reference): reference.map { "externref \($0)" } ?? "null"
        }
    }

    /// A watched value's old or new bytes, printed with the expression's type.
    private func describeWatched(_ expression: String, bytes: [UInt8]) -> String {
        guard let value = try? session.evaluate(expression) else {
            return bytes.map { String($0, radix: 16) }.joined(separator: " ")
        }
        return session.summary(DebugValue(type: value.type, storage: .bytes(bytes)))
    }
}
