/// The guest's file descriptors: indices into a table of host descriptors,
/// 0–2 standard streams, then the preopened directories, then what the guest
/// opens. A closed slot is reused lowest-first, as POSIX allocates.
import Glibc

/// What a guest descriptor stands for.
enum DescriptorRole: Equatable {
    /// One of the embedder's standard streams (never closed on the host).
    case standardInput, standardOutput
    /// A directory given on the command line, with the name the guest knows it by.
    case preopenedDirectory(guestPath: [UInt8])
    /// A file or directory opened by `path_open`.
    case opened
}

struct FileDescriptorEntry {
    var hostDescriptor: Int32
    /// False for the standard streams, which belong to the embedder.
    var ownsHostDescriptor: Bool
    var role: DescriptorRole
    var filetype: Filetype
    var rightsBase: Rights
    var rightsInheriting: Rights
    var flags: FileDescriptorFlags
    /// A directory's listing as of the last `fd_readdir` from cookie 0, so
    /// later cookies index a stable list (see `DirectoryListing`).
    var directoryListing: DirectoryListing?

    var isDirectory: Bool { filetype == .directory && !isStandardStream }
    var isStandardStream: Bool { role == .standardInput || role == .standardOutput }
    /// Something opened by `path_open` that is not a directory: a regular file, device, FIFO or socket.
    var isOpenedFile: Bool { role == .opened && filetype != .directory }

    var preopenGuestPath: [UInt8]? {
        if case .preopenedDirectory(let path) = role { path } else { nil }
    }

    /// Closes the host descriptor if it is ours; close(2) is not retried on
    /// EINTR because Linux has released the descriptor either way.
    func closeHostDescriptor() throws(WASIErrno) {
        guard ownsHostDescriptor else { return }
        if close(hostDescriptor) != 0 && errno != EINTR { throw .current }
    }
}

struct FileDescriptorTable {
    /// More open descriptors than this is `EMFILE`; the host's own limit usually comes first.
    static let capacity = 1 << 16

    private var entries: [FileDescriptorEntry?] = []

    /// The entry of an open descriptor, or `EBADF`.
    func entry(_ descriptor: UInt32) throws(WASIErrno) -> FileDescriptorEntry {
        guard descriptor < entries.count, let entry = entries[Int(descriptor)] else { throw .badFileDescriptor }
        return entry
    }

    /// Changes an open descriptor's entry in place.
    mutating func update(_ descriptor: UInt32, _ change: (inout FileDescriptorEntry) throws(WASIErrno) -> Void) throws(WASIErrno) {
        guard descriptor < entries.count, var entry = entries[Int(descriptor)] else { throw .badFileDescriptor }
        try change(&entry)
        entries[Int(descriptor)] = entry
    }

    /// Puts `entry` in the lowest free slot and returns its number.
    mutating func insert(_ entry: FileDescriptorEntry) throws(WASIErrno) -> UInt32 {
        if let free = entries.firstIndex(where: { $0 == nil }) {
            entries[free] = entry
            return UInt32(free)
        }
        guard entries.count < Self.capacity else { throw .tooManyFiles }
        entries.append(entry)
        return UInt32(entries.count - 1)
    }

    /// Frees a slot and hands back what was in it, for the caller to close.
    mutating func remove(_ descriptor: UInt32) throws(WASIErrno) -> FileDescriptorEntry {
        let entry = try entry(descriptor)
        entries[Int(descriptor)] = nil
        while let last = entries.last, last == nil { entries.removeLast() }
        return entry
    }

    /// `fd_renumber`: `from` takes `to`'s number, and whatever `to` was is
    /// returned for the caller to close. Both must be open, as the spec's
    /// "atomically replace a file descriptor" says.
    mutating func renumber(from: UInt32, to: UInt32) throws(WASIErrno) -> FileDescriptorEntry? {
        let moving = try entry(from)
        let replaced = try entry(to)
        guard from != to else { return nil }
        entries[Int(to)] = moving
        _ = try remove(from)
        return replaced
    }

    /// Every open entry with its number, lowest first.
    var openEntries: [(descriptor: UInt32, entry: FileDescriptorEntry)] {
        entries.enumerated().compactMap { index, entry in entry.map { (UInt32(index), $0) } }
    }
}
