/// From machine addresses to profile frames, after the run (or for a live
/// snapshot during it): pc → loaded module → compiled function → wasm op
/// (op map) → source position with inlined frames (DWARF); return address →
/// call op (call sites); a host sample's exit pc → the call op → the import
/// it calls, or the builtin its op uses.
///
/// Results are cached per address. Thread-safe: one lock around everything,
/// since symbolizers load DWARF lazily and are not thread-safe themselves.
import DWARF
import Foundation
import Symbolication
import WasmCore
import WasmJIT
import WasmRuntime

/// A frame before it is interned into a profile: functions by value.
struct ResolvedFrame: Hashable {
    var function: ProfileFunction
    var address: UInt64?
    var moduleOffset: Int?
    var source: SourcePosition?
    var inlineDepth: Int
    /// The wasm function whose machine code holds `address`.
    var wasmFunction: ProfileFunction?
}

public final class ProfileSymbolication: @unchecked Sendable {
    // Unchecked Sendable: every piece of mutable state is touched only under `lock`.

    public let engine: Engine
    private let lock = NSLock()
    private var knownModules: [LoadedModule]
    private let symbolizers: Symbolizers
    private var leafFramesByPC: [UInt64: [ResolvedFrame]] = [:]
    private var callerFramesByReturnAddress: [UInt64: [ResolvedFrame]] = [:]
    private var hostFramesByExitPC: [UInt64: [ResolvedFrame]] = [:]
    private var wasmFunctions: [FunctionKey: ProfileFunction] = [:]
    private var inlinedDefinitions: [String: SourcePosition?] = [:]

    private struct FunctionKey: Hashable {
        var module: ObjectIdentifier
        var functionIndex: UInt32
    }

    /// `modules` with their bytes (for DWARF), in the order functions' `moduleIndex` counts.
    public init(engine: Engine, modules: [(module: LoadedModule, bytes: [UInt8])]) {
        self.engine = engine
        knownModules = modules.map(\.module)
        symbolizers = Symbolizers(modules: modules)
    }

    /// The modules `ProfileFunction.moduleIndex` refers to.
    public var modules: [LoadedModule] { lock.withLock { knownModules } }

    /// The module with this index (for annotated listings).
    public func module(at index: Int) -> LoadedModule? {
        lock.withLock { index >= 0 && index < knownModules.count ? knownModules[index] : nil }
    }

    /// Runs `body` with the symbolizer of a module, under the lock.
    public func withSymbolizer<Result>(for module: LoadedModule, _ body: (Symbolizer) -> Result) -> Result {
        lock.withLock { body(symbolizers.symbolizer(for: module)) }
    }

    /// The profile function of a defined wasm function, named and located as
    /// its samples are (call counts use it); nil for an import.
    public func wasmFunction(module: LoadedModule, functionIndex: UInt32) -> ProfileFunction? {
        let defined = Int(functionIndex) - module.module.importedFunctionCount
        guard defined >= 0 && defined < module.compiledModule.functions.count else { return nil }
        return lock.withLock {
            wasmFunction(
                module: module, function: module.compiledModule.functions[defined],
                symbolizer: symbolizers.symbolizer(for: module), moduleIndex: index(of: module))
        }
    }

    // MARK: - Samples

    /// The frames of a sample, innermost first; never empty.
    func frames(of sample: RawSample) -> [ResolvedFrame] {
        lock.withLock {
            var frames: [ResolvedFrame] = []
            var returnAddresses = sample.returnAddresses[...]
            switch sample.kind {
            case .outside:
                frames.append(Self.special("outside guest code", .outsideGuest))
            case .host:
                frames += hostFrames(exitPC: sample.pc)
            case .jit:
                frames += leafFrames(pc: sample.pc)
                if let missing = returnAddressOutsideFrame(sample) {
                    frames += callerFrames(returnAddress: missing)
                }
            }
            while let returnAddress = returnAddresses.popFirst() {
                frames += callerFrames(returnAddress: returnAddress)
            }
            if sample.isTruncated {
                frames.append(Self.special("truncated stack", .engineStub))
            }
            return frames.isEmpty ? [Self.special("unknown JIT code", .engineStub)] : frames
        }
    }

    private static func special(_ name: String, _ kind: ProfileFunctionKind) -> ResolvedFrame {
        ResolvedFrame(function: ProfileFunction(name: name, kind: kind), inlineDepth: 0)
    }

