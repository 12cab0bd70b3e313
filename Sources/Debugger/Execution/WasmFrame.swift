/// One wasm frame of the stopped guest, innermost first: what
/// `GuestExecution.wasmFrames()` returns and what `locals(of:)` and
/// `operandStack(of:)` read.
import WasmJIT
import WasmRuntime

public struct WasmFrame: Sendable {
    /// Position in the backtrace: 0 is the innermost frame.
    public var index: Int
    public var module: LoadedModule
    public var function: CompiledFunction
    /// Index in the module's function index space (imports first).
    public var functionIndex: UInt32
    /// Frame 0: where the guest stands. Callers: the return address into them.
    /// A frame inside a host call: the call's return address.
    public var pc: UInt
    /// `pc` as an offset in the module's code (`CompiledFunction` maps use these).
    public var machineOffset: Int
    /// The frame's rbp. In a prologue before `mov rbp, rsp`, or at the
    /// epilogue's `ret`, the value rbp has (or had) in the body, so frame
    /// slots are still found from it.
    public var framePointer: UInt
    /// Module offset of the current op: for frame 0 the op whose machine code
    /// contains `pc` (op map, or the trap site of a trap stub); for callers
    /// and host calls the call op (call sites). nil in a prologue.
    public var wasmOffset: Int?
    /// `pc` is exactly a debug side-table stop position (the start of an op):
    /// operand-stack values are where the table says. Always false for
    /// callers, whose operand stack is read at the call instead.
    public var isAtOpBoundary: Bool
    /// Frame 0 only, when the guest is stopped inside a host call: the
    /// import's "module.name".
    public var isHostCall: String?

    public init(
        index: Int, module: LoadedModule, function: CompiledFunction, pc: UInt, machineOffset: Int, framePointer: UInt,
        wasmOffset: Int?, isAtOpBoundary: Bool, isHostCall: String? = nil
    ) {
        self.index = index
        self.module = module
        self.function = function
        self.functionIndex = function.functionIndex
        self.pc = pc
        self.machineOffset = machineOffset
        self.framePointer = framePointer
        self.wasmOffset = wasmOffset
        self.isAtOpBoundary = isAtOpBoundary
        self.isHostCall = isHostCall
    }

    /// The function's name: name section, else its first export.
    public var functionName: String? {
        if let name = module.module.names?.functionNames[functionIndex] { return name }
        return module.module.exports.first { $0.descriptor == .function(functionIndex) }?.name
    }

    /// The module offset of the code section's start subtracted: the address
    /// DWARF uses for `wasmOffset`.
    public var codeSectionOffset: Int? {
        guard let wasmOffset, let payload = module.module.codeSectionPayloadOffset else { return nil }
        return wasmOffset - payload
    }
}
