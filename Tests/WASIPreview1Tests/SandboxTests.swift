/// Escape attempts. Every guest path stays beneath the directory its
/// descriptor came from, with openat2 and with the component walk that
/// kernels without it get (forced here): `..` above the root, absolute
/// paths, symbolic links out (absolute, relative, chained, in a
/// subdirectory), loops, files used as directories. Each test also checks
/// that nothing outside the sandbox changed.
import Foundation
import Glibc
import Testing

@testable import WASIPreview1

let bothStrategies: [PathResolutionStrategy] = [.openat2, .componentWalk]

@Suite struct SandboxTests {
    /// A sandbox full of traps; `outside/canary` and `outside/secret-directory` are what escapes would reach.
    static func trappedFixture(_ strategy: PathResolutionStrategy) throws -> WASIFixture {
        let fixture = try WASIFixture(strategy: strategy)
        #expect(fixture.host.pathResolver.strategy == strategy)
        let scratch = fixture.scratch
        try scratch.createDirectory("a")
        try scratch.createFile("a/file", "inside")
        try scratch.createSymbolicLink("etc", to: "/etc")
        try scratch.createSymbolicLink("up", to: "..")
        try scratch.createSymbolicLink("chain1", to: "chain2")
        try scratch.createSymbolicLink("chain2", to: "a/../../outside")
        try scratch.createSymbolicLink("loopA", to: "loopB")
        try scratch.createSymbolicLink("loopB", to: "loopA")
        try scratch.createSymbolicLink("inside", to: "a/file")
        try scratch.createSymbolicLink("upinside", to: "a/../a/file")
        try scratch.createSymbolicLink("absoluteInside", to: scratch.path("a/file"))
        try scratch.createSymbolicLink("escape", to: "../outside/canary")
        try scratch.createSymbolicLink("dangling-out", to: "../outside/created-by-escape")
        try scratch.createSymbolicLink("a/deeper", to: "../../outside")
        return fixture
    }

    @Test(arguments: bothStrategies)
    func openNeverLeavesTheSandbox(strategy: PathResolutionStrategy) throws {
        let fixture = try Self.trappedFixture(strategy)
        let before = fixture.scratch.outsideSnapshot()
        let cases: [(path: String, oflags: UInt32, errno: UInt16)] = [
            ("../outside/canary", 0, Errno.notcapable),
            ("a/../../outside/canary", 0, Errno.notcapable),
            ("/etc/passwd", 0, Errno.notcapable),
            ("/", 0, Errno.notcapable),
            ("etc/passwd", 0, Errno.notcapable),
            ("etc", ABI.oflagDirectory, Errno.notcapable),
            ("up/outside/canary", 0, Errno.notcapable),
            ("up", ABI.oflagDirectory, Errno.notcapable),
            ("chain1/canary", 0, Errno.notcapable),
            ("chain1", ABI.oflagDirectory, Errno.notcapable),
            ("escape", 0, Errno.notcapable),
            ("a/deeper/canary", 0, Errno.notcapable),
            ("absoluteInside", 0, Errno.notcapable),
            ("..", ABI.oflagDirectory, Errno.notcapable),
            ("a/../..", ABI.oflagDirectory, Errno.notcapable),
            ("loopA", 0, Errno.loop),
            ("loopA/x", 0, Errno.loop),
            ("a/file/x", 0, Errno.notdir),
            ("a/file/", 0, Errno.notdir),
            ("up/outside/new", ABI.oflagCreat, Errno.notcapable),
            ("../outside/new", ABI.oflagCreat, Errno.notcapable),
            ("dangling-out", ABI.oflagCreat, Errno.notcapable),
            // O_EXCL does not follow a final link at all: the name exists.
            ("dangling-out", ABI.oflagCreat | ABI.oflagExcl, Errno.exist),
            ("escape", ABI.oflagCreat | ABI.oflagExcl, Errno.exist),
            ("inside", 0, Errno.success),
            ("upinside", 0, Errno.success),
            ("a/../a/file", 0, Errno.success),
            ("a/./file", 0, Errno.success),
            (".", ABI.oflagDirectory, Errno.success),
            ("a/..", ABI.oflagDirectory, Errno.success),
        ]
        for (path, oflags, errno) in cases {
            let rights = oflags & ABI.oflagDirectory != 0 ? ABI.rightPathOpen : ABI.rightFdRead | ABI.rightFdWrite
            #expect(try fixture.open(path, oflags: oflags, rights: rights).errno == errno, "\(path)")
        }
        #expect(fixture.scratch.outsideSnapshot() == before)
    }

    @Test(arguments: bothStrategies)
    func anOpenedSubdirectoryIsItsOwnLimit(strategy: PathResolutionStrategy) throws {
        let fixture = try Self.trappedFixture(strategy)
        let a = try fixture.open("a", oflags: ABI.oflagDirectory, rights: ABI.rightPathOpen).fd
        #expect(try fixture.open("file", from: a).errno == Errno.success)
        #expect(try fixture.open("../a/file", from: a).errno == Errno.notcapable)
        #expect(try fixture.open("deeper/canary", from: a).errno == Errno.notcapable)
        #expect(try fixture.pathCall("path_create_directory", "../made", from: a) == Errno.notcapable)
        #expect(!fixture.scratch.exists("made"))
    }

