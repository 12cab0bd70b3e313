/// Entering wasm code from Swift: arguments into slots, the thread's stack
/// limit into the store's VM contexts, `wsc_enter` (C, sigsetjmp) around the
/// JIT entry stub, then results out of the slots or the trap the signal
/// handler recorded turned into a `Trap`.
import CRuntimeSupport
import WasmCore

enum GuestCall {
    static func call(
        store: Store, code: UnsafeRawPointer, vmContext: UnsafeMutableRawPointer, type: FunctionType,
        arguments: [Value]
    ) throws(Trap) -> [Value] {
        let slotCount = max(type.callSlotCount, 1)
        // Slots on the stack: a call should cost little more than the trampoline.
        let outcome = withUnsafeTemporaryAllocation(of: UInt64.self, capacity: slotCount) { buffer -> Result<[Value], Trap> in
            let slots = buffer.baseAddress!
            slots.initialize(repeating: 0, count: slotCount)
            Value.store(arguments, to: slots)
            store.prepareForEntry()
            if let trapInfo = enter(
                entryStub: store.engine.entryStub, code: code, vmContext: vmContext, slots: slots, slotCount: slotCount)
            {
                return .failure(TrapHandling.trap(from: trapInfo, engine: store.engine))
            }
            return .success(Value.load(type.results, from: slots))
        }
        return try outcome.get()
    }

    /// The raw entry: nil when the code returned, or the thread's trap record when it trapped.
    /// Nothing Swift-side may be in the middle of an access across this call:
    /// a trap skips only JIT frames, but host functions run inside it.
    static func enter(
        entryStub: UnsafeRawPointer, code: UnsafeRawPointer, vmContext: UnsafeMutableRawPointer,
        slots: UnsafeMutablePointer<UInt64>, slotCount: Int
    ) -> UnsafeMutablePointer<wsc_trap_info>? {
        let trapInfo = wsc_thread_trap_info()!
        let status = wsc_enter(entryStub, code, vmContext, slots, UInt64(slotCount), trapInfo)
        return status == 0 ? nil : trapInfo
    }
}
