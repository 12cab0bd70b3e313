/// The path_* functions doing what they are for, inside the sandbox.
import Foundation
import Glibc
import Testing

@Suite struct PathTests {
    @Test func openCreatesExclusivelyTruncatesAndDemandsDirectories() throws {
        let fixture = try WASIFixture()
        #expect(try fixture.open("missing").errno == Errno.noent)
        #expect(try fixture.open("made", oflags: ABI.oflagCreat).errno == Errno.success)
        #expect(fixture.scratch.exists("made"))
        #expect(try fixture.open("made", oflags: ABI.oflagCreat | ABI.oflagExcl).errno == Errno.exist)
        try fixture.scratch.createFile("full", "contents")
        #expect(try fixture.open("full", oflags: ABI.oflagTrunc).errno == Errno.success)
        #expect(fixture.scratch.contents("full") == "")
        #expect(try fixture.open("made", oflags: ABI.oflagDirectory).errno == Errno.notdir)
        try fixture.scratch.createDirectory("dir")
        let (errno, fd) = try fixture.open("dir", oflags: ABI.oflagDirectory, rights: ABI.rightPathOpen | ABI.rightFdReaddir)
        #expect(errno == Errno.success)
        let stat = fixture.allocate(24)
        #expect(try fixture.call("fd_fdstat_get", fd, UInt64(stat)) == Errno.success)
        #expect(fixture.u8(at: stat) == ABI.filetypeDirectory)
        // A directory opened for writing is refused, as by open(2).
        #expect(try fixture.open("dir", rights: ABI.rightFdWrite).errno == Errno.isdir)
        #expect(try fixture.open("newdir", oflags: ABI.oflagDirectory | ABI.oflagCreat).errno == Errno.inval)
        #expect(try fixture.open("dir", oflags: ABI.oflagDirectory | ABI.oflagTrunc).errno == Errno.inval)
        #expect(!fixture.scratch.exists("newdir"))
        #expect(try fixture.open("made", oflags: 1 << 4).errno == Errno.inval)
        #expect(try fixture.open("made", lookup: 2).errno == Errno.inval)
        #expect(try fixture.open("made", fdflags: 1 << 5).errno == Errno.inval)
    }

    @Test func pathsResolveRelativeToOpenedDirectories() throws {
        let fixture = try WASIFixture()
        try fixture.scratch.createDirectory("a/b")
        try fixture.scratch.createFile("a/b/deep", "deep")
        let a = try fixture.open("a", oflags: ABI.oflagDirectory, rights: ABI.rightPathOpen).fd
        let (errno, fd) = try fixture.open("b/deep", from: a)
        #expect(errno == Errno.success)
        #expect(try fixture.read(fd: fd, count: 10) == (Errno.success, "deep"))
        // "." and ".." that stay inside are fine.
        #expect(try fixture.open("./b/../b/./deep", from: a).errno == Errno.success)
        #expect(try fixture.open("a/b/../../a/b/deep").errno == Errno.success)
        #expect(try fixture.open(".", oflags: ABI.oflagDirectory).errno == Errno.success)
        #expect(try fixture.open("a/", oflags: ABI.oflagDirectory).errno == Errno.success)
        #expect(try fixture.open("a/b/deep/").errno == Errno.notdir)
        // Path functions need a directory to start from.
        #expect(try fixture.open("x", from: fd).errno == Errno.notdir)
        #expect(try fixture.open("x", from: 1).errno == Errno.badf)
        #expect(try fixture.open("x", from: 99).errno == Errno.badf)
        #expect(try fixture.pathCall("path_create_directory", "x", from: fd) == Errno.notdir)
    }

