/// A trap: why guest code stopped abnormally, in the spec's words, and where,
/// as wasm frames recovered from the machine state the signal handler saw.
import WasmJIT

public struct Trap: Error, CustomStringConvertible, Sendable {
    /// The trap's kind; nil for a failure that is not a wasm trap (a call with
    /// arguments of the wrong type, a fault the code maps cannot explain).
    public var code: TrapCode?
    /// The spec test suite's wording ("integer divide by zero"), or the host error's message.
    public var message: String
    /// Innermost first. Empty when the trap happened outside wasm code.
    public var frames: [Frame]
    /// The error a host function returned, when that is what stopped the guest.
    public var hostError: HostError?

    public init(code: TrapCode?, message: String? = nil, frames: [Frame] = [], hostError: HostError? = nil) {
        self.code = code
        self.message = message ?? code?.description ?? "trap"
        self.frames = frames
        self.hostError = hostError
    }

    /// A wasm frame of a backtrace.
    public struct Frame: Sendable, CustomStringConvertible {
        /// Index in the module's function index space.
        public var functionIndex: UInt32
        /// Module offset of the op executing in this frame (the trapping op
        /// for the innermost frame, the call for the others), if known.
        public var moduleOffset: Int?
        public var module: LoadedModule
        /// Address of the machine instruction (the trap site, or the return address).
        public var pc: UInt

        public init(functionIndex: UInt32, moduleOffset: Int?, module: LoadedModule, pc: UInt) {
            self.functionIndex = functionIndex
            self.moduleOffset = moduleOffset
            self.module = module
            self.pc = pc
        }

        /// The function's name: from the name section, else the first export of it.
        public var functionName: String? {
            if let name = module.module.names?.functionNames[functionIndex] { return name }
            return module.module.exports.first { $0.descriptor == .function(functionIndex) }?.name
        }

        /// `0x1a2 name!function` (or `func[3]` without names), as backtraces print.
        public var description: String {
            let offset = moduleOffset.map { "0x" + String($0, radix: 16) } ?? "0x?"
            let moduleName = module.name ?? "<module>"
            return "\(offset) \(moduleName)!\(functionName ?? "func[\(functionIndex)]")"
        }
    }

    public var description: String {
        var text = "wasm trap: \(message)"
        for (index, frame) in frames.enumerated() {
            text += "\n  #\(index) \(frame)"
        }
        return text
    }
}

extension Trap {
    /// A misuse of the API reported through a call's error channel.
    static func usage(_ message: String) -> Trap { Trap(code: nil, message: message) }
}
