/// The guest's stdout and stderr, captured into the output pane: the
/// program gets the write end of a pipe as its fds 1 and 2, and a reader
/// thread moves what arrives into an `OutputBuffer` the UI drains. The
/// command interpreter's output goes into the same buffer.
import Foundation
import Glibc

/// Text waiting for the UI thread, from any thread.
public final class OutputBuffer: @unchecked Sendable {
    // Unchecked Sendable: `pending` is only touched under `lock`.
    private let lock = NSLock()
    private var pending: [(text: String, style: CellStyle)] = []

    public init() {}

    public func append(_ text: String, style: CellStyle = .normal) {
        lock.withLock { pending.append((text, style)) }
    }

    /// Everything appended since the last call.
    public func drain() -> [(text: String, style: CellStyle)] {
        lock.withLock {
            let drained = pending
            pending = []
            return drained
        }
    }
}

public final class OutputCapture: @unchecked Sendable {
    // Unchecked Sendable: the descriptors are set once in init; the reader
    // thread only reads `readDescriptor` and appends to the buffer.
    /// Give this to the program as its stdout and stderr.
    public let writeDescriptor: Int32
    private let readDescriptor: Int32
    public let buffer = OutputBuffer()
    /// The bytes exactly as the program wrote them (escape sequences
    /// included), for showing on the real terminal (`o`).
    private let raw = RawOutputLog()

    public init() throws {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "pipe: \(String(cString: strerror(errno)))"])
        }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
        // Nothing we spawn (clang, make in tests) should inherit the pipe.
        _ = fcntl(readDescriptor, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeDescriptor, F_SETFD, FD_CLOEXEC)
        let thread = Thread { [readDescriptor, buffer, raw] in
            var chunk = [UInt8](repeating: 0, count: 4096)
            // Bytes of a UTF-8 sequence split across reads wait for the rest.
            var carry: [UInt8] = []
            while true {
                let count = chunk.withUnsafeMutableBytes { read(readDescriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                raw.append(chunk[0..<count])
                var bytes = carry + chunk[0..<count]
                carry = []
                var end = bytes.count
                // Back up over an unfinished trailing sequence (at most 3 bytes).
                var back = 0
                while back < 3, end - back - 1 >= 0, bytes[end - back - 1] & 0xC0 == 0x80 { back += 1 }
                if end - back - 1 >= 0 {
                    let lead = bytes[end - back - 1]
                    let needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
                    if needed > back + 1 {
                        end -= back + 1
                        carry = Array(bytes[end...])
                        bytes.removeSubrange(end...)
                    }
                }
                buffer.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        thread.name = "wasmscope.output"
        thread.start()
    }

    /// What the program wrote so far, as it wrote it (the newest
    /// `RawOutputLog.capacity` bytes).
    public func rawOutput() -> [UInt8] {
        raw.contents()
    }

    /// Closes the write end so the reader thread sees end of file.
    public func close() {
        Glibc.close(writeDescriptor)
    }
}

/// The program's output bytes, from the reader thread to the UI thread.
/// Bounded: a chatty program keeps only its newest output.
final class RawOutputLog: @unchecked Sendable {
    // Unchecked Sendable: `bytes` is only touched under `lock`.
    static let capacity = 1 << 20
    private let lock = NSLock()
    private var bytes: [UInt8] = []

    func append(_ chunk: ArraySlice<UInt8>) {
        lock.withLock {
            bytes += chunk
            // Trim in large steps so appends stay cheap.
            if bytes.count > Self.capacity + Self.capacity / 4 { bytes.removeFirst(bytes.count - Self.capacity) }
        }
    }

    func contents() -> [UInt8] {
        lock.withLock { bytes.count > Self.capacity ? Array(bytes.suffix(Self.capacity)) : bytes }
    }
}
