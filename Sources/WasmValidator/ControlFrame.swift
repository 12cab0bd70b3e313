import WasmCore

/// One open block, loop, if, else or the function body itself, as the spec's
/// validation algorithm tracks it.
struct ControlFrame {
    enum Kind: UInt8 {
        case function, block, loop, `if`, `else`
    }

    var kind: Kind
    /// Parameters and results, as a range of the module's type pool.
    var type: TypeLayout
    /// Operand stack height below the frame's parameters.
    var height: Int
    /// Set after an unconditional branch: the rest of the frame is dead code
    /// and its operand stack is polymorphic.
    var isUnreachable: Bool
    /// Index into the summary's blocks; -1 for the function frame.
    var blockIndex: Int

    /// What a branch to this frame carries: a loop's parameters (it branches
    /// back to the start), every other frame's results.
    @inline(__always) var labelStart: Int { kind == .loop ? type.parametersStart : type.resultsStart }
    @inline(__always) var labelCount: Int { kind == .loop ? type.parameterCount : type.resultCount }
}
