/// The WASI preview1 host: the state one guest's WASI calls share (its
/// descriptors, arguments, environment and memory) and the host functions
/// that give the guest access to it.
///
/// A host serves one instance, on one thread at a time, like the `Store`
/// it is defined in. Typical use:
///
///     let wasi = try WASIHost(configuration: configuration)
///     var imports = Imports()
///     wasi.define(in: &imports, store: store)
///     let instance = try Instance(store: store, module: module, imports: imports)
///     wasi.attach(memory: instance.memory("memory")!)
///     try instance.function("_start")!.call([])   // proc_exit: trap.hostError?.payload is WASIExit
import CWASISupport
import Glibc
import WasmCore
import WasmRuntime

public final class WASIHost {
    public static let moduleName = "wasi_snapshot_preview1"

    public let configuration: WASIConfiguration
    /// The WASI function the guest is in right now, for a debugger or
    /// profiler that stops the guest inside host code; nil between calls.
    public private(set) var currentCall: String?

    private(set) var memory: Memory?
    var descriptors = FileDescriptorTable()
    /// How guest paths are resolved; tests force the component walk that
    /// kernels without openat2 get.
    var pathResolver = PathResolver(strategy: .preferred)
    /// argv and environ as the guest receives them, each NUL-terminated.
    let argumentStrings: [[UInt8]]
    let environmentStrings: [[UInt8]]

    /// Opens every preopened directory; fails, closing what it opened, if one cannot be.
    public init(configuration: WASIConfiguration) throws(WASIConfigurationError) {
        self.configuration = configuration
        argumentStrings = configuration.arguments.map { Array($0.utf8) + [0] }
        environmentStrings = configuration.environment.map { Array($0.utf8) + [0] }

        let standardStreams: [(Int32, DescriptorRole, Rights)] = [
            (configuration.standardInput, .standardInput, .fdRead),
            (configuration.standardOutput, .standardOutput, .fdWrite),
            (configuration.standardError, .standardOutput, .fdWrite),
        ]
        for (hostDescriptor, role, rights) in standardStreams {
            // As wasmtime: a terminal is a character device, anything else unknown,
            // which keeps wasi-libc's isatty() true exactly for terminals.
            let entry = FileDescriptorEntry(
                hostDescriptor: hostDescriptor, ownsHostDescriptor: false, role: role,
                filetype: isatty(hostDescriptor) == 1 ? .characterDevice : .unknown,
                rightsBase: rights, rightsInheriting: rights, flags: [])
            _ = try? descriptors.insert(entry)
        }

        for preopen in configuration.preopens {
            let descriptor: Int32
            switch Self.openPreopenedDirectory(preopen.hostPath) {
            case .success(let opened):
                descriptor = opened
            case .failure(let failure):
                closeOwnedDescriptors()
                let reason = String(cString: strerror(failure.code))
                throw WASIConfigurationError("cannot open directory \(preopen.hostPath) for --dir: \(reason)")
            }
            let entry = FileDescriptorEntry(
                hostDescriptor: descriptor, ownsHostDescriptor: true,
                role: .preopenedDirectory(guestPath: Array(preopen.guestPath.utf8)), filetype: .directory,
                rightsBase: .preopenBase, rightsInheriting: .preopenInheriting, flags: [])
            _ = try? descriptors.insert(entry)
        }
    }

    deinit {
        closeOwnedDescriptors()
    }

    /// The instance's exported memory: every pointer the guest passes points
    /// into it. Until one is attached, every pointer is `EFAULT`.
    public func attach(memory: Memory) {
        self.memory = memory
    }

    /// Defines every `wasi_snapshot_preview1` function in `imports`.
    public func define(in imports: inout Imports, store: Store) {
        for function in Self.functions {
            let hostFunction = Function(store: store, type: function.type) { arguments throws(HostError) in
                try self.invoke(function, arguments)
            }
            imports.define(module: Self.moduleName, name: function.name, .function(hostFunction))
        }
    }

    /// The names of every function `define` provides.
    public static var functionNames: [String] { functions.map(\.name) }

    func invoke(_ function: WASIFunction, _ arguments: [Value]) throws(HostError) -> [Value] {
        let outerCall = currentCall
        currentCall = function.name
        defer { currentCall = outerCall }
        return try function.body(self, WASIArguments(values: arguments))
    }

    /// A fresh bounds-checked view for one call: the memory may have grown since the last.
    var guestMemory: GuestMemory { GuestMemory(memory) }

    private func closeOwnedDescriptors() {
        for (_, entry) in descriptors.openEntries {
            try? entry.closeHostDescriptor()
        }
    }

    private static func openPreopenedDirectory(_ path: String) -> Result<Int32, HostCall.Failure> {
        let hostPath = HostPath(Array(path.utf8))
        // O_RDONLY so fd_readdir and futimens work; O_PATH for a directory we may enter but not list.
        let readable = HostCall.attempt { hostPath.withCString { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) } }
        guard case .failure(let failure) = readable, failure.code == EACCES else { return readable }
        return HostCall.attempt { hostPath.withCString { open($0, WASI_HOST_O_PATH | O_DIRECTORY | O_CLOEXEC) } }
    }
}