    @Test func pathsAreBytesButNeitherEmptyNorHoldingNul() throws {
        let fixture = try WASIFixture()
        #expect(try fixture.open("").errno == Errno.noent)
        let withNul = fixture.place(Array("a\0b".utf8))
        let result = fixture.allocate(4)
        #expect(try fixture.call("path_open", 3, 1, UInt64(withNul), 3, UInt64(ABI.oflagCreat), ABI.allRights, 0, 0, UInt64(result)) == Errno.inval)
        #expect(try fixture.call("path_create_directory", 3, UInt64(withNul), 3) == Errno.inval)
        #expect(!fixture.scratch.exists("a"))
        // Not UTF-8, still a name.
        let latin1 = fixture.place([0x63, 0x61, 0x66, 0xE9])
        #expect(try fixture.call("path_open", 3, 1, UInt64(latin1), 4, UInt64(ABI.oflagCreat), ABI.allRights, 0, 0, UInt64(result)) == Errno.success)
        let names = try FileManager.default.contentsOfDirectory(atPath: fixture.scratch.sandbox)
        #expect(names.count == 1)
        let hostName = (Array(fixture.scratch.sandbox.utf8) + [0x2F, 0x63, 0x61, 0x66, 0xE9, 0]).map { CChar(bitPattern: $0) }
        #expect(access(hostName, F_OK) == 0)
    }

    @Test func createAndRemoveDirectories() throws {
        let fixture = try WASIFixture()
        #expect(try fixture.pathCall("path_create_directory", "d") == Errno.success)
        #expect(fixture.scratch.isDirectory("d"))
        #expect(try fixture.pathCall("path_create_directory", "d") == Errno.exist)
        #expect(try fixture.pathCall("path_create_directory", "d/e/") == Errno.success)
        #expect(try fixture.pathCall("path_create_directory", "missing/e") == Errno.noent)
        #expect(try fixture.pathCall("path_remove_directory", "d") == Errno.notempty)
        #expect(try fixture.pathCall("path_remove_directory", "d/e") == Errno.success)
        #expect(try fixture.pathCall("path_remove_directory", "d/") == Errno.success)
        #expect(!fixture.scratch.exists("d"))
        try fixture.scratch.createFile("f")
        #expect(try fixture.pathCall("path_remove_directory", "f") == Errno.notdir)
        #expect(try fixture.pathCall("path_remove_directory", "gone") == Errno.noent)
        #expect(try fixture.pathCall("path_remove_directory", ".") == Errno.inval)
    }

    @Test func unlinkRemovesFilesAndLinksButNotDirectories() throws {
        let fixture = try WASIFixture()
        try fixture.scratch.createFile("f", "x")
        try fixture.scratch.createSymbolicLink("l", to: "f")
        try fixture.scratch.createDirectory("d")
        #expect(try fixture.pathCall("path_unlink_file", "l") == Errno.success)
        #expect(!fixture.scratch.exists("l") && fixture.scratch.exists("f"))
        #expect(try fixture.pathCall("path_unlink_file", "f/") == Errno.notdir)
        #expect(try fixture.pathCall("path_unlink_file", "f") == Errno.success)
        #expect(!fixture.scratch.exists("f"))
        #expect(try fixture.pathCall("path_unlink_file", "f") == Errno.noent)
        #expect(try fixture.pathCall("path_unlink_file", "d") == Errno.isdir)
        #expect(try fixture.pathCall("path_unlink_file", "d/") == Errno.isdir)
        #expect(fixture.scratch.isDirectory("d"))
    }

    func rename(_ fixture: WASIFixture, _ from: String, _ to: String, fromFD: UInt64 = 3, toFD: UInt64 = 3) throws -> UInt16 {
        let source = fixture.string(from)
        let destination = fixture.string(to)
        return try fixture.call("path_rename", fromFD, source.pointer, source.length, toFD, destination.pointer, destination.length)
    }

