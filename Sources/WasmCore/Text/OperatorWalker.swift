/// Walks a function body for a listing: each instruction with its module
/// offset and its nesting depth, so printers can indent the way `wasm2wat`
/// does.
///
/// The depth of the body's own instructions is 0. `block`, `loop` and `if`
/// print at the depth they open and the instructions inside them one deeper;
/// `else` and `end` print at the depth of the construct they belong to. The
/// body's final `end` prints at depth 0 too.
public struct OperatorWalker {
    private var decoder: InstructionDecoder
    /// Depth of the next instruction if it is neither `else` nor `end`.
    private var depth = 0

    public init(module: Module, body: FunctionBody) {
        decoder = InstructionDecoder(module: module, body: body)
    }

    /// The next instruction of the body, its final `end` included, then nil.
    public mutating func next() throws(DecodeError) -> WalkedInstruction? {
        guard let instruction = try decoder.next() else { return nil }
        let printedDepth: Int
        switch instruction {
        case .block, .loop, .if:
            printedDepth = depth
            depth += 1
        case .else:
            printedDepth = max(depth - 1, 0)
        case .end:
            // The final end closes the function itself, which has no line of its own to line up with.
            depth = max(depth - 1, 0)
            printedDepth = depth
        default:
            printedDepth = depth
        }
        return WalkedInstruction(
            moduleOffset: decoder.instructionOffset, instruction: instruction, depth: printedDepth)
    }

    /// Every instruction of `body`, in order.
    public static func instructions(
        of body: FunctionBody, in module: Module
    ) throws(DecodeError) -> [WalkedInstruction] {
        var walker = OperatorWalker(module: module, body: body)
        var instructions: [WalkedInstruction] = []
        while let next = try walker.next() { instructions.append(next) }
        return instructions
    }
}

/// One instruction of a walked body.
public struct WalkedInstruction: Sendable, Hashable {
    /// Module offset of the instruction's opcode.
    public var moduleOffset: Int
    public var instruction: Instruction
    /// Nesting depth to indent it by: 0 for the body's own level.
    public var depth: Int

    public init(moduleOffset: Int, instruction: Instruction, depth: Int) {
        self.moduleOffset = moduleOffset
        self.instruction = instruction
        self.depth = depth
    }
}
