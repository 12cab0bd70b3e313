/// Drives the real `wasmscope` binary inside a private tmux server: its own
/// socket directory (TMUX_TMPDIR), every tmux call under `timeout`, and the
/// server killed when the harness closes, whatever happened in the test.
import Foundation
import Glibc
import TestSupport

final class TmuxHarness {
    let socketDirectory: String
    private var closed = false
    /// The server's process, killed outright if `kill-server` does not end it.
    private var serverPID: pid_t?

    /// The `wasmscope` built next to this test bundle (by `swift build --build-tests`), if any.
    static let wasmscopeBinary: String? = {
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL { candidates.append(executable.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for directory in candidates {
            // The bundle may be `wasmscopePackageTests.xctest` inside the build folder.
            for folder in [directory, directory.deletingLastPathComponent()] {
                let path = folder.appendingPathComponent("wasmscope").path
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
        }
        return nil
    }()

    static let tmuxPath: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    static var isAvailable: Bool { wasmscopeBinary != nil && tmuxPath != nil }

    /// Whether `stty -a` output on the screen shows the terminal back in
    /// cooked mode (canonical input and echo on), as it was before the TUI.
    static func showsCookedTerminal(_ screen: String) -> Bool {
        let settings = screen.replacingOccurrences(of: "\n", with: " ")
        return settings.contains(" icanon") && !settings.contains("-icanon") && settings.contains(" echo ")
            && !settings.contains("-echo ")
    }

    /// Starts `command` (run by sh) in a detached session of `width` x `height`.
    init(command: String, width: Int, height: Int) throws {
        socketDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("wasmscope-tmux-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true)
        let result = try tmux(["new-session", "-d", "-s", "tui", "-x", "\(width)", "-y", "\(height)", command])
        guard result.status == 0 else {
            close()
            throw SubprocessFailure(description: "tmux new-session failed: \(result.errors)")
        }
        serverPID = (try? tmux(["display-message", "-p", "-t", "tui", "#{pid}"]))
            .flatMap { pid_t($0.output.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    deinit { close() }

    /// Kills the server and removes its socket directory; idempotent.
    func close() {
        guard !closed else { return }
        closed = true
        _ = try? tmux(["kill-server"])
        if let serverPID {
            for _ in 0..<20 where kill(serverPID, 0) == 0 { Thread.sleep(forTimeInterval: 0.05) }
            if kill(serverPID, 0) == 0 { kill(serverPID, SIGKILL) }
        }
        try? FileManager.default.removeItem(atPath: socketDirectory)
    }

    /// Key names as tmux knows them (`F9`, `Enter`, `Tab`, `q`).
    func send(_ keys: String...) throws {
        _ = try tmux(["send-keys", "-t", "tui"] + keys)
    }

    /// Text typed literally.
    func type(_ text: String) throws {
        _ = try tmux(["send-keys", "-t", "tui", "-l", text])
    }

    func resize(width: Int, height: Int) throws {
        _ = try tmux(["resize-window", "-t", "tui", "-x", "\(width)", "-y", "\(height)"])
    }

    func capture() throws -> String {
        try tmux(["capture-pane", "-p", "-t", "tui"]).output
    }

    /// The screen with its colors and attributes as escape sequences (`capture-pane -e`).
    func captureWithAttributes() throws -> String {
        try tmux(["capture-pane", "-p", "-e", "-t", "tui"]).output
    }

    /// Polls the screen until `condition` holds; the last screen either way.
    @discardableResult
    func waitFor(
        _ what: String, timeout: TimeInterval = 20, _ condition: (String) -> Bool
    ) throws -> (screen: String, found: Bool) {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if condition(screen) { return (screen, true) }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return (screen, false)
    }

    func waitFor(_ text: String, timeout: TimeInterval = 20) throws -> (screen: String, found: Bool) {
        try waitFor(text, timeout: timeout) { $0.contains(text) }
    }

    /// Runs tmux under `timeout` with posix_spawn rather than Foundation's
    /// Process: a child spawned from a test's (libdispatch) thread inherits a
    /// signal mask blocking nearly everything, and the tmux server and the
    /// TUI would inherit it in turn (no SIGWINCH, no SIGTERM). Output goes
    /// to files, not pipes: the daemonized server would hold a pipe open.
    private func tmux(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        var environment = ProcessInfo.processInfo.environment
        environment["TMUX_TMPDIR"] = socketDirectory
        // Inside someone's tmux, TMUX would point the client at their server.
        environment["TMUX"] = nil
        environment["TERM"] = environment["TERM"].flatMap { $0.isEmpty || $0 == "dumb" ? nil : $0 } ?? "xterm-256color"
        let outputPath = socketDirectory + "/out-\(UUID().uuidString.prefix(8))"
        let errorPath = outputPath + ".err"
        defer {
            try? FileManager.default.removeItem(atPath: outputPath)
            try? FileManager.default.removeItem(atPath: errorPath)
        }
        let argv = ["/usr/bin/timeout", "10", Self.tmuxPath ?? "tmux"] + arguments
        let envp = environment.map { "\($0.key)=\($0.value)" }
        var cArguments = argv.map { strdup($0) } + [nil]
        var cEnvironment = envp.map { strdup($0) } + [nil]
        defer {
            for pointer in cArguments { free(pointer) }
            for pointer in cEnvironment { free(pointer) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, &cArguments, &cEnvironment)
        guard spawned == 0 else { throw SubprocessFailure(description: "cannot run tmux: error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exitStatus, output, errors)
    }
}
