/// A WASI program ready to run: its module (and preloaded modules) loaded,
/// compiled and instantiated with WASI and each other's exports linked in.
/// Running it is `start()` for a command's `_start`, or `invoke` for one
/// function, as `wasmtime run --invoke` does.
import WASIPreview1
import WasmCore
import WasmJIT
import WasmRuntime

public final class Program {
    public let specification: ProgramSpecification
    public let engine: Engine
    public let store: Store
    /// The module named on the command line, and its bytes (DWARF lives in them).
    public let module: LoadedModule
    public let moduleBytes: [UInt8]
    public let instance: Instance
    /// The main instance's WASI state; nil if the module imports nothing from WASI.
    public let wasi: WASIHost?
    /// Every module of the program, preloads first: for backtraces that cross them.
    public private(set) var modules: [(module: LoadedModule, bytes: [UInt8])] = []
    /// Every instance, preloads first and `instance` last: a profiler watches
    /// each one's host calls, since a preload may call WASI too.
    public private(set) var instances: [Instance] = []

    /// `options` are the JIT's: a debugger passes `Compiler.Options.debugging`.
    public convenience init(
        specification: ProgramSpecification, engine: Engine, options: Compiler.Options = Compiler.Options()
    ) throws(ProgramError) {
        try self.init(specification: specification, engine: engine, options: options, mainModule: nil)
    }

    /// A new instance of a module loaded before: a debug session keeps one
    /// compiled module, with its breakpoints patched in, across runs.
    public convenience init(
        specification: ProgramSpecification, engine: Engine, module: LoadedModule, moduleBytes: [UInt8],
        options: Compiler.Options = .debugging
    ) throws(ProgramError) {
        try self.init(specification: specification, engine: engine, options: options, mainModule: (module, moduleBytes))
    }

    /// Loads (or takes) the main module the way `run` does.
    public static func loadModule(
        _ path: String, engine: Engine, options: Compiler.Options
    ) throws(ProgramError) -> (module: LoadedModule, bytes: [UInt8]) {
        try load(path: path, engine: engine, options: options)
    }

    private init(
        specification: ProgramSpecification, engine: Engine, options: Compiler.Options,
        mainModule: (LoadedModule, [UInt8])?
    ) throws(ProgramError) {
        self.specification = specification
        self.engine = engine
        let store = Store(engine: engine)
        self.store = store
        var imports = Imports()
        var loaded: [(module: LoadedModule, bytes: [UInt8])] = []
        var preloadedInstances: [Instance] = []
        for preload in specification.preloads {
            let (module, bytes) = try Self.load(path: preload.path, engine: engine, options: options)
            let (instance, _) = try Self.instantiate(module, imports: imports, specification: specification, store: store)
            imports.define(module: preload.name, instance: instance)
            loaded.append((module, bytes))
            preloadedInstances.append(instance)
        }
        if let mainModule {
            (module, moduleBytes) = mainModule
        } else {
            (module, moduleBytes) = try Self.load(path: specification.modulePath, engine: engine, options: options)
        }
        (instance, wasi) = try Self.instantiate(module, imports: imports, specification: specification, store: store)
        modules = loaded + [(module, moduleBytes)]
        instances = preloadedInstances + [instance]
    }

    /// Runs `_start`, as a WASI command. A reactor (no `_start`) only gets
    /// its `_initialize` called, and exits with status 0.
    public func start() -> ProgramOutcome {
        guard let entry = instance.function("_start") else {
            return initializeReactor() ?? .exited(status: 0)
        }
        return call(entry, [])
    }

    /// Calls the export `name` with arguments parsed from text by its parameter types.
    public func invoke(_ name: String, arguments: [String]) throws(ProgramError) -> ProgramOutcome {
        guard let function = instance.function(name) else {
            throw ProgramError("the module has no exported function named '\(name)'")
        }
        let values = try InvokeArguments.parse(arguments, for: function.type, functionName: name)
        if instance.function("_start") == nil, let failure = initializeReactor() { return failure }
        return call(function, values)
    }

    private func initializeReactor() -> ProgramOutcome? {
        guard let initialize = instance.function("_initialize") else { return nil }
        if case .trapped(let trap) = call(initialize, []) { return .trapped(trap) }
        return nil
    }

    private func call(_ function: Function, _ arguments: [Value]) -> ProgramOutcome {
        do {
            let results = try function.call(arguments)
            return function == instance.function("_start") ? .exited(status: 0) : .returned(results)
        } catch {
            if let exit = error.hostError?.payload as? WASIExit { return .exited(status: exit.code) }
            return .trapped(error)
        }
    }

    private static func load(
        path: String, engine: Engine, options: Compiler.Options
    ) throws(ProgramError) -> (LoadedModule, [UInt8]) {
        let bytes = try ModuleFile.load(path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        do {
            return (try LoadedModule(engine: engine, bytes: bytes, name: name, options: options), bytes)
        } catch {
            throw ProgramError("\(path): \(error)")
        }
    }

    /// Links WASI (when the module asks for it) over `imports` and instantiates.
    private static func instantiate(
        _ module: LoadedModule, imports: Imports, specification: ProgramSpecification, store: Store
    ) throws(ProgramError) -> (Instance, WASIHost?) {
        var imports = imports
        var wasi: WASIHost?
        if module.imports.contains(where: { $0.module == WASIHost.moduleName }) {
            do {
                let host = try WASIHost(configuration: specification.wasiConfiguration())
                host.define(in: &imports, store: store)
                wasi = host
            } catch {
                throw ProgramError(error.description)
            }
        }
        let instance: Instance
        do {
            instance = try Instance(store: store, module: module, imports: imports)
        } catch {
            throw ProgramError("\(module.name ?? "module"): \(error)")
        }
        if let wasi, let memory = instance.memory("memory") {
            wasi.attach(memory: memory)
        }
        return (instance, wasi)
    }
}
