/// witx `filetype`, and how host file modes map onto it.
import Glibc

enum Filetype: UInt8, Sendable {
    case unknown = 0
    case blockDevice = 1
    case characterDevice = 2
    case directory = 3
    case regularFile = 4
    case socketDatagram = 5
    case socketStream = 6
    case symbolicLink = 7

    /// From `st_mode`. FIFOs have no WASI type and are `unknown`, as in wasmtime.
    init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFBLK: self = .blockDevice
        case S_IFCHR: self = .characterDevice
        case S_IFDIR: self = .directory
        case S_IFREG: self = .regularFile
        case S_IFSOCK: self = .socketStream
        case S_IFLNK: self = .symbolicLink
        default: self = .unknown
        }
    }

    /// From a `dirent`'s `d_type`; nil for `DT_UNKNOWN`, when the caller must stat.
    init?(directoryEntryType type: UInt8) {
        switch Int(type) {
        case Int(DT_BLK): self = .blockDevice
        case Int(DT_CHR): self = .characterDevice
        case Int(DT_DIR): self = .directory
        case Int(DT_REG): self = .regularFile
        case Int(DT_SOCK): self = .socketStream
        case Int(DT_LNK): self = .symbolicLink
        case Int(DT_FIFO): self = .unknown
        default: return nil
        }
    }
}
