/// The address space behind one 32-bit linear memory: 8 GiB reserved
/// PROT_NONE up front, of which `[0, size)` is committed read/write. JIT code
/// computes `base + u32 index + u32 offset`, which is always below base + 8 GiB,
/// so any access past the committed size lands on reserved pages and faults;
/// the signal handler turns that into "out of bounds memory access" with no
/// bounds check in the generated code. Growing commits more pages in place,
/// so the base never moves and JIT code can keep it in a register.
final class LinearMemoryReservation {
    /// 4 GiB of addressable index space plus 4 GiB for the static offset.
    static let reservedByteCount = 8 << 30

    let base: UnsafeMutableRawPointer
    private(set) var committedByteCount: Int

    init(committing byteCount: Int) throws(SystemError) {
        precondition(byteCount <= Self.reservedByteCount / 2)
        base = try Syscalls.reserve(byteCount: Self.reservedByteCount).get()
        committedByteCount = 0
        do {
            try grow(to: byteCount)
        } catch {
            Syscalls.unmap(base, byteCount: Self.reservedByteCount)
            throw error
        }
    }

    deinit {
        Syscalls.unmap(base, byteCount: Self.reservedByteCount)
    }

    /// Commits `[committedByteCount, byteCount)`; new pages read as zero.
    func grow(to byteCount: Int) throws(SystemError) {
        guard byteCount > committedByteCount else { return }
        precondition(byteCount <= Self.reservedByteCount / 2)
        try Syscalls.commit(base + committedByteCount, byteCount: byteCount - committedByteCount).get()
        committedByteCount = byteCount
    }
}
