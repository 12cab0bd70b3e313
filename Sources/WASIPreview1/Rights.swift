/// Rights (witx `rights`): what a descriptor may be used for. They are
/// advisory here, as in wasmtime: the host's open mode is what really allows
/// or refuses a read or write. They are still kept per descriptor, reported by
/// `fd_fdstat_get`, inherited by `path_open`, and `fd_fdstat_set_rights` can
/// only take them away.
struct Rights: OptionSet, Sendable {
    let rawValue: UInt64

    static let fdDatasync = Rights(rawValue: 1 << 0)
    static let fdRead = Rights(rawValue: 1 << 1)
    static let fdSeek = Rights(rawValue: 1 << 2)
    static let fdFdstatSetFlags = Rights(rawValue: 1 << 3)
    static let fdSync = Rights(rawValue: 1 << 4)
    static let fdTell = Rights(rawValue: 1 << 5)
    static let fdWrite = Rights(rawValue: 1 << 6)
    static let fdAdvise = Rights(rawValue: 1 << 7)
    static let fdAllocate = Rights(rawValue: 1 << 8)
    static let pathCreateDirectory = Rights(rawValue: 1 << 9)
    static let pathCreateFile = Rights(rawValue: 1 << 10)
    static let pathLinkSource = Rights(rawValue: 1 << 11)
    static let pathLinkTarget = Rights(rawValue: 1 << 12)
    static let pathOpen = Rights(rawValue: 1 << 13)
    static let fdReaddir = Rights(rawValue: 1 << 14)
    static let pathReadlink = Rights(rawValue: 1 << 15)
    static let pathRenameSource = Rights(rawValue: 1 << 16)
    static let pathRenameTarget = Rights(rawValue: 1 << 17)
    static let pathFilestatGet = Rights(rawValue: 1 << 18)
    static let pathFilestatSetSize = Rights(rawValue: 1 << 19)
    static let pathFilestatSetTimes = Rights(rawValue: 1 << 20)
    static let fdFilestatGet = Rights(rawValue: 1 << 21)
    static let fdFilestatSetSize = Rights(rawValue: 1 << 22)
    static let fdFilestatSetTimes = Rights(rawValue: 1 << 23)
    static let pathSymlink = Rights(rawValue: 1 << 24)
    static let pathRemoveDirectory = Rights(rawValue: 1 << 25)
    static let pathUnlinkFile = Rights(rawValue: 1 << 26)
    static let pollFdReadwrite = Rights(rawValue: 1 << 27)
    static let sockShutdown = Rights(rawValue: 1 << 28)
    static let sockAccept = Rights(rawValue: 1 << 29)

    static let all = Rights(rawValue: (1 << 30) - 1)

    /// What a preopened directory reports as its own rights: wasmtime's set,
    /// which wasi-libc and other userlands expect.
    static let preopenBase: Rights = [
        .pathCreateDirectory, .pathCreateFile, .pathLinkSource, .pathLinkTarget, .pathOpen, .fdReaddir,
        .pathReadlink, .pathRenameSource, .pathRenameTarget, .pathSymlink, .pathRemoveDirectory,
        .pathUnlinkFile, .pathFilestatGet, .pathFilestatSetTimes, .fdFilestatGet, .fdFilestatSetTimes,
    ]

    /// What descriptors opened beneath a preopen may have (wasi-libc's
    /// `open` asks for its wanted rights masked by these).
    static let preopenInheriting: Rights = preopenBase.union([
        .fdDatasync, .fdRead, .fdSeek, .fdFdstatSetFlags, .fdSync, .fdTell, .fdWrite, .fdAdvise,
        .fdAllocate, .fdFilestatGet, .fdFilestatSetSize, .fdFilestatSetTimes, .pollFdReadwrite,
    ])

    /// Rights whose presence makes `path_open` open the host file for writing.
    static let needingWriteAccess: Rights = [.fdWrite, .fdDatasync, .fdAllocate, .fdFilestatSetSize]
    /// Rights whose presence makes `path_open` open the host file for reading.
    static let needingReadAccess: Rights = [.fdRead, .fdReaddir]
}
