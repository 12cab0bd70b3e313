/// fd_readdir: entries with their cookies, inodes and types, resuming from a
/// cookie when the buffer is too small, and starting over from cookie 0.
import Glibc
import Testing

@Suite struct ReaddirTests {
    struct Dirent: Equatable {
        var next: UInt64
        var inode: UInt64
        var type: UInt8
        var name: String
    }

    /// Parses whole entries out of a readdir buffer; a cut-off last one is dropped.
    static func parse(_ bytes: [UInt8]) -> [Dirent] {
        var entries: [Dirent] = []
        var offset = 0
        func integer(_ at: Int, _ size: Int) -> UInt64 {
            bytes[at..<(at + size)].reversed().reduce(0) { ($0 << 8) | UInt64($1) }
        }
        while offset + 24 <= bytes.count {
            let length = Int(integer(offset + 16, 4))
            guard offset + 24 + length <= bytes.count else { break }
            #expect(bytes[(offset + 21)..<(offset + 24)] == [0, 0, 0])
            entries.append(
                Dirent(
                    next: integer(offset, 8), inode: integer(offset + 8, 8), type: bytes[offset + 20],
                    name: String(decoding: bytes[(offset + 24)..<(offset + 24 + length)], as: UTF8.self)))
            offset += 24 + length
        }
        return entries
    }

    /// Reads a whole directory the way wasi-libc's readdir does: fill the
    /// buffer, keep the whole entries, ask again from the last one's cookie
    /// until a call leaves the buffer partly empty.
    static func readAll(_ fixture: WASIFixture, fd: UInt64, bufferSize: Int) throws -> [Dirent] {
        let buffer = fixture.allocate(bufferSize)
        let used = fixture.allocate(4)
        var entries: [Dirent] = []
        var cookie: UInt64 = 0
        while true {
            #expect(try fixture.call("fd_readdir", fd, UInt64(buffer), UInt64(bufferSize), cookie, UInt64(used)) == Errno.success)
            let count = Int(fixture.u32(at: used))
            let batch = parse(fixture.bytes(at: buffer, count: count))
            entries += batch
            if count < bufferSize { return entries }
            guard let last = batch.last else {
                Issue.record("a \(bufferSize)-byte buffer holds no whole entry")
                return entries
            }
            cookie = last.next
        }
    }

    func makeTree(_ fixture: WASIFixture) throws {
        try fixture.scratch.createFile("file.txt", "x")
        try fixture.scratch.createDirectory("subdirectory")
        try fixture.scratch.createSymbolicLink("link", to: "file.txt")
        try fixture.scratch.createFile("a-rather-long-name-to-cut-across-buffer-boundaries")
    }

