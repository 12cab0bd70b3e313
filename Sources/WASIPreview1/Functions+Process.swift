/// proc_exit, proc_raise, sched_yield and random_get.
import CWASISupport
import Glibc
import WasmRuntime

extension WASIHost {
    /// Stops the guest: the caller of the guest finds `WASIExit` as the
    /// payload of the trap's host error.
    func procExit(code: UInt32) throws(HostError) {
        throw HostError("exit status \(code)", payload: WASIExit(code: code))
    }

    /// Signals are not part of what a guest may do here.
    func procRaise(signal: UInt32) throws(WASIErrno) {
        throw .notImplemented
    }

    func schedYield() throws(WASIErrno) {
        sched_yield()
    }

    /// Fills the buffer from getrandom(2), which returns at most 32 MiB at a time.
    func randomGet(buffer: UInt32, length: UInt32) throws(WASIErrno) {
        let bytes = try guestMemory.buffer(at: buffer, count: UInt64(length))
        var filled = 0
        while filled < bytes.count {
            let remaining = bytes.count - filled
            filled += try HostCall.check { wasi_getrandom(bytes.baseAddress! + filled, remaining) }
        }
    }
}
