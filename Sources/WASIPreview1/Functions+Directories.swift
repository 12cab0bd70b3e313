/// fd_readdir: a directory's entries from a cookie on (see `DirectoryListing`).
extension WASIHost {
    func fdReaddir(_ descriptor: UInt32, buffer: UInt32, length: UInt32, cookie: UInt64, resultPointer: UInt32) throws(WASIErrno) {
        let entry = try descriptors.entry(descriptor)
        guard entry.isDirectory else { throw entry.isStandardStream ? .badFileDescriptor : .notDirectory }
        let memory = guestMemory
        let output = try memory.buffer(at: buffer, count: UInt64(length))
        _ = try memory.buffer(at: resultPointer, count: 4)

        let listing: DirectoryListing
        if cookie != 0, let cached = entry.directoryListing {
            listing = cached
        } else {
            listing = try DirectoryListing(reading: entry.hostDescriptor)
            try descriptors.update(descriptor) { $0.directoryListing = listing }
        }
        let used = listing.serialize(from: cookie, into: output)
        try memory.store(UInt32(used), at: resultPointer)
    }
}
