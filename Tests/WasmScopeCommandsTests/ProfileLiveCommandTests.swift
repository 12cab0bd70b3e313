/// `wasmscope profile --tui` without a terminal is a clear error, before
/// anything runs (the live view itself is tested in tmux, in TUITests).
import Foundation
import Testing

@testable import WasmScopeCommands

@Suite struct ProfileLiveCommandTests {
    @Test func tuiWithoutATerminalSaysSo() throws {
        let command = try Profile.parse(["--tui", "program-that-is-never-loaded.wasm"])
        #expect(command.tui)
        var descriptors: [Int32] = [0, 0]
        try #require(pipe(&descriptors) == 0)
        let output = open("/dev/null", O_WRONLY | O_CLOEXEC)
        let status = command.execute(standardOutput: output, standardError: descriptors[1])
        close(descriptors[1])
        close(output)
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = read(descriptors[0], &bytes, bytes.count)
        close(descriptors[0])
        let errors = String(decoding: bytes.prefix(max(0, count)), as: UTF8.self)
        #expect(status == 1)
        #expect(errors.contains("--tui needs a terminal on standard output"), "\(errors)")
    }
}
