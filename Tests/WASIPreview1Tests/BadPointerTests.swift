/// Every function that takes a guest pointer, given ones past the end of
/// memory, straddling it, with huge lengths, and iovec arrays that point
/// out: each is `EFAULT`, the host survives, nothing happens that a good
/// call would have done, and the instance stays usable.
import Foundation
import Testing

@Suite struct BadPointerTests {
    /// Two pages of memory: this is one past the last byte.
    static let end: UInt64 = 131072
    static let huge: UInt64 = 0xFFFF_FFFF

    /// A guest with a file open (fd 4, "f" holding "data"), a symbolic link, a
    /// directory, and some arguments and environment to copy out.
    static func fixture() throws -> WASIFixture {
        let fixture = try WASIFixture(arguments: ["guest", "argument"], environment: ["KEY=value"])
        try fixture.scratch.createFile("f", "data")
        try fixture.scratch.createSymbolicLink("link", to: "f")
        try fixture.scratch.createDirectory("dir")
        #expect(try fixture.open("f").fd == 4)
        return fixture
    }

    /// The function still works with good arguments afterwards, and fd 4 is untouched.
    static func expectStillUsable(_ fixture: WASIFixture) throws {
        #expect(try fixture.call("sched_yield") == Errno.success)
        #expect(try fixture.write(fd: 1, "alive").errno == Errno.success)
        let position = fixture.allocate(8)
        #expect(try fixture.call("fd_tell", 4, UInt64(position)) == Errno.success)
        #expect(fixture.u64(at: position) == 0)
        #expect(fixture.scratch.contents("f") == "data")
    }

    @Test func argumentsEnvironmentClocksAndRandom() throws {
        let fixture = try Self.fixture()
        let good = UInt64(fixture.allocate(64))
        let end = Self.end
        let cases: [(String, [UInt64])] = [
            ("args_sizes_get", [end, good]), ("args_sizes_get", [good, end - 2]), ("args_sizes_get", [Self.huge, good]),
            ("args_get", [end - 4, good]), ("args_get", [good, end - 8]), ("args_get", [Self.huge, Self.huge]),
            ("environ_sizes_get", [end - 3, good]), ("environ_sizes_get", [good, end]),
            ("environ_get", [end, good]), ("environ_get", [good, end - 9]),
            ("clock_res_get", [1, end - 4]), ("clock_res_get", [0, Self.huge]),
            ("clock_time_get", [1, 0, end - 7]), ("clock_time_get", [0, 0, end]),
            ("random_get", [end - 10, 11]), ("random_get", [good, Self.huge]), ("random_get", [Self.huge, 2]),
        ]
        for (name, arguments) in cases {
            #expect(try call(fixture, name, arguments) == Errno.fault, "\(name) \(arguments)")
        }
        // The counts of args_sizes_get were not written when the size pointer was bad.
        fixture.write([7, 7, 7, 7], at: UInt32(good))
        #expect(try fixture.call("args_sizes_get", good, end - 1) == Errno.fault)
        #expect(fixture.bytes(at: UInt32(good), count: 4) == [7, 7, 7, 7])
        try Self.expectStillUsable(fixture)
    }

    @Test func readsAndWritesCheckEveryVectorBeforeMovingAByte() throws {
        let fixture = try Self.fixture()
        let end = Self.end
        let buffer = fixture.allocate(16)
        let good = UInt64(fixture.ioVectors([(buffer, 4)]))
        let result = UInt64(fixture.allocate(4))
        // The second vector points out: the first must not be read or written either.
        let secondOut = UInt64(fixture.ioVectors([(buffer, 4), (UInt32(end) - 2, 4)]))
        let secondHuge = UInt64(fixture.ioVectors([(buffer, 4), (buffer, UInt32.max)]))
        let vectorsStraddle = end - 12  // a two-vector array needs 16 bytes
        fixture.write(Array(repeating: 0, count: 12), at: UInt32(vectorsStraddle))
        let cases: [(String, [UInt64])] = [
            ("fd_read", [4, secondOut, 2, result]), ("fd_read", [4, secondHuge, 2, result]),
            ("fd_read", [4, vectorsStraddle, 2, result]), ("fd_read", [4, good, 0x2000_0000, result]),
            ("fd_read", [4, good, 1, end - 3]), ("fd_read", [4, end, 1, result]),
            ("fd_pread", [4, secondOut, 2, 0, result]), ("fd_pread", [4, good, 1, 0, end]),
            ("fd_write", [4, secondOut, 2, result]), ("fd_write", [4, secondHuge, 2, result]),
            ("fd_write", [4, good, 1, Self.huge]), ("fd_write", [1, secondOut, 2, result]),
            ("fd_pwrite", [4, secondOut, 2, 0, result]), ("fd_pwrite", [4, good, 1, 0, end - 1]),
        ]
        for (name, arguments) in cases {
            #expect(try call(fixture, name, arguments) == Errno.fault, "\(name) \(arguments)")
        }
        #expect(fixture.bytes(at: buffer, count: 4) == [0, 0, 0, 0])
        #expect(fixture.standardOutput == "")
        try Self.expectStillUsable(fixture)
    }

