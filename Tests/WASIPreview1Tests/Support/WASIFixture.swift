/// A guest for one test: a fresh store and instance of the wrapper module,
/// a `WASIHost` over a scratch directory (preopened as fd 3, "/sandbox"),
/// standard output and error captured in files, and helpers to lay out
/// arguments in the guest's memory and read results back.
import Foundation
import Glibc
import WasmCore
import WasmRuntime

@testable import WASIPreview1

/// A string placed in guest memory, as path arguments want it.
struct GuestString {
    let pointer: UInt64
    let length: UInt64
}

final class WASIFixture {
    let scratch: Scratch
    let host: WASIHost
    let store: Store
    let instance: Instance
    let memory: Memory
    let standardOutputPath: String
    let standardErrorPath: String
    private var ownedDescriptors: [Int32] = []
    /// Next free guest address for arguments; the first 4 KiB stay zero so 0 is never valid data.
    private var nextFree: UInt32 = 4096

    /// The sandbox's guest descriptor.
    static let sandbox: UInt64 = 3

    init(
        strategy: PathResolutionStrategy? = nil, arguments: [String] = ["guest.wasm"], environment: [String] = [],
        extraPreopens: [PreopenDirectory] = [], standardInput: Int32? = nil, standardOutput: Int32? = nil,
        standardError: Int32? = nil, attachMemory: Bool = true, scratch: Scratch? = nil
    ) throws {
        let scratch = try scratch ?? Scratch()
        self.scratch = scratch
        standardOutputPath = scratch.stdio + "/stdout"
        standardErrorPath = scratch.stdio + "/stderr"
        let input = standardInput ?? Glibc.open("/dev/null", O_RDONLY | O_CLOEXEC)
        let output = standardOutput ?? Glibc.open(standardOutputPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        let error = standardError ?? Glibc.open(standardErrorPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if standardInput == nil { ownedDescriptors.append(input) }
        if standardOutput == nil { ownedDescriptors.append(output) }
        if standardError == nil { ownedDescriptors.append(error) }

        let configuration = WASIConfiguration(
            arguments: arguments, environment: environment,
            preopens: [PreopenDirectory(hostPath: scratch.sandbox, guestPath: "/sandbox")] + extraPreopens,
            standardInput: input, standardOutput: output, standardError: error)
        host = try WASIHost(configuration: configuration)
        if let strategy { host.pathResolver.strategy = strategy }
        store = Store(engine: sharedEngine)
        var imports = Imports()
        host.define(in: &imports, store: store)
        instance = try Instance(store: store, module: allFunctionsModule, imports: imports)
        memory = instance.memory("memory")!
        if attachMemory { host.attach(memory: memory) }
    }

    deinit {
        ownedDescriptors.forEach { close($0) }
    }

    // MARK: - Calls

    /// Calls the wrapper of a WASI function; the errno it returned.
    @discardableResult
    func call(_ name: String, _ arguments: UInt64...) throws -> UInt16 {
        try call(name, arguments: arguments)
    }

    @discardableResult
    func call(_ name: String, arguments: [UInt64]) throws -> UInt16 {
        guard let signature = preview1Signatures.first(where: { $0.name == name }) else {
            fatalError("no WASI function \(name)")
        }
        precondition(arguments.count == signature.parameters.count, "\(name) takes \(signature.parameters.count) arguments")
        let values = zip(signature.parameters, arguments).map { type, value in
            type == .i32 ? Value.i32(UInt32(truncatingIfNeeded: value)) : Value.i64(value)
        }
        let results = try instance.function(name)!.call(values)
        return UInt16(truncatingIfNeeded: results.first?.i32 ?? 0)
    }

    // MARK: - Guest memory

    /// Reserves `count` bytes (8-aligned) and returns their address.
    func allocate(_ count: Int) -> UInt32 {
        let address = nextFree
        nextFree += UInt32((count + 7) & ~7)
        precondition(Int(nextFree) <= memory.byteCount / 2, "test arguments overflow their area")
        return address
    }

    func place(_ bytes: [UInt8]) -> UInt32 {
        let address = allocate(max(bytes.count, 1))
        try! memory.write(bytes, at: UInt64(address))
        return address
    }

    func string(_ text: String) -> GuestString {
        let bytes = Array(text.utf8)
        return GuestString(pointer: UInt64(place(bytes)), length: UInt64(bytes.count))
    }

    /// An iovec array over the given (address, length) buffers.
    func ioVectors(_ buffers: [(UInt32, UInt32)]) -> UInt32 {
        var bytes: [UInt8] = []
        for (address, length) in buffers {
            bytes += withUnsafeBytes(of: address.littleEndian, Array.init)
            bytes += withUnsafeBytes(of: length.littleEndian, Array.init)
        }
        return place(bytes)
    }

    func bytes(at address: UInt32, count: Int) -> [UInt8] {
        try! memory.read(at: UInt64(address), count: count)
    }

    func write(_ bytes: [UInt8], at address: UInt32) {
        try! memory.write(bytes, at: UInt64(address))
    }

    func u8(at address: UInt32) -> UInt8 { bytes(at: address, count: 1)[0] }
    func u16(at address: UInt32) -> UInt16 { load(at: address) }
    func u32(at address: UInt32) -> UInt32 { load(at: address) }
    func u64(at address: UInt32) -> UInt64 { load(at: address) }

    private func load<Integer: FixedWidthInteger>(at address: UInt32) -> Integer {
        let raw = bytes(at: address, count: MemoryLayout<Integer>.size)
        return raw.reversed().reduce(0) { ($0 << 8) | Integer($1) }
    }

    // MARK: - Common sequences

    /// path_open from `directory`; the errno and the new descriptor.
    func open(
        _ path: String, oflags: UInt32 = 0, rights: UInt64 = ABI.allRights, inheriting: UInt64 = ABI.allRights,
        fdflags: UInt32 = 0, lookup: UInt32 = ABI.lookupSymlinkFollow, from directory: UInt64 = sandbox
    ) throws -> (errno: UInt16, fd: UInt64) {
        let name = string(path)
        let result = allocate(4)
        write([0xEE, 0xEE, 0xEE, 0xEE], at: result)
        let errno = try call(
            "path_open", directory, UInt64(lookup), name.pointer, name.length, UInt64(oflags), rights, inheriting,
            UInt64(fdflags), UInt64(result))
        return (errno, UInt64(u32(at: result)))
    }

    /// fd_write of one buffer; the errno and the count written.
    func write(fd: UInt64, _ text: String) throws -> (errno: UInt16, count: UInt32) {
        let data = Array(text.utf8)
        let vectors = ioVectors([(place(data), UInt32(data.count))])
        let result = allocate(4)
        let errno = try call("fd_write", fd, UInt64(vectors), 1, UInt64(result))
        return (errno, u32(at: result))
    }

    /// fd_read into one buffer; the errno and what was read.
    func read(fd: UInt64, count: Int) throws -> (errno: UInt16, text: String) {
        let buffer = allocate(count)
        let vectors = ioVectors([(buffer, UInt32(count))])
        let result = allocate(4)
        let errno = try call("fd_read", fd, UInt64(vectors), 1, UInt64(result))
        let read = errno == Errno.success ? Int(u32(at: result)) : 0
        return (errno, String(decoding: bytes(at: buffer, count: read), as: UTF8.self))
    }

    /// Calls a path function that takes (fd, path, path_len).
    func pathCall(_ name: String, _ path: String, from directory: UInt64 = sandbox) throws -> UInt16 {
        let guestPath = string(path)
        return try call(name, directory, guestPath.pointer, guestPath.length)
    }

    /// path_filestat_get; the errno and the 64-byte filestat's address.
    func filestat(_ path: String, lookup: UInt32 = ABI.lookupSymlinkFollow) throws -> (errno: UInt16, filestat: UInt32) {
        let guestPath = string(path)
        let result = allocate(64)
        let errno = try call("path_filestat_get", Self.sandbox, UInt64(lookup), guestPath.pointer, guestPath.length, UInt64(result))
        return (errno, result)
    }

    var standardOutput: String { (try? String(contentsOfFile: standardOutputPath, encoding: .utf8)) ?? "" }
    var standardError: String { (try? String(contentsOfFile: standardErrorPath, encoding: .utf8)) ?? "" }
}
