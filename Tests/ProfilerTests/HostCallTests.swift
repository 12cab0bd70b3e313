/// Samples taken while the guest is inside a WASI call land on the import
/// it called, under the wasm frames that called it: hostcalls.c writes a
/// byte at a time (fd_write) and then reads the clock in a loop (clock_time_get).
import Profiler
import Testing

@Suite struct HostCallTests {
    @Test func samplesInHostCodeAreAttributedToTheImport() throws {
        let (run, _) = try Fixtures.profile(try Fixtures.hostCallsProgram(), ["150000"], options: ProfileOptions(clock: .cpu))
        let profile = run.profile
        #expect(run.outcome.processExitStatus == 0)
        #expect(profile.samples.count >= 50, "signals: \(profile.samples.count)")

        let host = profile.percent(profile.weight(of: .host))
        let outside = profile.percent(profile.weight(of: .outside))
        #expect(host >= 30, "host share: \(host)%")
        #expect(outside <= 10, "outside share: \(outside)%")

        // Every host sample's innermost frame is a host import or builtin, never a wasm function.
        for sample in profile.samples where sample.kind == .host {
            let leaf = profile.functions[profile.frames[profile.stacks[sample.stack].frame].function]
            #expect(leaf.kind == .hostImport || leaf.kind == .builtin, "host sample in \(leaf.displayName)")
        }

        // fd_write under write_chunks, clock_time_get under read_clocks, both under main.
        func weight(ofImport name: String, under caller: String) -> Int {
            var total = 0
            for sample in profile.samples {
                let path = profile.functionPath(ofStack: sample.stack).map { profile.functions[$0] }
                guard let leaf = path.last, leaf.kind == .hostImport, leaf.name == name,
                    leaf.moduleName == "wasi_snapshot_preview1"
                else { continue }
                let names = Set(path.map(\.name))
                if names.contains(caller) && names.contains("main") { total += sample.weight }
            }
            return total
        }
        let writes = profile.percent(weight(ofImport: "fd_write", under: "write_chunks"))
        let clocks = profile.percent(weight(ofImport: "clock_time_get", under: "read_clocks"))
        #expect(writes >= 5, "fd_write under write_chunks: \(writes)%")
        #expect(clocks >= 2, "clock_time_get under read_clocks: \(clocks)%")

        let top = TopReport(profile: profile).text
        #expect(top.contains("wasi_snapshot_preview1.fd_write"))
    }
}
