/// The Swift side of trap handling: turns the C handler's record (signal, pc,
/// fault address, RBP chain) into a `Trap` with the spec's message and a wasm
/// backtrace, using the code maps of the module the pc belongs to (trap sites
/// for the faulting instruction, call sites for each return address).
import CRuntimeSupport
import Glibc
import WasmJIT

enum TrapHandling {
    /// `stackBounds`: the faulting thread's stack, `[low, high)`; nil means
    /// the calling thread's (the trap path runs on the thread that trapped).
    /// `takesPendingHostError`: whether a `hostError` trap takes the calling
    /// thread's parked host error; only the trapping thread may.
    static func trap(
        from info: UnsafePointer<wsc_trap_info>, engine: Engine, stackBounds: (low: UInt64, high: UInt64)? = nil,
        takesPendingHostError: Bool = true
    ) -> Trap {
        let record = info.pointee
        let pc = UInt(record.pc)
        var code: TrapCode?
        var frames: [Trap.Frame] = []
        var hostError: HostError?

        if let stubCode = engine.stubTrapCode(at: pc) {
            code = stubCode
            if stubCode == .hostError && takesPendingHostError { hostError = PendingHostError.take() }
        } else if let module = engine.module(containing: pc) {
            let offset = Int(pc - module.codeBaseAddress)
            if let function = module.compiledModule.function(containing: offset) {
                let site = function.trapSite(atMachineOffset: offset)
                code = site?.code
                let moduleOffset = site.map { Int($0.wasmOffset) } ?? function.op(containingMachineOffset: offset).map { Int($0.wasmOffset) }
                frames.append(Trap.Frame(functionIndex: function.functionIndex, moduleOffset: moduleOffset, module: module, pc: pc))
            }
        }
        if code == nil { code = fallbackCode(for: record, stackBounds: stackBounds) }

        for index in 0..<record.return_address_count {
            let returnAddress = UInt(wsc_trap_info_return_address(info, index))
            guard let module = engine.module(containing: returnAddress) else { continue }
            let offset = Int(returnAddress - module.codeBaseAddress)
            // The return address may be the first byte after the function (a call as its last instruction).
            guard let function = module.compiledModule.function(containing: offset - 1) else { continue }
            let moduleOffset = function.callSite(returningTo: offset).map { Int($0.wasmOffset) }
                ?? function.op(containingMachineOffset: offset - 1).map { Int($0.wasmOffset) }
            frames.append(
                Trap.Frame(functionIndex: function.functionIndex, moduleOffset: moduleOffset, module: module, pc: returnAddress))
        }

        if let hostError {
            if let inner = hostError.trap {
                return Trap(code: inner.code, message: inner.message, frames: inner.frames + frames, hostError: hostError)
            }
            return Trap(code: .hostError, message: hostError.message, frames: frames, hostError: hostError)
        }
        let message = code?.description ?? "unexpected signal \(record.signal) in JIT code at 0x\(String(pc, radix: 16))"
        return Trap(code: code, message: message, frames: frames)
    }

    /// A trap the code maps do not explain, classified by its signal: a
    /// fault on the stack is an overflow, any other fault an out-of-bounds access.
    static func fallbackCode(for record: wsc_trap_info, stackBounds: (low: UInt64, high: UInt64)? = nil) -> TrapCode? {
        switch record.signal {
        case SIGSEGV, SIGBUS:
            var low: UInt64 = 0
            var high: UInt64 = 0
            if let stackBounds {
                (low, high) = stackBounds
            } else {
                wsc_thread_stack_bounds(&low, &high)
            }
            let guardZone: UInt64 = 1 << 20
            if record.fault_address >= low &- guardZone && record.fault_address < high { return .callStackExhausted }
            return .memoryOutOfBounds
        case SIGFPE:
            return record.signal_code == 2 /* FPE_INTOVF */ ? .integerOverflow : .integerDivideByZero
        default:
            return nil
        }
    }
}

extension Trap {
    /// The trap the runtime will report for a fault it has not unwound yet:
    /// a debugger that stops the guest at the fault (before the trap path
    /// runs) classifies it with the runtime's own rules. `record` is filled
    /// as the C signal handler would fill it (signal, si_code, pc, fault
    /// address, the RBP chain); `stackBounds` is the faulting thread's stack.
    /// A `hostError` trap carries no `hostError` here: the error is parked on
    /// the guest's thread until the trap path takes it.
    public static func classify(
        faultRecord record: UnsafePointer<wsc_trap_info>, engine: Engine, stackBounds: (low: UInt64, high: UInt64)
    ) -> Trap {
        TrapHandling.trap(from: record, engine: engine, stackBounds: stackBounds, takesPendingHostError: false)
    }

    /// The trap for a host function that failed when called directly from Swift.
    init(hostError: HostError, frames: [Frame]) {
        if let inner = hostError.trap {
            self.init(code: inner.code, message: inner.message, frames: inner.frames + frames, hostError: hostError)
        } else {
            self.init(code: .hostError, message: hostError.message, frames: frames, hostError: hostError)
        }
    }
}
