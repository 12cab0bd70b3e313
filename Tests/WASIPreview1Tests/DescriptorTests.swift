/// The descriptor table and the fd_* functions that act on a descriptor:
/// close, renumber, fdstat (flags, rights), filestat (size, times), advice,
/// allocation, syncing and the preopen calls.
import Foundation
import Glibc
import Testing

@testable import WASIPreview1

@Suite struct DescriptorTests {
    @Test func closedSlotsAreReusedLowestFirst() throws {
        let fixture = try WASIFixture()
        var opened: [UInt64] = []
        for name in ["a", "b", "c"] {
            let (errno, fd) = try fixture.open(name, oflags: ABI.oflagCreat)
            #expect(errno == Errno.success)
            opened.append(fd)
        }
        #expect(opened == [4, 5, 6])
        #expect(try fixture.call("fd_close", 5) == Errno.success)
        #expect(try fixture.call("fd_close", 4) == Errno.success)
        #expect(try fixture.call("fd_close", 4) == Errno.badf)
        #expect(try fixture.open("d", oflags: ABI.oflagCreat).fd == 4)
        #expect(try fixture.open("e", oflags: ABI.oflagCreat).fd == 5)
        #expect(try fixture.open("f", oflags: ABI.oflagCreat).fd == 7)
        #expect(try fixture.call("fd_close", 0xFFFF_FFFF) == Errno.badf)
    }

    @Test func closingReleasesTheHostDescriptor() throws {
        let fixture = try WASIFixture()
        let fd = try fixture.open("x", oflags: ABI.oflagCreat).fd
        let hostDescriptor = try fixture.host.descriptors.entry(UInt32(fd)).hostDescriptor
        let identity = try #require(HostFileIdentity(descriptor: hostDescriptor))
        #expect(try fixture.call("fd_close", fd) == Errno.success)
        #expect(!identity.isOpen(at: hostDescriptor))
    }

    @Test func renumberReplacesTheTargetAndFreesTheSource() throws {
        let fixture = try WASIFixture()
        try fixture.scratch.createFile("first", "FIRST")
        try fixture.scratch.createFile("second", "SECOND")
        let first = try fixture.open("first").fd
        let second = try fixture.open("second").fd
        let replacedHost = try fixture.host.descriptors.entry(UInt32(second)).hostDescriptor
        let replaced = try #require(HostFileIdentity(descriptor: replacedHost))
        #expect(try fixture.call("fd_renumber", first, second) == Errno.success)
        #expect(!replaced.isOpen(at: replacedHost))
        #expect(try fixture.read(fd: second, count: 10) == (Errno.success, "FIRST"))
        #expect(try fixture.read(fd: first, count: 10).errno == Errno.badf)
        // Both ends must be open; renumbering onto itself changes nothing.
        #expect(try fixture.call("fd_renumber", second, 40) == Errno.badf)
        #expect(try fixture.call("fd_renumber", 40, second) == Errno.badf)
        #expect(try fixture.call("fd_renumber", second, second) == Errno.success)
        #expect(try fixture.read(fd: second, count: 10) == (Errno.success, ""))
        // A preopen keeps its name under its new number.
        #expect(try fixture.call("fd_renumber", 3, second) == Errno.success)
        let prestat = fixture.allocate(8)
        #expect(try fixture.call("fd_prestat_get", second, UInt64(prestat)) == Errno.success)
        #expect(try fixture.call("fd_prestat_get", 3, UInt64(prestat)) == Errno.badf)
    }

