/// Executable memory for machine code, mapped twice: one memfd seen through
/// an RX mapping that threads execute and an RW mapping that the runtime
/// writes and the debugger patches (int3). Flipping one mapping between RW
/// and RX with mprotect crashed other threads executing it in the prototype;
/// two views of the same pages never change protection.
///
/// Each block registers its RX range with the signal handlers, so a fault
/// inside it can be a wasm trap, and unregisters it when freed.
import CRuntimeSupport

public final class CodeMemory: @unchecked Sendable {
    // Unchecked Sendable: the mappings never change after init; writers of
    // the bytes (the debugger) coordinate with executing threads themselves.

    /// Start of the RX view: the addresses code runs at.
    public let executableBase: UnsafeRawPointer
    /// Start of the RW view of the same bytes.
    public let writableBase: UnsafeMutableRawPointer
    /// Size of both views, a whole number of pages.
    public let byteCount: Int
    private let registration: Int32

    /// Maps a block of at least `byteCount` bytes, filled with int3 (0xCC) so
    /// a jump into unused space stops instead of running on.
    public init(byteCount requested: Int) throws(SystemError) {
        let size = max(Syscalls.pageSize, (requested + Syscalls.pageSize - 1) / Syscalls.pageSize * Syscalls.pageSize)
        let descriptor = try Syscalls.anonymousFile(named: "wasmscope-code", byteCount: size).get()
        // The mappings keep the file alive; the descriptor is not needed past here.
        defer { Syscalls.closeFile(descriptor) }
        let writable = try Syscalls.mapShared(descriptor, byteCount: size, executable: false).get()
        let executable: UnsafeMutableRawPointer
        switch Syscalls.mapShared(descriptor, byteCount: size, executable: true) {
        case .success(let address): executable = address
        case .failure(let error):
            Syscalls.unmap(writable, byteCount: size)
            throw error
        }
        writable.initializeMemory(as: UInt8.self, repeating: 0xCC, count: size)
        let handle = wsc_register_code_range(executable, size)
        guard handle >= 0 else {
            Syscalls.unmap(writable, byteCount: size)
            Syscalls.unmap(executable, byteCount: size)
            throw SystemError(call: "wsc_register_code_range (registry full)", errno: 12 /* ENOMEM */)
        }
        self.executableBase = UnsafeRawPointer(executable)
        self.writableBase = writable
        self.byteCount = size
        self.registration = handle
    }

    /// A block holding exactly `code` at offset 0.
    public convenience init(code: [UInt8]) throws(SystemError) {
        try self.init(byteCount: code.count)
        write(code, atOffset: 0)
    }

    deinit {
        wsc_unregister_code_range(registration)
        Syscalls.unmap(writableBase, byteCount: byteCount)
        Syscalls.unmap(UnsafeMutableRawPointer(mutating: executableBase), byteCount: byteCount)
    }

    /// Writes through the RW view. The caller makes sure no thread executes
    /// the bytes while they are half written (x86 sees the store through the
    /// other view: both views are the same physical pages).
    public func write(_ bytes: [UInt8], atOffset offset: Int) {
        precondition(offset >= 0 && offset + bytes.count <= byteCount, "write outside the code block")
        bytes.withUnsafeBytes { source in
            guard let sourceBase = source.baseAddress else { return }
            (writableBase + offset).copyMemory(from: sourceBase, byteCount: bytes.count)
        }
    }

    /// Reads the current bytes (patches included).
    public func read(atOffset offset: Int, count: Int) -> [UInt8] {
        precondition(offset >= 0 && offset + count <= byteCount, "read outside the code block")
        return Array(UnsafeRawBufferPointer(start: executableBase + offset, count: count))
    }

    /// The address code at `offset` runs at.
    public func executableAddress(ofOffset offset: Int) -> UnsafeRawPointer { executableBase + offset }

    /// Whether an address lies in the RX view.
    public func contains(_ address: UInt) -> Bool {
        let base = UInt(bitPattern: executableBase)
        return address >= base && address < base + UInt(byteCount)
    }
}
