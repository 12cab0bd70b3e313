/// The signal handlers and the entry trampoline at the C level: which faults
/// are wasm traps, what a trap record holds, and that a fault that is not a
/// trap reaches the handler installed before ours. The chaining tests fault
/// on purpose, so they run in a forked child and check how it ended.
import CRuntimeSupport
import Glibc
import Testing
import WasmCore

@testable import WasmRuntime

@Suite struct SignalHandlingTests {
    init() {
        _ = Engine()  // installs the handlers
    }

    @Test func onlyFaultsAtJITPCsInsideAnEntryAreTraps() throws {
        let code = try CodeMemory(byteCount: 64)
        let pc = UInt64(UInt(bitPattern: code.executableBase)) + 8
        let data: UInt64 = 0x7000_0000_0000
        #expect(wsc_is_wasm_trap(SIGSEGV, pc, data, 1) != 0)
        #expect(wsc_is_wasm_trap(SIGBUS, pc, data, 1) != 0)
        #expect(wsc_is_wasm_trap(SIGILL, pc, pc, 1) != 0)
        #expect(wsc_is_wasm_trap(SIGFPE, pc, pc, 1) != 0)
        // Not inside wsc_enter: JIT code called some other way.
        #expect(wsc_is_wasm_trap(SIGSEGV, pc, data, 0) == 0)
        // A pc outside JIT code: the host's own crash.
        #expect(wsc_is_wasm_trap(SIGSEGV, 0x1000, data, 1) == 0)
        // Fault address equal to the pc: a jump to a bad address, not a wasm op.
        #expect(wsc_is_wasm_trap(SIGSEGV, pc, pc, 1) == 0)
        #expect(wsc_is_wasm_trap(SIGBUS, pc, pc, 1) == 0)
        #expect(wsc_is_wasm_trap(SIGTRAP, pc, data, 1) == 0)
    }

    @Test func aTrapRecordsSignalPCAndFaultAddress() throws {
        let engine = Engine()
        // mov rax, [rsp + 8] (slot 0); mov eax, [rax]; mov [rsp + 8], eax; ret
        let code = try CodeMemory(code: [0x48, 0x8B, 0x44, 0x24, 0x08, 0x8B, 0x00, 0x89, 0x44, 0x24, 0x08, 0xC3])
        let reservation = try LinearMemoryReservation(committing: 65536)
        let slots = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        defer { slots.deallocate() }

        slots[0] = UInt64(UInt(bitPattern: reservation.base))
        reservation.base.storeBytes(of: 0x1234_5678, as: UInt32.self)
        let context = UnsafeMutableRawPointer.allocate(byteCount: 128, alignment: 16)
        defer { context.deallocate() }
        #expect(GuestCall.enter(entryStub: engine.entryStub, code: code.executableBase, vmContext: context, slots: slots, slotCount: 1) == nil)
        #expect(UInt32(truncatingIfNeeded: slots[0]) == 0x1234_5678)

        let beyond = UInt64(UInt(bitPattern: reservation.base)) + 65536 + 100
        slots[0] = beyond
        let trap = try #require(
            GuestCall.enter(entryStub: engine.entryStub, code: code.executableBase, vmContext: context, slots: slots, slotCount: 1))
        #expect(trap.pointee.signal == SIGSEGV)
        #expect(trap.pointee.fault_address == beyond)
        #expect(trap.pointee.pc == UInt64(UInt(bitPattern: code.executableBase)) + 5)
        #expect(wsc_activation_depth() == 0)
        #expect(TrapHandling.fallbackCode(for: trap.pointee) == .memoryOutOfBounds)

