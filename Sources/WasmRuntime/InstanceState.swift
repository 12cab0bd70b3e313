/// The runtime side of an instance: its VM context and what the context
/// points at, plus the segments bulk-memory and table instructions still
/// need. The store owns it (so its function records outlive a failed
/// instantiation); the VM context's `runtimeInstance` field points back at it
/// so builtins can find it from the context JIT code passes them.
import WasmCore
import WasmJIT

final class InstanceState {
    let module: LoadedModule
    let context: VMContext
    /// Index spaces, imports first.
    var memories: [Memory] = []
    var tables: [Table] = []
    var globals: [Global] = []
    /// The type of each function, imports first.
    let functionTypes: [FunctionType]
    /// Element segments as raw references; a dropped segment is empty.
    var elementSegments: [[UInt64]] = []
    /// Data segments as module byte ranges; a dropped segment is empty.
    var dataSegments: [Range<Int>] = []

    init(module: LoadedModule) {
        self.module = module
        let declarations = module.module
        functionTypes = module.functionTypes
        context = VMContext(
            functionCount: functionTypes.count, globalCount: declarations.allGlobalTypes.count,
            tableCount: declarations.allTables.count, typeCount: declarations.types.count
        )
        for (index, id) in module.typeIDs.enumerated() {
            context.setTypeID(index, id)
        }
        context.setBuiltins(module.engine.builtinTable)
        context.setRuntimeInstance(Unmanaged.passUnretained(self).toOpaque())
        if let counters = module.callCounters { context.setCallCounts(counters.base) }
    }

    deinit {
        memories.first?.detach(context.address)
    }

    /// The state a VM context belongs to (for builtins).
    static func from(context: UnsafeMutableRawPointer) -> InstanceState {
        let raw = context.load(fromByteOffset: Int(VMContextLayout.runtimeInstance), as: UnsafeRawPointer.self)
        return Unmanaged<InstanceState>.fromOpaque(raw).takeUnretainedValue()
    }

    /// The bytes of data segment `index` that are still available.
    func dataBytes(_ index: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: module.module.bytes.buffer[dataSegments[index]])
    }
}