    @Test func listsDotDotDotAndEveryEntryWithTypesAndInodes() throws {
        let fixture = try WASIFixture()
        try makeTree(fixture)
        let entries = try Self.readAll(fixture, fd: 3, bufferSize: 4096)
        #expect(entries.map(\.name).prefix(2) == [".", ".."])
        #expect(entries.map(\.next) == Array(1...UInt64(entries.count)))
        #expect(
            Set(entries.map(\.name))
                == [".", "..", "file.txt", "subdirectory", "link", "a-rather-long-name-to-cut-across-buffer-boundaries"])
        let byName = Dictionary(uniqueKeysWithValues: entries.map { ($0.name, $0) })
        #expect(byName["."]?.type == ABI.filetypeDirectory)
        #expect(byName["subdirectory"]?.type == ABI.filetypeDirectory)
        #expect(byName["file.txt"]?.type == ABI.filetypeRegularFile)
        #expect(byName["link"]?.type == ABI.filetypeSymbolicLink)
        var host = stat()
        #expect(lstat(fixture.scratch.path("file.txt"), &host) == 0)
        #expect(byName["file.txt"]?.inode == UInt64(host.st_ino))
        #expect(stat(fixture.scratch.sandbox, &host) == 0)
        #expect(byName["."]?.inode == UInt64(host.st_ino))
    }

    @Test(arguments: [24, 25, 40, 60, 77, 100])
    func smallBuffersResumeFromTheLastCookie(bufferSize: Int) throws {
        let fixture = try WASIFixture()
        try makeTree(fixture)
        let whole = try Self.readAll(fixture, fd: 3, bufferSize: 4096)
        guard bufferSize >= 24 + whole.map(\.name.utf8.count).max()! else {
            // Too small for the longest entry: the buffer fills with a cut-off entry every time.
            let buffer = fixture.allocate(bufferSize)
            let used = fixture.allocate(4)
            #expect(try fixture.call("fd_readdir", 3, UInt64(buffer), UInt64(bufferSize), 2, UInt64(used)) == Errno.success)
            #expect(fixture.u32(at: used) == UInt32(bufferSize))
            return
        }
        #expect(try Self.readAll(fixture, fd: 3, bufferSize: bufferSize) == whole)
    }

    @Test func cookiesPastTheEndAndEmptyBuffers() throws {
        let fixture = try WASIFixture()
        let buffer = fixture.allocate(64)
        let used = fixture.allocate(4)
        #expect(try fixture.call("fd_readdir", 3, UInt64(buffer), 64, 2, UInt64(used)) == Errno.success)
        #expect(fixture.u32(at: used) == 0)
        #expect(try fixture.call("fd_readdir", 3, UInt64(buffer), 64, UInt64.max, UInt64(used)) == Errno.success)
        #expect(fixture.u32(at: used) == 0)
        #expect(try fixture.call("fd_readdir", 3, UInt64(buffer), 0, 0, UInt64(used)) == Errno.success)
        #expect(fixture.u32(at: used) == 0)
    }

    @Test func cookieZeroStartsOverAndLaterCookiesKeepTheFirstListing() throws {
        let fixture = try WASIFixture()
        try fixture.scratch.createFile("before")
        let buffer = fixture.allocate(256)
        let used = fixture.allocate(4)
        #expect(try fixture.call("fd_readdir", 3, UInt64(buffer), 256, 0, UInt64(used)) == Errno.success)
        #expect(Self.parse(fixture.bytes(at: buffer, count: Int(fixture.u32(at: used)))).map(\.name) == [".", "..", "before"])
        try fixture.scratch.createFile("after")
        #expect(try fixture.call("fd_readdir", 3, UInt64(buffer), 256, 2, UInt64(used)) == Errno.success)
        #expect(Self.parse(fixture.bytes(at: buffer, count: Int(fixture.u32(at: used)))).map(\.name) == ["before"])
        #expect(try fixture.call("fd_readdir", 3, UInt64(buffer), 256, 0, UInt64(used)) == Errno.success)
        let names = Self.parse(fixture.bytes(at: buffer, count: Int(fixture.u32(at: used)))).map(\.name)
        #expect(Set(names) == [".", "..", "before", "after"])
    }

    @Test func openedSubdirectoriesCanBeRead() throws {
        let fixture = try WASIFixture()
        try fixture.scratch.createDirectory("sub/inner")
        try fixture.scratch.createFile("sub/leaf")
        let (errno, fd) = try fixture.open("sub", oflags: ABI.oflagDirectory, rights: ABI.rightFdReaddir | ABI.rightPathOpen)
        #expect(errno == Errno.success)
        let names = try Self.readAll(fixture, fd: fd, bufferSize: 128).map(\.name)
        #expect(Set(names) == [".", "..", "inner", "leaf"])
    }

    @Test func onlyDirectoriesHaveEntries() throws {
        let fixture = try WASIFixture()
        try fixture.scratch.createFile("f")
        let fd = try fixture.open("f").fd
        let buffer = fixture.allocate(64)
        let used = fixture.allocate(4)
        #expect(try fixture.call("fd_readdir", fd, UInt64(buffer), 64, 0, UInt64(used)) == Errno.notdir)
        #expect(try fixture.call("fd_readdir", 1, UInt64(buffer), 64, 0, UInt64(used)) == Errno.badf)
        #expect(try fixture.call("fd_readdir", 20, UInt64(buffer), 64, 0, UInt64(used)) == Errno.badf)
    }
}
