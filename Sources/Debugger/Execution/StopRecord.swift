/// The stop the guest published, copied out of the C record into Swift
/// values as soon as the controller sees it.
import CDebuggerSupport

struct StopRecord: Sendable {
    enum Kind: Sendable {
        case breakpoint, singleStep, paused, pausedInHostCall, watch, trap, finished, unknown
    }

    var kind: Kind
    var pc: UInt
    /// A watch stop from JIT code: the store instruction.
    var storePC: UInt?
    var watchID: Int
    /// Registers can be read and written through the stopped context.
    var hasLiveContext: Bool
    /// The guest is inside a host call; its frames start at the exit frame.
    var inHostCall: Bool
    var exitFramePointer: UInt64
    var exitPC: UInt64
    var exitStackPointer: UInt64
    var hostRecord: UInt

    init(_ info: wsd_stop_info) {
        switch info.kind {
        case UInt32(WSD_STOP_BREAKPOINT.rawValue): kind = .breakpoint
        case UInt32(WSD_STOP_SINGLE_STEP.rawValue): kind = .singleStep
        case UInt32(WSD_STOP_PAUSED.rawValue): kind = .paused
        case UInt32(WSD_STOP_PAUSED_IN_HOST.rawValue): kind = .pausedInHostCall
        case UInt32(WSD_STOP_WATCH.rawValue): kind = .watch
        case UInt32(WSD_STOP_TRAP.rawValue): kind = .trap
        case UInt32(WSD_STOP_FINISHED.rawValue): kind = .finished
        default: kind = .unknown
        }
        pc = UInt(info.pc)
        storePC = info.store_pc == 0 ? nil : UInt(info.store_pc)
        watchID = Int(info.watch_id)
        hasLiveContext = info.has_live_context != 0
        inHostCall = info.in_host_call != 0
        exitFramePointer = info.exit_frame_pointer
        exitPC = info.exit_pc
        exitStackPointer = info.exit_stack_pointer
        hostRecord = UInt(bitPattern: info.host_record)
    }
}
