/// The registers pane: the stopped thread's x86-64 registers, then the
/// selected frame's wasm operand stack (bottom first), as the JIT's debug
/// side table locates its values.
public struct RegistersPaneModel: PaneModel {
    public var registers: [(name: String, value: UInt64)]
    public var operandStack: [String]

    public init(registers: [(name: String, value: UInt64)], operandStack: [String]) {
        self.registers = registers
        self.operandStack = operandStack
    }

    public init(snapshot: DebuggerSnapshot) {
        self.init(registers: snapshot.registers, operandStack: snapshot.operandStack)
    }

    public var title: String { "Registers / operand stack" }
    public var rowCount: Int { registers.isEmpty ? 0 : registers.count + 1 + max(1, operandStack.count) }
    public var emptyText: String { "(not stopped)" }

    public func row(at index: Int, width: Int) -> PaneRow {
        if index < registers.count {
            let register = registers[index]
            return PaneRow([
                (register.name.padding(toLength: 7, withPad: " ", startingAt: 0), .dim), (hex(register.value, digits: 16), .normal),
            ])
        }
        let stackIndex = index - registers.count - 1
        if stackIndex < 0 { return PaneRow("operand stack (\(operandStack.count)):", style: .dim) }
        if operandStack.isEmpty { return PaneRow("  (empty)", style: .dim) }
        return PaneRow([("  [\(stackIndex)] ", .dim), (operandStack[stackIndex], .normal)])
    }
}
