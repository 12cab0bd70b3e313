/// fd_read, fd_write, fd_pread, fd_pwrite, fd_seek and fd_tell on real files.
import Foundation
import Testing

@Suite struct FileIOTests {
    @Test func writeSeekAndReadBack() throws {
        let fixture = try WASIFixture()
        let (errno, fd) = try fixture.open("notes.txt", oflags: ABI.oflagCreat)
        #expect(errno == Errno.success)
        #expect(fd == 4)
        #expect(try fixture.write(fd: fd, "hello, world") == (Errno.success, 12))
        #expect(fixture.scratch.contents("notes.txt") == "hello, world")

        let position = fixture.allocate(8)
        #expect(try fixture.call("fd_tell", fd, UInt64(position)) == Errno.success)
        #expect(fixture.u64(at: position) == 12)
        #expect(try fixture.call("fd_seek", fd, 7, UInt64(ABI.whenceSet), UInt64(position)) == Errno.success)
        #expect(fixture.u64(at: position) == 7)
        #expect(try fixture.read(fd: fd, count: 100) == (Errno.success, "world"))
        #expect(try fixture.read(fd: fd, count: 100) == (Errno.success, ""))

        #expect(try fixture.call("fd_seek", fd, UInt64(bitPattern: -5), UInt64(ABI.whenceEnd), UInt64(position)) == Errno.success)
        #expect(fixture.u64(at: position) == 7)
        #expect(try fixture.call("fd_seek", fd, UInt64(bitPattern: -2), UInt64(ABI.whenceCur), UInt64(position)) == Errno.success)
        #expect(fixture.u64(at: position) == 5)
        #expect(try fixture.read(fd: fd, count: 2) == (Errno.success, ", "))
    }

    @Test func seekingRejectsBadWhenceAndNegativeOffsets() throws {
        let fixture = try WASIFixture()
        try fixture.scratch.createFile("f", "abc")
        let fd = try fixture.open("f").fd
        let position = fixture.allocate(8)
        #expect(try fixture.call("fd_seek", fd, 0, 3, UInt64(position)) == Errno.inval)
        #expect(try fixture.call("fd_seek", fd, 0, 256, UInt64(position)) == Errno.inval)
        #expect(try fixture.call("fd_seek", fd, UInt64(bitPattern: -1), UInt64(ABI.whenceSet), UInt64(position)) == Errno.inval)
        // Past the end is allowed, as lseek allows it.
        #expect(try fixture.call("fd_seek", fd, 100, UInt64(ABI.whenceSet), UInt64(position)) == Errno.success)
        #expect(fixture.u64(at: position) == 100)
        // The standard streams are pipes to the guest; directories have no offset.
        #expect(try fixture.call("fd_seek", 1, 0, UInt64(ABI.whenceCur), UInt64(position)) == Errno.spipe)
        #expect(try fixture.call("fd_tell", 0, UInt64(position)) == Errno.spipe)
        #expect(try fixture.call("fd_seek", 3, 0, UInt64(ABI.whenceCur), UInt64(position)) == Errno.badf)
        #expect(try fixture.call("fd_tell", 3, UInt64(position)) == Errno.badf)
        #expect(try fixture.call("fd_tell", 77, UInt64(position)) == Errno.badf)
    }

    @Test func gatherWritesAndScatterReadsUseEveryVector() throws {
        let fixture = try WASIFixture()
        let fd = try fixture.open("v", oflags: ABI.oflagCreat).fd
        let parts = ["one ", "", "two ", "three"].map { Array($0.utf8) }
        let vectors = fixture.ioVectors(parts.map { (fixture.place($0), UInt32($0.count)) })
        let result = fixture.allocate(4)
        #expect(try fixture.call("fd_write", fd, UInt64(vectors), 4, UInt64(result)) == Errno.success)
        #expect(fixture.u32(at: result) == 13)
        #expect(fixture.scratch.contents("v") == "one two three")

        let buffers = [fixture.allocate(3), fixture.allocate(0), fixture.allocate(20)]
        let readVectors = fixture.ioVectors([(buffers[0], 3), (buffers[1], 0), (buffers[2], 20)])
        #expect(try fixture.call("fd_pread", fd, UInt64(readVectors), 3, 0, UInt64(result)) == Errno.success)
        #expect(fixture.u32(at: result) == 13)
        #expect(fixture.bytes(at: buffers[0], count: 3) == Array("one".utf8))
        #expect(fixture.bytes(at: buffers[2], count: 10) == Array(" two three".utf8))
        // No vectors: nothing moves.
        #expect(try fixture.call("fd_write", fd, UInt64(vectors), 0, UInt64(result)) == Errno.success)
        #expect(fixture.u32(at: result) == 0)
    }

