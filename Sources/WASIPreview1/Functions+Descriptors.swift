/// The fd_* functions that act on a descriptor itself rather than on bytes
/// through it: closing, renumbering, status, flags, rights, preopen names,
/// sizes, times, advice, allocation, syncing and the offset.
import CWASISupport
import Glibc

extension WASIHost {
    // MARK: - What each kind of function may be given

    /// A descriptor whose file contents or open flags an operation changes:
    /// one `path_open` gave, not a directory. The standard streams belong to
    /// the embedder and directories have no such contents: `EBADF`, as in wasmtime.
    func fileEntry(_ descriptor: UInt32) throws(WASIErrno) -> FileDescriptorEntry {
        let entry = try descriptors.entry(descriptor)
        guard entry.isOpenedFile else { throw .badFileDescriptor }
        return entry
    }

    /// A descriptor with an offset. Seeking a standard stream would move the
    /// embedder's own offset, so they are pipes to the guest (`ESPIPE`).
    func seekableEntry(_ descriptor: UInt32) throws(WASIErrno) -> FileDescriptorEntry {
        let entry = try descriptors.entry(descriptor)
        if entry.isStandardStream { throw .invalidSeek }
        guard entry.isOpenedFile else { throw .badFileDescriptor }
        return entry
    }

    /// Any descriptor but a standard stream: metadata and syncing.
    func nonStreamEntry(_ descriptor: UInt32) throws(WASIErrno) -> FileDescriptorEntry {
        let entry = try descriptors.entry(descriptor)
        guard !entry.isStandardStream else { throw .badFileDescriptor }
        return entry
    }

    // MARK: - Lifetime

    /// The slot is free afterwards even if the host's close reports an error.
    func fdClose(_ descriptor: UInt32) throws(WASIErrno) {
        let entry = try descriptors.remove(descriptor)
        try entry.closeHostDescriptor()
    }

    func fdRenumber(_ descriptor: UInt32, to target: UInt32) throws(WASIErrno) {
        let replaced = try descriptors.renumber(from: descriptor, to: target)
        try? replaced?.closeHostDescriptor()
    }

    // MARK: - Status, flags, rights

    func fdFdstatGet(_ descriptor: UInt32, resultPointer: UInt32) throws(WASIErrno) {
        let entry = try descriptors.entry(descriptor)
        let output = try guestMemory.buffer(at: resultPointer, count: Fdstat.size)
        Fdstat(
            filetype: entry.filetype, flags: entry.flags, rightsBase: entry.rightsBase,
            rightsInheriting: entry.rightsInheriting
        ).write(to: output)
    }

    /// Only APPEND and NONBLOCK can change on an open Linux file; asking to
    /// change a synchronization flag is `EINVAL` (wasmtime refuses them too).
    func fdFdstatSetFlags(_ descriptor: UInt32, flags: UInt32) throws(WASIErrno) {
        let requested = try FileDescriptorFlags(validating: flags)
        let entry = try fileEntry(descriptor)
        guard requested.intersection(.synchronization) == entry.flags.intersection(.synchronization) else {
            throw .invalid
        }
        let current = try HostCall.check { fcntl(entry.hostDescriptor, F_GETFL) }
        var updated = current & ~(O_APPEND | O_NONBLOCK)
        if requested.contains(.append) { updated |= O_APPEND }
        if requested.contains(.nonblock) { updated |= O_NONBLOCK }
        try HostCall.check { fcntl(entry.hostDescriptor, F_SETFL, updated) }
        try descriptors.update(descriptor) { $0.flags = requested }
    }

    /// Rights can only be dropped: asking for one the descriptor lacks is `ENOTCAPABLE`.
    func fdFdstatSetRights(_ descriptor: UInt32, base: UInt64, inheriting: UInt64) throws(WASIErrno) {
        let base = Rights(rawValue: base)
        let inheriting = Rights(rawValue: inheriting)
        try descriptors.update(descriptor) { entry throws(WASIErrno) in
            guard entry.rightsBase.isSuperset(of: base), entry.rightsInheriting.isSuperset(of: inheriting) else {
                throw .notCapable
            }
            entry.rightsBase = base
            entry.rightsInheriting = inheriting
        }
    }

    // MARK: - Preopens

    /// Non-preopens are `EBADF`: wasi-libc looks for preopens from 3 upwards until it gets one.
    func fdPrestatGet(_ descriptor: UInt32, resultPointer: UInt32) throws(WASIErrno) {
        guard let name = try descriptors.entry(descriptor).preopenGuestPath else { throw .badFileDescriptor }
        let output = try guestMemory.buffer(at: resultPointer, count: Prestat.size)
        Prestat(nameLength: UInt32(name.count)).write(to: output)
    }

    /// Writes the name without a NUL. A buffer shorter than the name is
    /// `ENAMETOOLONG` and a descriptor that is not a preopen `ENOTDIR`, as in wasmtime.
    func fdPrestatDirName(_ descriptor: UInt32, buffer: UInt32, length: UInt32) throws(WASIErrno) {
        guard let name = try descriptors.entry(descriptor).preopenGuestPath else { throw .notDirectory }
        guard UInt64(length) >= UInt64(name.count) else { throw .nameTooLong }
        try guestMemory.write(name, at: buffer)
    }

    // MARK: - Metadata

