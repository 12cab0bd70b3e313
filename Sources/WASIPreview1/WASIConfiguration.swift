/// What a WASI guest is given: its arguments, environment, the host
/// directories it may reach and the host descriptors it sees as 0, 1 and 2.

/// A host directory the guest may use, and the name it knows it by.
public struct PreopenDirectory: Sendable {
    public var hostPath: String
    public var guestPath: String

    public init(hostPath: String, guestPath: String) {
        self.hostPath = hostPath
        self.guestPath = guestPath
    }
}

public struct WASIConfiguration: Sendable {
    /// argv; `[0]` is the program name.
    public var arguments: [String]
    /// "KEY=VALUE" entries, in order.
    public var environment: [String]
    /// They become guest descriptors 3, 4, … in order.
    public var preopens: [PreopenDirectory]
    /// The host descriptors the guest sees as 0, 1 and 2. WASI never closes them on the host.
    public var standardInput: Int32
    public var standardOutput: Int32
    public var standardError: Int32

    public init(
        arguments: [String] = [], environment: [String] = [], preopens: [PreopenDirectory] = [],
        standardInput: Int32 = 0, standardOutput: Int32 = 1, standardError: Int32 = 2
    ) {
        self.arguments = arguments
        self.environment = environment
        self.preopens = preopens
        self.standardInput = standardInput
        self.standardOutput = standardOutput
        self.standardError = standardError
    }
}

/// A configuration the host cannot honour, such as a preopen that does not exist.
public struct WASIConfigurationError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// How `proc_exit` stops the guest: the payload of the `HostError` it throws,
/// found by the caller in `trap.hostError?.payload`.
public struct WASIExit: Error, Sendable, CustomStringConvertible {
    public var code: UInt32

    public init(code: UInt32) {
        self.code = code
    }

    public var description: String { "exit status \(code)" }
}