    @Test func fdstatReportsTypeFlagsAndRights() throws {
        let fixture = try WASIFixture()
        let stat = fixture.allocate(24)
        fixture.write(Array(repeating: 0xAA, count: 24), at: stat)
        #expect(try fixture.call("fd_fdstat_get", 3, UInt64(stat)) == Errno.success)
        #expect(fixture.u8(at: stat) == ABI.filetypeDirectory)
        #expect(fixture.u8(at: stat + 1) == 0)
        #expect(fixture.u16(at: stat + 2) == 0)
        #expect(fixture.bytes(at: stat + 4, count: 4) == [0, 0, 0, 0])
        #expect(fixture.u64(at: stat + 8) == Rights.preopenBase.rawValue)
        #expect(fixture.u64(at: stat + 16) == Rights.preopenInheriting.rawValue)
        #expect(fixture.u64(at: stat + 8) & ABI.rightPathOpen != 0)

        // Asked-for rights are cut to what the directory hands down.
        let asked = ABI.rightFdRead | ABI.rightFdSeek | (1 << 29)
        let fd = try fixture.open("f", oflags: ABI.oflagCreat, rights: asked, inheriting: 0, fdflags: ABI.fdflagDsync).fd
        #expect(try fixture.call("fd_fdstat_get", fd, UInt64(stat)) == Errno.success)
        #expect(fixture.u8(at: stat) == ABI.filetypeRegularFile)
        #expect(UInt32(fixture.u16(at: stat + 2)) == ABI.fdflagDsync)
        #expect(fixture.u64(at: stat + 8) == ABI.rightFdRead | ABI.rightFdSeek)
        #expect(fixture.u64(at: stat + 16) == 0)
        #expect(try fixture.call("fd_fdstat_get", 9, UInt64(stat)) == Errno.badf)
    }

    @Test func rightsCanOnlyBeDropped() throws {
        let fixture = try WASIFixture()
        let fd = try fixture.open("f", oflags: ABI.oflagCreat).fd
        let stat = fixture.allocate(24)
        #expect(try fixture.call("fd_fdstat_get", fd, UInt64(stat)) == Errno.success)
        let base = fixture.u64(at: stat + 8)
        let inheriting = fixture.u64(at: stat + 16)
        #expect(try fixture.call("fd_fdstat_set_rights", fd, base & ~ABI.rightFdWrite, inheriting) == Errno.success)
        #expect(try fixture.call("fd_fdstat_get", fd, UInt64(stat)) == Errno.success)
        #expect(fixture.u64(at: stat + 8) == base & ~ABI.rightFdWrite)
        #expect(try fixture.call("fd_fdstat_set_rights", fd, base, inheriting) == Errno.notcapable)
        #expect(try fixture.call("fd_fdstat_set_rights", fd, 0, ABI.allRights) == Errno.notcapable)
        #expect(try fixture.call("fd_fdstat_set_rights", fd, 0, 0) == Errno.success)
        #expect(try fixture.call("fd_fdstat_set_rights", 30, 0, 0) == Errno.badf)
    }

    @Test func fdstatSetFlagsChangesAppendAndNonblock() throws {
        let fixture = try WASIFixture()
        try fixture.scratch.createFile("f", "abc")
        let fd = try fixture.open("f").fd
        let hostDescriptor = try fixture.host.descriptors.entry(UInt32(fd)).hostDescriptor
        #expect(try fixture.call("fd_fdstat_set_flags", fd, UInt64(ABI.fdflagAppend | ABI.fdflagNonblock)) == Errno.success)
        #expect(fcntl(hostDescriptor, F_GETFL) & (O_APPEND | O_NONBLOCK) == O_APPEND | O_NONBLOCK)
        #expect(try fixture.write(fd: fd, "d").errno == Errno.success)
        #expect(fixture.scratch.contents("f") == "abcd")
        let stat = fixture.allocate(24)
        #expect(try fixture.call("fd_fdstat_get", fd, UInt64(stat)) == Errno.success)
        #expect(UInt32(fixture.u16(at: stat + 2)) == ABI.fdflagAppend | ABI.fdflagNonblock)
        #expect(try fixture.call("fd_fdstat_set_flags", fd, 0) == Errno.success)
        #expect(fcntl(hostDescriptor, F_GETFL) & (O_APPEND | O_NONBLOCK) == 0)
        // Synchronization cannot change on an open file; unknown bits are invalid.
        #expect(try fixture.call("fd_fdstat_set_flags", fd, UInt64(ABI.fdflagSync)) == Errno.inval)
        #expect(try fixture.call("fd_fdstat_set_flags", fd, 1 << 5) == Errno.inval)
        #expect(try fixture.call("fd_fdstat_set_flags", 3, 0) == Errno.badf)
        #expect(try fixture.call("fd_fdstat_set_flags", 31, 0) == Errno.badf)
    }

