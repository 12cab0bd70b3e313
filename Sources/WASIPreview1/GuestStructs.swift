/// The preview1 structs that WASI functions write into guest memory, laid
/// out as witx computes them (and wasi-libc's `<wasi/api.h>` asserts):
/// little-endian, naturally aligned, padding zeroed.
import Glibc

/// `filestat`, 64 bytes: dev @0, ino @8, filetype @16, nlink @24, size @32,
/// atim @40, mtim @48, ctim @56.
struct Filestat {
    static let size: UInt64 = 64

    var device: UInt64 = 0
    var inode: UInt64 = 0
    var filetype: Filetype
    var linkCount: UInt64 = 0
    var byteCount: UInt64 = 0
    var accessTime: UInt64 = 0
    var modificationTime: UInt64 = 0
    var changeTime: UInt64 = 0

    init(filetype: Filetype) {
        self.filetype = filetype
    }

    init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        filetype = Filetype(mode: status.st_mode)
        linkCount = UInt64(status.st_nlink)
        byteCount = UInt64(max(0, status.st_size))
        accessTime = status.st_atim.nanosecondsSinceEpoch
        modificationTime = status.st_mtim.nanosecondsSinceEpoch
        changeTime = status.st_ctim.nanosecondsSinceEpoch
    }

    func write(to buffer: UnsafeMutableRawBufferPointer) {
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        buffer.storeBytes(of: device.littleEndian, toByteOffset: 0, as: UInt64.self)
        buffer.storeBytes(of: inode.littleEndian, toByteOffset: 8, as: UInt64.self)
        buffer.storeBytes(of: filetype.rawValue, toByteOffset: 16, as: UInt8.self)
        buffer.storeBytes(of: linkCount.littleEndian, toByteOffset: 24, as: UInt64.self)
        buffer.storeBytes(of: byteCount.littleEndian, toByteOffset: 32, as: UInt64.self)
        buffer.storeBytes(of: accessTime.littleEndian, toByteOffset: 40, as: UInt64.self)
        buffer.storeBytes(of: modificationTime.littleEndian, toByteOffset: 48, as: UInt64.self)
        buffer.storeBytes(of: changeTime.littleEndian, toByteOffset: 56, as: UInt64.self)
    }
}

/// `fdstat`, 24 bytes: fs_filetype @0, fs_flags @2, fs_rights_base @8, fs_rights_inheriting @16.
struct Fdstat {
    static let size: UInt64 = 24

    var filetype: Filetype
    var flags: FileDescriptorFlags
    var rightsBase: Rights
    var rightsInheriting: Rights

    func write(to buffer: UnsafeMutableRawBufferPointer) {
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        buffer.storeBytes(of: filetype.rawValue, toByteOffset: 0, as: UInt8.self)
        buffer.storeBytes(of: flags.rawValue.littleEndian, toByteOffset: 2, as: UInt16.self)
        buffer.storeBytes(of: rightsBase.rawValue.littleEndian, toByteOffset: 8, as: UInt64.self)
        buffer.storeBytes(of: rightsInheriting.rawValue.littleEndian, toByteOffset: 16, as: UInt64.self)
    }
}

/// `prestat`, 8 bytes: tag @0 (0, a directory, the only kind), pr_name_len @4.
struct Prestat {
    static let size: UInt64 = 8

    var nameLength: UInt32

    func write(to buffer: UnsafeMutableRawBufferPointer) {
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        buffer.storeBytes(of: nameLength.littleEndian, toByteOffset: 4, as: UInt32.self)
    }
}

/// `subscription`, 48 bytes: userdata @0, tag @8, then the union at @16:
/// clock {id u32 @16, timeout u64 @24, precision u64 @32, flags u16 @40} or
/// fd_readwrite {file_descriptor u32 @16}.
struct Subscription {
    static let size: UInt64 = 48

    enum Kind {
        case clock(ClockID, timeout: UInt64, isAbsolute: Bool)
        case descriptorReadable(UInt32)
        case descriptorWritable(UInt32)
    }

    var userdata: UInt64
    var kind: Kind

    /// Unknown tags, clocks and clock flags are `EINVAL`.
    init(from buffer: UnsafeMutableRawBufferPointer, index: Int) throws(WASIErrno) {
        let base = index * Int(Self.size)
        userdata = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: base, as: UInt64.self))
        switch buffer[base + 8] {
        case 0:
            let id = UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: base + 16, as: UInt32.self))
            let timeout = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: base + 24, as: UInt64.self))
            let flags = UInt16(littleEndian: buffer.loadUnaligned(fromByteOffset: base + 40, as: UInt16.self))
            guard flags & ~1 == 0 else { throw .invalid }
            kind = .clock(try ClockID(validating: id), timeout: timeout, isAbsolute: flags & 1 != 0)
        case 1:
            kind = .descriptorReadable(UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: base + 16, as: UInt32.self)))
        case 2:
            kind = .descriptorWritable(UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: base + 16, as: UInt32.self)))
        default:
            throw .invalid
        }
    }
}

/// `event`, 32 bytes: userdata @0, error u16 @8, type u8 @10, then
/// fd_readwrite {nbytes u64 @16, flags u16 @24}.
struct Event {
    static let size: UInt64 = 32

    enum EventType: UInt8 {
        case clock = 0
        case descriptorReadable = 1
        case descriptorWritable = 2
    }

    var userdata: UInt64
    var error: WASIErrno = .success
    var type: EventType
    var bytesAvailable: UInt64 = 0
    /// `EVENTRWFLAGS_FD_READWRITE_HANGUP`: the peer has gone.
    var hangUp = false

    func write(to buffer: UnsafeMutableRawBufferPointer, index: Int) {
        let base = index * Int(Self.size)
        let slot = UnsafeMutableRawBufferPointer(rebasing: buffer[base..<(base + Int(Self.size))])
        slot.initializeMemory(as: UInt8.self, repeating: 0)
        slot.storeBytes(of: userdata.littleEndian, toByteOffset: 0, as: UInt64.self)
        slot.storeBytes(of: error.rawValue.littleEndian, toByteOffset: 8, as: UInt16.self)
        slot.storeBytes(of: type.rawValue, toByteOffset: 10, as: UInt8.self)
        slot.storeBytes(of: bytesAvailable.littleEndian, toByteOffset: 16, as: UInt64.self)
        slot.storeBytes(of: UInt16(hangUp ? 1 : 0).littleEndian, toByteOffset: 24, as: UInt16.self)
    }
}

extension timespec {
    /// Times before 1970 come out as 0: WASI timestamps are unsigned.
    var nanosecondsSinceEpoch: UInt64 {
        guard tv_sec >= 0 else { return 0 }
        return UInt64(tv_sec) &* 1_000_000_000 &+ UInt64(tv_nsec)
    }

    init(nanoseconds: UInt64) {
        self.init(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
    }
}
