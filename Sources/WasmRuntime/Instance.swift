/// An instance: a loaded module linked to its imports, with its own globals,
/// tables, memories and functions, ready to call. The handle keeps its store
/// alive; the state JIT code uses (VM context, function records) belongs to
/// the store.
import WasmCore

public final class Instance: @unchecked Sendable {
    // Unchecked Sendable: like its store, usable from one thread at a time, on any thread.
    public let store: Store
    public let module: LoadedModule
    let state: InstanceState
    /// In the module's export order.
    public let exports: [(name: String, value: ExternalValue)]
    private let exportsByName: [[UInt8]: ExternalValue]

    /// Links, allocates and initializes per the spec: imports are resolved and
    /// type-checked, globals evaluated, active element then data segments
    /// copied (each bounds-checked before copying), then the start function
    /// runs. A trap in the last two steps fails with `.trap`.
    public init(store: Store, module: LoadedModule, imports: Imports) throws(InstantiationError) {
        self.store = store
        self.module = module
        let resolved = try Self.resolveImports(of: module, in: store, from: imports)
        let state = try Self.allocate(module: module, store: store, imports: resolved)
        self.state = state
        exports = Self.exports(of: state, store: store)
        exportsByName = Dictionary(exports.map { (Array($0.name.utf8), $0.value) }, uniquingKeysWith: { first, _ in first })
        try Self.initialize(state, store: store)
    }

    public func export(_ name: String) -> ExternalValue? { exportsByName[Array(name.utf8)] }

    public func function(_ name: String) -> Function? {
        if case .function(let function) = export(name) { function } else { nil }
    }

    public func memory(_ name: String) -> Memory? {
        if case .memory(let memory) = export(name) { memory } else { nil }
    }

    public func global(_ name: String) -> Global? {
        if case .global(let global) = export(name) { global } else { nil }
    }

    public func table(_ name: String) -> Table? {
        if case .table(let table) = export(name) { table } else { nil }
    }

    /// The instance's VM context (`VMContextLayout`), for the debugger and profiler.
    public var vmContextAddress: UnsafeMutableRawPointer { state.context.address }

    /// Memory 0, if the instance has one.
    public var defaultMemory: Memory? { state.memories.first }

    /// The function with index `index` in the module's function index space (imports first).
    public func function(at index: Int) -> Function? {
        guard index >= 0 && index < state.functionTypes.count else { return nil }
        return Function(store: store, record: state.context.functionRecord(index), type: state.functionTypes[index])
    }
}
