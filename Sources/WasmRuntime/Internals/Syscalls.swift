/// Every raw system call the runtime makes, in one place: mapping and
/// protecting memory, the memfd behind code memory, signal setup. Callers get
/// Swift-shaped results (`Result` with the errno) instead of C conventions, and
/// a test can see in one file everything the runtime asks of the kernel.
import CRuntimeSupport
import Glibc

/// An errno value from a failed system call, with the call's name.
public struct SystemError: Error, CustomStringConvertible {
    public var call: String
    public var errno: Int32

    public var description: String { "\(call): \(String(cString: strerror(errno)))" }
}

enum Syscalls {
    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Reserves address space that faults on any access until committed.
    static func reserve(byteCount: Int) -> Result<UnsafeMutableRawPointer, SystemError> {
        let address = mmap(nil, byteCount, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let address, address != MAP_FAILED else { return .failure(SystemError(call: "mmap", errno: errno)) }
        return .success(address)
    }

    /// Makes `[address, address + byteCount)` readable and writable (page-aligned).
    static func commit(_ address: UnsafeMutableRawPointer, byteCount: Int) -> Result<Void, SystemError> {
        guard byteCount > 0 else { return .success(()) }
        guard mprotect(address, byteCount, PROT_READ | PROT_WRITE) == 0 else {
            return .failure(SystemError(call: "mprotect", errno: errno))
        }
        return .success(())
    }

    static func unmap(_ address: UnsafeMutableRawPointer, byteCount: Int) {
        munmap(address, byteCount)
    }

    /// An anonymous file of `byteCount` bytes, for mapping the same pages twice.
    static func anonymousFile(named name: String, byteCount: Int) -> Result<Int32, SystemError> {
        let descriptor = wsc_memfd_create(name, UInt32(1) /* MFD_CLOEXEC */)
        guard descriptor >= 0 else { return .failure(SystemError(call: "memfd_create", errno: errno)) }
        guard ftruncate(descriptor, off_t(byteCount)) == 0 else {
            let error = SystemError(call: "ftruncate", errno: errno)
            close(descriptor)
            return .failure(error)
        }
        return .success(descriptor)
    }

    /// Maps a shared view of a file, with `executable` choosing RX over RW.
    static func mapShared(
        _ descriptor: Int32, byteCount: Int, executable: Bool
    ) -> Result<UnsafeMutableRawPointer, SystemError> {
        let protection = executable ? PROT_READ | PROT_EXEC : PROT_READ | PROT_WRITE
        let address = mmap(nil, byteCount, protection, MAP_SHARED, descriptor, 0)
        guard let address, address != MAP_FAILED else { return .failure(SystemError(call: "mmap", errno: errno)) }
        return .success(address)
    }

    static func closeFile(_ descriptor: Int32) {
        close(descriptor)
    }

    /// Installs the fault handlers (once per process); see CRuntimeSupport.h.
    static func installSignalHandlers() -> Result<Void, SystemError> {
        let status = wsc_install_signal_handlers()
        return status == 0 ? .success(()) : .failure(SystemError(call: "sigaction", errno: status))
    }

    /// Installs the SIGTRAP handler for breakpoints (once per process).
    static func installBreakpointHandler() -> Result<Void, SystemError> {
        let status = wsc_install_breakpoint_handler()
        return status == 0 ? .success(()) : .failure(SystemError(call: "sigaction", errno: status))
    }
}
