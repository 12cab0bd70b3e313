import Glibc

/// Which file a host descriptor refers to, by device and inode.
///
/// "Is this descriptor closed?" cannot be asked as `fcntl(fd, F_GETFD) == -1`:
/// tests run in parallel, and another test may open a file and be given the
/// freshly closed number in between. A closed descriptor is one that no longer
/// refers to the same file.
struct HostFileIdentity: Equatable {
    let device: UInt
    let inode: UInt

    init?(descriptor: Int32) {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        device = UInt(status.st_dev)
        inode = UInt(status.st_ino)
    }

    /// Whether `descriptor` still refers to this file (the file itself stays
    /// in the scratch directory, so its inode cannot be reused meanwhile).
    func isOpen(at descriptor: Int32) -> Bool {
        HostFileIdentity(descriptor: descriptor) == self
    }
}
