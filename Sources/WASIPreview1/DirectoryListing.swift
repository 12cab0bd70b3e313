/// A directory's entries as `fd_readdir` hands them out. As in wasmtime, the
/// list starts with "." and "..", then the host's entries in the order the
/// kernel gives them, and the cookie of an entry is its index plus one: a
/// guest that resumes from the cookie of the last entry it saw gets the next.
/// The list is read afresh whenever the guest starts over from cookie 0
/// (wasi-libc's `opendir` and `rewinddir`) and kept for later cookies, so a
/// directory that changes while being read is seen as it was at the start.
import Glibc

struct DirectoryListing {
    struct Entry {
        var name: [UInt8]
        var inode: UInt64
        var filetype: Filetype
    }

    var entries: [Entry]

    /// Size of the `dirent` header that precedes each name.
    static let headerSize = 24

    /// Reads the directory open as `directory` through a descriptor of its
    /// own, so the guest's descriptor keeps no hidden position.
    init(reading directory: Int32) throws(WASIErrno) {
        let own = openat(directory, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard own >= 0 else { throw .current }
        guard let stream = fdopendir(own) else {
            let error = WASIErrno.current
            close(own)
            throw error
        }
        defer { closedir(stream) }

        var status = stat()
        guard fstat(own, &status) == 0 else { throw .current }
        let ownInode = UInt64(status.st_ino)
        // ".." of a preopen lies outside the sandbox, so it reports the
        // directory's own inode (wasmtime does the same).
        var entries = [
            Entry(name: [UInt8(ascii: ".")], inode: ownInode, filetype: .directory),
            Entry(name: [UInt8(ascii: "."), UInt8(ascii: ".")], inode: ownInode, filetype: .directory),
        ]
        while true {
            errno = 0
            guard let record = readdir(stream) else {
                if errno != 0 { throw .current }
                break
            }
            let name = withUnsafeBytes(of: &record.pointee.d_name) { raw in
                Array(raw.prefix(while: { $0 != 0 }))
            }
            if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            let filetype =
                Filetype(directoryEntryType: record.pointee.d_type)
                ?? Self.filetype(of: name, in: own)
            entries.append(Entry(name: name, inode: UInt64(record.pointee.d_ino), filetype: filetype))
        }
        self.entries = entries
    }

    /// For file systems that leave `d_type` unknown.
    private static func filetype(of name: [UInt8], in directory: Int32) -> Filetype {
        var status = stat()
        let found = (name + [0]).withUnsafeBufferPointer { path in
            path.withMemoryRebound(to: CChar.self) { fstatat(directory, $0.baseAddress!, &status, AT_SYMLINK_NOFOLLOW) }
        }
        return found == 0 ? Filetype(mode: status.st_mode) : .unknown
    }

    /// Serializes entries from `cookie` on into `buffer`, each a 24-byte
    /// header (`d_next`, `d_ino`, `d_namlen`, `d_type`) and its name, cutting
    /// the last one off where the buffer ends. A full buffer tells the guest
    /// there may be more; it asks again from the last whole entry's cookie.
    /// Returns the bytes used.
    func serialize(from cookie: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard cookie < UInt64(entries.count) else { return 0 }
        var used = 0
        var header = [UInt8](repeating: 0, count: Self.headerSize)
        for index in Int(cookie)..<entries.count {
            let entry = entries[index]
            header.withUnsafeMutableBytes { raw in
                raw.storeBytes(of: UInt64(index + 1).littleEndian, toByteOffset: 0, as: UInt64.self)
                raw.storeBytes(of: entry.inode.littleEndian, toByteOffset: 8, as: UInt64.self)
                raw.storeBytes(of: UInt32(entry.name.count).littleEndian, toByteOffset: 16, as: UInt32.self)
                raw.storeBytes(of: entry.filetype.rawValue, toByteOffset: 20, as: UInt8.self)
            }
            for bytes in [header, entry.name] {
                let count = min(bytes.count, buffer.count - used)
                bytes.withUnsafeBytes { source in
                    UnsafeMutableRawBufferPointer(rebasing: buffer[used..<(used + count)])
                        .copyMemory(from: UnsafeRawBufferPointer(rebasing: source[0..<count]))
                }
                used += count
                if used == buffer.count { return used }
            }
        }
        return used
    }
}
