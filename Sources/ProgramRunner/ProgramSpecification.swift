/// Everything `wasmscope run` (and the debugger's `run`) needs to start a
/// program, in wasmtime's terms: the module, its arguments, environment,
/// preopened directories and preloaded modules.
import WASIPreview1

public struct ProgramSpecification: Sendable {
    /// A `.wasm` or `.wat` file.
    public var modulePath: String
    /// The program's arguments after argv[0], which is the module's file name.
    public var arguments: [String]
    /// `KEY=VALUE` entries.
    public var environment: [String]
    public var directories: [PreopenDirectory]
    /// Modules instantiated first, their exports importable under `name`.
    public var preloads: [Preload]
    /// Host file descriptors the guest sees as 0, 1 and 2.
    public var standardInput: Int32
    public var standardOutput: Int32
    public var standardError: Int32

    public struct Preload: Sendable {
        public var name: String
        public var path: String
        public init(name: String, path: String) {
            self.name = name
            self.path = path
        }
    }

    public init(
        modulePath: String, arguments: [String] = [], environment: [String] = [],
        directories: [PreopenDirectory] = [], preloads: [Preload] = [],
        standardInput: Int32 = 0, standardOutput: Int32 = 1, standardError: Int32 = 2
    ) {
        self.modulePath = modulePath
        self.arguments = arguments
        self.environment = environment
        self.directories = directories
        self.preloads = preloads
        self.standardInput = standardInput
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// argv[0] is the file name without its directory, as wasmtime passes it.
    var programName: String {
        modulePath.split(separator: "/").last.map(String.init) ?? modulePath
    }

    func wasiConfiguration() -> WASIConfiguration {
        WASIConfiguration(
            arguments: [programName] + arguments, environment: environment, preopens: directories,
            standardInput: standardInput, standardOutput: standardOutput, standardError: standardError)
    }
}
