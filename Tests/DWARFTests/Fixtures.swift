/// The fixture programs under Tests/DWARFFixtures, built once per test run
/// at each optimization level, with llvm-dwarfdump's view of them.
import DWARF
import Foundation
import Synchronization
import WasmCore

enum FixtureBuild: String, CaseIterable, Sendable, CustomStringConvertible {
    case optimizedNone = "-O0"
    case optimized = "-O1"
    /// DWARF 5 (clang-16 defaults to 4 for wasm): .debug_loclists, .debug_addr, file index 0.
    case dwarf5 = "-O1 -gdwarf-5"

    var flags: [String] { rawValue.split(separator: " ").map(String.init) }
    var description: String { rawValue }
}

/// A built module and what llvm-dwarfdump says about it.
final class BuiltFixture: Sendable {
    let build: String
    let bytes: [UInt8]
    let module: Module
    let debugInfo: DebugInfo
    let codeSize: Int
    /// `llvm-dwarfdump --debug-info` and `--debug-line`.
    let infoDump: String
    let lineDump: String

    init(build: String, bytes: [UInt8], infoDump: String, lineDump: String) throws {
        self.build = build
        self.bytes = bytes
        module = try Module(decoding: bytes)
        guard let debugInfo = try DebugInfo(moduleBytes: bytes, module: module) else {
            throw Toolchain.Failure(description: "no DWARF in the \(build) fixture")
        }
        self.debugInfo = debugInfo
        codeSize = debugInfo.codeSize
        self.infoDump = infoDump
        self.lineDump = lineDump
    }

    /// The module's `.debug_*` custom sections by name.
    var debugSections: [String: [UInt8]] {
        Dictionary(
            module.customSections.filter { $0.name.hasPrefix(".debug_") }.map { ($0.name, Array(bytes[$0.payloadRange])) },
            uniquingKeysWith: { first, _ in first })
    }

    /// Runs `llvm-dwarfdump` with `arguments` on the module.
    func dwarfdump(_ arguments: [String]) throws -> String {
        try Toolchain.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("fixture.wasm")
            try Data(bytes).write(to: path)
            return try Toolchain.run(Toolchain.dwarfdump, arguments + [path.path])
        }
    }
}

enum Fixtures {
    static let sourceDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DWARFFixtures")

    static let cSources = ["types.c", "program.c"]

    private static let cache = Mutex<[String: BuiltFixture]>([:])
    /// Serializes builds: tests run in parallel, and each build should happen once.
    private static let buildLock = Mutex<Void>(())

    /// The C program (types.c, program.c) at one optimization level.
    static func program(_ build: FixtureBuild) throws -> BuiltFixture {
        try cached(build.rawValue) {
            try compile(
                name: build.rawValue, compiler: Toolchain.cCompiler, flags: build.flags, sources: cSources)
        }
    }

    /// geometry.cpp at -O0: namespaces, methods, inheritance, references.
    static func cppProgram() throws -> BuiltFixture {
        try cached("c++") {
            try compile(
                name: "c++", compiler: Toolchain.cppCompiler,
                flags: ["-O0", "-fno-exceptions", "-isystem", "/usr/include/wasm32-wasi/c++/v1"],
                sources: ["geometry.cpp"])
        }
    }

    private static func cached(_ key: String, _ make: () throws -> BuiltFixture) throws -> BuiltFixture {
        try buildLock.withLock { _ in
            if let cached = cache.withLock({ $0[key] }) { return cached }
            let fixture = try make()
            cache.withLock { $0[key] = fixture }
            return fixture
        }
    }

    private static func compile(name: String, compiler: String, flags: [String], sources: [String]) throws -> BuiltFixture {
        try Toolchain.withTemporaryDirectory { directory in
            let output = directory.appendingPathComponent("fixture.wasm").path
            let sources = sources.map { sourceDirectory.appendingPathComponent($0).path }
            try Toolchain.run(
                compiler, ["--target=wasm32-wasi", "-g"] + flags + ["-o", output] + sources,
                currentDirectory: directory)
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: output)))
            let infoDump = try Toolchain.run(Toolchain.dwarfdump, ["--debug-info", output])
            let lineDump = try Toolchain.run(Toolchain.dwarfdump, ["--debug-line", output])
            return try BuiltFixture(build: name, bytes: bytes, infoDump: infoDump, lineDump: lineDump)
        }
    }
}
