/// What `run` prints on stderr when the guest traps: the reason in the
/// spec's words, then one numbered frame per line, innermost first.
///
///     wasm trap: integer divide by zero
///     #0 0x1a2 crash.wasm!divide at crash.c:12:9
///     #1 0x1f0 crash.wasm!process at crash.c:30:12
import WasmRuntime

public struct TrapReport {
    public let trap: Trap
    public let frames: [SymbolicatedFrame]

    public init(trap: Trap, symbolizers: Symbolizers) {
        self.trap = trap
        // A trap that went through a host function (a WASI call back into
        // wasm) reports the innermost guest trap's frames.
        let innermost = trap.hostError?.trap ?? trap
        frames = symbolizers.frames(of: innermost)
    }

    public var text: String {
        var lines = ["wasm trap: \(trap.message)"]
        if frames.isEmpty { lines.append("(no wasm frames)") }
        for (index, frame) in frames.enumerated() {
            lines.append("#\(index) \(frame.description)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
