/// clang-16 for wasm32-wasi (Debian's, which finds the wasi sysroot itself),
/// run with binaryen off PATH so -O1 and above do not run wasm-opt on the
/// output behind our back.
import Foundation
import TestSupport

enum Toolchain {
    static let compiler = "/usr/bin/clang-16"

    /// clang-16, its wasm linker and wasi-libc.
    static var isInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: compiler)
            && FileManager.default.isExecutableFile(atPath: "/usr/lib/llvm-16/bin/wasm-ld")
            && FileManager.default.fileExists(atPath: "/usr/include/wasm32-wasi/wasi/api.h")
    }

    typealias Failure = SubprocessFailure

    /// Compiles one C source for wasm32-wasi at -O1 with debug information.
    static func buildWASI(source: String, name: String) throws -> [UInt8] {
        try TemporaryDirectory.with(prefix: "wasi-build") { directory in
            let sourcePath = directory.appendingPathComponent("\(name).c").path
            let outputPath = directory.appendingPathComponent("\(name).wasm").path
            try source.write(toFile: sourcePath, atomically: false, encoding: .utf8)
            try Subprocess.check(compiler, ["--target=wasm32-wasi", "-O1", "-g", "-o", outputPath, sourcePath])
            return try [UInt8](Data(contentsOf: URL(fileURLWithPath: outputPath)))
        }
    }
}
