/// The program's sandbox as `run`, `debug` and `profile` all take it, with
/// wasmtime's flags: preopened directories and environment variables.
import ArgumentParser
import Foundation
import ProgramRunner
import WASIPreview1

public struct WASIOptions: ParsableArguments {
    @Option(name: .customLong("dir"), help: ArgumentHelp("Give the program a host directory, as GUEST (default: HOST).", valueName: "HOST[::GUEST]"))
    public var directories: [String] = []

    @Option(name: .customLong("env"), help: ArgumentHelp("Set an environment variable; KEY alone passes the host's value.", valueName: "KEY[=VALUE]"))
    public var environment: [String] = []

    public init() {}

    func preopens() throws(ProgramError) -> [PreopenDirectory] {
        try directories.map(Self.preopen)
    }

    func environmentEntries() throws(ProgramError) -> [String] {
        try environment.map(Self.environmentEntry)
    }

    /// The program `run`, `debug` and `profile` start: `module` with
    /// `arguments` in this sandbox, `preloads` given as `--preload` text.
    func specification(
        module: String, arguments: [String], preloads: [String] = [], standardOutput: Int32, standardError: Int32
    ) throws(ProgramError) -> ProgramSpecification {
        ProgramSpecification(
            modulePath: module, arguments: arguments,
            environment: try environmentEntries(),
            directories: try preopens(),
            preloads: try preloads.map(Self.preload),
            standardOutput: standardOutput, standardError: standardError)
    }

    /// `--preload NAME=PATH`.
    static func preload(_ text: String) throws(ProgramError) -> ProgramSpecification.Preload {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex, text.index(after: equals) != text.endIndex
        else { throw ProgramError("--preload \(text): expected NAME=PATH") }
        return .init(name: String(text[..<equals]), path: String(text[text.index(after: equals)...]))
    }

    /// `HOST::GUEST`, or `HOST` seen by the guest under the same name (wasmtime's rule).
    static func preopen(_ text: String) throws(ProgramError) -> PreopenDirectory {
        let parts = text.components(separatedBy: "::")
        guard parts.count <= 2, let host = parts.first, !host.isEmpty else {
            throw ProgramError("--dir \(text): expected HOST or HOST::GUEST")
        }
        return PreopenDirectory(hostPath: host, guestPath: parts.count == 2 ? parts[1] : host)
    }

    static func environmentEntry(_ text: String) throws(ProgramError) -> String {
        if text.contains("=") {
            guard !text.hasPrefix("=") else { throw ProgramError("--env \(text): the name is empty") }
            return text
        }
        guard let value = ProcessInfo.processInfo.environment[text] else {
            throw ProgramError("--env \(text): no such variable in the host environment")
        }
        return "\(text)=\(value)"
    }
}
