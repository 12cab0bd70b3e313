/// A preloaded module's WASI calls are attributed like the main module's:
/// the sampler watches every instance's last exit, not only the main one's.
/// The preload writes a byte at a time to /dev/null; the main module only
/// calls it.
import Foundation
import Profiler
import ProgramRunner
import TestSupport
import Testing

@Suite struct PreloadHostCallTests {
    private static let library = """
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 0) "x")
          (data (i32.const 16) "\\00\\00\\00\\00\\01\\00\\00\\00")
          (func (export "write_many") (param $count i32)
            (loop $again
              (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 32)))
              (local.set $count (i32.sub (local.get $count) (i32.const 1)))
              (br_if $again (local.get $count)))))
        """

    private static let main = """
        (module
          (import "lib" "write_many" (func $write_many (param i32)))
          (memory (export "memory") 1)
          (func (export "_start") (call $write_many (i32.const 1500000))))
        """

    @Test func samplesInAPreloadsWASICallsLandOnTheImport() throws {
        try TemporaryDirectory.with(prefix: "wasmscope-preload-profile") { directory in
            let libraryPath = directory.appendingPathComponent("lib.wat").path
            let mainPath = directory.appendingPathComponent("main.wat").path
            try Self.library.write(toFile: libraryPath, atomically: false, encoding: .utf8)
            try Self.main.write(toFile: mainPath, atomically: false, encoding: .utf8)
            let specification = ProgramSpecification(
                modulePath: mainPath, preloads: [.init(name: "lib", path: libraryPath)],
                standardOutput: Fixtures.devNull, standardError: Fixtures.devNull)
            let (run, _) = try Fixtures.profile(specification, options: ProfileOptions(clock: .cpu))
            let profile = run.profile
            #expect(run.outcome.processExitStatus == 0)
            let host = profile.percent(profile.weight(of: .host))
            let outside = profile.percent(profile.weight(of: .outside))
            #expect(host >= 30, "host share: \(host)%\n\(TopReport(profile: profile).text)")
            #expect(outside <= 10, "outside share: \(outside)%")
            #expect(TopReport(profile: profile).text.contains("wasi_snapshot_preview1.fd_write"))
        }
    }
}
