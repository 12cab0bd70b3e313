/// A bounds-checked view of the guest's linear memory for the length of one
/// WASI call. Every guest pointer and length goes through it: a range that
/// does not lie wholly inside the memory is `EFAULT`, never a host access.
/// Arithmetic is done in 64 bits, where a 32-bit offset plus a 32-bit length
/// (or a count times an element size) cannot overflow.
import WasmRuntime

struct GuestMemory {
    private let base: UnsafeMutableRawPointer?
    /// Read at the start of each call: the memory can grow between calls.
    let byteCount: UInt64

    init(_ memory: Memory?) {
        base = memory?.baseAddress
        byteCount = UInt64(memory?.byteCount ?? 0)
    }

    /// The host bytes of `[offset, offset + count)`; with no memory attached, every range is `EFAULT`.
    func buffer(at offset: UInt32, count: UInt64) throws(WASIErrno) -> UnsafeMutableRawBufferPointer {
        guard let base, UInt64(offset) <= byteCount, count <= byteCount - UInt64(offset) else { throw .fault }
        return UnsafeMutableRawBufferPointer(start: base + Int(offset), count: Int(count))
    }

    /// The host bytes of an array of `count` elements of `size` bytes each.
    func buffer(at offset: UInt32, elements count: UInt32, size: UInt64) throws(WASIErrno) -> UnsafeMutableRawBufferPointer {
        try buffer(at: offset, count: UInt64(count) * size)
    }

    func load<Integer: FixedWidthInteger>(_ type: Integer.Type, at offset: UInt32) throws(WASIErrno) -> Integer {
        let bytes = try buffer(at: offset, count: UInt64(MemoryLayout<Integer>.size))
        return Integer(littleEndian: bytes.loadUnaligned(as: Integer.self))
    }

    func store<Integer: FixedWidthInteger>(_ value: Integer, at offset: UInt32) throws(WASIErrno) {
        let bytes = try buffer(at: offset, count: UInt64(MemoryLayout<Integer>.size))
        bytes.storeBytes(of: value.littleEndian, as: Integer.self)
    }

    /// Copies `count` bytes out of the guest.
    func bytes(at offset: UInt32, count: UInt32) throws(WASIErrno) -> [UInt8] {
        Array(try buffer(at: offset, count: UInt64(count)))
    }

    /// Copies `bytes` into the guest, all or nothing.
    func write(_ bytes: some Collection<UInt8>, at offset: UInt32) throws(WASIErrno) {
        let destination = try buffer(at: offset, count: UInt64(bytes.count))
        _ = destination.initializeMemory(as: UInt8.self, from: bytes)
    }

    /// The buffers an `iovec`/`ciovec` array (`{u32 buf, u32 buf_len}` × count)
    /// describes. Every buffer is checked before any is used, so a bad one
    /// anywhere fails the whole call before it has any effect.
    func ioVectors(at offset: UInt32, count: UInt32) throws(WASIErrno) -> [UnsafeMutableRawBufferPointer] {
        let array = try buffer(at: offset, elements: count, size: 8)
        var buffers: [UnsafeMutableRawBufferPointer] = []
        buffers.reserveCapacity(Int(min(count, 1024)))
        for index in 0..<Int(count) {
            let start = UInt32(littleEndian: array.loadUnaligned(fromByteOffset: index * 8, as: UInt32.self))
            let length = UInt32(littleEndian: array.loadUnaligned(fromByteOffset: index * 8 + 4, as: UInt32.self))
            buffers.append(try buffer(at: start, count: UInt64(length)))
        }
        return buffers
    }

    /// A path or other byte string argument. Paths are bytes, not text: any
    /// encoding passes, but an embedded NUL cannot reach the host and is `EINVAL`.
    func pathBytes(at offset: UInt32, length: UInt32) throws(WASIErrno) -> [UInt8] {
        let bytes = try self.bytes(at: offset, count: length)
        guard !bytes.contains(0) else { throw .invalid }
        return bytes
    }
}
