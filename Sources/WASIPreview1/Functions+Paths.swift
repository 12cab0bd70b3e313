/// The path_* functions. Each starts from a directory descriptor and a
/// guest path, which `PathResolver` keeps beneath that directory: open and
/// filestat open the path itself beneath it; everything else resolves the
/// parent directory beneath it and acts on the last name with an *at() call
/// that does not follow a symbolic link there (unless SYMLINK_FOLLOW asked,
/// in which case the resolver has already followed it, beneath).
import CWASISupport
import Glibc

extension WASIHost {
    /// The directory a path starts from. A file is `ENOTDIR`; a standard stream `EBADF`.
    func directoryEntry(_ descriptor: UInt32) throws(WASIErrno) -> FileDescriptorEntry {
        let entry = try descriptors.entry(descriptor)
        guard entry.isDirectory else { throw entry.isStandardStream ? .badFileDescriptor : .notDirectory }
        return entry
    }

    // MARK: - Opening

    func pathOpen(
        _ descriptor: UInt32, lookupFlags: UInt32, path: UInt32, pathLength: UInt32, openFlags: UInt32,
        rightsBase: UInt64, rightsInheriting: UInt64, descriptorFlags: UInt32, resultPointer: UInt32
    ) throws(WASIErrno) {
        let directory = try directoryEntry(descriptor)
        let lookup = try LookupFlags(validating: lookupFlags)
        let openFlags = try OpenFlags(validating: openFlags)
        let descriptorFlags = try FileDescriptorFlags(validating: descriptorFlags)
        // Creating or truncating something that must be a directory makes no sense (wasmtime: EINVAL too).
        if openFlags.contains(.directory) && !openFlags.isDisjoint(with: [.create, .exclusive, .truncate]) {
            throw .invalid
        }
        let memory = guestMemory
        let path = try memory.pathBytes(at: path, length: pathLength)
        // Checked before opening, so a bad pointer cannot leave a created file without a descriptor.
        _ = try memory.buffer(at: resultPointer, count: 4)

        // Rights are masked by what the directory hands down, as the spec has it.
        let base = Rights(rawValue: rightsBase).intersection(directory.rightsInheriting)
        let inheriting = Rights(rawValue: rightsInheriting).intersection(directory.rightsInheriting)

        var flags = O_NOCTTY
        // A directory cannot be opened for writing: with DIRECTORY, write rights are only recorded.
        let writes = !base.isDisjoint(with: .needingWriteAccess) && !openFlags.contains(.directory)
        let reads = !base.isDisjoint(with: .needingReadAccess) || !writes
        flags |= writes ? (reads ? O_RDWR : O_WRONLY) : O_RDONLY
        if openFlags.contains(.create) { flags |= O_CREAT }
        if openFlags.contains(.directory) { flags |= O_DIRECTORY }
        if openFlags.contains(.exclusive) { flags |= O_EXCL }
        if openFlags.contains(.truncate) { flags |= O_TRUNC }
        if descriptorFlags.contains(.append) { flags |= O_APPEND }
        if descriptorFlags.contains(.dsync) { flags |= O_DSYNC }
        if descriptorFlags.contains(.nonblock) { flags |= O_NONBLOCK }
        if descriptorFlags.contains(.rsync) { flags |= O_RSYNC }
        if descriptorFlags.contains(.sync) { flags |= O_SYNC }

        let opened = try pathResolver.open(
            beneath: directory.hostDescriptor, path: path, flags: flags, mode: 0o666,
            followFinalSymbolicLink: lookup.contains(.symlinkFollow))
        var status = stat()
        if fstat(opened, &status) != 0 {
            let error = WASIErrno.current
            close(opened)
            throw error
        }
        let entry = FileDescriptorEntry(
            hostDescriptor: opened, ownsHostDescriptor: true, role: .opened, filetype: Filetype(mode: status.st_mode),
            rightsBase: base, rightsInheriting: inheriting, flags: descriptorFlags)
        let number: UInt32
        do throws(WASIErrno) {
            number = try descriptors.insert(entry)
        } catch {
            close(opened)
            throw error
        }
        try memory.store(number, at: resultPointer)
    }

    // MARK: - Metadata

