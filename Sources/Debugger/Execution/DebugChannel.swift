/// The one Swift wrapper around CDebuggerSupport's session: the stop/resume
/// protocol with the guest thread, its registers, the int3 patch table and
/// the watched pages. Everything that must run inside a signal handler is C
/// (async-signal-safe, no allocation); this type only forwards to it, so the
/// rest of the engine never touches a C pointer.
import CDebuggerSupport
import CRuntimeSupport
import WasmRuntime

final class DebugChannel: @unchecked Sendable {
    // Unchecked Sendable: the C session synchronizes itself (futexes,
    // atomics, spin locks); this class holds nothing else.

    private let session: OpaquePointer

    /// Installs the signal machinery once per process, then makes a session
    /// for an instance whose VM context is `vmContext`.
    init(vmContext: UnsafeMutableRawPointer) {
        let status = wsd_install()
        precondition(status == 0, "cannot install the debugger's signal handlers (errno \(status))")
        guard let session = wsd_session_create(vmContext) else {
            fatalError("too many debug sessions at once (at most 64)")
        }
        self.session = session
    }

    deinit {
        wsd_session_release(session)
    }

    func addModule(_ module: LoadedModule) {
        let range = module.codeRange
        wsd_session_add_module_range(
            session, UInt64(range.lowerBound), UInt64(range.upperBound),
            module.codeMemory.writableBase.assumingMemoryBound(to: UInt8.self))
    }

    // MARK: - Guest thread

    func attachCurrentThread() { wsd_guest_attach(session) }
    func guestFinished() { wsd_guest_finished(session) }

    // MARK: - Stops

    enum GuestState {
        case notStarted, running, stopped, stoppedInHostCall, finished
    }

    var guestState: GuestState {
        switch wsd_guest_state(session) {
        case UInt32(WSD_GUEST_RUNNING.rawValue): .running
        case UInt32(WSD_GUEST_STOPPED.rawValue): .stopped
        case UInt32(WSD_GUEST_STOPPED_IN_HOST.rawValue): .stoppedInHostCall
        case UInt32(WSD_GUEST_FINISHED.rawValue): .finished
        default: .notStarted
        }
    }

    /// The stop sequence once it differs from `seen`, or `seen` after the timeout.
    func waitForStop(seen: UInt32, timeoutNanoseconds: Int64?) -> UInt32 {
        wsd_wait_for_stop(session, seen, timeoutNanoseconds ?? -1)
    }

    /// The last published stop; read it only between a new sequence and the next resume.
    var currentStop: wsd_stop_info { wsd_current_stop(session).pointee }

    /// The trap record of the current stop, for the runtime's classifier.
    func withTrapRecord<Result>(_ body: (UnsafePointer<wsc_trap_info>) -> Result) -> Result {
        let stop = wsd_current_stop(session)!
        return withUnsafePointer(to: stop.pointee.trap) { body($0) }
    }

    /// The guest's kernel thread id once attached, else 0.
    var guestThreadID: Int32 { wsd_guest_thread_id(session) }

    var guestStackBounds: (low: UInt64, high: UInt64) {
        var low: UInt64 = 0
        var high: UInt64 = 0
        wsd_guest_stack_bounds(session, &low, &high)
        return (low, high)
    }

    enum Command {
        case `continue`, singleStep
    }

    @discardableResult
    func resume(_ command: Command) -> Bool {
        let raw = command == .continue ? WSD_COMMAND_CONTINUE : WSD_COMMAND_STEP
        return wsd_resume(session, UInt32(raw.rawValue)) != 0
    }

    @discardableResult
    func requestPause() -> Bool { wsd_request_pause(session) != 0 }

    func beginTermination() { wsd_begin_termination(session) }

    // MARK: - Registers

    func readRegister(_ number: Int32) -> UInt64? {
        var value: UInt64 = 0
        return wsd_read_register(session, number, &value) != 0 ? value : nil
    }

    /// Host code's registers, copied when a pause found the guest in a host call.
    func readHostRegister(_ number: Int32) -> UInt64? {
        var value: UInt64 = 0
        return wsd_read_host_register(session, number, &value) != 0 ? value : nil
    }

    func readHostVectorRegister(_ index: Int32) -> (low: UInt64, high: UInt64)? {
        var low: UInt64 = 0
        var high: UInt64 = 0
        return wsd_read_host_vector_register(session, index, &low, &high) != 0 ? (low, high) : nil
    }

    func writeRegister(_ number: Int32, _ value: UInt64) -> Bool {
        wsd_write_register(session, number, value) != 0
    }

    func readVectorRegister(_ index: Int32) -> (low: UInt64, high: UInt64)? {
        var low: UInt64 = 0
        var high: UInt64 = 0
        return wsd_read_vector_register(session, index, &low, &high) != 0 ? (low, high) : nil
    }

    func writeVectorRegister(_ index: Int32, low: UInt64, high: UInt64) -> Bool {
        wsd_write_vector_register(session, index, low, high) != 0
    }

    // MARK: - Patches

    func insertBreakpoint(at address: UInt, writable: UnsafeMutableRawPointer) -> Bool {
        wsd_breakpoint_insert(session, UInt64(address), writable.assumingMemoryBound(to: UInt8.self)) >= 0
    }

    func removeBreakpoint(at address: UInt) { wsd_breakpoint_remove(session, UInt64(address)) }

    func removeAllBreakpoints() { wsd_breakpoints_remove_all(session) }

    static func originalCode(at address: UInt, count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            wsd_original_code(UInt64(address), buffer.baseAddress, count)
            initialized = count
        }
    }

    // MARK: - Watches

    static let maximumWatchLength = Int(WSD_MAX_WATCH_LENGTH)

    func addWatch(id: Int32, hostAddress: UnsafeMutableRawPointer, length: Int) -> Bool {
        wsd_watch_add(session, id, hostAddress.assumingMemoryBound(to: UInt8.self), length) == 0
    }

    func removeWatch(id: Int32) { wsd_watch_remove(session, id) }

    /// The bytes before (or after) the change the last watch stop reported.
    func watchBytes(id: Int32, after: Bool, length: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
            initialized = wsd_watch_bytes(session, id, after ? 1 : 0, buffer.baseAddress, length)
        }
    }
}
