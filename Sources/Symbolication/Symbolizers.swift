/// One symbolizer per module of a program, made when first needed, so a
/// backtrace crossing modules (preloads) resolves each frame in its own module.
import WasmRuntime

public final class Symbolizers {
    private var byModule: [ObjectIdentifier: Symbolizer] = [:]
    private let bytesByModule: [ObjectIdentifier: [UInt8]]

    public init(modules: [(module: LoadedModule, bytes: [UInt8])]) {
        bytesByModule = Dictionary(
            modules.map { (ObjectIdentifier($0.module), $0.bytes) }, uniquingKeysWith: { first, _ in first })
    }

    public func symbolizer(for module: LoadedModule) -> Symbolizer {
        let key = ObjectIdentifier(module)
        if let existing = byModule[key] { return existing }
        // A module we were not given the bytes of still has names, just no DWARF.
        let symbolizer = Symbolizer(module: module, bytes: bytesByModule[key] ?? [])
        byModule[key] = symbolizer
        return symbolizer
    }

    /// A trap's frames, inlined frames expanded, innermost first.
    public func frames(of trap: Trap) -> [SymbolicatedFrame] {
        trap.frames.flatMap { frame in
            symbolizer(for: frame.module).frames(functionIndex: frame.functionIndex, moduleOffset: frame.moduleOffset)
        }
    }
}
