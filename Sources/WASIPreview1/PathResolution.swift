/// Resolving guest paths beneath a preopened directory. The rule: nothing a
/// guest names ever resolves outside the directory its descriptor came from,
/// whatever `..`, absolute paths or symbolic links (absolute, relative,
/// chained, looping) it uses. Escapes are `ENOTCAPABLE`, as in wasmtime;
/// symbolic link loops `ELOOP`.
///
/// Two ways to get there, with the same results:
/// - `openat2` with `RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS` (Linux 5.6+):
///   the kernel walks the path and refuses to leave the directory (EXDEV).
/// - a walk of our own, one component at a time, each opened with
///   `O_NOFOLLOW` relative to the last: `..` pops a stack that cannot go
///   below the start, and a symbolic link is read and its text spliced into
///   the rest of the path (an absolute one is an escape). A link swapped in
///   behind our back makes an `O_NOFOLLOW` open fail; it never gets followed.
import CWASISupport
import Glibc

enum PathResolutionStrategy: Sendable {
    case openat2
    case componentWalk

    /// `openat2` if this kernel has it and no seccomp filter refuses it.
    static let preferred: PathResolutionStrategy = {
        let descriptor = wasi_openat2(
            AT_FDCWD, "/", UInt64(UInt32(bitPattern: WASI_HOST_O_PATH | O_CLOEXEC)), 0,
            UInt64(WASI_HOST_RESOLVE_NO_MAGICLINKS))
        guard descriptor >= 0 else { return .componentWalk }
        close(descriptor)
        return .openat2
    }()
}

/// A host directory descriptor that is closed with the handle if it is ours.
final class DirectoryHandle {
    let descriptor: Int32
    private let owned: Bool

    init(borrowing descriptor: Int32) {
        self.descriptor = descriptor
        owned = false
    }

    init(owning descriptor: Int32) {
        self.descriptor = descriptor
        owned = true
    }

    deinit {
        if owned { close(descriptor) }
    }
}

/// A path split for the `*at()` calls: the directory that holds the last
/// component (already resolved beneath the preopen) and that component, a
/// single name with no slash. The calls act on the name without following
/// it, so a symbolic link there is never a way out.
struct ResolvedPath {
    let parent: DirectoryHandle
    /// "." when the path ends in "." or "..": the parent is then the directory itself.
    let name: HostPath
    /// The guest wrote "name/": the thing named must be a directory.
    let hadTrailingSlash: Bool

    var namesDirectoryItself: Bool { name.bytes == PathResolver.dot }
}

struct PathResolver {
    var strategy: PathResolutionStrategy

    /// How many symbolic links one resolution may expand, Linux's limit.
    static let maximumSymbolicLinkExpansions = 40
    static let slash = UInt8(ascii: "/")
    static let dot = [UInt8(ascii: ".")]
    static let dotDot = [UInt8(ascii: "."), UInt8(ascii: ".")]

    /// What every guest path must be before the kernel sees it: not empty
    /// (`ENOENT`, as POSIX) and relative (`ENOTCAPABLE`: a guest reaches files
    /// only through a descriptor; wasi-libc maps absolute paths to preopens itself).
    static func validate(_ path: [UInt8]) throws(WASIErrno) {
        guard let first = path.first else { throw .noEntry }
        guard first != slash else { throw .notCapable }
    }

    /// Opens `path` beneath `directory` with open(2) `flags`. A final
    /// symbolic link is followed (still beneath) only if asked; otherwise it
    /// is `ELOOP`, or with `O_PATH` the link itself.
    func open(
        beneath directory: Int32, path: [UInt8], flags: Int32, mode: mode_t = 0, followFinalSymbolicLink: Bool
    ) throws(WASIErrno) -> Int32 {
        try Self.validate(path)
        if strategy == .openat2 {
            switch openWithOpenat2(beneath: directory, path: HostPath(path), flags: flags, mode: mode, followFinalSymbolicLink) {
            case .success(let descriptor): return descriptor
            case .failure(let failure) where failure.code == ENOSYS: break
            case .failure(let failure) where failure.code == EXDEV: throw .notCapable
            case .failure(let failure): throw failure.wasiErrno
            }
        }
        return try walk(from: directory, path: path, flags: flags, mode: mode, followFinalSymbolicLink)
    }

    /// The parent directory of `path`'s last component, resolved beneath
    /// `directory`, and that component. If asked, a final symbolic link is
    /// resolved first (its text joined to the parent's path and resolved again
    /// from `directory`), so the name returned is never a link to follow.
    func resolveParent(beneath directory: Int32, path: [UInt8], followFinalSymbolicLink: Bool) throws(WASIErrno) -> ResolvedPath {
        try Self.validate(path)
        var path = path
        var expansions = 0
        while true {
            var trimmed = path[...]
            var hadTrailingSlash = false
            while trimmed.count > 1, trimmed.last == Self.slash {
                trimmed.removeLast()
                hadTrailingSlash = true
            }
            var parentPath: [UInt8] = []
            var name = Array(trimmed)
            if let lastSlash = trimmed.lastIndex(of: Self.slash) {
                parentPath = Array(trimmed[..<lastSlash])
                name = Array(trimmed[(lastSlash + 1)...])
            }
            if name == Self.dot || name == Self.dotDot {
                parentPath = Array(trimmed)
                name = Self.dot
            }
            let parent =
                parentPath.isEmpty
                ? DirectoryHandle(borrowing: directory)
                : DirectoryHandle(
                    owning: try open(
                        beneath: directory, path: parentPath, flags: WASI_HOST_O_PATH | O_DIRECTORY,
                        followFinalSymbolicLink: true))
            let hostName = HostPath(name)
            if followFinalSymbolicLink, name != Self.dot,
                let target = symbolicLinkTarget(in: parent.descriptor, named: hostName)
            {
                expansions += 1
                guard expansions <= Self.maximumSymbolicLinkExpansions else { throw .loop }
                guard let first = target.first else { throw .noEntry }
                guard first != Self.slash else { throw .notCapable }
                path = parentPath.isEmpty ? target : parentPath + [Self.slash] + target
                if hadTrailingSlash { path.append(Self.slash) }
                continue
            }
            return ResolvedPath(parent: parent, name: hostName, hadTrailingSlash: hadTrailingSlash)
        }
    }

