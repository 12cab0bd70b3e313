/// Host functions: Swift closures guest code can call. Each has a function
/// reference record whose code is the engine's host-call stub and whose VM
/// context is a host record `{ dispatch, context }` (docs/jit-abi.md). The
/// stub calls `dispatch`, a C-convention Swift function that turns the
/// caller's slots into `[Value]`, runs the closure and writes the results
/// back. It never unwinds: a failing closure parks its error and returns
/// nonzero, and the stub raises the `hostError` trap.
import CRuntimeSupport
import WasmCore
import WasmJIT

final class HostFunctionState {
    let type: FunctionType
    let body: ([Value]) throws(HostError) -> [Value]
    /// One allocation: the 32-byte function reference record, then the 16-byte host record.
    let record: UnsafeMutableRawPointer
    var hostRecord: UnsafeMutableRawPointer { record + Int(FunctionReferenceLayout.size) }

    init(engine: Engine, type: FunctionType, body: @escaping ([Value]) throws(HostError) -> [Value]) {
        self.type = type
        self.body = body
        let size = Int(FunctionReferenceLayout.size) + 16
        record = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        record.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        FunctionRecord.write(record, code: engine.hostCallStub, vmContext: hostRecord, typeID: engine.typeID(of: type))
        hostRecord.storeBytes(of: hostDispatch, as: HostDispatch.self)
        hostRecord.storeBytes(
            of: Unmanaged.passUnretained(self).toOpaque(), toByteOffset: 8, as: UnsafeMutableRawPointer.self)
    }

    deinit {
        record.deallocate()
    }

    /// The host function a host record belongs to.
    static func from(hostRecord: UnsafeRawPointer) -> HostFunctionState {
        let context = hostRecord.load(fromByteOffset: 8, as: UnsafeRawPointer.self)
        return Unmanaged<HostFunctionState>.fromOpaque(context).takeUnretainedValue()
    }

    /// Runs the body and checks that it returned what the type promises.
    func invoke(_ arguments: [Value]) throws(HostError) -> [Value] {
        let results = try body(arguments)
        guard results.map(\.type) == type.results else {
            throw HostError(
                "host function returned \(results.map(\.type.description)), its type promises \(type.results.map(\.description))")
        }
        return results
    }
}

typealias HostDispatch = @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<UInt64>?) -> UInt32

/// What the host-call stub calls: `dispatch(hostRecord, slots)`, 0 on success.
private let hostDispatch: HostDispatch = { hostRecord, slots in
    guard let hostRecord, let slots else { return 1 }
    // A debugger may hold the thread at the end of the call (see wsc_notify_host_call).
    wsc_notify_host_call(WSC_HOST_CALL_BEGIN, hostRecord, slots)
    defer { wsc_notify_host_call(WSC_HOST_CALL_END, hostRecord, slots) }
    let function = HostFunctionState.from(hostRecord: hostRecord)
    let arguments = Value.load(function.type.parameters, from: slots)
    do throws(HostError) {
        let results = try function.invoke(arguments)
        Value.store(results, to: slots)
        return 0
    } catch {
        PendingHostError.park(error)
        return 1
    }
}

/// The thread's host error in flight between a failing host function and
/// the `wsc_enter` caller that catches the `hostError` trap it causes.
enum PendingHostError {
    private final class Box {
        let error: HostError
        init(_ error: HostError) { self.error = error }
    }

    static func park(_ error: HostError) {
        if let stale = wsc_take_pending_host_error() {
            Unmanaged<Box>.fromOpaque(stale).release()
        }
        wsc_set_pending_host_error(Unmanaged.passRetained(Box(error)).toOpaque())
    }

    static func take() -> HostError? {
        guard let raw = wsc_take_pending_host_error() else { return nil }
        return Unmanaged<Box>.fromOpaque(raw).takeRetainedValue().error
    }
}