    /// For a pc in a function's first instructions (before `push rbp; mov rbp, rsp`
    /// has made its frame) or at its `ret` (after `pop rbp`), rbp is still the
    /// caller's, so the RBP chain starts one frame too far out: the return
    /// address into the caller is on top of the stack instead.
    private func returnAddressOutsideFrame(_ sample: RawSample) -> UInt64? {
        guard let module = engine.module(containing: UInt(sample.pc)),
            let (function, offset) = module.function(containing: UInt(sample.pc))
        else { return nil }
        let code = module.compiledModule.code
        let entry = function.codeRange.lowerBound
        let candidate: UInt64
        if offset == entry && code[entry] == 0x55 {  // at push rbp
            candidate = sample.stackWords[0]
        } else if offset == entry + 1 && code[entry] == 0x55 {  // at mov rbp, rsp
            candidate = sample.stackWords[1]
        } else if code[offset] == 0xC3 {  // at ret
            candidate = sample.stackWords[0]
        } else {
            return nil
        }
        return isCallSite(candidate) ? candidate : nil
    }

    private func isCallSite(_ address: UInt64) -> Bool {
        guard let module = engine.module(containing: UInt(address)) else { return false }
        let offset = Int(UInt(address) - module.codeBaseAddress)
        guard let function = module.compiledModule.function(containing: offset - 1) else { return false }
        return function.callSite(returningTo: offset) != nil
    }

    // MARK: - Frames per address (cached)

    private func leafFrames(pc: UInt64) -> [ResolvedFrame] {
        if let cached = leafFramesByPC[pc] { return cached }
        let frames: [ResolvedFrame]
        if let module = engine.module(containing: UInt(pc)), let (function, offset) = module.function(containing: UInt(pc)) {
            let op = function.op(containingMachineOffset: offset)
            frames = wasmFrames(module: module, function: function, moduleOffset: op.map { Int($0.wasmOffset) }, address: pc)
        } else if engine.isStubCode(UInt(pc)) {
            frames = [Self.special("engine stub", .engineStub)]
        } else {
            frames = [Self.special("unknown JIT code", .engineStub)]
        }
        leafFramesByPC[pc] = frames
        return frames
    }

    /// The calling frames a return address stands for; empty for the entry stub's.
    private func callerFrames(returnAddress: UInt64) -> [ResolvedFrame] {
        if let cached = callerFramesByReturnAddress[returnAddress] { return cached }
        var frames: [ResolvedFrame] = []
        if let module = engine.module(containing: UInt(returnAddress)) {
            let offset = Int(UInt(returnAddress) - module.codeBaseAddress)
            // The return address may be the first byte after the function (a call as its last instruction).
            if let function = module.compiledModule.function(containing: offset - 1) {
                let moduleOffset = function.callSite(returningTo: offset).map { Int($0.wasmOffset) }
                    ?? function.op(containingMachineOffset: offset - 1).map { Int($0.wasmOffset) }
                frames = wasmFrames(module: module, function: function, moduleOffset: moduleOffset, address: returnAddress)
            }
        }
        callerFramesByReturnAddress[returnAddress] = frames
        return frames
    }

    /// A host sample: the import (or builtin) being called, then the wasm frames at the call.
    private func hostFrames(exitPC: UInt64) -> [ResolvedFrame] {
        if let cached = hostFramesByExitPC[exitPC] { return cached }
        var frames: [ResolvedFrame] = []
        var callee = ProfileFunction(name: "host", kind: .hostImport)
        if let module = engine.module(containing: UInt(exitPC)) {
            let offset = Int(UInt(exitPC) - module.codeBaseAddress)
            if let function = module.compiledModule.function(containing: offset - 1),
                let site = function.callSite(returningTo: offset)
            {
                callee = hostCallee(module: module, function: function, callOffset: Int(site.wasmOffset))
            }
        }
        frames.append(ResolvedFrame(function: callee, inlineDepth: 0))
        frames += callerFrames(returnAddress: exitPC)
        hostFramesByExitPC[exitPC] = frames
        return frames
    }

    /// What the op at `callOffset` calls out to: an imported function, or a builtin.
    private func hostCallee(module: LoadedModule, function: CompiledFunction, callOffset: Int) -> ProfileFunction {
        let wasm = module.module
        guard let body = OpLookup.body(ofFunction: function.functionIndex, in: wasm),
            let instruction = OpLookup.instruction(at: callOffset, in: wasm, body: body)
        else { return ProfileFunction(name: "host", kind: .hostImport) }
        switch instruction {
        case .call(let index) where Int(index) < wasm.importedFunctionCount:
            let functionImports = wasm.imports.filter { $0.descriptor.isFunction }
            let entry = functionImports[Int(index)]
            return ProfileFunction(name: entry.name, kind: .hostImport, moduleName: entry.module)
        case .callIndirect:
            return ProfileFunction(name: "host function (call_indirect)", kind: .hostImport)
        default:
            if let name = OpLookup.builtinName(instruction) {
                return ProfileFunction(name: name, kind: .builtin)
            }
            return ProfileFunction(name: "host", kind: .hostImport)
        }
    }