    @Test(arguments: bothStrategies)
    func directoryFunctionsNeverLeaveTheSandbox(strategy: PathResolutionStrategy) throws {
        let fixture = try Self.trappedFixture(strategy)
        let before = fixture.scratch.outsideSnapshot()
        for path in ["../outside/newdir", "up/newdir", "chain1/newdir", "etc/newdir", "a/deeper/newdir", "/tmp/newdir"] {
            #expect(try fixture.pathCall("path_create_directory", path) == Errno.notcapable, "\(path)")
        }
        #expect(try fixture.pathCall("path_create_directory", "loopA/x") == Errno.loop)
        #expect(try fixture.pathCall("path_create_directory", "a/file/x") == Errno.notdir)
        for path in ["../outside/secret-directory", "up/outside/secret-directory", "chain1/secret-directory", ".."] {
            #expect(try fixture.pathCall("path_remove_directory", path) == Errno.notcapable, "\(path)")
        }
        for path in ["../outside/canary", "up/outside/canary", "chain1/canary", "a/deeper/canary", "/etc/passwd"] {
            #expect(try fixture.pathCall("path_unlink_file", path) == Errno.notcapable, "\(path)")
        }
        #expect(fixture.scratch.outsideSnapshot() == before)
    }

    @Test(arguments: bothStrategies)
    func renameAndLinkNeverLeaveTheSandbox(strategy: PathResolutionStrategy) throws {
        let fixture = try Self.trappedFixture(strategy)
        let before = fixture.scratch.outsideSnapshot()
        func twoPaths(_ name: String, _ from: String, _ to: String, lookup: UInt32? = nil) throws -> UInt16 {
            let source = fixture.string(from)
            let destination = fixture.string(to)
            if let lookup {
                return try fixture.call(name, 3, UInt64(lookup), source.pointer, source.length, 3, destination.pointer, destination.length)
            }
            return try fixture.call(name, 3, source.pointer, source.length, 3, destination.pointer, destination.length)
        }
        for (from, to) in [
            ("a/file", "../outside/stolen"), ("../outside/canary", "got"), ("a/file", "up/outside/x"),
            ("a/file", "chain1/x"), ("up/outside/canary", "got"), ("a/file", "/tmp/x"),
        ] {
            #expect(try twoPaths("path_rename", from, to) == Errno.notcapable, "rename \(from) \(to)")
            #expect(try twoPaths("path_link", from, to, lookup: 0) == Errno.notcapable, "link \(from) \(to)")
        }
        // Following a link out to link its target is an escape too.
        #expect(try twoPaths("path_link", "escape", "hard", lookup: ABI.lookupSymlinkFollow) == Errno.notcapable)
        #expect(try twoPaths("path_link", "loopA", "hard", lookup: ABI.lookupSymlinkFollow) == Errno.loop)
        // Without following, the link itself is linked: just data.
        #expect(try twoPaths("path_link", "escape", "hard", lookup: 0) == Errno.success)
        #expect(fixture.scratch.isSymbolicLink("hard"))
        // Renaming onto an escaping link replaces the link, not what it points at.
        #expect(try twoPaths("path_rename", "a/file", "escape") == Errno.success)
        #expect(fixture.scratch.contents("escape") == "inside")
        #expect(!fixture.scratch.isSymbolicLink("escape"))
        #expect(fixture.scratch.outsideSnapshot() == before)
    }

    @Test(arguments: bothStrategies)
    func symbolicLinksMayPointOutButAreNeverFollowedOut(strategy: PathResolutionStrategy) throws {
        let fixture = try Self.trappedFixture(strategy)
        let before = fixture.scratch.outsideSnapshot()
        func symlink(_ target: String, _ path: String) throws -> UInt16 {
            let text = fixture.string(target)
            let name = fixture.string(path)
            return try fixture.call("path_symlink", text.pointer, text.length, 3, name.pointer, name.length)
        }
        #expect(try symlink("/etc/passwd", "to-passwd") == Errno.success)
        #expect(try symlink("../../../../outside", "to-outside") == Errno.success)
        #expect(try fixture.open("to-passwd").errno == Errno.notcapable)
        #expect(try fixture.open("to-outside/canary").errno == Errno.notcapable)
        #expect(try symlink("x", "../outside/evil") == Errno.notcapable)
        #expect(try symlink("x", "up/evil") == Errno.notcapable)
        #expect(try symlink("x", "/tmp/evil") == Errno.notcapable)

        func readlink(_ path: String) throws -> (UInt16, String) {
            let name = fixture.string(path)
            let buffer = fixture.allocate(256)
            let used = fixture.allocate(4)
            let errno = try fixture.call("path_readlink", 3, name.pointer, name.length, UInt64(buffer), 256, UInt64(used))
            return (errno, String(decoding: fixture.bytes(at: buffer, count: errno == 0 ? Int(fixture.u32(at: used)) : 0), as: UTF8.self))
        }
        // Reading an escaping link is allowed: it returns only its text.
        #expect(try readlink("to-passwd") == (Errno.success, "/etc/passwd"))
        #expect(try readlink("etc") == (Errno.success, "/etc"))
        #expect(try readlink("up") == (Errno.success, ".."))
        #expect(try readlink("../outside/whatever").0 == Errno.notcapable)
        #expect(try readlink("chain1/x").0 == Errno.notcapable)
        #expect(try readlink("loopA/x").0 == Errno.loop)
        #expect(fixture.scratch.outsideSnapshot() == before)
    }

