/// The stopped program's call stack as a source-level debugger shows it: each
/// wasm frame expanded into the functions DWARF says were inlined at its
/// position, innermost first, the way gdb numbers inlined frames.
import DWARF
import Symbolication
import WasmRuntime

public struct DebugFrame: Sendable {
    /// The machine-level frame this frame lives in (shared by its inlined frames).
    public var wasmFrame: WasmFrame
    /// 0 for the innermost inlined function at this wasm frame's position; the
    /// wasm function itself has the highest depth.
    public var inlineDepth: Int
    public var isInlined: Bool
    public var functionName: String
    public var source: SourcePosition?
    /// The WASI import the guest was inside when paused, for the frame above the wasm frames.
    public var hostCall: String?

    public var moduleOffset: Int? { wasmFrame.wasmOffset }
    public var pc: UInt { wasmFrame.pc }
}

struct FrameBuilder {
    let codeMap: CodeMap

    func frames(of wasmFrames: [WasmFrame], execution: GuestExecution) -> [DebugFrame] {
        var frames: [DebugFrame] = []
        for wasmFrame in wasmFrames {
            let symbolizer = codeMap.symbolizer
            let sameModule = wasmFrame.module === codeMap.module
            let expanded =
                sameModule
                ? symbolizer.frames(functionIndex: wasmFrame.functionIndex, moduleOffset: wasmFrame.wasmOffset)
                : [
                    SymbolicatedFrame(
                        moduleOffset: wasmFrame.wasmOffset, moduleName: wasmFrame.module.name ?? "<module>",
                        functionName: "func[\(wasmFrame.functionIndex)]")
                ]
            for (depth, frame) in expanded.enumerated() {
                frames.append(
                    DebugFrame(
                        wasmFrame: wasmFrame, inlineDepth: depth, isInlined: frame.isInlined,
                        functionName: frame.functionName, source: frame.source,
                        hostCall: depth == 0 ? wasmFrame.isHostCall : nil))
            }
        }
        return frames
    }
}
