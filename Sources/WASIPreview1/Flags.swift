/// The small flag sets and enumerations of preview1, each with the
/// validation the host applies: unknown bits or values are `EINVAL`.

/// witx `fdflags`: how reads and writes on a descriptor behave.
struct FileDescriptorFlags: OptionSet, Sendable {
    let rawValue: UInt16

    static let append = FileDescriptorFlags(rawValue: 1 << 0)
    static let dsync = FileDescriptorFlags(rawValue: 1 << 1)
    static let nonblock = FileDescriptorFlags(rawValue: 1 << 2)
    static let rsync = FileDescriptorFlags(rawValue: 1 << 3)
    static let sync = FileDescriptorFlags(rawValue: 1 << 4)

    static let all: FileDescriptorFlags = [.append, .dsync, .nonblock, .rsync, .sync]
    /// The flags Linux cannot change on an open file (fcntl ignores them).
    static let synchronization: FileDescriptorFlags = [.dsync, .rsync, .sync]

    init(rawValue: UInt16) { self.rawValue = rawValue }

    init(validating value: UInt32) throws(WASIErrno) {
        guard value & ~UInt32(Self.all.rawValue) == 0 else { throw .invalid }
        self.init(rawValue: UInt16(value))
    }
}

/// witx `oflags`: what `path_open` does besides opening.
struct OpenFlags: OptionSet, Sendable {
    let rawValue: UInt16

    static let create = OpenFlags(rawValue: 1 << 0)
    static let directory = OpenFlags(rawValue: 1 << 1)
    static let exclusive = OpenFlags(rawValue: 1 << 2)
    static let truncate = OpenFlags(rawValue: 1 << 3)

    static let all: OpenFlags = [.create, .directory, .exclusive, .truncate]

    init(rawValue: UInt16) { self.rawValue = rawValue }

    init(validating value: UInt32) throws(WASIErrno) {
        guard value & ~UInt32(Self.all.rawValue) == 0 else { throw .invalid }
        self.init(rawValue: UInt16(value))
    }
}

/// witx `lookupflags`: whether a final symbolic link is followed.
struct LookupFlags: OptionSet, Sendable {
    let rawValue: UInt32

    static let symlinkFollow = LookupFlags(rawValue: 1 << 0)

    init(rawValue: UInt32) { self.rawValue = rawValue }

    init(validating value: UInt32) throws(WASIErrno) {
        guard value & ~Self.symlinkFollow.rawValue == 0 else { throw .invalid }
        self.init(rawValue: value)
    }
}

/// witx `fstflags`: which timestamps `*_set_times` changes, and whether to "now".
struct TimestampFlags: OptionSet, Sendable {
    let rawValue: UInt16

    static let accessTime = TimestampFlags(rawValue: 1 << 0)
    static let accessTimeNow = TimestampFlags(rawValue: 1 << 1)
    static let modificationTime = TimestampFlags(rawValue: 1 << 2)
    static let modificationTimeNow = TimestampFlags(rawValue: 1 << 3)

    static let all: TimestampFlags = [.accessTime, .accessTimeNow, .modificationTime, .modificationTimeNow]

    init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Asking for a given time and "now" for the same timestamp is a contradiction.
    init(validating value: UInt32) throws(WASIErrno) {
        guard value & ~UInt32(Self.all.rawValue) == 0 else { throw .invalid }
        self.init(rawValue: UInt16(value))
        if contains([.accessTime, .accessTimeNow]) || contains([.modificationTime, .modificationTimeNow]) {
            throw .invalid
        }
    }
}

/// witx `whence`.
enum Whence: UInt8 {
    case set = 0
    case current = 1
    case end = 2

    init(validating value: UInt32) throws(WASIErrno) {
        guard value <= UInt32(UInt8.max), let whence = Whence(rawValue: UInt8(value)) else { throw .invalid }
        self = whence
    }
}

/// witx `advice`. Its numbers are not Linux's `POSIX_FADV_*` (sequential and
/// random are swapped there), so it maps by name.
enum Advice: UInt8 {
    case normal = 0
    case sequential = 1
    case random = 2
    case willNeed = 3
    case dontNeed = 4
    case noReuse = 5

    init(validating value: UInt32) throws(WASIErrno) {
        guard value <= UInt32(UInt8.max), let advice = Advice(rawValue: UInt8(value)) else { throw .invalid }
        self = advice
    }
}

/// witx `clockid`.
enum ClockID: UInt32 {
    case realtime = 0
    case monotonic = 1
    case processCPUTime = 2
    case threadCPUTime = 3

    init(validating value: UInt32) throws(WASIErrno) {
        guard let clock = ClockID(rawValue: value) else { throw .invalid }
        self = clock
    }
}