    /// The standard streams report only their file type, as in wasmtime: the
    /// embedder's descriptors are none of the guest's business.
    func fdFilestatGet(_ descriptor: UInt32, resultPointer: UInt32) throws(WASIErrno) {
        let entry = try descriptors.entry(descriptor)
        let output = try guestMemory.buffer(at: resultPointer, count: Filestat.size)
        if entry.isStandardStream {
            Filestat(filetype: entry.filetype).write(to: output)
            return
        }
        var status = stat()
        try HostCall.check { fstat(entry.hostDescriptor, &status) }
        Filestat(status).write(to: output)
    }

    func fdFilestatSetSize(_ descriptor: UInt32, size: UInt64) throws(WASIErrno) {
        let entry = try fileEntry(descriptor)
        guard let size = off_t(exactly: size) else { throw .invalid }
        try HostCall.check { ftruncate(entry.hostDescriptor, size) }
    }

    func fdFilestatSetTimes(
        _ descriptor: UInt32, accessTime: UInt64, modificationTime: UInt64, flags: UInt32
    ) throws(WASIErrno) {
        let times = try Self.hostTimes(accessTime: accessTime, modificationTime: modificationTime, flags: flags)
        let entry = try nonStreamEntry(descriptor)
        let outcome = times.withUnsafeBufferPointer { times in
            HostCall.attempt { futimens(entry.hostDescriptor, times.baseAddress) }
        }
        switch outcome {
        case .success:
            return
        case .failure(let failure) where failure.code == EBADF:
            // A preopen we could only open with O_PATH: futimens refuses those, utimensat on "" does not.
            _ = try times.withUnsafeBufferPointer { times throws(WASIErrno) in
                try HostCall.check {
                    HostPath.empty.withCString {
                        utimensat(entry.hostDescriptor, $0, times.baseAddress, WASI_HOST_AT_EMPTY_PATH)
                    }
                }
            }
        case .failure(let failure):
            throw failure.wasiErrno
        }
    }

    /// The two timespecs of utimensat(2) for a preview1 (atim, mtim, fst_flags) triple.
    static func hostTimes(accessTime: UInt64, modificationTime: UInt64, flags: UInt32) throws(WASIErrno) -> [timespec] {
        let flags = try TimestampFlags(validating: flags)
        func time(_ value: UInt64, set: TimestampFlags, now: TimestampFlags) -> timespec {
            if flags.contains(now) { return timespec(tv_sec: 0, tv_nsec: WASI_HOST_UTIME_NOW) }
            if flags.contains(set) { return timespec(nanoseconds: value) }
            return timespec(tv_sec: 0, tv_nsec: WASI_HOST_UTIME_OMIT)
        }
        return [
            time(accessTime, set: .accessTime, now: .accessTimeNow),
            time(modificationTime, set: .modificationTime, now: .modificationTimeNow),
        ]
    }

    // MARK: - Hints, allocation, syncing

    func fdAdvise(_ descriptor: UInt32, offset: UInt64, length: UInt64, advice: UInt32) throws(WASIErrno) {
        let advice = try Advice(validating: advice)
        let entry = try fileEntry(descriptor)
        guard let offset = off_t(exactly: offset), let length = off_t(exactly: length) else { throw .invalid }
        let hostAdvice =
            switch advice {
            case .normal: POSIX_FADV_NORMAL
            case .sequential: POSIX_FADV_SEQUENTIAL
            case .random: POSIX_FADV_RANDOM
            case .willNeed: POSIX_FADV_WILLNEED
            case .dontNeed: POSIX_FADV_DONTNEED
            case .noReuse: POSIX_FADV_NOREUSE
            }
        try HostCall.checkReturnedError { posix_fadvise(entry.hostDescriptor, offset, length, hostAdvice) }
    }

    func fdAllocate(_ descriptor: UInt32, offset: UInt64, length: UInt64) throws(WASIErrno) {
        let entry = try fileEntry(descriptor)
        guard let offset = off_t(exactly: offset), let length = off_t(exactly: length) else { throw .invalid }
        try HostCall.checkReturnedError { posix_fallocate(entry.hostDescriptor, offset, length) }
    }

    /// Directories may be synced too: that is how a program makes a rename durable.
    func fdDatasync(_ descriptor: UInt32) throws(WASIErrno) {
        let entry = try nonStreamEntry(descriptor)
        try HostCall.check { fdatasync(entry.hostDescriptor) }
    }

    func fdSync(_ descriptor: UInt32) throws(WASIErrno) {
        let entry = try nonStreamEntry(descriptor)
        try HostCall.check { fsync(entry.hostDescriptor) }
    }

    // MARK: - The offset

    func fdSeek(_ descriptor: UInt32, offset: Int64, whence: UInt32, resultPointer: UInt32) throws(WASIErrno) {
        let whence = try Whence(validating: whence)
        let entry = try seekableEntry(descriptor)
        let memory = guestMemory
        _ = try memory.buffer(at: resultPointer, count: 8)
        let hostWhence =
            switch whence {
            case .set: SEEK_SET
            case .current: SEEK_CUR
            case .end: SEEK_END
            }
        let position = try HostCall.check { lseek(entry.hostDescriptor, off_t(offset), hostWhence) }
        try memory.store(UInt64(position), at: resultPointer)
    }

    func fdTell(_ descriptor: UInt32, resultPointer: UInt32) throws(WASIErrno) {
        let entry = try seekableEntry(descriptor)
        let memory = guestMemory
        _ = try memory.buffer(at: resultPointer, count: 8)
        let position = try HostCall.check { lseek(entry.hostDescriptor, 0, SEEK_CUR) }
        try memory.store(UInt64(position), at: resultPointer)
    }
}