    func pathFilestatGet(
        _ descriptor: UInt32, lookupFlags: UInt32, path: UInt32, pathLength: UInt32, resultPointer: UInt32
    ) throws(WASIErrno) {
        let directory = try directoryEntry(descriptor)
        let lookup = try LookupFlags(validating: lookupFlags)
        let memory = guestMemory
        let path = try memory.pathBytes(at: path, length: pathLength)
        let output = try memory.buffer(at: resultPointer, count: Filestat.size)
        // O_PATH with O_NOFOLLOW opens a final link itself, so fstat describes the link.
        let opened = try pathResolver.open(
            beneath: directory.hostDescriptor, path: path, flags: WASI_HOST_O_PATH,
            followFinalSymbolicLink: lookup.contains(.symlinkFollow))
        defer { close(opened) }
        var status = stat()
        try HostCall.check { fstat(opened, &status) }
        Filestat(status).write(to: output)
    }

    func pathFilestatSetTimes(
        _ descriptor: UInt32, lookupFlags: UInt32, path: UInt32, pathLength: UInt32, accessTime: UInt64,
        modificationTime: UInt64, flags: UInt32
    ) throws(WASIErrno) {
        let directory = try directoryEntry(descriptor)
        let lookup = try LookupFlags(validating: lookupFlags)
        let times = try Self.hostTimes(accessTime: accessTime, modificationTime: modificationTime, flags: flags)
        let path = try guestMemory.pathBytes(at: path, length: pathLength)
        // "dir/" means the directory a link there points to, as in POSIX.
        let resolved = try pathResolver.resolveParent(
            beneath: directory.hostDescriptor, path: path,
            followFinalSymbolicLink: lookup.contains(.symlinkFollow) || path.last == PathResolver.slash)
        try resolved.requireDirectoryIfTrailingSlash()
        _ = try times.withUnsafeBufferPointer { times throws(WASIErrno) in
            try HostCall.check {
                resolved.name.withCString {
                    utimensat(resolved.parent.descriptor, $0, times.baseAddress, AT_SYMLINK_NOFOLLOW)
                }
            }
        }
    }

    // MARK: - Directories

    func pathCreateDirectory(_ descriptor: UInt32, path: UInt32, pathLength: UInt32) throws(WASIErrno) {
        let resolved = try resolveParent(descriptor, path: path, pathLength: pathLength)
        try HostCall.check { resolved.name.withCString { mkdirat(resolved.parent.descriptor, $0, 0o777) } }
    }

    func pathRemoveDirectory(_ descriptor: UInt32, path: UInt32, pathLength: UInt32) throws(WASIErrno) {
        let resolved = try resolveParent(descriptor, path: path, pathLength: pathLength)
        try HostCall.check { resolved.name.withCString { unlinkat(resolved.parent.descriptor, $0, AT_REMOVEDIR) } }
    }

    // MARK: - Files and links

    /// A directory is `EISDIR` (Linux's answer; POSIX allows EPERM).
    func pathUnlinkFile(_ descriptor: UInt32, path: UInt32, pathLength: UInt32) throws(WASIErrno) {
        let resolved = try resolveParent(descriptor, path: path, pathLength: pathLength)
        if resolved.hadTrailingSlash {
            // "file/" names a directory that is not there.
            let status = try resolved.status()
            throw Filetype(mode: status.st_mode) == .directory ? .isDirectory : .notDirectory
        }
        try HostCall.check { resolved.name.withCString { unlinkat(resolved.parent.descriptor, $0, 0) } }
    }

    func pathRename(
        _ descriptor: UInt32, path: UInt32, pathLength: UInt32, to newDescriptor: UInt32, newPath: UInt32,
        newPathLength: UInt32
    ) throws(WASIErrno) {
        let source = try resolveParent(descriptor, path: path, pathLength: pathLength)
        let destination = try resolveParent(newDescriptor, path: newPath, pathLength: newPathLength)
        if source.hadTrailingSlash || destination.hadTrailingSlash {
            guard Filetype(mode: try source.status().st_mode) == .directory else { throw .notDirectory }
        }
        try HostCall.check {
            source.name.withCString { sourceName in
                destination.name.withCString { destinationName in
                    renameat(source.parent.descriptor, sourceName, destination.parent.descriptor, destinationName)
                }
            }
        }
    }

    /// With SYMLINK_FOLLOW a final link in the source is followed (beneath)
    /// and its target linked; without, the link itself is.
    func pathLink(
        _ descriptor: UInt32, lookupFlags: UInt32, path: UInt32, pathLength: UInt32, to newDescriptor: UInt32,
        newPath: UInt32, newPathLength: UInt32
    ) throws(WASIErrno) {
        let lookup = try LookupFlags(validating: lookupFlags)
        let source = try resolveParent(
            descriptor, path: path, pathLength: pathLength, followFinalSymbolicLink: lookup.contains(.symlinkFollow))
        let destination = try resolveParent(newDescriptor, path: newPath, pathLength: newPathLength)
        try source.requireDirectoryIfTrailingSlash()
        try destination.refuseTrailingSlashForNonDirectory()
        try HostCall.check {
            source.name.withCString { sourceName in
                destination.name.withCString { destinationName in
                    linkat(source.parent.descriptor, sourceName, destination.parent.descriptor, destinationName, 0)
                }
            }
        }
    }

