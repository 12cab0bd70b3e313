/// The engine: what every store and module shares. It owns the executable
/// memory with the two stubs of the calling convention (entry from C, calls
/// out to the host), the canonical function type ids that make
/// `call_indirect` type checks one integer compare engine-wide, the builtin
/// table JIT code calls the runtime through, and the index of loaded modules'
/// code that backtraces use. Creating one installs the signal handlers.
///
/// Thread-safe: modules can be loaded and stores used on any thread.
import Synchronization
import WasmCore
import WasmJIT

public final class Engine: @unchecked Sendable {
    // Unchecked Sendable: the stubs and builtin table are immutable after
    // init; the registries are behind mutexes.

    let stubMemory: CodeMemory
    /// `void entry(code, vmContext, slots, slotCount)`: what `wsc_enter` calls.
    let entryStub: UnsafeRawPointer
    /// The `code` of every host function's reference record.
    let hostCallStub: UnsafeRawPointer
    private let hostCallTrapSites: [UInt: TrapCode]
    /// `Builtin.allCases.count` C function pointers, shared by every VM context.
    let builtinTable: UnsafeMutableRawPointer
    private let types = Mutex(TypeRegistry())
    private let modules = Mutex([ModuleCodeRange]())

    /// Stops the process if the signal handlers or the stubs' executable
    /// memory cannot be set up: without them nothing can run.
    public convenience init() {
        self.init(stubs: Self.defaultStubs)
    }

    init(stubs: EngineStubs) {
        if case .failure(let error) = Syscalls.installSignalHandlers() {
            fatalError("cannot install the trap signal handlers: \(error)")
        }
        let hostCallOffset = (stubs.entry.count + 63) / 64 * 64
        do {
            stubMemory = try CodeMemory(byteCount: hostCallOffset + stubs.hostCall.count)
        } catch {
            fatalError("cannot map executable memory for the engine's stubs: \(error)")
        }
        stubMemory.write(stubs.entry, atOffset: 0)
        stubMemory.write(stubs.hostCall, atOffset: hostCallOffset)
        entryStub = stubMemory.executableAddress(ofOffset: 0)
        hostCallStub = stubMemory.executableAddress(ofOffset: hostCallOffset)
        var sites: [UInt: TrapCode] = [:]
        for site in stubs.hostCallTrapSites {
            sites[UInt(bitPattern: hostCallStub) + UInt(site.machineOffset)] = site.code
        }
        hostCallTrapSites = sites
        builtinTable = Builtins.makeTable()
    }

    deinit {
        builtinTable.deallocate()
    }

    static var defaultStubs: EngineStubs { .compiled }

    // MARK: - Canonical function types

    /// The engine-wide id of a function type: equal ids, equal types. Never 0.
    public func typeID(of type: FunctionType) -> UInt32 {
        types.withLock { $0.id(of: type) }
    }

    /// The type an id stands for.
    public func functionType(ofTypeID id: UInt32) -> FunctionType? {
        types.withLock { $0.type(ofID: id) }
    }

    // MARK: - Code of loaded modules

    func register(_ module: LoadedModule, range: Range<UInt>) {
        modules.withLock { entries in
            entries.removeAll { $0.module == nil }
            entries.append(ModuleCodeRange(range: range, module: module))
        }
    }

    func unregister(range: Range<UInt>) {
        modules.withLock { entries in entries.removeAll { $0.range == range } }
    }

    /// The loaded module whose code contains `address`.
    public func module(containing address: UInt) -> LoadedModule? {
        modules.withLock { entries in entries.first { $0.range.contains(address) }?.module }
    }

    /// The trap code of a trap site in the host-call stub, if `address` is one.
    func stubTrapCode(at address: UInt) -> TrapCode? { hostCallTrapSites[address] }

    /// Whether `address` lies in the engine's own stubs.
    public func isStubCode(_ address: UInt) -> Bool { stubMemory.contains(address) }
}

private struct ModuleCodeRange {
    var range: Range<UInt>
    weak var module: LoadedModule?
}

private struct TypeRegistry {
    private var ids: [FunctionType: UInt32] = [:]
    private var typesByID: [FunctionType] = []

    mutating func id(of type: FunctionType) -> UInt32 {
        if let id = ids[type] { return id }
        typesByID.append(type)
        let id = UInt32(typesByID.count)
        ids[type] = id
        return id
    }

    func type(ofID id: UInt32) -> FunctionType? {
        id >= 1 && Int(id) <= typesByID.count ? typesByID[Int(id) - 1] : nil
    }
}