    @Test func descriptorFunctions() throws {
        let fixture = try Self.fixture()
        let end = Self.end
        let good = UInt64(fixture.allocate(64))
        let cases: [(String, [UInt64])] = [
            ("fd_fdstat_get", [4, end - 23]), ("fd_fdstat_get", [3, Self.huge]),
            ("fd_filestat_get", [4, end - 63]), ("fd_filestat_get", [1, end]),
            ("fd_prestat_get", [3, end - 7]),
            ("fd_prestat_dir_name", [3, end - 7, 8]), ("fd_prestat_dir_name", [3, Self.huge, 8]),
            ("fd_readdir", [3, end - 10, 100, 0, good]), ("fd_readdir", [3, good, Self.huge, 0, good]),
            ("fd_readdir", [3, good, 64, 0, end - 2]),
            ("fd_seek", [4, 2, UInt64(ABI.whenceSet), end - 4]), ("fd_tell", [4, end]),
            ("poll_oneoff", [end - 47, good, 1, good]), ("poll_oneoff", [good, end - 31, 1, good]),
            ("poll_oneoff", [good, good, 0x1000_0000, good]), ("poll_oneoff", [0, 1024, 1, end - 1]),
        ]
        for (name, arguments) in cases {
            #expect(try call(fixture, name, arguments) == Errno.fault, "\(name) \(arguments)")
        }
        try Self.expectStillUsable(fixture)
    }

    @Test func pathFunctions() throws {
        let fixture = try Self.fixture()
        let end = Self.end
        let path = fixture.string("f")
        let newPath = fixture.string("new")
        let good = UInt64(fixture.allocate(64))
        let mask = ABI.allRights
        let cases: [(String, [UInt64])] = [
            ("path_create_directory", [3, end - 2, 3]), ("path_create_directory", [3, newPath.pointer, Self.huge]),
            ("path_filestat_get", [3, 1, end, 1, good]), ("path_filestat_get", [3, 1, path.pointer, path.length, end - 8]),
            ("path_filestat_set_times", [3, 1, end - 1, 2, 0, 0, UInt64(ABI.fstMtimNow)]),
            ("path_link", [3, 0, end, 1, 3, newPath.pointer, newPath.length]),
            ("path_link", [3, 0, path.pointer, path.length, 3, Self.huge, 1]),
            ("path_open", [3, 1, end - 1, 4, 0, mask, mask, 0, good]),
            // A bad result pointer is found before anything is created.
            ("path_open", [3, 1, newPath.pointer, newPath.length, UInt64(ABI.oflagCreat), mask, mask, 0, end - 3]),
            ("path_readlink", [3, end, 4, good, 64, good]),
            ("path_readlink", [3, UInt64(fixture.string("link").pointer), 4, end - 10, 64, good]),
            ("path_readlink", [3, UInt64(fixture.string("link").pointer), 4, good, 64, end]),
            ("path_remove_directory", [3, end - 1, 3]),
            ("path_rename", [3, end, 1, 3, newPath.pointer, newPath.length]),
            ("path_rename", [3, path.pointer, path.length, 3, newPath.pointer, Self.huge]),
            ("path_symlink", [end, 1, 3, newPath.pointer, newPath.length]),
            ("path_symlink", [path.pointer, path.length, 3, end - 1, 2]),
            ("path_unlink_file", [3, path.pointer, Self.huge]),
        ]
        for (name, arguments) in cases {
            #expect(try call(fixture, name, arguments) == Errno.fault, "\(name) \(arguments)")
        }
        #expect(!fixture.scratch.exists("new"))
        #expect(fixture.scratch.exists("f") && fixture.scratch.isDirectory("dir"))
        try Self.expectStillUsable(fixture)
    }

    @Test func socketFunctionsNeverLookAtTheirPointers() throws {
        let fixture = try Self.fixture()
        let end = Self.end
        #expect(try fixture.call("sock_accept", 3, 0, end) == Errno.notsup)
        #expect(try fixture.call("sock_recv", 4, end, 9, 0, end, end) == Errno.notsup)
        #expect(try fixture.call("sock_send", 4, Self.huge, 9, 0, end) == Errno.notsup)
        try Self.expectStillUsable(fixture)
    }

    @Test func growingMemoryMakesNewAddressesValid() throws {
        let fixture = try Self.fixture()
        #expect(try fixture.call("clock_time_get", 1, 0, Self.end) == Errno.fault)
        #expect(try fixture.instance.function("grow")!.call([.i32(1)]) == [.i32(2)])
        #expect(try fixture.call("clock_time_get", 1, 0, Self.end) == Errno.success)
        #expect(try fixture.call("clock_time_get", 1, 0, Self.end + 65536 - 8) == Errno.success)
        #expect(try fixture.call("clock_time_get", 1, 0, Self.end + 65536 - 7) == Errno.fault)
    }

    private func call(_ fixture: WASIFixture, _ name: String, _ arguments: [UInt64]) throws -> UInt16 {
        try fixture.call(name, arguments: arguments)
    }
}
