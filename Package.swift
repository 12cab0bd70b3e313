// swift-tools-version:6.0
// wasmscope: a terminal debugger and profiler for WebAssembly on its own x86-64 JIT.
// Targets depend downward only; see docs/architecture.md for the map.

import PackageDescription

let swiftSettings: [SwiftSetting] = []

let package = Package(
    name: "wasmscope",
    products: [
        .executable(name: "wasmscope", targets: ["WasmScopeCLI"]),
        .executable(name: "wasmscope-bench", targets: ["WasmScopeBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swiftwasm/WasmKit", exact: "0.4.2"),
    ],
    targets: [
        // Module model, operator tables and the binary decoder.
        .target(name: "WasmCore", swiftSettings: swiftSettings),
        // Type checking of modules and function bodies; computes what the JIT needs.
        .target(name: "WasmValidator", dependencies: ["WasmCore"], swiftSettings: swiftSettings),
        // x86-64 machine code encoder: registers, operands, labels. Knows nothing of wasm.
        .target(name: "X64Assembler", swiftSettings: swiftSettings),
        // Zydis 4 (Debian's libzydis-dev ships no pkg-config file, so the module map links it).
        .systemLibrary(name: "CZydis", providers: [.apt(["libzydis-dev"])]),
        // Machine code to text, for tests, the debugger and the profiler.
        .target(name: "Disassembler", dependencies: ["CZydis"], swiftSettings: swiftSettings),
        // Single-pass compiler from validated wasm to x86-64, with code maps; the JIT/runtime ABI.
        .target(
            name: "WasmJIT", dependencies: ["WasmCore", "WasmValidator", "X64Assembler"], swiftSettings: swiftSettings),
        // What Swift cannot do: signal handlers, sigsetjmp entry trampolines, sigaltstack.
        .target(name: "CRuntimeSupport"),
        // Engine, store, instances, memories, tables, globals, host functions, traps.
        .target(
            name: "WasmRuntime",
            dependencies: ["WasmCore", "WasmValidator", "WasmJIT", "CRuntimeSupport"],
            swiftSettings: swiftSettings
        ),
        // What Swift cannot call directly for WASI: openat2 (a raw syscall) and friends.
        .target(name: "CWASISupport"),
        // WASI preview1 host functions over a sandboxed view of the host's file system.
        .target(
            name: "WASIPreview1", dependencies: ["WasmCore", "WasmRuntime", "CWASISupport"], swiftSettings: swiftSettings),
        // libdw and libelf, reached through an in-memory ELF that wraps a module's .debug_* sections.
        .target(name: "CDwarf", linkerSettings: [.linkedLibrary("dw"), .linkedLibrary("elf")]),
        // Source-level knowledge from DWARF: line tables, functions, inlining, variables, types.
        .target(name: "DWARF", dependencies: ["CDwarf", "WasmCore"], swiftSettings: swiftSettings),
        // The C++ ABI's demangler (__cxa_demangle), which Swift cannot declare itself.
        .target(name: "CDemangle", linkerSettings: [.linkedLibrary("stdc++")]),
        // Machine and module addresses to names and source lines: trap reports, backtraces, profiles.
        .target(
            name: "Symbolication",
            dependencies: ["WasmCore", "WasmJIT", "WasmRuntime", "DWARF", "CDemangle"],
            swiftSettings: swiftSettings
        ),
        // A WASI program from files to outcome: loading (.wasm or .wat), preloads, linking, the entry call.
        .target(
            name: "ProgramRunner",
            dependencies: [
                "WasmCore", "WasmJIT", "WasmRuntime", "WASIPreview1", .product(name: "WAT", package: "WasmKit"),
            ],
            swiftSettings: swiftSettings
        ),
        // Signal-level debugging: stopping a guest thread in its SIGTRAP/SIGSEGV handler and resuming it.
        .target(name: "CDebuggerSupport", dependencies: ["CRuntimeSupport"]),
        // C-like expressions over DWARF types: parsing, evaluation, gdb-style value and memory formatting.
        .target(name: "DebugExpressions", dependencies: ["DWARF"], swiftSettings: swiftSettings),
        // Debug sessions: the guest on its own thread, breakpoints, stepping, frames, variables, memory, watchpoints.
        .target(
            name: "Debugger",
            dependencies: [
                "WasmCore", "WasmJIT", "WasmRuntime", "ProgramRunner", "WASIPreview1", "DWARF", "Symbolication",
                "DebugExpressions", "Disassembler", "CDebuggerSupport", "CRuntimeSupport",
            ],
            swiftSettings: swiftSettings
        ),
        // gdb's command language over a debug session, shared by --batch, the REPL and the TUI.
        .target(
            name: "DebugCommands",
            dependencies: [
                "Debugger", "DebugExpressions", "DWARF", "Symbolication", "WasmCore", "WasmRuntime", "ProgramRunner",
                "Profiler",
            ],
            swiftSettings: swiftSettings
        ),
        // ncursesw (wide characters), with the macros Swift cannot import wrapped as functions.
        .target(name: "CNcurses", linkerSettings: [.linkedLibrary("ncursesw")]),
        // The full-screen debugger: view models in plain Swift, ncurses only draws them.
        .target(
            name: "TUI",
            dependencies: [
                "Debugger", "DebugCommands", "DebugExpressions", "DWARF", "Symbolication", "WasmCore", "WasmRuntime",
                "ProgramRunner", "Profiler", "Disassembler", "CNcurses",
            ],
            swiftSettings: swiftSettings
        ),
        // The sampler's signal handler and per-thread timer.
        .target(name: "CSampler", dependencies: ["CRuntimeSupport"]),
        // Sampling profiler: samples to functions, ops, lines and instructions; reports and exporters.
        .target(
            name: "Profiler",
            dependencies: [
                "WasmCore", "WasmJIT", "WasmRuntime", "ProgramRunner", "Symbolication", "DWARF", "Disassembler",
                "CSampler", "CRuntimeSupport",
            ],
            swiftSettings: swiftSettings
        ),
        // Spec scripts (.wast): parses them with WasmKit's WAT library and checks each directive.
        .target(
            name: "WastRunner",
            dependencies: [
                "WasmCore", "WasmValidator", "WasmRuntime",
                .product(name: "WAT", package: "WasmKit"), .product(name: "WasmParser", package: "WasmKit"),
            ],
            swiftSettings: swiftSettings
        ),
        // The command-line commands, one per file, testable without spawning a process.
        .target(
            name: "WasmScopeCommands",
            dependencies: [
                "WasmCore", "WasmValidator", "WastRunner", "WasmRuntime", "WASIPreview1", "DWARF", "Symbolication",
                "ProgramRunner", "Debugger", "DebugCommands", "Profiler", "TUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "WAT", package: "WasmKit"), .product(name: "WasmParser", package: "WasmKit"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "WasmScopeCLI", dependencies: ["WasmScopeCommands"], swiftSettings: swiftSettings),
        // Prints decode/validate throughput; a program, not a timed test.
        .executableTarget(
            name: "WasmScopeBench",
            dependencies: [
                "WasmCore", "WasmValidator", "WasmRuntime", "WasmJIT", "DWARF", "ProgramRunner", "Debugger", "Profiler", "TUI",
            ],
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "WasmCoreTests", dependencies: ["WasmCore", .product(name: "WAT", package: "WasmKit")]),
        .testTarget(
            name: "WasmValidatorTests",
            dependencies: ["WasmCore", "WasmValidator", .product(name: "WAT", package: "WasmKit")]
        ),
        .testTarget(name: "X64AssemblerTests", dependencies: ["X64Assembler", "Disassembler"]),
        .testTarget(name: "DisassemblerTests", dependencies: ["Disassembler"]),
        .testTarget(
            name: "WasmJITTests",
            dependencies: ["WasmJIT", "WasmCore", "WasmValidator", "Disassembler", .product(name: "WAT", package: "WasmKit")]
        ),
        .testTarget(
            name: "WasmRuntimeTests",
            dependencies: ["WasmRuntime", "WasmJIT", "WasmCore", .product(name: "WAT", package: "WasmKit")]
        ),
        .testTarget(name: "WastRunnerTests", dependencies: ["WastRunner"]),
        .testTarget(name: "EngineTests", dependencies: ["WasmRuntime", "WasmJIT", "WasmCore", "TestSupport"], exclude: ["Programs"]),
        .testTarget(
            name: "WASIPreview1Tests",
            dependencies: ["WASIPreview1", "WasmRuntime", "WasmCore", "TestSupport", .product(name: "WAT", package: "WasmKit")]),
        .testTarget(name: "DWARFTests", dependencies: ["DWARF", "WasmCore", "TestSupport"]),
        .testTarget(name: "SymbolicationTests", dependencies: ["Symbolication", "WasmRuntime", "DWARF", "WasmCore"]),
        // Shared by test targets: building the demos once, running tools.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "ProgramRunnerTests", dependencies: ["ProgramRunner", "WasmRuntime", "WASIPreview1", "TestSupport"]),
        .testTarget(name: "DebugExpressionsTests", dependencies: ["DebugExpressions", "DWARF"]),
        .testTarget(
            name: "DebuggerTests",
            dependencies: ["Debugger", "ProgramRunner", "WasmRuntime", "WasmJIT", "WasmCore", "DWARF", "TestSupport",
                .product(name: "WAT", package: "WasmKit")]),
        .testTarget(
            name: "DebugCommandsTests", dependencies: ["DebugCommands", "Debugger", "Profiler", "ProgramRunner", "TestSupport"]),
        .testTarget(name: "TUITests", dependencies: ["TUI", "Debugger", "DebugCommands", "Profiler", "ProgramRunner", "TestSupport"]),
        .testTarget(
            name: "ProfilerTests", dependencies: ["Profiler", "ProgramRunner", "WasmRuntime", "TestSupport"]),
        .testTarget(
            name: "WasmScopeCommandsTests", dependencies: ["WasmScopeCommands", "WASIPreview1", "WasmRuntime", "WasmCore", "TestSupport"]),
    ]
)
