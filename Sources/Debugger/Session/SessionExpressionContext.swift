/// What `print`, `set var`, `x`, `watch` and breakpoint conditions evaluate
/// against: the selected frame's variables (innermost scope first, then
/// parameters, then globals), linear memory, DWARF's types, and registers
/// (`$pc`, `$sp`, `$rax`…) plus wasm state (`$local3`, `$global0`).
import DWARF
import DebugExpressions
import Foundation
import WasmRuntime

struct SessionExpressionContext: ExpressionContext {
    let session: DebugSession
    let frame: DebugFrame?
    /// nil before `run`: constants and types still evaluate; memory does not.
    let execution: GuestExecution?

    func variable(named name: String) -> DebugValue? {
        if let frame {
            let locals = (try? session.variables(of: frame, parameters: false)) ?? []
            if let found = locals.first(where: { $0.variable.name == name }) { return Self.value(of: found) }
            let parameters = (try? session.variables(of: frame, parameters: true)) ?? []
            if let found = parameters.first(where: { $0.variable.name == name }) { return Self.value(of: found) }
        }
        return session.globalVariable(named: name).map(Self.value)
    }

    /// A variable without a value here still exists: it prints as `<optimized out>`.
    private static func value(of variable: FrameVariable) -> DebugValue {
        variable.value
            ?? DebugValue(
                type: variable.variable.type,
                storage: .unavailable(reason: (variable.unavailableReason ?? "<optimized out>").trimmingCharacters(in: CharacterSet(charactersIn: "<>"))))
    }

    func readMemory(address: UInt64, count: Int) throws(ExpressionError) -> [UInt8] {
        guard let memory = execution?.memory, let bytes = try? memory.read(at: address, count: count) else {
            throw ExpressionError.memory(address: address)
        }
        return bytes
    }

    func writeMemory(address: UInt64, bytes: [UInt8]) throws(ExpressionError) {
        guard let memory = execution?.memory, (try? memory.write(bytes, at: address)) != nil else {
            throw ExpressionError.memory(address: address)
        }
    }

    func write(bytes: [UInt8], to storage: ValueStorage) throws(ExpressionError) {
        switch storage {
        case .memory(let address):
            try writeMemory(address: address, bytes: bytes)
        case .location(let id, let old):
            guard let execution else { throw ExpressionError.notLValue }
            let (local, frameIndex) = WritableLocalID.decode(id)
            let frames = session.frames()
            guard frames.indices.contains(frameIndex) else { throw ExpressionError.notLValue }
            let frame = frames[frameIndex].wasmFrame
            guard let current = execution.locals(of: frame), current.indices.contains(Int(local)) else {
                throw ExpressionError.notLValue
            }
            var padded = bytes + Array(repeating: 0, count: max(0, 8 - bytes.count))
            // Keep the bytes of the local the variable does not cover (a char in an i32 local).
            if old.count < 8, bytes.count < old.count { padded = bytes + old.dropFirst(bytes.count) + Array(repeating: 0, count: 8 - old.count) }
            let bits = padded.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            let value: Value =
                switch current[Int(local)] {
                case .i32: .i32(UInt32(truncatingIfNeeded: bits))
                case .i64: .i64(bits)
                case .f32: .f32(UInt32(truncatingIfNeeded: bits))
                case .f64: .f64(bits)
                default: current[Int(local)]
                }
            do {
                try execution.setLocal(Int(local), of: frame, to: value)
            } catch {
                throw ExpressionError.notLValue
            }
            session.invalidateFrames()
        case .bytes, .unavailable:
            throw ExpressionError.notLValue
        }
    }

    func type(named name: String) -> DebugType? {
        session.debugInfo?.type(named: name)
    }

