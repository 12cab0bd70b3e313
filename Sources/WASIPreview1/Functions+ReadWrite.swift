/// fd_read, fd_write, fd_pread, fd_pwrite: scatter/gather I/O straight
/// between guest memory and the host descriptor, no buffering in between.
/// Writes loop until every byte is written (or an error comes after some
/// were), so output reaches a terminal or pipe in the order a native
/// program's would.
import Glibc

extension WASIHost {
    /// Linux takes at most this many iovecs per call (IOV_MAX).
    static let maximumVectorsPerCall = 1024
    /// Linux moves at most about this many bytes per call; capping the
    /// request there also keeps the count the guest gets back within a u32.
    static let maximumBytesPerCall = 0x7fff_f000

    func fdRead(_ descriptor: UInt32, vectors: UInt32, vectorCount: UInt32, resultPointer: UInt32) throws(WASIErrno) {
        let entry = try descriptors.entry(descriptor)
        guard entry.role == .standardInput || entry.isOpenedFile else { throw .badFileDescriptor }
        try transfer(.read, entry.hostDescriptor, vectors: vectors, vectorCount: vectorCount, at: nil, resultPointer: resultPointer)
    }

    func fdPread(
        _ descriptor: UInt32, vectors: UInt32, vectorCount: UInt32, offset: UInt64, resultPointer: UInt32
    ) throws(WASIErrno) {
        let (entry, offset) = try positionedEntry(descriptor, offset: offset)
        try transfer(.read, entry.hostDescriptor, vectors: vectors, vectorCount: vectorCount, at: offset, resultPointer: resultPointer)
    }

    func fdWrite(_ descriptor: UInt32, vectors: UInt32, vectorCount: UInt32, resultPointer: UInt32) throws(WASIErrno) {
        let entry = try descriptors.entry(descriptor)
        guard entry.role == .standardOutput || entry.isOpenedFile else { throw .badFileDescriptor }
        try transfer(.write, entry.hostDescriptor, vectors: vectors, vectorCount: vectorCount, at: nil, resultPointer: resultPointer)
    }

    func fdPwrite(
        _ descriptor: UInt32, vectors: UInt32, vectorCount: UInt32, offset: UInt64, resultPointer: UInt32
    ) throws(WASIErrno) {
        let (entry, offset) = try positionedEntry(descriptor, offset: offset)
        try transfer(.write, entry.hostDescriptor, vectors: vectors, vectorCount: vectorCount, at: offset, resultPointer: resultPointer)
    }

    private enum TransferDirection { case read, write }

    /// The four calls differ only in direction and position: every guest
    /// pointer is checked before any byte moves, so a bad result pointer
    /// cannot leave data consumed from a pipe with no count reported.
    private func transfer(
        _ direction: TransferDirection, _ hostDescriptor: Int32, vectors: UInt32, vectorCount: UInt32,
        at offset: off_t?, resultPointer: UInt32
    ) throws(WASIErrno) {
        let memory = guestMemory
        let buffers = try memory.ioVectors(at: vectors, count: vectorCount)
        _ = try memory.buffer(at: resultPointer, count: 4)
        let count =
            switch direction {
            case .read: try Self.read(hostDescriptor, into: buffers, at: offset)
            case .write: try Self.write(hostDescriptor, from: buffers, at: offset)
            }
        try memory.store(UInt32(count), at: resultPointer)
    }

    /// fd_pread and fd_pwrite need a seekable descriptor and an offset the host can take.
    private func positionedEntry(_ descriptor: UInt32, offset: UInt64) throws(WASIErrno) -> (FileDescriptorEntry, off_t) {
        let entry = try seekableEntry(descriptor)
        guard let offset = off_t(exactly: offset) else { throw .invalid }
        return (entry, offset)
    }

    /// The non-empty buffers as host iovecs, cut to what one call moves.
    private static func hostVectors(_ buffers: [UnsafeMutableRawBufferPointer]) -> [iovec] {
        var vectors: [iovec] = []
        var total = 0
        for buffer in buffers where buffer.count > 0 {
            let length = min(buffer.count, maximumBytesPerCall - total)
            vectors.append(iovec(iov_base: buffer.baseAddress, iov_len: length))
            total += length
            if total == maximumBytesPerCall { break }
        }
        return vectors
    }

    /// One readv/preadv: a short read is an answer, not something to retry.
    static func read(_ descriptor: Int32, into buffers: [UnsafeMutableRawBufferPointer], at offset: off_t?) throws(WASIErrno) -> Int {
        let vectors = Array(hostVectors(buffers).prefix(maximumVectorsPerCall))
        guard !vectors.isEmpty else { return 0 }
        return try vectors.withUnsafeBufferPointer { vectors throws(WASIErrno) in
            try HostCall.check {
                if let offset {
                    preadv(descriptor, vectors.baseAddress, Int32(vectors.count), offset)
                } else {
                    readv(descriptor, vectors.baseAddress, Int32(vectors.count))
                }
            }
        }
    }

    /// writev/pwritev until everything is written. An error after some bytes
    /// went out reports those bytes (the guest learns of the error on its next
    /// write), as a native short write would.
    static func write(_ descriptor: Int32, from buffers: [UnsafeMutableRawBufferPointer], at offset: off_t?) throws(WASIErrno) -> Int {
        var vectors = hostVectors(buffers)
        var next = 0
        var written = 0
        while next < vectors.count {
            let batch = min(vectors.count - next, maximumVectorsPerCall)
            let outcome = vectors.withUnsafeBufferPointer { all in
                HostCall.attempt {
                    let start = all.baseAddress! + next
                    if let offset {
                        return pwritev(descriptor, start, Int32(batch), offset + off_t(written))
                    }
                    return writev(descriptor, start, Int32(batch))
                }
            }
            let count: Int
            switch outcome {
            case .success(let value): count = value
            case .failure(let failure):
                if written > 0 { return written }
                throw failure.wasiErrno
            }
            if count == 0 { break }
            written += count
            var consumed = count
            while consumed > 0 && next < vectors.count {
                if consumed >= vectors[next].iov_len {
                    consumed -= vectors[next].iov_len
                    next += 1
                } else {
                    vectors[next].iov_base += consumed
                    vectors[next].iov_len -= consumed
                    consumed = 0
                }
            }
        }
        return written
    }
}