    /// The target is only text: it may be absolute or point anywhere, since
    /// resolution never follows it out of the sandbox.
    func pathSymlink(target: UInt32, targetLength: UInt32, _ descriptor: UInt32, path: UInt32, pathLength: UInt32) throws(WASIErrno) {
        let directory = try directoryEntry(descriptor)
        let memory = guestMemory
        let target = try memory.pathBytes(at: target, length: targetLength)
        let path = try memory.pathBytes(at: path, length: pathLength)
        guard !target.isEmpty else { throw .noEntry }
        let resolved = try pathResolver.resolveParent(
            beneath: directory.hostDescriptor, path: path, followFinalSymbolicLink: false)
        try resolved.refuseTrailingSlashForNonDirectory()
        let hostTarget = HostPath(target)
        try HostCall.check {
            hostTarget.withCString { target in
                resolved.name.withCString { symlinkat(target, resolved.parent.descriptor, $0) }
            }
        }
    }

    /// Returns the link's text whatever it points at, cut to the buffer, as readlink(2) does.
    func pathReadlink(
        _ descriptor: UInt32, path: UInt32, pathLength: UInt32, buffer: UInt32, bufferLength: UInt32,
        resultPointer: UInt32
    ) throws(WASIErrno) {
        let directory = try directoryEntry(descriptor)
        let memory = guestMemory
        let path = try memory.pathBytes(at: path, length: pathLength)
        let output = try memory.buffer(at: buffer, count: UInt64(bufferLength))
        _ = try memory.buffer(at: resultPointer, count: 4)
        let resolved = try pathResolver.resolveParent(
            beneath: directory.hostDescriptor, path: path, followFinalSymbolicLink: false)
        if resolved.hadTrailingSlash {
            // "link/" names what the link points to, which is no link: a directory is EINVAL, anything else ENOTDIR.
            let opened = try pathResolver.open(
                beneath: directory.hostDescriptor, path: path, flags: WASI_HOST_O_PATH | O_DIRECTORY,
                followFinalSymbolicLink: true)
            close(opened)
            throw .invalid
        }
        guard let target = symbolicLinkTarget(in: resolved.parent.descriptor, named: resolved.name) else {
            // Not a link, or not there: let the kernel say which.
            var probe: UInt8 = 0
            try HostCall.check {
                resolved.name.withCString { readlinkat(resolved.parent.descriptor, $0, &probe, 1) }
            }
            throw .invalid
        }
        let count = min(target.count, output.count)
        target.withUnsafeBytes { source in
            output.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[0..<count]))
        }
        try memory.store(UInt32(count), at: resultPointer)
    }

    // MARK: - Helpers

    /// The directory entry, the guest path and its resolved parent, for functions with nothing else to check first.
    private func resolveParent(
        _ descriptor: UInt32, path: UInt32, pathLength: UInt32, followFinalSymbolicLink: Bool = false
    ) throws(WASIErrno) -> ResolvedPath {
        let directory = try directoryEntry(descriptor)
        let path = try guestMemory.pathBytes(at: path, length: pathLength)
        return try pathResolver.resolveParent(
            beneath: directory.hostDescriptor, path: path, followFinalSymbolicLink: followFinalSymbolicLink)
    }
}

extension ResolvedPath {
    /// What the name is, not following a link there.
    func status() throws(WASIErrno) -> stat {
        var status = stat()
        try HostCall.check {
            name.withCString { fstatat(parent.descriptor, $0, &status, AT_SYMLINK_NOFOLLOW) }
        }
        return status
    }

    /// "name/" must name a directory.
    func requireDirectoryIfTrailingSlash() throws(WASIErrno) {
        guard hadTrailingSlash, !namesDirectoryItself else { return }
        guard Filetype(mode: try status().st_mode) == .directory else { throw .notDirectory }
    }

    /// A link or symbolic link cannot be created as "name/": `EEXIST` if
    /// something is there, `ENOENT` if not, as Linux answers.
    func refuseTrailingSlashForNonDirectory() throws(WASIErrno) {
        guard hadTrailingSlash else { return }
        _ = try status()
        throw .exists
    }
}