    func register(named name: String) -> UInt64? {
        guard let execution else { return nil }
        let frameRegisters = execution.registers
        switch name {
        case "pc", "rip": return UInt64(frame?.pc ?? UInt(frameRegisters.rip))
        case "sp", "rsp": return frameRegisters.rsp
        case "fp", "rbp": return UInt64(frame?.wasmFrame.framePointer ?? UInt(frameRegisters.rbp))
        default: break
        }
        if let value = frameRegisters.namedValues.first(where: { $0.name == name })?.value { return value }
        if name.hasPrefix("local"), let index = Int(name.dropFirst(5)), let frame,
            let locals = execution.locals(of: frame.wasmFrame), locals.indices.contains(index)
        {
            return locals[index].rawBits
        }
        if name.hasPrefix("global"), let index = Int(name.dropFirst(6)) {
            let globals = execution.globals()
            return globals.indices.contains(index) ? globals[index].value.rawBits : nil
        }
        return nil
    }
}

extension DebugSession {
    /// The selected frame's context when stopped; a context without a
    /// program otherwise (gdb evaluates `print 1 + 2` before `run` too).
    func expressionContext() throws(DebuggerError) -> SessionExpressionContext {
        guard state.isStopped, let execution else {
            return SessionExpressionContext(session: self, frame: nil, execution: nil)
        }
        return SessionExpressionContext(session: self, frame: selectedFrame, execution: execution)
    }

    /// Parses and evaluates `text` in the selected frame.
    public func evaluate(_ text: String) throws(DebuggerError) -> DebugValue {
        do {
            let expression = try Expression.parse(text)
            return try expression.evaluate(in: try expressionContext())
        } catch let error as ExpressionError {
            throw DebuggerError(error.description)
        } catch {
            throw DebuggerError("\(error)")
        }
    }

    /// `print[/FMT] EXPR`'s text for a value: an unreadable value is an error.
    public func format(_ value: DebugValue, as format: ValueFormat = .natural) throws(DebuggerError) -> String {
        let context = try expressionContext()
        do {
            return try ValueFormatter.printed(value, as: format, in: context)
        } catch {
            throw DebuggerError(error.description)
        }
    }

    /// A value as `info locals` and frame lines show it: never an error, and
    /// pointers without their type, as gdb does there.
    public func summary(_ value: DebugValue) -> String {
        guard let context = try? expressionContext() else { return "<unavailable>" }
        let text = ValueFormatter.format(value, in: context)
        if case .pointer = value.type.resolved.kind, text.hasPrefix("("), let close = text.range(of: ") 0x") {
            return String(text[text.index(close.lowerBound, offsetBy: 2)...])
        }
        return text
    }

    /// gdb's `x/FMT ADDRESS` lines.
    public func examine(_ examination: inout MemoryExamination, at address: UInt64) throws(DebuggerError) -> [String] {
        let context = try expressionContext()
        do {
            return try examination.lines(at: address, in: context)
        } catch {
            throw DebuggerError(error.description)
        }
    }

    public func readMemory(address: UInt64, count: Int) throws(DebuggerError) -> [UInt8] {
        guard let memory = execution?.memory else { throw DebuggerError("The program has no linear memory.") }
        do {
            return try memory.read(at: address, count: count)
        } catch {
            throw DebuggerError("Cannot access memory at address 0x\(String(address, radix: 16))")
        }
    }

    /// A breakpoint condition's truth in the selected frame (C's rules: nonzero).
    func evaluateCondition(_ text: String) throws(DebuggerError) -> Bool {
        let context = try expressionContext()
        do {
            return try Expression.parse(text).evaluateCondition(in: context)
        } catch {
            throw DebuggerError(error.description)
        }
    }

    /// An expression as an address (a pointer's value, an array's start, an integer), for `x`, `find`, `watch`.
    public func evaluateAddress(_ text: String) throws(DebuggerError) -> UInt64 {
        let context = try expressionContext()
        do {
            return try Expression.parse(text).evaluateAddress(in: context)
        } catch {
            throw DebuggerError(error.description)
        }
    }
}

extension MachineRegisters {
    /// Every register by its name, in `info registers` order.
    public var namedValues: [(name: String, value: UInt64)] {
        MachineRegister.generalRegisters.map { ($0.description, self[$0]) } + [("rip", rip), ("eflags", eflags)]
    }
}