    @Test func renameMovesAndReplaces() throws {
        let fixture = try WASIFixture()
        try fixture.scratch.createFile("old", "payload")
        try fixture.scratch.createFile("existing", "replaced")
        try fixture.scratch.createDirectory("dir/sub")
        #expect(try rename(fixture, "old", "new") == Errno.success)
        #expect(!fixture.scratch.exists("old") && fixture.scratch.contents("new") == "payload")
        #expect(try rename(fixture, "new", "existing") == Errno.success)
        #expect(fixture.scratch.contents("existing") == "payload")
        let dir = try fixture.open("dir", oflags: ABI.oflagDirectory, rights: ABI.rightPathOpen).fd
        #expect(try rename(fixture, "existing", "sub/moved", toFD: dir) == Errno.success)
        #expect(fixture.scratch.contents("dir/sub/moved") == "payload")
        #expect(try rename(fixture, "dir/sub", "dir/renamed/") == Errno.success)
        #expect(fixture.scratch.isDirectory("dir/renamed"))
        #expect(try rename(fixture, "dir/renamed/moved", "file/") == Errno.notdir)
        #expect(try rename(fixture, "nothing", "x") == Errno.noent)
        #expect(try rename(fixture, "dir", "dir/renamed/inside") == Errno.inval)
    }

    func link(_ fixture: WASIFixture, _ from: String, _ to: String, lookup: UInt32 = 0) throws -> UInt16 {
        let source = fixture.string(from)
        let destination = fixture.string(to)
        return try fixture.call("path_link", 3, UInt64(lookup), source.pointer, source.length, 3, destination.pointer, destination.length)
    }

    @Test func hardLinksShareTheInode() throws {
        let fixture = try WASIFixture()
        try fixture.scratch.createFile("f", "shared")
        #expect(try link(fixture, "f", "g") == Errno.success)
        let (errno, filestat) = try fixture.filestat("g")
        #expect(errno == Errno.success)
        #expect(fixture.u64(at: filestat + 24) == 2)
        #expect(fixture.scratch.contents("g") == "shared")
        #expect(try link(fixture, "f", "g") == Errno.exist)
        #expect(try link(fixture, "f", "h/") == Errno.noent)
        #expect(try link(fixture, "missing", "h") == Errno.noent)
        // With SYMLINK_FOLLOW a link's target is linked; without, the link itself.
        try fixture.scratch.createSymbolicLink("sym", to: "f")
        #expect(try link(fixture, "sym", "to-target", lookup: ABI.lookupSymlinkFollow) == Errno.success)
        #expect(!fixture.scratch.isSymbolicLink("to-target"))
        #expect(try link(fixture, "sym", "to-link") == Errno.success)
        #expect(fixture.scratch.isSymbolicLink("to-link"))
    }

    func symlink(_ fixture: WASIFixture, _ target: String, _ path: String) throws -> UInt16 {
        let text = fixture.string(target)
        let name = fixture.string(path)
        return try fixture.call("path_symlink", text.pointer, text.length, 3, name.pointer, name.length)
    }

    func readlink(_ fixture: WASIFixture, _ path: String, bufferSize: Int = 64) throws -> (errno: UInt16, text: String) {
        let name = fixture.string(path)
        let buffer = fixture.allocate(bufferSize)
        let used = fixture.allocate(4)
        let errno = try fixture.call("path_readlink", 3, name.pointer, name.length, UInt64(buffer), UInt64(bufferSize), UInt64(used))
        let count = errno == Errno.success ? Int(fixture.u32(at: used)) : 0
        return (errno, String(decoding: fixture.bytes(at: buffer, count: count), as: UTF8.self))
    }

    @Test func symbolicLinksAreCreatedAndRead() throws {
        let fixture = try WASIFixture()
        try fixture.scratch.createFile("f", "target")
        #expect(try symlink(fixture, "f", "l") == Errno.success)
        #expect(try readlink(fixture, "l") == (Errno.success, "f"))
        #expect(try fixture.read(fd: try fixture.open("l").fd, count: 10) == (Errno.success, "target"))
        // Dangling and absolute targets are only text.
        #expect(try symlink(fixture, "nowhere/at/all", "dangling") == Errno.success)
        #expect(try readlink(fixture, "dangling") == (Errno.success, "nowhere/at/all"))
        #expect(try symlink(fixture, "f", "l") == Errno.exist)
        #expect(try symlink(fixture, "f", "new/") == Errno.noent)
        #expect(try symlink(fixture, "", "empty") == Errno.noent)
        // readlink cuts to the buffer, like readlink(2).
        #expect(try readlink(fixture, "dangling", bufferSize: 7) == (Errno.success, "nowhere"))
        #expect(try readlink(fixture, "f").errno == Errno.inval)
        #expect(try readlink(fixture, "missing").errno == Errno.noent)
        try fixture.scratch.createDirectory("d")
        try fixture.scratch.createSymbolicLink("dl", to: "d")
        #expect(try readlink(fixture, "dl/").errno == Errno.inval)
        #expect(try readlink(fixture, "l/").errno == Errno.notdir)
    }

