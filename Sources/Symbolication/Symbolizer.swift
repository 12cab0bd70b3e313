/// Names and source positions for places in one loaded module: the function
/// (from the name section, demangled) and, when the module carries DWARF,
/// the file, line and column with every inlined frame. DWARF is read the
/// first time a source position is asked for, so a run that never traps
/// never pays for it.
import DWARF
import WasmCore
import WasmRuntime

public final class Symbolizer {
    public let module: LoadedModule
    private let moduleBytes: [UInt8]
    private var loadedDebugInfo: DebugInfo??
    /// Why DWARF could not be read, if it could not: reports say so once.
    public private(set) var debugInfoProblem: String?

    public init(module: LoadedModule, bytes: [UInt8]) {
        self.module = module
        self.moduleBytes = bytes
    }

    /// The module's DWARF, or nil if it has none or it is unreadable.
    public var debugInfo: DebugInfo? {
        if let loadedDebugInfo { return loadedDebugInfo }
        var info: DebugInfo?
        do {
            info = try DebugInfo(moduleBytes: moduleBytes, module: module.module)
        } catch {
            debugInfoProblem = "cannot read DWARF: \(error)"
        }
        loadedDebugInfo = .some(info)
        return info
    }

    /// The function's name as its author wrote it, or `func[N]` without one.
    public func functionName(_ index: UInt32) -> String {
        if let name = module.module.names?.functionNames[index] { return Demangler.demangle(name) }
        if let export = module.module.exports.first(where: { $0.descriptor == .function(index) }) {
            return export.name
        }
        return "func[\(index)]"
    }

    /// DWARF addresses count from the start of the code section's payload.
    public func debugAddress(moduleOffset: Int) -> UInt32? {
        guard let codeStart = module.module.codeSectionPayloadOffset, moduleOffset >= codeStart else { return nil }
        return UInt32(truncatingIfNeeded: moduleOffset - codeStart)
    }

    /// The frames at a place in a function, innermost first: the inlined
    /// functions DWARF knows at that address, then the wasm function itself.
    public func frames(functionIndex: UInt32, moduleOffset: Int?) -> [SymbolicatedFrame] {
        let moduleName = module.name ?? "<module>"
        let wasmFunctionName = functionName(functionIndex)
        guard let moduleOffset, let address = debugAddress(moduleOffset: moduleOffset), let debugInfo else {
            return [SymbolicatedFrame(moduleOffset: moduleOffset, moduleName: moduleName, functionName: wasmFunctionName)]
        }
        let sourceFrames = debugInfo.frames(at: address)
        guard !sourceFrames.isEmpty else {
            let position = debugInfo.sourceLocation(at: address).map(SourcePosition.init)
            return [
                SymbolicatedFrame(
                    moduleOffset: moduleOffset, moduleName: moduleName, functionName: wasmFunctionName, source: position)
            ]
        }
        return sourceFrames.enumerated().map { index, frame in
            let isOutermost = index == sourceFrames.count - 1
            let name = isOutermost ? outermostName(wasmName: wasmFunctionName, frame: frame) : Self.displayName(of: frame)
            return SymbolicatedFrame(
                moduleOffset: moduleOffset, moduleName: moduleName, functionName: name,
                source: frame.location.map(SourcePosition.init), isInlined: !isOutermost)
        }
    }

    /// The wasm function's own frame. A C++ name-section name is the linkage
    /// name, which demangles to the qualified name with its parameters; a C
    /// one can be a linker's alias (wasi-libc's `__main_argc_argv` for
    /// `main`), so DWARF's name wins there.
    private func outermostName(wasmName: String, frame: SourceFrame) -> String {
        if wasmName.contains("::") || wasmName.contains("(") || frame.functionName.isEmpty { return wasmName }
        return frame.functionName
    }

    private static func displayName(of frame: SourceFrame) -> String {
        if let linkageName = frame.linkageName { return Demangler.demangle(linkageName) }
        return frame.functionName
    }
}
