/// The error codes of `wasi_snapshot_preview1` (witx `errno`), numbered as in
/// wasi-libc's `<wasi/api.h>`. Every WASI function returns one; `success` is 0.
import Glibc

public enum WASIErrno: UInt16, Error, Sendable, CaseIterable {
    case success = 0
    case tooBig = 1  // 2big
    case access = 2
    case addressInUse = 3
    case addressNotAvailable = 4
    case addressFamilyNotSupported = 5
    case again = 6
    case already = 7
    case badFileDescriptor = 8
    case badMessage = 9
    case busy = 10
    case canceled = 11
    case child = 12
    case connectionAborted = 13
    case connectionRefused = 14
    case connectionReset = 15
    case deadlock = 16
    case destinationAddressRequired = 17
    case domain = 18
    case diskQuota = 19
    case exists = 20
    case fault = 21
    case fileTooBig = 22
    case hostUnreachable = 23
    case identifierRemoved = 24
    case illegalSequence = 25
    case inProgress = 26
    case interrupted = 27
    case invalid = 28
    case io = 29
    case isConnected = 30
    case isDirectory = 31
    case loop = 32
    case tooManyFiles = 33
    case tooManyLinks = 34
    case messageSize = 35
    case multihop = 36
    case nameTooLong = 37
    case networkDown = 38
    case networkReset = 39
    case networkUnreachable = 40
    case tooManyFilesInSystem = 41
    case noBufferSpace = 42
    case noDevice = 43
    case noEntry = 44
    case execFormat = 45
    case noLocks = 46
    case noLink = 47
    case noMemory = 48
    case noMessage = 49
    case noProtocolOption = 50
    case noSpace = 51
    case notImplemented = 52  // nosys
    case notConnected = 53
    case notDirectory = 54
    case notEmpty = 55
    case notRecoverable = 56
    case notSocket = 57
    case notSupported = 58
    case notTTY = 59
    case noSuchDeviceOrAddress = 60
    case overflow = 61
    case ownerDead = 62
    case permission = 63
    case brokenPipe = 64
    case protocolError = 65
    case protocolNotSupported = 66
    case protocolType = 67
    case range = 68
    case readOnlyFileSystem = 69
    case invalidSeek = 70
    case noSuchProcess = 71
    case stale = 72
    case timedOut = 73
    case textFileBusy = 74
    case crossDevice = 75
    case notCapable = 76

    /// The WASI code for a Linux `errno`; anything WASI has no name for is `io`.
    init(hostErrno code: Int32) {
        self = Self.byHostErrno[code] ?? .io
    }

    /// The WASI code for the calling thread's current `errno`.
    static var current: WASIErrno { WASIErrno(hostErrno: errno) }

    private static let byHostErrno: [Int32: WASIErrno] = [
        0: .success, E2BIG: .tooBig, EACCES: .access, EADDRINUSE: .addressInUse,
        EADDRNOTAVAIL: .addressNotAvailable, EAFNOSUPPORT: .addressFamilyNotSupported, EAGAIN: .again,
        EALREADY: .already, EBADF: .badFileDescriptor, EBADMSG: .badMessage, EBUSY: .busy,
        ECANCELED: .canceled, ECHILD: .child, ECONNABORTED: .connectionAborted,
        ECONNREFUSED: .connectionRefused, ECONNRESET: .connectionReset, EDEADLK: .deadlock,
        EDESTADDRREQ: .destinationAddressRequired, EDOM: .domain, EDQUOT: .diskQuota, EEXIST: .exists,
        EFAULT: .fault, EFBIG: .fileTooBig, EHOSTUNREACH: .hostUnreachable, EIDRM: .identifierRemoved,
        EILSEQ: .illegalSequence, EINPROGRESS: .inProgress, EINTR: .interrupted, EINVAL: .invalid,
        EIO: .io, EISCONN: .isConnected, EISDIR: .isDirectory, ELOOP: .loop, EMFILE: .tooManyFiles,
        EMLINK: .tooManyLinks, EMSGSIZE: .messageSize, EMULTIHOP: .multihop, ENAMETOOLONG: .nameTooLong,
        ENETDOWN: .networkDown, ENETRESET: .networkReset, ENETUNREACH: .networkUnreachable,
        ENFILE: .tooManyFilesInSystem, ENOBUFS: .noBufferSpace, ENODEV: .noDevice, ENOENT: .noEntry,
        ENOEXEC: .execFormat, ENOLCK: .noLocks, ENOLINK: .noLink, ENOMEM: .noMemory, ENOMSG: .noMessage,
        ENOPROTOOPT: .noProtocolOption, ENOSPC: .noSpace, ENOSYS: .notImplemented, ENOTCONN: .notConnected,
        ENOTDIR: .notDirectory, ENOTEMPTY: .notEmpty, ENOTRECOVERABLE: .notRecoverable,
        ENOTSOCK: .notSocket, EOPNOTSUPP: .notSupported, ENOTTY: .notTTY, ENXIO: .noSuchDeviceOrAddress,
        EOVERFLOW: .overflow, EOWNERDEAD: .ownerDead, EPERM: .permission, EPIPE: .brokenPipe,
        EPROTO: .protocolError, EPROTONOSUPPORT: .protocolNotSupported, EPROTOTYPE: .protocolType,
        ERANGE: .range, EROFS: .readOnlyFileSystem, ESPIPE: .invalidSeek, ESRCH: .noSuchProcess,
        ESTALE: .stale, ETIMEDOUT: .timedOut, ETXTBSY: .textFileBusy, EXDEV: .crossDevice,
    ]
}
