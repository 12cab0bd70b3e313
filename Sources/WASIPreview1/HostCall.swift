/// How WASI calls the host: system calls that return -1 and set errno are
/// retried on EINTR (the guest never sees a signal it did not ask for) and
/// their errno becomes a `WASIErrno`; paths travel as bytes plus a NUL.
import Glibc

enum HostCall {
    /// The failure of a system call, with the host's errno for callers that
    /// must tell errors apart before they become WASI errors.
    struct Failure: Error {
        let code: Int32
        var wasiErrno: WASIErrno { WASIErrno(hostErrno: code) }
    }

    /// Runs `call` until it does not fail with EINTR.
    static func attempt<Value: BinaryInteger>(_ call: () -> Value) -> Result<Value, Failure> {
        while true {
            let result = call()
            if result >= 0 { return .success(result) }
            let code = errno
            if code != EINTR { return .failure(Failure(code: code)) }
        }
    }

    /// Runs `call` until it does not fail with EINTR; a failure throws its WASI errno.
    @discardableResult
    static func check<Value: BinaryInteger>(_ call: () -> Value) throws(WASIErrno) -> Value {
        switch attempt(call) {
        case .success(let value): return value
        case .failure(let failure): throw failure.wasiErrno
        }
    }

    /// For the calls that return an error number instead of setting errno
    /// (`posix_fadvise`, `posix_fallocate`).
    static func checkReturnedError(_ call: () -> Int32) throws(WASIErrno) {
        while true {
            let code = call()
            if code == 0 { return }
            if code != EINTR { throw WASIErrno(hostErrno: code) }
        }
    }
}

/// A path as the kernel takes it. Built from bytes already checked to hold
/// no NUL; keeping the terminated copy means nothing is allocated or freed
/// between a call and the read of its errno.
struct HostPath {
    let bytes: [UInt8]
    private let terminated: [CChar]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        terminated = bytes.map { CChar(bitPattern: $0) } + [0]
    }

    static let dot = HostPath([UInt8(ascii: ".")])
    static let empty = HostPath([])

    func withCString<Result>(_ body: (UnsafePointer<CChar>) -> Result) -> Result {
        terminated.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

/// The text of the symbolic link `name` in `directory`, or nil if it is not one.
func symbolicLinkTarget(in directory: Int32, named name: HostPath) -> [UInt8]? {
    var capacity = Int(PATH_MAX) + 1
    while true {
        var buffer = [UInt8](repeating: 0, count: capacity)
        let outcome = HostCall.attempt {
            buffer.withUnsafeMutableBytes { raw in
                name.withCString { readlinkat(directory, $0, raw.baseAddress!.assumingMemoryBound(to: CChar.self), capacity) }
            }
        }
        guard case .success(let length) = outcome else { return nil }
        if length < capacity { return Array(buffer[..<length]) }
        capacity *= 2
    }
}
