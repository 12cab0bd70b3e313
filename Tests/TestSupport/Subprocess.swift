/// Runs a tool to completion and collects what it printed, for tests that
/// build programs with clang or compare against native runs.
import Foundation

public struct SubprocessResult: Sendable {
    public var status: Int32
    /// True when a signal ended the process; `status` is then the signal number.
    public var wasSignaled: Bool
    public var standardOutput: Data
    public var standardError: String

    public var outputText: String { String(decoding: standardOutput, as: UTF8.self) }
}

public struct SubprocessFailure: Error, CustomStringConvertible {
    public var description: String
    public init(description: String) { self.description = description }
}

public enum Subprocess {
    /// PATH for tools: LLVM 16 first, and never binaryen's wasm-opt, which
    /// clang would run at -O1 and above and which destroys DWARF.
    public static let toolPath = "/usr/lib/llvm-16/bin:/usr/bin:/bin"

    public static func run(
        _ executable: String, _ arguments: [String], directory: String? = nil, standardInput: String? = nil
    ) throws -> SubprocessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = toolPath
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        if let standardInput {
            process.standardInput = FileHandle(forReadingAtPath: standardInput)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        // Drain stderr on another thread while reading stdout: a full pipe would block the child.
        let errorReader = PipeDrain(errors)
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errorReader.wait()
        process.waitUntilExit()
        return SubprocessResult(
            status: process.terminationStatus, wasSignaled: process.terminationReason == .uncaughtSignal,
            standardOutput: outputData, standardError: String(decoding: errorData, as: UTF8.self))
    }

    /// Runs a tool that must succeed; its standard output.
    @discardableResult
    public static func check(_ executable: String, _ arguments: [String], directory: String? = nil) throws -> String {
        let result = try run(executable, arguments, directory: directory)
        guard !result.wasSignaled && result.status == 0 else {
            throw SubprocessFailure(
                description: "\(executable) \(arguments.joined(separator: " ")) failed (status \(result.status)):\n\(result.standardError)")
        }
        return result.outputText
    }
}

private final class PipeDrain: @unchecked Sendable {
    // Unchecked Sendable: `data` is written before `done` is signalled and read after.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        let thread = Thread { [self] in
            data = pipe.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        thread.start()
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
