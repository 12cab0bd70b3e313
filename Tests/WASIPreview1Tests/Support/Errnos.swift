/// Errno numbers as `<wasi/api.h>` defines them (`__WASI_ERRNO_*`), written
/// as literals so the tests state the ABI instead of repeating the
/// implementation; `ABINumberTests` checks them against the header itself.
enum Errno {
    static let success: UInt16 = 0
    static let access: UInt16 = 2
    static let again: UInt16 = 6
    static let badf: UInt16 = 8
    static let exist: UInt16 = 20
    static let fault: UInt16 = 21
    static let inval: UInt16 = 28
    static let isdir: UInt16 = 31
    static let loop: UInt16 = 32
    static let nametoolong: UInt16 = 37
    static let noent: UInt16 = 44
    static let nosys: UInt16 = 52
    static let notdir: UInt16 = 54
    static let notempty: UInt16 = 55
    static let notsup: UInt16 = 58
    static let perm: UInt16 = 63
    static let spipe: UInt16 = 70
    static let xdev: UInt16 = 75
    static let notcapable: UInt16 = 76

    /// The `__WASI_ERRNO_` suffix of each constant above, for the header check.
    static let headerNames: [String: UInt16] = [
        "SUCCESS": success, "ACCES": access, "AGAIN": again, "BADF": badf, "EXIST": exist, "FAULT": fault,
        "INVAL": inval, "ISDIR": isdir, "LOOP": loop, "NAMETOOLONG": nametoolong, "NOENT": noent, "NOSYS": nosys,
        "NOTDIR": notdir, "NOTEMPTY": notempty, "NOTSUP": notsup, "PERM": perm, "SPIPE": spipe, "XDEV": xdev,
        "NOTCAPABLE": notcapable,
    ]
}

/// Rights, flags and enumerations from `<wasi/api.h>`.
enum ABI {
    static let rightFdRead: UInt64 = 1 << 1
    static let rightFdSeek: UInt64 = 1 << 2
    static let rightFdTell: UInt64 = 1 << 5
    static let rightFdWrite: UInt64 = 1 << 6
    static let rightPathOpen: UInt64 = 1 << 13
    static let rightFdReaddir: UInt64 = 1 << 14
    static let allRights: UInt64 = (1 << 30) - 1

    static let oflagCreat: UInt32 = 1 << 0
    static let oflagDirectory: UInt32 = 1 << 1
    static let oflagExcl: UInt32 = 1 << 2
    static let oflagTrunc: UInt32 = 1 << 3

    static let fdflagAppend: UInt32 = 1 << 0
    static let fdflagDsync: UInt32 = 1 << 1
    static let fdflagNonblock: UInt32 = 1 << 2
    static let fdflagSync: UInt32 = 1 << 4

    static let lookupSymlinkFollow: UInt32 = 1 << 0

    static let fstAtim: UInt32 = 1 << 0
    static let fstAtimNow: UInt32 = 1 << 1
    static let fstMtim: UInt32 = 1 << 2
    static let fstMtimNow: UInt32 = 1 << 3

    static let whenceSet: UInt32 = 0
    static let whenceCur: UInt32 = 1
    static let whenceEnd: UInt32 = 2

    static let filetypeUnknown: UInt8 = 0
    static let filetypeCharacterDevice: UInt8 = 2
    static let filetypeDirectory: UInt8 = 3
    static let filetypeRegularFile: UInt8 = 4
    static let filetypeSymbolicLink: UInt8 = 7

    static let clockRealtime: UInt32 = 0
    static let clockMonotonic: UInt32 = 1
    static let clockProcessCPUTime: UInt32 = 2
    static let clockThreadCPUTime: UInt32 = 3

    static let eventtypeClock: UInt8 = 0
    static let eventtypeFdRead: UInt8 = 1
    static let eventtypeFdWrite: UInt8 = 2

    /// Each constant above by its `<wasi/api.h>` name, for the header check.
    static let headerNames: [String: UInt64] = [
        "__WASI_RIGHTS_FD_READ": rightFdRead, "__WASI_RIGHTS_FD_SEEK": rightFdSeek,
        "__WASI_RIGHTS_FD_TELL": rightFdTell, "__WASI_RIGHTS_FD_WRITE": rightFdWrite,
        "__WASI_RIGHTS_PATH_OPEN": rightPathOpen, "__WASI_RIGHTS_FD_READDIR": rightFdReaddir,
        "__WASI_OFLAGS_CREAT": UInt64(oflagCreat), "__WASI_OFLAGS_DIRECTORY": UInt64(oflagDirectory),
        "__WASI_OFLAGS_EXCL": UInt64(oflagExcl), "__WASI_OFLAGS_TRUNC": UInt64(oflagTrunc),
        "__WASI_FDFLAGS_APPEND": UInt64(fdflagAppend), "__WASI_FDFLAGS_DSYNC": UInt64(fdflagDsync),
        "__WASI_FDFLAGS_NONBLOCK": UInt64(fdflagNonblock), "__WASI_FDFLAGS_SYNC": UInt64(fdflagSync),
        "__WASI_LOOKUPFLAGS_SYMLINK_FOLLOW": UInt64(lookupSymlinkFollow),
        "__WASI_FSTFLAGS_ATIM": UInt64(fstAtim), "__WASI_FSTFLAGS_ATIM_NOW": UInt64(fstAtimNow),
        "__WASI_FSTFLAGS_MTIM": UInt64(fstMtim), "__WASI_FSTFLAGS_MTIM_NOW": UInt64(fstMtimNow),
        "__WASI_WHENCE_SET": UInt64(whenceSet), "__WASI_WHENCE_CUR": UInt64(whenceCur),
        "__WASI_WHENCE_END": UInt64(whenceEnd),
        "__WASI_FILETYPE_UNKNOWN": UInt64(filetypeUnknown),
        "__WASI_FILETYPE_CHARACTER_DEVICE": UInt64(filetypeCharacterDevice),
        "__WASI_FILETYPE_DIRECTORY": UInt64(filetypeDirectory),
        "__WASI_FILETYPE_REGULAR_FILE": UInt64(filetypeRegularFile),
        "__WASI_FILETYPE_SYMBOLIC_LINK": UInt64(filetypeSymbolicLink),
        "__WASI_CLOCKID_REALTIME": UInt64(clockRealtime), "__WASI_CLOCKID_MONOTONIC": UInt64(clockMonotonic),
        "__WASI_CLOCKID_PROCESS_CPUTIME_ID": UInt64(clockProcessCPUTime),
        "__WASI_CLOCKID_THREAD_CPUTIME_ID": UInt64(clockThreadCPUTime),
        "__WASI_EVENTTYPE_CLOCK": UInt64(eventtypeClock), "__WASI_EVENTTYPE_FD_READ": UInt64(eventtypeFdRead),
        "__WASI_EVENTTYPE_FD_WRITE": UInt64(eventtypeFdWrite),
    ]
}
