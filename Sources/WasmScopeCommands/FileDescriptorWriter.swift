/// Writes text straight to a file descriptor with write(2), bypassing stdio
/// buffers, so what wasmscope prints lands in order with what the guest
/// wrote through WASI (which also writes to the descriptors directly).
import Glibc

struct FileDescriptorWriter {
    let descriptor: Int32

    func write(_ text: String) {
        var bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeMutableBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { return }
            written += result
        }
    }
}