    @Test func filestatFollowsLinksOnlyWhenAsked() throws {
        let fixture = try WASIFixture()
        try fixture.scratch.createFile("f", "12345")
        try fixture.scratch.createSymbolicLink("l", to: "f")
        var (errno, filestat) = try fixture.filestat("l")
        #expect(errno == Errno.success)
        #expect(fixture.u8(at: filestat + 16) == ABI.filetypeRegularFile)
        #expect(fixture.u64(at: filestat + 32) == 5)
        (errno, filestat) = try fixture.filestat("l", lookup: 0)
        #expect(errno == Errno.success)
        #expect(fixture.u8(at: filestat + 16) == ABI.filetypeSymbolicLink)
        #expect(fixture.u64(at: filestat + 32) == 1)
        (errno, filestat) = try fixture.filestat(".")
        #expect(fixture.u8(at: filestat + 16) == ABI.filetypeDirectory)
        #expect(try fixture.filestat("missing").errno == Errno.noent)
        #expect(try fixture.filestat("f/").errno == Errno.notdir)
        #expect(try fixture.filestat("f", lookup: 4).errno == Errno.inval)
    }

    func setTimes(_ fixture: WASIFixture, _ path: String, lookup: UInt32, modification: UInt64) throws -> UInt16 {
        let name = fixture.string(path)
        return try fixture.call("path_filestat_set_times", 3, UInt64(lookup), name.pointer, name.length, 0, modification, UInt64(ABI.fstMtim))
    }

    @Test func setTimesOnALinkOrItsTarget() throws {
        let fixture = try WASIFixture()
        try fixture.scratch.createFile("f")
        try fixture.scratch.createSymbolicLink("l", to: "f")
        var status = stat()
        #expect(try setTimes(fixture, "l", lookup: ABI.lookupSymlinkFollow, modification: 5_000_000_000) == Errno.success)
        #expect(stat(fixture.scratch.path("f"), &status) == 0 && status.st_mtim.tv_sec == 5)
        #expect(try setTimes(fixture, "l", lookup: 0, modification: 7_000_000_000) == Errno.success)
        #expect(lstat(fixture.scratch.path("l"), &status) == 0 && status.st_mtim.tv_sec == 7)
        #expect(stat(fixture.scratch.path("f"), &status) == 0 && status.st_mtim.tv_sec == 5)
        #expect(try setTimes(fixture, "missing", lookup: 0, modification: 0) == Errno.noent)
        #expect(try setTimes(fixture, "f/", lookup: 0, modification: 0) == Errno.notdir)
        let name = fixture.string("f")
        #expect(try fixture.call("path_filestat_set_times", 3, 0, name.pointer, name.length, 0, 0, UInt64(ABI.fstAtim | ABI.fstAtimNow)) == Errno.inval)
    }

    @Test func openFollowsAFinalLinkOnlyWhenAsked() throws {
        let fixture = try WASIFixture()
        try fixture.scratch.createFile("f", "x")
        try fixture.scratch.createSymbolicLink("l", to: "f")
        try fixture.scratch.createDirectory("d")
        try fixture.scratch.createSymbolicLink("dl", to: "d")
        #expect(try fixture.open("l").errno == Errno.success)
        #expect(try fixture.open("l", lookup: 0).errno == Errno.loop)
        #expect(try fixture.open("dl", oflags: ABI.oflagDirectory).errno == Errno.success)
        // Links in the middle of a path are always followed.
        try fixture.scratch.createFile("d/inner", "in")
        #expect(try fixture.open("dl/inner", lookup: 0).errno == Errno.success)
    }
}