        let illegal = try CodeMemory(code: [0x0F, 0x0B])
        let second = try #require(
            GuestCall.enter(entryStub: engine.entryStub, code: illegal.executableBase, vmContext: context, slots: slots, slotCount: 1))
        #expect(second.pointee.signal == SIGILL)
        #expect(second.pointee.pc == UInt64(UInt(bitPattern: illegal.executableBase)))
    }

    @Test func theSignalMaskIsRestoredAfterATrap() throws {
        let engine = Engine()
        let illegal = try CodeMemory(code: [0x0F, 0x0B])
        let slots = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        defer { slots.deallocate() }
        for _ in 0..<3 {
            #expect(GuestCall.enter(entryStub: engine.entryStub, code: illegal.executableBase, vmContext: slots, slots: slots, slotCount: 1) != nil)
        }
        var mask = sigset_t()
        pthread_sigmask(SIG_SETMASK, nil, &mask)
        #expect(sigismember(&mask, SIGILL) == 0)
    }

    @Test func theStackLimitLeavesRoomBelowTheCaller() {
        var low: UInt64 = 0
        var high: UInt64 = 0
        wsc_thread_stack_bounds(&low, &high)
        let limit = wsc_thread_stack_limit()
        let here = wsc_current_stack_pointer()
        #expect(low < limit)
        #expect(limit < here)
        #expect(here < high)
    }

    @Test func aSignalHookCanClaimABreakpointInJITCode() throws {
        let engine = Engine()
        #expect(wsc_install_breakpoint_handler() == 0)
        // int3; mov dword [rsp + 8], 42; ret
        let code = try CodeMemory(code: [0xCC, 0xC7, 0x44, 0x24, 0x08, 0x2A, 0x00, 0x00, 0x00, 0xC3])
        let hits = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        defer { hits.deallocate() }
        hits.initialize(to: 0)
        let hook: wsc_signal_hook = { signal, _, context, data in
            guard signal == SIGTRAP, let context, let data else { return 0 }
            // The kernel reports the pc after the int3; record where the breakpoint was.
            data.assumingMemoryBound(to: Int.self).pointee = Int(context.pointee.uc_mcontext.gregs.16)  // gregs[REG_RIP]
            return 1
        }
        wsc_set_signal_hook(hook, hits)
        defer { wsc_set_signal_hook(nil, nil) }
        let slots = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        defer { slots.deallocate() }
        slots[0] = 0
        #expect(GuestCall.enter(entryStub: engine.entryStub, code: code.executableBase, vmContext: slots, slots: slots, slotCount: 1) == nil)
        #expect(slots[0] == 42)
        #expect(hits.pointee == Int(bitPattern: code.executableBase) + 1)
    }

    @Test(arguments: ["compiler", "hand-assembled"])
    func bothStubImplementationsAgree(stubs: String) throws {
        let engine = Engine(stubs: stubs == "compiler" ? .compiled : HandAssembledStubs.code)
        let store = Store(engine: engine)
        let host = Function(store: store, type: FunctionType(parameters: [.i32], results: [.i32])) { (arguments) throws(HostError) in
            guard arguments[0] != .i32(0) else { throw HostError("zero") }
            return [.i32(arguments[0].i32! + 1)]
        }
        var imports = Imports()
        imports.define(module: "host", name: "callback", .function(host))
        let instance = try Instance(store: store, module: try TestModule.load(engine: engine), imports: imports)
        #expect(try instance.function("add")?.call([.i32(40), .i32(2)]) == [.i32(42)])
        #expect(try instance.function("callHost")?.call([.i32(41)]) == [.i32(42)])
        do {
            _ = try instance.function("callHost")?.call([.i32(0)])
            Issue.record("no trap")
        } catch {
            #expect(error.code == .hostError)
            #expect(error.frames.map(\.functionIndex) == [4])
        }
    }

    // MARK: - Chaining, in forked children

    /// Runs `body` in a forked child with core dumps off and returns its wait status.
    private func inChild(_ body: () -> Void) -> Int32 {
        let child = fork()
        if child == 0 {
            var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
            setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore)
            body()
            _exit(0)
        }
        var status: Int32 = 0
        waitpid(child, &status, 0)
        return status
    }

    private static let previousHandler: @convention(c) (Int32) -> Void = { _ in _exit(42) }

    @Test func aHostFaultReachesThePreviousHandler() {
        let status = inChild {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = Self.previousHandler
            sigemptyset(&action.sa_mask)
            sigaction(SIGSEGV, &action, nil)
            wsc_reinstall_signal_handlers()
            UnsafeMutablePointer<Int>(bitPattern: 16)!.pointee = 1
        }
        #expect(status >> 8 == 42)  // exited with 42: the previous handler ran
    }

    @Test func aHostFaultWithTheDefaultActionKillsTheProcess() {
        let status = inChild {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = SIG_DFL
            sigemptyset(&action.sa_mask)
            sigaction(SIGSEGV, &action, nil)
            wsc_reinstall_signal_handlers()
            UnsafeMutablePointer<Int>(bitPattern: 16)!.pointee = 1
        }
        #expect(status & 0x7F == SIGSEGV)  // killed by SIGSEGV
    }

    @Test func aFaultInJITCodeOutsideAnEntryIsNotATrap() throws {
        let code = try CodeMemory(code: [0x0F, 0x0B])  // ud2, called without wsc_enter
        let status = inChild {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = Self.previousHandler
            sigemptyset(&action.sa_mask)
            sigaction(SIGILL, &action, nil)
            wsc_reinstall_signal_handlers()
            unsafeBitCast(code.executableBase, to: (@convention(c) () -> Void).self)()
        }
        #expect(status >> 8 == 42)
    }

    @Test func aSentSignalWithTheDefaultActionIsRaisedAgain() {
        let status = inChild {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = SIG_DFL
            sigemptyset(&action.sa_mask)
            sigaction(SIGBUS, &action, nil)
            wsc_reinstall_signal_handlers()
            raise(SIGBUS)
            _exit(1)
        }
        #expect(status & 0x7F == SIGBUS)
    }
}