    /// The wasm function at a place, with the functions DWARF says are inlined
    /// there, innermost first.
    private func wasmFrames(
        module: LoadedModule, function: CompiledFunction, moduleOffset: Int?, address: UInt64
    ) -> [ResolvedFrame] {
        let symbolizer = symbolizers.symbolizer(for: module)
        let moduleIndex = index(of: module)
        let outer = wasmFunction(module: module, function: function, symbolizer: symbolizer, moduleIndex: moduleIndex)
        let body = OpLookup.body(ofFunction: function.functionIndex, in: module.module)
        let lineOffset = moduleOffset.map { offset in body.map { OpLookup.lineOffset(ofOp: offset, in: module.module, body: $0) } ?? offset }
        var symbolicated = symbolizer.frames(functionIndex: function.functionIndex, moduleOffset: lineOffset)
        if let lineOffset, !symbolicated.isEmpty, symbolicated[0].source == nil {
            symbolicated[0].source = precedingSource(function: function, moduleOffset: lineOffset, symbolizer: symbolizer)
        }
        var frames: [ResolvedFrame] = []
        for (position, frame) in symbolicated.enumerated() {
            let isOutermost = position == symbolicated.count - 1
            let profileFunction = isOutermost
                ? outer
                : ProfileFunction(
                    name: frame.functionName, kind: .inlined, moduleName: outer.moduleName, moduleIndex: moduleIndex,
                    definition: inlinedDefinition(frame.functionName, symbolizer: symbolizer))
            frames.append(
                ResolvedFrame(
                    function: profileFunction, address: address, moduleOffset: moduleOffset, source: frame.source,
                    inlineDepth: symbolicated.count - 1 - position, wasmFunction: outer))
        }
        return frames
    }

    /// The source position of the nearest op before `moduleOffset` that has
    /// one. Compilers give line 0 (no line) to code that belongs to no
    /// statement in particular: clang does to many of the `local.tee`s and
    /// `local.get`s around a wasm loop's arithmetic. Such an op counts for
    /// the line before it, as it does in gdb's and perf's listings, so a
    /// line's share is not split into a part with no line.
    private func precedingSource(function: CompiledFunction, moduleOffset: Int, symbolizer: Symbolizer) -> SourcePosition? {
        guard let debugInfo = symbolizer.debugInfo else { return nil }
        let ops = function.opMap
        var index = ops.partitionPoint(where: { Int($0.wasmOffset) < moduleOffset }) - 1
        var steps = 0
        while index >= 0 && steps < 256 {
            if let address = symbolizer.debugAddress(moduleOffset: Int(ops[index].wasmOffset)),
                let location = debugInfo.sourceLocation(at: address)
            {
                return SourcePosition(file: location.file, line: location.line, column: location.column)
            }
            index -= 1
            steps += 1
        }
        return nil
    }

    private func index(of module: LoadedModule) -> Int {
        if let index = knownModules.firstIndex(where: { $0 === module }) { return index }
        knownModules.append(module)
        return knownModules.count - 1
    }

    /// One `ProfileFunction` per wasm function, whatever address it is seen
    /// at: its name is fixed here, not taken from whichever DWARF frame an
    /// address happens to have (a C function's name-section name can be a
    /// linker alias such as `__main_argc_argv`, where DWARF says `main`).
    private func wasmFunction(
        module: LoadedModule, function: CompiledFunction, symbolizer: Symbolizer, moduleIndex: Int
    ) -> ProfileFunction {
        let key = FunctionKey(module: ObjectIdentifier(module), functionIndex: function.functionIndex)
        if let known = wasmFunctions[key] { return known }
        let wasmName = symbolizer.functionName(function.functionIndex)
        var name = wasmName
        var definition: SourcePosition?
        if let body = OpLookup.body(ofFunction: function.functionIndex, in: module.module),
            let address = symbolizer.debugAddress(moduleOffset: body.codeRange.lowerBound),
            let debugInfo = symbolizer.debugInfo,
            let info = debugInfo.function(containing: address)
        {
            // C++ and Rust names demangle to something more precise than DWARF's short name.
            if !(wasmName.contains("::") || wasmName.contains("(")) && !info.name.isEmpty { name = info.name }
            if let file = info.declFile, let line = info.declLine { definition = SourcePosition(file: file, line: line, column: 0) }
        }
        let result = ProfileFunction(
            name: name, kind: .wasm, moduleName: module.name ?? "<module>", wasmFunctionIndex: function.functionIndex,
            moduleIndex: index(of: module), definition: definition)
        wasmFunctions[key] = result
        return result
    }

    private func inlinedDefinition(_ name: String, symbolizer: Symbolizer) -> SourcePosition? {
        if let known = inlinedDefinitions[name] { return known }
        var definition: SourcePosition?
        if let info = symbolizer.debugInfo?.function(named: name), let file = info.declFile, let line = info.declLine {
            definition = SourcePosition(file: file, line: line, column: 0)
        }
        inlinedDefinitions[name] = definition
        return definition
    }
}
