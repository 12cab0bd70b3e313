/// Builds the C programs with clang-16, for wasm32 without libc and for the
/// host, in a fresh temporary directory per build.
import Foundation
import TestSupport

enum Toolchain {
    static let compiler = "/usr/bin/clang-16"

    /// clang-16 and the wasm linker it runs (Debian's lld-16).
    static var isInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: compiler)
            && FileManager.default.isExecutableFile(atPath: "/usr/lib/llvm-16/bin/wasm-ld")
    }

    /// `clang-16 --target=wasm32 -nostdlib`: no WASI, so the module has no
    /// imports the test does not provide, and every function is exported.
    static func buildWasm(_ program: TestProgram, level: OptimizationLevel) throws -> [UInt8] {
        try TemporaryDirectory.with(prefix: "wasmscope-engine-tests") { directory in
            let output = directory.appendingPathComponent("\(program.name).wasm").path
            try Subprocess.check(
                compiler,
                ["--target=wasm32", "-nostdlib", "-Wl,--no-entry", "-Wl,--export-all", level.rawValue]
                    + program.wasmFlags() + ["-o", output, program.sourcePath])
            return try [UInt8](Data(contentsOf: URL(fileURLWithPath: output)))
        }
    }

    /// Builds `program` natively with `driver` as its main, runs it and returns what it printed.
    static func runNative(_ program: TestProgram, driver: String) throws -> String {
        try TemporaryDirectory.with(prefix: "wasmscope-engine-tests") { directory in
            let driverPath = directory.appendingPathComponent("driver.c").path
            let executable = directory.appendingPathComponent(program.name).path
            try driver.write(toFile: driverPath, atomically: false, encoding: .utf8)
            try Subprocess.check(compiler, ["-O2", "-w", "-o", executable, driverPath, program.sourcePath, "-lm"])
            return try Subprocess.check(executable, [])
        }
    }
}
