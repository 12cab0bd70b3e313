/// The root command: lists the subcommands, one per file in this folder.
import ArgumentParser

public struct WasmScope: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "wasmscope",
        abstract: "A terminal debugger and profiler for WebAssembly, on its own x86-64 JIT.",
        subcommands: [Run.self, Debug.self, Profile.self, Inspect.self, Wast.self]
    )

    public init() {}
}
