/// Source variables of a stopped frame: DWARF says where each lives (a wasm
/// local, global or operand-stack slot, or linear memory relative to a frame
/// base that is itself a wasm local); the debug side table says where the JIT
/// keeps that wasm value at this op (a register or a frame slot); the
/// execution reads it. Every wasm value is readable at every op boundary, so
/// a variable is "unavailable" only where DWARF itself gives no location.
import DWARF
import DebugExpressions
import WasmRuntime

/// A variable with its value's storage resolved for one frame.
public struct FrameVariable: Sendable {
    public var variable: Variable
    public var value: DebugValue?
    /// Why there is no value (DWARF has no location here, or evaluation failed).
    public var unavailableReason: String?

    init(variable: Variable, value: DebugValue?, unavailableReason: String? = nil) {
        self.variable = variable
        self.value = value
        self.unavailableReason = unavailableReason
    }
}

/// Reads wasm state of one frame for DWARF's location evaluator.
struct WasmFrameLocationContext: LocationContext {
    let locals: [Value]
    let globals: [Value]
    let operandStack: [Value]
    let memory: Memory?

    func wasmLocal(_ index: UInt32) -> UInt64? {
        locals.indices.contains(Int(index)) ? locals[Int(index)].rawBits : nil
    }

    func wasmGlobal(_ index: UInt32) -> UInt64? {
        globals.indices.contains(Int(index)) ? globals[Int(index)].rawBits : nil
    }

    func wasmOperand(_ index: UInt32) -> UInt64? {
        operandStack.indices.contains(Int(index)) ? operandStack[Int(index)].rawBits : nil
    }

    func readMemory(address: UInt64, count: Int) -> [UInt8]? {
        try? memory?.read(at: address, count: count)
    }
}

extension Value {
    /// The value's bits, zero-extended, as DWARF's evaluator wants them.
    var rawBits: UInt64? {
        switch self {
        case .i32(let bits): UInt64(bits)
        case .i64(let bits): bits
        case .f32(let bits): UInt64(bits)
        case .f64(let bits): bits
        default: nil
        }
    }
}

extension DebugSession {
    func locationContext(for frame: DebugFrame) throws(DebuggerError) -> WasmFrameLocationContext {
        let execution = try stoppedExecution()
        return WasmFrameLocationContext(
            locals: execution.locals(of: frame.wasmFrame) ?? [],
            globals: execution.globals().map(\.value),
            operandStack: execution.operandStack(of: frame.wasmFrame) ?? [],
            memory: execution.memory)
    }

    /// The DWARF address of the frame's position: for callers, the call op.
    func debugAddress(of frame: DebugFrame) -> UInt32? {
        frame.moduleOffset.flatMap { codeMap.debugAddress(ofModuleOffset: $0) }
    }

    /// Parameters and locals of a frame, innermost scope first (gdb lists a
    /// block's locals before the enclosing ones).
    public func variables(of frame: DebugFrame, parameters: Bool) throws(DebuggerError) -> [FrameVariable] {
        guard let debugInfo, frame.wasmFrame.module === codeMap.module, let address = debugAddress(of: frame) else {
            return []
        }
        let context = try locationContext(for: frame)
        let frameBase = debugInfo.function(containing: address).flatMap { debugInfo.frameBase(of: $0, at: address) }
        var seen = Set<String>()
        var result: [FrameVariable] = []
        for scope in debugInfo.variables(at: address) where scope.frameIndex == frame.inlineDepth {
            for variable in scope.variables where variable.isParameter == parameters {
                // An inner declaration hides an outer one of the same name.
                guard seen.insert(variable.name).inserted else { continue }
                result.append(resolve(variable, context: context, frameBase: frameBase, frame: frame))
            }
        }
        return result
    }

    func resolve(
        _ variable: Variable, context: WasmFrameLocationContext, frameBase: LocationExpression?, frame: DebugFrame?
    ) -> FrameVariable {
        guard let location = variable.location else {
            return FrameVariable(variable: variable, value: nil, unavailableReason: "<optimized out>")
        }
        let evaluated: VariableLocation
        do {
            evaluated = try location.evaluate(in: context, frameBase: frameBase)
        } catch {
            return FrameVariable(variable: variable, value: nil, unavailableReason: "<error: \(error)>")
        }
        let size = variable.type.byteSize ?? 4
        switch evaluated {
        case .memory(let address):
            return FrameVariable(variable: variable, value: DebugValue(type: variable.type, storage: .memory(address: address)))
        case .value(let bits):
            let bytes = Array(withUnsafeBytes(of: bits.littleEndian) { Array($0) }.prefix(max(1, min(size, 8))))
            // A variable that is exactly one wasm local can be assigned: `set var` writes the local.
            if let frame, let local = Self.soleLocal(of: location) {
                let id = WritableLocalID.encode(local: local, frameIndex: frameIndexOf(frame))
                return FrameVariable(variable: variable, value: DebugValue(type: variable.type, storage: .location(id: id, bytes: bytes)))
            }
            return FrameVariable(variable: variable, value: DebugValue(type: variable.type, storage: .bytes(bytes)))
        case .implicitValue(let bytes):
            return FrameVariable(variable: variable, value: DebugValue(type: variable.type, storage: .bytes(bytes)))
        case .pieces(let pieces):
            var bytes: [UInt8] = []
            for piece in pieces {
                let count = Int((piece.bitSize + 7) / 8)
                switch piece.location {
                case .value(let bits): bytes += withUnsafeBytes(of: bits.littleEndian) { Array($0.prefix(count)) }
                case .memory(let address): bytes += context.readMemory(address: address, count: count) ?? Array(repeating: 0, count: count)
                case .implicitValue(let value): bytes += value.prefix(count)
                default: bytes += Array(repeating: 0, count: count)
                }
            }
            return FrameVariable(variable: variable, value: DebugValue(type: variable.type, storage: .bytes(bytes)))
        case .unavailable(let reason):
            return FrameVariable(variable: variable, value: nil, unavailableReason: "<unavailable: \(reason)>")
        }
    }

    /// `DW_OP_WASM_location 0x0 N [DW_OP_stack_value]`: the variable is local N.
    static func soleLocal(of expression: LocationExpression) -> UInt32? {
        let operations = expression.operations.filter { $0 != .stackValue && $0 != .noOperation }
        guard operations.count == 1, case .wasmLocation(.local, let index) = operations[0] else { return nil }
        return index
    }

    func frameIndexOf(_ frame: DebugFrame) -> Int {
        frames().firstIndex { $0.wasmFrame.framePointer == frame.wasmFrame.framePointer && $0.inlineDepth == frame.inlineDepth } ?? 0
    }

    /// Globals DWARF knows (C globals and statics in linear memory).
    public func globalVariable(named name: String) -> FrameVariable? {
        guard let debugInfo, let variable = debugInfo.globalVariable(named: name), let execution else { return nil }
        let context = WasmFrameLocationContext(
            locals: [], globals: execution.globals().map(\.value), operandStack: [], memory: execution.memory)
        return resolve(variable, context: context, frameBase: nil, frame: nil)
    }
}

/// Packs (frame, local) into the opaque id a `ValueStorage.location` carries.
enum WritableLocalID {
    static func encode(local: UInt32, frameIndex: Int) -> Int { frameIndex << 32 | Int(local) }
    static func decode(_ id: Int) -> (local: UInt32, frameIndex: Int) { (UInt32(truncatingIfNeeded: id), id >> 32) }
}
