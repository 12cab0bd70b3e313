/// `--perfmap`, part two: a jitdump file (`jit-PID.dump`, the format of
/// Linux perf's tools/perf/Documentation/jitdump-specification.txt), which
/// unlike the map carries the machine code itself and line numbers, so
/// `perf inject --jit` can make ELF images that `perf report` and
/// `perf annotate` resolve and disassemble:
///
///     perf record -k mono -g wasmscope profile --perfmap prog.wasm
///     perf inject --jit -i perf.data -o perf.jit.data
///     perf report -i perf.jit.data
///
/// The file holds a header, then per function a JIT_CODE_DEBUG_INFO record
/// (the line of each wasm op's first instruction, from DWARF) and a
/// JIT_CODE_LOAD record (name, address, code). perf learns about the file
/// from an executable mapping of it in the process, so the writer maps its
/// first page with PROT_EXEC and keeps the mapping while the object lives.
import Foundation
import Glibc
import Symbolication
import WasmJIT
import WasmRuntime

public final class JitDump {
    public static let magic: UInt32 = 0x4A69_5444  // "JiTD" read as a little-endian u32
    public static let version: UInt32 = 1
    public static let headerSize = 40
    /// EM_X86_64.
    public static let machine: UInt32 = 62
    public static let codeLoadRecord: UInt32 = 0
    public static let debugInfoRecord: UInt32 = 2

    public let path: String
    private var mapping: UnsafeMutableRawPointer?
    private var descriptor: Int32 = -1

    /// Where perf's convention puts it: `jit-PID.dump`, here in /tmp beside the map.
    public static func defaultPath(processID: Int32 = getpid()) -> String { "/tmp/jit-\(processID).dump" }

    /// Writes the dump for `modules` (on this thread, `threadID` being its
    /// kernel id) and maps it so a running `perf record` notices.
    public init(
        modules: [LoadedModule], symbolication: ProfileSymbolication, threadID: Int32, path: String = defaultPath()
    ) throws {
        self.path = path
        let bytes = Self.contents(modules: modules, symbolication: symbolication, threadID: threadID)
        let descriptor = open(path, O_CREAT | O_TRUNC | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Self.failure("cannot create \(path)") }
        self.descriptor = descriptor
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw Self.failure("cannot write \(path)") }
            written += result
        }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard let mapped = mmap(nil, page, PROT_READ | PROT_EXEC, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            throw Self.failure("cannot map \(path)")
        }
        mapping = mapped
    }

    deinit {
        if let mapping { munmap(mapping, Int(sysconf(Int32(_SC_PAGESIZE)))) }
        if descriptor >= 0 { close(descriptor) }
    }

    private static func failure(_ message: String) -> NSError {
        NSError(domain: "wasmscope.jitdump", code: Int(errno), userInfo: [NSLocalizedDescriptionKey: "\(message): \(String(cString: strerror(errno)))"])
    }

    /// The whole file: header and records.
    public static func contents(modules: [LoadedModule], symbolication: ProfileSymbolication, threadID: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        let processID = UInt32(bitPattern: getpid())
        // Header.
        append(&bytes, magic)
        append(&bytes, version)
        append(&bytes, UInt32(headerSize))
        append(&bytes, machine)
        append(&bytes, UInt32(0))  // pad1
        append(&bytes, processID)
        append(&bytes, monotonicNanoseconds())
        append(&bytes, UInt64(0))  // flags

        var codeIndex: UInt64 = 0
        for module in modules {
            let moduleName = module.name ?? "module"
            symbolication.withSymbolizer(for: module) { symbolizer in
                for function in module.compiledModule.functions where !function.codeRange.isEmpty {
                    let address = UInt64(module.codeBaseAddress) + UInt64(function.codeRange.lowerBound)
                    let lines = lineEntries(function: function, module: module, symbolizer: symbolizer)
                    if !lines.isEmpty {
                        appendDebugInfo(&bytes, codeAddress: address, entries: lines)
                    }
                    let name = "wasm!\(moduleName)!\(symbolizer.functionName(function.functionIndex))"
                    let code = Array(module.compiledModule.code[function.codeRange])
                    appendCodeLoad(
                        &bytes, processID: processID, threadID: UInt32(bitPattern: threadID), address: address,
                        code: code, index: codeIndex, name: name)
                    codeIndex += 1
                }
            }
        }
        return bytes
    }

    /// (machine address, line, file) of each op whose line differs from the op before it.
    private static func lineEntries(
        function: CompiledFunction, module: LoadedModule, symbolizer: Symbolizer
    ) -> [(address: UInt64, line: UInt32, file: String)] {
        guard let debugInfo = symbolizer.debugInfo else { return [] }
        var entries: [(address: UInt64, line: UInt32, file: String)] = []
        for op in function.opMap where op.machineEnd > op.machineStart {
            guard let address = symbolizer.debugAddress(moduleOffset: Int(op.wasmOffset)),
                let location = debugInfo.sourceLocation(at: address)
            else { continue }
            if let last = entries.last, last.line == UInt32(location.line), last.file == location.file { continue }
            entries.append((UInt64(module.codeBaseAddress) + UInt64(op.machineStart), UInt32(location.line), location.file))
        }
        return entries
    }

    private static func appendDebugInfo(
        _ bytes: inout [UInt8], codeAddress: UInt64, entries: [(address: UInt64, line: UInt32, file: String)]
    ) {
        var body: [UInt8] = []
        append(&body, codeAddress)
        append(&body, UInt64(entries.count))
        for entry in entries {
            append(&body, entry.address)
            append(&body, entry.line)
            append(&body, UInt32(0))  // discriminator
            body += Array(entry.file.utf8) + [0]
        }
        appendRecordPrefix(&bytes, id: debugInfoRecord, bodySize: body.count)
        bytes += body
    }

    private static func appendCodeLoad(
        _ bytes: inout [UInt8], processID: UInt32, threadID: UInt32, address: UInt64, code: [UInt8], index: UInt64,
        name: String
    ) {
        var body: [UInt8] = []
        append(&body, processID)
        append(&body, threadID)
        append(&body, address)  // vma
        append(&body, address)  // code_addr
        append(&body, UInt64(code.count))
        append(&body, index)
        body += Array(name.utf8) + [0]
        body += code
        appendRecordPrefix(&bytes, id: codeLoadRecord, bodySize: body.count)
        bytes += body
    }

    /// id, total size (prefix included), timestamp.
    private static func appendRecordPrefix(_ bytes: inout [UInt8], id: UInt32, bodySize: Int) {
        append(&bytes, id)
        append(&bytes, UInt32(16 + bodySize))
        append(&bytes, monotonicNanoseconds())
    }

    private static func append<Value: FixedWidthInteger>(_ bytes: inout [UInt8], _ value: Value) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }
}
