/// The VM context of one instance: the block of memory JIT code holds in r14,
/// laid out exactly as `VMContextLayout` says. One allocation holds the fixed
/// part and the arrays it points to (global cell pointers, table storage
/// pointers, function reference records, canonical type ids), so an instance
/// costs one malloc and its records have stable addresses (funcref values are
/// their addresses).
import WasmJIT

final class VMContext {
    let address: UnsafeMutableRawPointer
    let functionCount: Int
    private let globalsOffset: Int
    private let tablesOffset: Int
    private let functionsOffset: Int
    private let typeIDsOffset: Int
    private let byteCount: Int

    init(functionCount: Int, globalCount: Int, tableCount: Int, typeCount: Int) {
        self.functionCount = functionCount
        globalsOffset = Int(VMContextLayout.size)
        tablesOffset = globalsOffset + 8 * globalCount
        functionsOffset = tablesOffset + 8 * tableCount
        typeIDsOffset = functionsOffset + Int(FunctionReferenceLayout.size) * functionCount
        byteCount = typeIDsOffset + 4 * typeCount
        address = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 16), alignment: 64)
        address.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
        store(address + globalsOffset, at: VMContextLayout.globals)
        store(address + tablesOffset, at: VMContextLayout.tables)
        store(address + functionsOffset, at: VMContextLayout.functions)
        store(address + typeIDsOffset, at: VMContextLayout.typeIDs)
    }

    deinit {
        address.deallocate()
    }

    private func store(_ pointer: UnsafeRawPointer?, at offset: Int32) {
        address.storeBytes(of: UInt(bitPattern: pointer), toByteOffset: Int(offset), as: UInt.self)
    }

    func setGlobal(_ index: Int, cell: UnsafeMutableRawPointer) {
        address.storeBytes(of: cell, toByteOffset: globalsOffset + 8 * index, as: UnsafeMutableRawPointer.self)
    }

    func setTable(_ index: Int, storage: UnsafeMutableRawPointer) {
        address.storeBytes(of: storage, toByteOffset: tablesOffset + 8 * index, as: UnsafeMutableRawPointer.self)
    }

    func setTypeID(_ index: Int, _ id: UInt32) {
        address.storeBytes(of: id, toByteOffset: typeIDsOffset + 4 * index, as: UInt32.self)
    }

    /// The function reference record of function `index` (imports first).
    func functionRecord(_ index: Int) -> UnsafeMutableRawPointer {
        precondition(index >= 0 && index < functionCount)
        return address + functionsOffset + Int(FunctionReferenceLayout.size) * index
    }

    var stackLimit: UInt64 {
        get { address.load(fromByteOffset: Int(VMContextLayout.stackLimit), as: UInt64.self) }
        set { address.storeBytes(of: newValue, toByteOffset: Int(VMContextLayout.stackLimit), as: UInt64.self) }
    }

    func setInterruptFlag(_ flag: UnsafeMutablePointer<UInt32>) { store(flag, at: VMContextLayout.interruptFlag) }

    func setBuiltins(_ table: UnsafeRawPointer) { store(table, at: VMContextLayout.builtins) }

    func setRuntimeInstance(_ instance: UnsafeRawPointer) { store(instance, at: VMContextLayout.runtimeInstance) }

    func setCallCounts(_ counters: UnsafeMutablePointer<UInt64>) { store(counters, at: VMContextLayout.callCounts) }

    /// The last wasm frame that called out to the host (written by the host-call stub).
    var lastExit: (framePointer: UInt64, pc: UInt64) {
        (
            address.load(fromByteOffset: Int(VMContextLayout.lastExitFramePointer), as: UInt64.self),
            address.load(fromByteOffset: Int(VMContextLayout.lastExitPC), as: UInt64.self)
        )
    }
}

/// Reading and writing `FunctionReferenceLayout` records wherever they live
/// (in a VM context, or standalone for host functions).
enum FunctionRecord {
    static func write(
        _ record: UnsafeMutableRawPointer, code: UnsafeRawPointer, vmContext: UnsafeMutableRawPointer, typeID: UInt32
    ) {
        record.storeBytes(of: code, toByteOffset: Int(FunctionReferenceLayout.code), as: UnsafeRawPointer.self)
        record.storeBytes(of: vmContext, toByteOffset: Int(FunctionReferenceLayout.vmContext), as: UnsafeMutableRawPointer.self)
        record.storeBytes(of: typeID, toByteOffset: Int(FunctionReferenceLayout.typeID), as: UInt32.self)
    }

    /// Copies an imported function's record into the importer's slot.
    static func copy(from source: UnsafeRawPointer, to destination: UnsafeMutableRawPointer) {
        destination.copyMemory(from: source, byteCount: Int(FunctionReferenceLayout.size))
    }

    static func code(_ record: UnsafeRawPointer) -> UnsafeRawPointer {
        record.load(fromByteOffset: Int(FunctionReferenceLayout.code), as: UnsafeRawPointer.self)
    }

    static func vmContext(_ record: UnsafeRawPointer) -> UnsafeMutableRawPointer {
        record.load(fromByteOffset: Int(FunctionReferenceLayout.vmContext), as: UnsafeMutableRawPointer.self)
    }

    static func typeID(_ record: UnsafeRawPointer) -> UInt32 {
        record.load(fromByteOffset: Int(FunctionReferenceLayout.typeID), as: UInt32.self)
    }
}
