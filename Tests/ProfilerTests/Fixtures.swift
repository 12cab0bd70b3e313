/// The profiler's test programs (Tests/ProfilerFixtures/*.c), compiled to
/// wasm once per test process, and profiled runs shared by the tests that
/// only read a profile.
import Foundation
import Profiler
import ProgramRunner
import TestSupport

enum Fixtures {
    static let sourceDirectory = Demos.repositoryRoot.appendingPathComponent("Tests/ProfilerFixtures").path
    /// A directory of this test process's own, removed when the process exits.
    static let buildDirectory: String = {
        let path = directoryPath(processID: getpid())
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: Fixtures.directoryPath(processID: getpid())) }
        return path
    }()

    static func directoryPath(processID: Int32) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("wasmscope-profiler-\(processID)").path
    }

    private static let split = Result { try compile("split") }
    private static let hostCalls = Result { try compile("hostcalls") }
    private static let calls = Result { try compile("calls") }

    /// `split.wasm`: busy_major and busy_minor at 70/30.
    static func splitProgram() throws -> String { try split.get() }

    /// `hostcalls.wasm`: fd_write and clock_time_get in loops.
    static func hostCallsProgram() throws -> String { try hostCalls.get() }

    /// `calls.wasm`: per round one count_round and 1000 leaf calls, then 1973 calls of fib.
    static func callsProgram() throws -> String { try calls.get() }

    /// The source line that holds `marker` in a fixture.
    static func line(of marker: String, in file: String) throws -> Int {
        let text = try String(contentsOfFile: "\(sourceDirectory)/\(file)", encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let index = lines.firstIndex(where: { $0.contains(marker) }) else {
            throw FixtureError(description: "no line with \(marker) in \(file)")
        }
        return index + 1
    }

    /// clang-16 -g -O1 for wasm32-wasi, with binaryen kept off PATH (Subprocess.toolPath) so DWARF survives.
    private static func compile(_ name: String) throws -> String {
        let output = "\(buildDirectory)/\(name).wasm"
        try Subprocess.check(
            "/usr/bin/clang-16",
            ["--target=wasm32-wasi", "-g", "-O1", "-o", output, "\(sourceDirectory)/\(name).c"])
        return output
    }

    /// A descriptor for /dev/null, for programs whose output the test does not want.
    static let devNull: Int32 = open("/dev/null", O_WRONLY | O_CLOEXEC)

    /// Profiles `path` with `arguments` on a thread of its own (the guest
    /// thread), stdout and stderr to /dev/null.
    static func profile(
        _ path: String, _ arguments: [String], options: ProfileOptions = ProfileOptions()
    ) throws -> (run: ProfileRun, session: ProfileSession) {
        let specification = ProgramSpecification(
            modulePath: path, arguments: arguments, standardOutput: devNull, standardError: devNull)
        return try profile(specification, options: options)
    }

    /// Profiles a program on a thread of its own: the sampler samples the
    /// thread that starts it, and a test's own thread belongs to the test pool.
    static func profile(
        _ specification: ProgramSpecification, options: ProfileOptions = ProfileOptions()
    ) throws -> (run: ProfileRun, session: ProfileSession) {
        let session = try ProfileSession(specification: specification, options: options)
        guard let result = GuestThread.run(timeout: 120, { Result { () throws(ProfileError) in try session.run() } }) else {
            throw FixtureError(description: "the profiled run of \(specification.modulePath) did not end within 120 s")
        }
        return (try result.get(), session)
    }

    /// One run of split.wasm shared by the format tests (they only read it).
    static let sharedSplitRun = Result { () throws -> (run: ProfileRun, session: ProfileSession) in
        try profile(try splitProgram(), ["25000"], options: ProfileOptions(clock: .wall))
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
}