    @Test func filestatDescribesTheHostFile() throws {
        let fixture = try WASIFixture()
        try fixture.scratch.createFile("f", "twelve bytes")
        let fd = try fixture.open("f").fd
        let filestat = fixture.allocate(64)
        #expect(try fixture.call("fd_filestat_get", fd, UInt64(filestat)) == Errno.success)
        var host = stat()
        #expect(stat(fixture.scratch.path("f"), &host) == 0)
        #expect(fixture.u64(at: filestat) == UInt64(host.st_dev))
        #expect(fixture.u64(at: filestat + 8) == UInt64(host.st_ino))
        #expect(fixture.u8(at: filestat + 16) == ABI.filetypeRegularFile)
        #expect(fixture.bytes(at: filestat + 17, count: 7) == Array(repeating: 0, count: 7))
        #expect(fixture.u64(at: filestat + 24) == 1)
        #expect(fixture.u64(at: filestat + 32) == 12)
        #expect(fixture.u64(at: filestat + 48) == UInt64(host.st_mtim.tv_sec) * 1_000_000_000 + UInt64(host.st_mtim.tv_nsec))
        #expect(try fixture.call("fd_filestat_get", 3, UInt64(filestat)) == Errno.success)
        #expect(fixture.u8(at: filestat + 16) == ABI.filetypeDirectory)
    }

    @Test func setSizeTruncatesAndExtends() throws {
        let fixture = try WASIFixture()
        try fixture.scratch.createFile("f", "0123456789")
        let fd = try fixture.open("f").fd
        #expect(try fixture.call("fd_filestat_set_size", fd, 4) == Errno.success)
        #expect(fixture.scratch.contents("f") == "0123")
        #expect(try fixture.call("fd_filestat_set_size", fd, 6) == Errno.success)
        #expect(fixture.scratch.contents("f") == "0123\0\0")
        #expect(try fixture.call("fd_filestat_set_size", fd, UInt64(Int64.max) + 1) == Errno.inval)
        #expect(try fixture.call("fd_filestat_set_size", 3, 0) == Errno.badf)
        let readOnly = try fixture.open("f", rights: ABI.rightFdRead).fd
        #expect(try fixture.call("fd_filestat_set_size", readOnly, 0) == Errno.inval)
    }