    @Test(arguments: bothStrategies)
    func metadataIsNeverReadOrChangedOutside(strategy: PathResolutionStrategy) throws {
        let fixture = try Self.trappedFixture(strategy)
        let before = fixture.scratch.outsideSnapshot()
        #expect(try fixture.filestat("etc").errno == Errno.notcapable)
        #expect(try fixture.filestat("up").errno == Errno.notcapable)
        #expect(try fixture.filestat("escape").errno == Errno.notcapable)
        #expect(try fixture.filestat("../outside/canary").errno == Errno.notcapable)
        #expect(try fixture.filestat("..").errno == Errno.notcapable)
        #expect(try fixture.filestat("a/deeper/").errno == Errno.notcapable)
        #expect(try fixture.filestat("loopA").errno == Errno.loop)
        let (errno, filestat) = try fixture.filestat("etc", lookup: 0)
        #expect(errno == Errno.success)
        #expect(fixture.u8(at: filestat + 16) == ABI.filetypeSymbolicLink)
        #expect(try fixture.filestat("loopA", lookup: 0).errno == Errno.success)
        #expect(try fixture.filestat("a/..").errno == Errno.success)

        func setTimes(_ path: String, lookup: UInt32) throws -> UInt16 {
            let name = fixture.string(path)
            return try fixture.call(
                "path_filestat_set_times", 3, UInt64(lookup), name.pointer, name.length, 0, 0,
                UInt64(ABI.fstAtimNow | ABI.fstMtimNow))
        }
        #expect(try setTimes("escape", lookup: ABI.lookupSymlinkFollow) == Errno.notcapable)
        #expect(try setTimes("up", lookup: ABI.lookupSymlinkFollow) == Errno.notcapable)
        #expect(try setTimes("../outside/canary", lookup: 0) == Errno.notcapable)
        #expect(try setTimes("up/outside", lookup: 0) == Errno.notcapable)
        #expect(try setTimes("chain1/", lookup: 0) == Errno.notcapable)
        #expect(try setTimes("loopA", lookup: ABI.lookupSymlinkFollow) == Errno.loop)
        // Not following, the link's own times change, nothing else.
        #expect(try setTimes("escape", lookup: 0) == Errno.success)
        #expect(fixture.scratch.outsideSnapshot() == before)
    }

    @Test(arguments: bothStrategies)
    func unlinkingAnEscapingLinkRemovesOnlyTheLink(strategy: PathResolutionStrategy) throws {
        let fixture = try Self.trappedFixture(strategy)
        let before = fixture.scratch.outsideSnapshot()
        #expect(try fixture.pathCall("path_unlink_file", "escape") == Errno.success)
        #expect(try fixture.pathCall("path_unlink_file", "up") == Errno.success)
        #expect(try fixture.pathCall("path_unlink_file", "a/deeper") == Errno.success)
        #expect(try fixture.pathCall("path_remove_directory", "chain1") == Errno.notdir)
        #expect(!fixture.scratch.exists("escape") && !fixture.scratch.exists("up"))
        #expect(fixture.scratch.outsideSnapshot() == before)
    }

    @Test func theComponentWalkIsUsedWhenForced() throws {
        // The walk on its own, without a host: a link chain resolved by splicing, ".." popping.
        let scratch = try Scratch()
        try FileManager.default.createDirectory(atPath: scratch.path("x/y"), withIntermediateDirectories: true)
        try scratch.createFile("x/y/z", "found")
        try scratch.createSymbolicLink("x/hop", to: "y/../y")
        let root = open(scratch.sandbox, O_RDONLY | O_DIRECTORY)
        defer { close(root) }
        let walker = PathResolver(strategy: .componentWalk)
        let descriptor = try walker.open(
            beneath: root, path: Array("x/hop/z".utf8), flags: O_RDONLY, followFinalSymbolicLink: true)
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 5)
        #expect(read(descriptor, &buffer, 5) == 5)
        #expect(buffer == Array("found".utf8))
        #expect(throws: WASIErrno.notCapable) {
            _ = try walker.open(beneath: root, path: Array("x/../..".utf8), flags: O_RDONLY, followFinalSymbolicLink: true)
        }
    }
}