    @Test func positionalIOLeavesTheOffsetAlone() throws {
        let fixture = try WASIFixture()
        try fixture.scratch.createFile("p", "0123456789")
        let fd = try fixture.open("p").fd
        let data = Array("AB".utf8)
        let result = fixture.allocate(4)
        let writeVectors = fixture.ioVectors([(fixture.place(data), 2)])
        #expect(try fixture.call("fd_pwrite", fd, UInt64(writeVectors), 1, 4, UInt64(result)) == Errno.success)
        #expect(fixture.u32(at: result) == 2)
        #expect(fixture.scratch.contents("p") == "0123AB6789")
        let buffer = fixture.allocate(4)
        let readVectors = fixture.ioVectors([(buffer, 4)])
        #expect(try fixture.call("fd_pread", fd, UInt64(readVectors), 1, 8, UInt64(result)) == Errno.success)
        #expect(fixture.u32(at: result) == 2)
        #expect(fixture.bytes(at: buffer, count: 2) == Array("89".utf8))
        let position = fixture.allocate(8)
        #expect(try fixture.call("fd_tell", fd, UInt64(position)) == Errno.success)
        #expect(fixture.u64(at: position) == 0)
        #expect(try fixture.call("fd_pread", fd, UInt64(readVectors), 1, UInt64(Int64.max) + 1, UInt64(result)) == Errno.inval)
        #expect(try fixture.call("fd_pread", 0, UInt64(readVectors), 1, 0, UInt64(result)) == Errno.spipe)
        #expect(try fixture.call("fd_pwrite", 1, UInt64(writeVectors), 1, 0, UInt64(result)) == Errno.spipe)
        #expect(try fixture.call("fd_pwrite", 3, UInt64(writeVectors), 1, 0, UInt64(result)) == Errno.badf)
    }

    @Test func appendModeWritesAtTheEnd() throws {
        let fixture = try WASIFixture()
        try fixture.scratch.createFile("log", "first\n")
        let fd = try fixture.open("log", fdflags: ABI.fdflagAppend).fd
        let position = fixture.allocate(8)
        #expect(try fixture.call("fd_seek", fd, 0, UInt64(ABI.whenceSet), UInt64(position)) == Errno.success)
        #expect(try fixture.write(fd: fd, "second\n").errno == Errno.success)
        #expect(fixture.scratch.contents("log") == "first\nsecond\n")
        let stat = fixture.allocate(24)
        #expect(try fixture.call("fd_fdstat_get", fd, UInt64(stat)) == Errno.success)
        #expect(UInt32(fixture.u16(at: stat + 2)) == ABI.fdflagAppend)
    }

    @Test func theOpenModeFollowsTheRights() throws {
        let fixture = try WASIFixture()
        try fixture.scratch.createFile("r", "read me")
        let readOnly = try fixture.open("r", rights: ABI.rightFdRead | ABI.rightFdSeek).fd
        #expect(try fixture.write(fd: readOnly, "x").errno == Errno.badf)
        #expect(try fixture.read(fd: readOnly, count: 4) == (Errno.success, "read"))
        let writeOnly = try fixture.open("r", rights: ABI.rightFdWrite).fd
        #expect(try fixture.read(fd: writeOnly, count: 4).errno == Errno.badf)
        #expect(try fixture.write(fd: writeOnly, "W").errno == Errno.success)
        #expect(fixture.scratch.contents("r") == "Wead me")
    }

    @Test func readingAndWritingNeedTheRightKindOfDescriptor() throws {
        let fixture = try WASIFixture()
        #expect(try fixture.read(fd: 3, count: 4).errno == Errno.badf)
        #expect(try fixture.write(fd: 3, "x").errno == Errno.badf)
        #expect(try fixture.write(fd: 0, "x").errno == Errno.badf)
        #expect(try fixture.read(fd: 1, count: 1).errno == Errno.badf)
        #expect(try fixture.read(fd: 42, count: 1).errno == Errno.badf)
        #expect(try fixture.read(fd: 0, count: 8) == (Errno.success, ""))
    }

    @Test func largeWritesGoOutWhole() throws {
        let fixture = try WASIFixture()
        let fd = try fixture.open("big", oflags: ABI.oflagCreat).fd
        // 64 KiB from the second page, five times over, in one call.
        for index in 0..<65536 { fixture.write([UInt8(index % 251)], at: 65536 + UInt32(index)) }
        let vectors = fixture.ioVectors(Array(repeating: (65536, 65536), count: 5))
        let result = fixture.allocate(4)
        #expect(try fixture.call("fd_write", fd, UInt64(vectors), 5, UInt64(result)) == Errno.success)
        #expect(fixture.u32(at: result) == 5 * 65536)
        let attributes = try FileManager.default.attributesOfItem(atPath: fixture.scratch.path("big"))
        #expect(attributes[.size] as? Int == 5 * 65536)
    }
}