    @Test func setTimesSetsGivenOrCurrentTimes() throws {
        let fixture = try WASIFixture()
        try fixture.scratch.createFile("f")
        let fd = try fixture.open("f").fd
        let access: UInt64 = 1_000_000_000 * 1_000_000 + 123
        let modification: UInt64 = 1_000_000_000 * 2_000_000 + 456
        #expect(try fixture.call("fd_filestat_set_times", fd, access, modification, UInt64(ABI.fstAtim | ABI.fstMtim)) == Errno.success)
        var host = stat()
        #expect(stat(fixture.scratch.path("f"), &host) == 0)
        #expect(host.st_atim.tv_sec == 1_000_000 && host.st_atim.tv_nsec == 123)
        #expect(host.st_mtim.tv_sec == 2_000_000 && host.st_mtim.tv_nsec == 456)
        // Only the modification time, to now; the access time stays.
        #expect(try fixture.call("fd_filestat_set_times", fd, 0, 0, UInt64(ABI.fstMtimNow)) == Errno.success)
        #expect(stat(fixture.scratch.path("f"), &host) == 0)
        #expect(host.st_atim.tv_sec == 1_000_000)
        #expect(abs(Double(host.st_mtim.tv_sec) - Date().timeIntervalSince1970) < 60)
        // A time and "now" for the same timestamp contradict; unknown flags are invalid.
        #expect(try fixture.call("fd_filestat_set_times", fd, 0, 0, UInt64(ABI.fstAtim | ABI.fstAtimNow)) == Errno.inval)
        #expect(try fixture.call("fd_filestat_set_times", fd, 0, 0, UInt64(ABI.fstMtim | ABI.fstMtimNow)) == Errno.inval)
        #expect(try fixture.call("fd_filestat_set_times", fd, 0, 0, 1 << 4) == Errno.inval)
        // Directories too, the preopen included.
        #expect(try fixture.call("fd_filestat_set_times", 3, 0, modification, UInt64(ABI.fstMtim)) == Errno.success)
        #expect(stat(fixture.scratch.sandbox, &host) == 0)
        #expect(host.st_mtim.tv_sec == 2_000_000)
    }

    @Test func adviceAllocationAndSyncing() throws {
        let fixture = try WASIFixture()
        let fd = try fixture.open("f", oflags: ABI.oflagCreat).fd
        for advice: UInt64 in 0...5 {
            #expect(try fixture.call("fd_advise", fd, 0, 100, advice) == Errno.success)
        }
        #expect(try fixture.call("fd_advise", fd, 0, 100, 6) == Errno.inval)
        #expect(try fixture.call("fd_advise", fd, UInt64(Int64.max) + 1, 0, 0) == Errno.inval)
        #expect(try fixture.call("fd_advise", 3, 0, 0, 0) == Errno.badf)
        #expect(try fixture.call("fd_advise", 1, 0, 0, 0) == Errno.badf)

        #expect(try fixture.call("fd_allocate", fd, 0, 8192) == Errno.success)
        let size = try FileManager.default.attributesOfItem(atPath: fixture.scratch.path("f"))[.size] as? Int
        #expect(size == 8192)
        #expect(try fixture.call("fd_allocate", fd, 0, 0) == Errno.inval)
        #expect(try fixture.call("fd_allocate", 3, 0, 10) == Errno.badf)

        #expect(try fixture.call("fd_sync", fd) == Errno.success)
        #expect(try fixture.call("fd_datasync", fd) == Errno.success)
        #expect(try fixture.call("fd_sync", 3) == Errno.success)
        #expect(try fixture.call("fd_datasync", 3) == Errno.success)
        #expect(try fixture.call("fd_sync", 0) == Errno.badf)
        #expect(try fixture.call("fd_datasync", 12) == Errno.badf)
    }

    @Test func preopenNamesNeedRoomAndAPreopen() throws {
        let fixture = try WASIFixture()
        let buffer = fixture.allocate(16)
        fixture.write(Array(repeating: 0xAA, count: 16), at: buffer)
        #expect(try fixture.call("fd_prestat_dir_name", 3, UInt64(buffer), 7) == Errno.nametoolong)
        #expect(try fixture.call("fd_prestat_dir_name", 3, UInt64(buffer), 16) == Errno.success)
        // Exactly the name, no NUL, nothing past it.
        #expect(fixture.bytes(at: buffer, count: 9) == Array("/sandbox".utf8) + [0xAA])
        let fd = try fixture.open("f", oflags: ABI.oflagCreat).fd
        #expect(try fixture.call("fd_prestat_dir_name", fd, UInt64(buffer), 16) == Errno.notdir)
        #expect(try fixture.call("fd_prestat_get", fd, UInt64(buffer)) == Errno.badf)
        #expect(try fixture.call("fd_prestat_dir_name", 50, UInt64(buffer), 16) == Errno.badf)
    }
}