    // MARK: - openat2

    private func openWithOpenat2(
        beneath directory: Int32, path: HostPath, flags: Int32, mode: mode_t, _ followFinalSymbolicLink: Bool
    ) -> Result<Int32, HostCall.Failure> {
        let openFlags = flags | O_CLOEXEC | (followFinalSymbolicLink ? 0 : O_NOFOLLOW)
        // openat2 rejects a mode without O_CREAT.
        let openMode = openFlags & O_CREAT != 0 ? UInt64(mode) : 0
        let resolve = UInt64(WASI_HOST_RESOLVE_BENEATH | WASI_HOST_RESOLVE_NO_MAGICLINKS)
        // EAGAIN: a concurrent rename made the kernel unsure the walk stayed beneath; it asks us to retry.
        var outcome: Result<Int32, HostCall.Failure> = .failure(HostCall.Failure(code: EAGAIN))
        for _ in 0..<16 {
            outcome = HostCall.attempt {
                path.withCString { wasi_openat2(directory, $0, UInt64(UInt32(bitPattern: openFlags)), openMode, resolve) }
            }
            guard case .failure(let failure) = outcome, failure.code == EAGAIN else { break }
        }
        return outcome
    }

    // MARK: - The component walk

    /// The components of a path; a trailing slash becomes a final "." so the
    /// last name must be a directory (and a link there is followed to one).
    static func components(of path: [UInt8]) -> [[UInt8]] {
        var components = path.split(separator: slash, omittingEmptySubsequences: true).map { Array($0) }
        if path.last == slash { components.append(dot) }
        return components
    }

    private func walk(
        from base: Int32, path: [UInt8], flags: Int32, mode: mode_t, _ followFinalSymbolicLink: Bool
    ) throws(WASIErrno) -> Int32 {
        // O_CREAT|O_EXCL never follows a final link (it fails with EEXIST), as open(2) and openat2 behave.
        let followFinalSymbolicLink = followFinalSymbolicLink && flags & (O_CREAT | O_EXCL) != O_CREAT | O_EXCL
        // Next component last, so popLast() takes it and a link's text is pushed in its place.
        var pending = Array(Self.components(of: path).reversed())
        // Directories entered below `base`; ".." closes the innermost and can never pop `base`.
        var entered: [Int32] = []
        defer { entered.forEach { close($0) } }
        var expansions = 0

        func splice(_ target: [UInt8]) throws(WASIErrno) {
            expansions += 1
            guard expansions <= Self.maximumSymbolicLinkExpansions else { throw .loop }
            guard let first = target.first else { throw .noEntry }
            guard first != Self.slash else { throw .notCapable }
            pending.append(contentsOf: Self.components(of: target).reversed())
        }

        func openLast(in directory: Int32, _ name: HostPath) -> Result<Int32, HostCall.Failure> {
            HostCall.attempt { name.withCString { openat(directory, $0, flags | O_NOFOLLOW | O_CLOEXEC, mode) } }
        }

        while let component = pending.popLast() {
            let isLast = pending.isEmpty
            let current = entered.last ?? base
            if component == Self.dot || component == Self.dotDot {
                if component == Self.dotDot {
                    guard let innermost = entered.popLast() else { throw .notCapable }
                    close(innermost)
                }
                guard isLast else { continue }
                switch openLast(in: entered.last ?? base, .dot) {
                case .success(let descriptor): return descriptor
                case .failure(let failure): throw failure.wasiErrno
                }
            }
            let name = HostPath(component)
            if !isLast {
                let outcome = HostCall.attempt {
                    name.withCString { openat(current, $0, WASI_HOST_O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
                }
                switch outcome {
                case .success(let descriptor):
                    entered.append(descriptor)
                case .failure(let failure) where failure.code == ENOTDIR || failure.code == ELOOP:
                    guard let target = symbolicLinkTarget(in: current, named: name) else { throw failure.wasiErrno }
                    try splice(target)
                case .failure(let failure):
                    throw failure.wasiErrno
                }
                continue
            }
            if followFinalSymbolicLink, let target = symbolicLinkTarget(in: current, named: name) {
                try splice(target)
                continue
            }
            switch openLast(in: current, name) {
            case .success(let descriptor):
                return descriptor
            case .failure(let failure) where failure.code == ELOOP && followFinalSymbolicLink:
                // The name became a link since we looked: resolve that one too.
                guard let target = symbolicLinkTarget(in: current, named: name) else { throw .loop }
                try splice(target)
            case .failure(let failure):
                throw failure.wasiErrno
            }
        }
        throw .noEntry
    }
}
