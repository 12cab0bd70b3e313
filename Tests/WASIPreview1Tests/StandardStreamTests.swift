/// The standard streams: writes reach the host descriptor directly and in
/// order, reads come from it, and WASI never closes or reconfigures it.
import Foundation
import Glibc
import Testing

@testable import WASIPreview1

@Suite struct StandardStreamTests {
    @Test func outputAndErrorInterleaveInCallOrder() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }
        // Both streams share the pipe, as they share a terminal.
        let shared = try WASIFixture(standardOutput: ends[1], standardError: ends[1])
        for (fd, text) in [(1, "out 1\n"), (2, "err 1\n"), (1, "out 2\n"), (2, "err 2\n")] as [(UInt64, String)] {
            #expect(try shared.write(fd: fd, text) == (Errno.success, UInt32(text.utf8.count)))
        }
        close(ends[1])
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 256)
        while case let count = Glibc.read(ends[0], &chunk, 256), count > 0 { received += chunk[..<count] }
        #expect(String(decoding: received, as: UTF8.self) == "out 1\nerr 1\nout 2\nerr 2\n")
    }

    @Test func standardInputReadsFromTheHostDescriptor() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let fixture = try WASIFixture(standardInput: ends[0])
        _ = "typed input".withCString { Glibc.write(ends[1], $0, 11) }
        close(ends[1])
        #expect(try fixture.read(fd: 0, count: 5) == (Errno.success, "typed"))
        #expect(try fixture.read(fd: 0, count: 100) == (Errno.success, " input"))
        #expect(try fixture.read(fd: 0, count: 100) == (Errno.success, ""))
    }

    @Test func standardStreamsReportTheirDirectionAndNoHostDetails() throws {
        let fixture = try WASIFixture()
        let stat = fixture.allocate(24)
        #expect(try fixture.call("fd_fdstat_get", 0, UInt64(stat)) == Errno.success)
        // /dev/null is no terminal: filetype unknown, as wasmtime reports.
        #expect(fixture.u8(at: stat) == ABI.filetypeUnknown)
        #expect(fixture.u64(at: stat + 8) == ABI.rightFdRead)
        #expect(try fixture.call("fd_fdstat_get", 2, UInt64(stat)) == Errno.success)
        #expect(fixture.u64(at: stat + 8) == ABI.rightFdWrite)

        let filestat = fixture.allocate(64)
        fixture.write(Array(repeating: 0xAA, count: 64), at: filestat)
        #expect(try fixture.call("fd_filestat_get", 1, UInt64(filestat)) == Errno.success)
        #expect(fixture.bytes(at: filestat, count: 64) == Array(repeating: 0, count: 64))
        #expect(try fixture.call("fd_fdstat_set_flags", 1, UInt64(ABI.fdflagNonblock)) == Errno.badf)
        #expect(try fixture.call("fd_sync", 1) == Errno.badf)
        #expect(try fixture.call("fd_filestat_set_times", 1, 0, 0, UInt64(ABI.fstMtimNow)) == Errno.badf)
    }

    @Test func aTerminalIsACharacterDevice() throws {
        // posix_openpt and friends are out of Swift's reach; /dev/ptmx and two ioctls do the same.
        let master = Glibc.open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { return }
        defer { close(master) }
        var unlock: Int32 = 0
        var number: UInt32 = 0
        let setLock: UInt = 0x4004_5431  // TIOCSPTLCK
        let getNumber: UInt = 0x8004_5430  // TIOCGPTN
        guard ioctl(master, setLock, &unlock) == 0, ioctl(master, getNumber, &number) == 0 else { return }
        let terminal = Glibc.open("/dev/pts/\(number)", O_RDWR | O_NOCTTY | O_CLOEXEC)
        #expect(terminal >= 0)
        defer { close(terminal) }
        let fixture = try WASIFixture(standardOutput: terminal)
        let stat = fixture.allocate(24)
        #expect(try fixture.call("fd_fdstat_get", 1, UInt64(stat)) == Errno.success)
        #expect(fixture.u8(at: stat) == ABI.filetypeCharacterDevice)
        // wasi-libc's isatty(): a character device without seek or tell rights.
        #expect(fixture.u64(at: stat + 8) & (ABI.rightFdSeek | ABI.rightFdTell) == 0)
    }

    @Test func closingAStandardStreamLeavesTheHostDescriptorOpen() throws {
        let fixture = try WASIFixture()
        let hostOutput = try fixture.host.descriptors.entry(1).hostDescriptor
        #expect(try fixture.call("fd_close", 1) == Errno.success)
        #expect(fcntl(hostOutput, F_GETFD) >= 0)
        #expect(try fixture.write(fd: 1, "gone").errno == Errno.badf)
        // The next descriptor opened takes the lowest free number.
        let (errno, fd) = try fixture.open("new", oflags: ABI.oflagCreat)
        #expect(errno == Errno.success && fd == 1)
        #expect(try fixture.write(fd: 1, "into the file").errno == Errno.success)
        #expect(fixture.scratch.contents("new") == "into the file")
    }

    @Test func renumberingOverAStandardStreamRedirectsIt() throws {
        let fixture = try WASIFixture()
        let hostOutput = try fixture.host.descriptors.entry(1).hostDescriptor
        let fd = try fixture.open("redirected", oflags: ABI.oflagCreat).fd
        #expect(try fixture.call("fd_renumber", fd, 1) == Errno.success)
        #expect(try fixture.write(fd: 1, "to file").errno == Errno.success)
        #expect(fixture.scratch.contents("redirected") == "to file")
        #expect(fcntl(hostOutput, F_GETFD) >= 0)
        #expect(fixture.standardOutput == "")
    }

    @Test func aLargeWriteToABlockingPipeArrivesWholeAndInOrder() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let fixture = try WASIFixture(standardOutput: ends[1])
        // The second page holds a pattern; eight vectors over it make 512 KiB, far more than a pipe holds.
        for index in 0..<65536 { fixture.write([UInt8(index % 253)], at: 65536 + UInt32(index)) }
        let vectors = fixture.ioVectors(Array(repeating: (65536, 65536), count: 8))
        let result = fixture.allocate(4)
        let reader = ends[0]
        let drained = DispatchSemaphore(value: 0)
        let received = ReceivedBytes()
        Thread {
            var chunk = [UInt8](repeating: 0, count: 65536)
            while case let count = Glibc.read(reader, &chunk, chunk.count), count > 0 { received.bytes += chunk[..<count] }
            drained.signal()
        }.start()
        #expect(try fixture.call("fd_write", 1, UInt64(vectors), 8, UInt64(result)) == Errno.success)
        #expect(fixture.u32(at: result) == 8 * 65536)
        close(ends[1])
        drained.wait()
        close(ends[0])
        #expect(received.bytes.count == 8 * 65536)
        #expect(received.bytes.enumerated().allSatisfy { $0.element == UInt8(($0.offset % 65536) % 253) })
    }

    @Test func aFullNonblockingPipeGetsAPartialWriteThenAgain() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        #expect(fcntl(ends[1], F_SETFL, O_NONBLOCK) == 0)
        let getPipeSize: Int32 = 1032  // F_GETPIPE_SZ, hidden behind _GNU_SOURCE
        let capacity = Int(fcntl(ends[1], getPipeSize))
        let fixture = try WASIFixture(standardOutput: ends[1])
        let vectors = fixture.ioVectors([(65536, 65536), (65536, 65536)])
        let result = fixture.allocate(4)
        #expect(try fixture.call("fd_write", 1, UInt64(vectors), 2, UInt64(result)) == Errno.success)
        #expect(Int(fixture.u32(at: result)) == capacity)
        #expect(try fixture.call("fd_write", 1, UInt64(vectors), 2, UInt64(result)) == Errno.again)
    }
}

private final class ReceivedBytes: @unchecked Sendable {
    // Unchecked Sendable: written by the reader thread before it signals, read after.
    var bytes: [UInt8] = []
}
