/// A function a store can call: a wasm function of an instance or a host
/// function. It is the address of a function reference record plus the store
/// that owns the record, so it is cheap to copy and equal to the funcref JIT
/// code would use for the same function.
import CRuntimeSupport
import WasmCore
import WasmJIT

public struct Function: @unchecked Sendable {
    // Unchecked Sendable: a function may be handed to another thread to be
    // called there, as long as its store is used by one thread at a time.
    public let store: Store
    public let type: FunctionType
    let record: UnsafeMutableRawPointer

    init(store: Store, record: UnsafeMutableRawPointer, type: FunctionType) {
        self.store = store
        self.record = record
        self.type = type
    }

    /// A host function: `body` gets the arguments and returns the results,
    /// which must match `type.results`. Throwing stops the guest with a trap
    /// carrying the error. The store keeps the function for its lifetime.
    public init(store: Store, type: FunctionType, body: @escaping ([Value]) throws(HostError) -> [Value]) {
        let state = HostFunctionState(engine: store.engine, type: type, body: body)
        store.adopt(state)
        self.init(store: store, record: state.record, type: type)
    }

    /// The function a funcref refers to, if the engine knows its type.
    public init?(store: Store, reference: FunctionReference) {
        guard let type = store.engine.functionType(ofTypeID: FunctionRecord.typeID(reference.record)) else { return nil }
        self.init(store: store, record: reference.record, type: type)
    }

    /// The funcref value of this function.
    public var reference: FunctionReference { FunctionReference(record: record) }

    /// Whether this is a host function.
    public var isHostFunction: Bool { FunctionRecord.code(record) == store.engine.hostCallStub }

    /// Calls the function. A wasm function runs through the entry trampoline
    /// and its traps arrive as `Trap`; a host function's body runs directly.
    public func call(_ arguments: [Value]) throws(Trap) -> [Value] {
        guard arguments.count == type.parameters.count,
            zip(arguments, type.parameters).allSatisfy({ $0.type == $1 })
        else {
            throw Trap.usage(
                "type mismatch: arguments \(arguments.map(\.type.description)) for parameters \(type.parameters.map(\.description))")
        }
        let code = FunctionRecord.code(record)
        let vmContext = FunctionRecord.vmContext(record)
        if code == store.engine.hostCallStub {
            do {
                return try HostFunctionState.from(hostRecord: vmContext).invoke(arguments)
            } catch {
                throw Trap(hostError: error, frames: [])
            }
        }
        return try GuestCall.call(store: store, code: code, vmContext: vmContext, type: type, arguments: arguments)
    }
}

extension Function: Hashable {
    public static func == (left: Function, right: Function) -> Bool { left.record == right.record }
    public func hash(into hasher: inout Hasher) { hasher.combine(record) }
}
