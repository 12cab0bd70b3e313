/// Building a host: descriptor numbering, preopen failures, the functions it
/// defines, what a guest sees with no memory attached, and `currentCall`.
import Foundation
import Testing
import WasmRuntime

@testable import WASIPreview1

@Suite struct ConfigurationTests {
    @Test func definesEveryPreview1Function() throws {
        #expect(Set(WASIHost.functionNames) == Set(preview1Signatures.map(\.name)))
        #expect(WASIHost.functionNames.count == 46)
        // Instantiating the wrapper module checks every imported type against the definitions.
        _ = try WASIFixture()
    }

    @Test func preopensFollowTheStandardStreams() throws {
        let scratch = try Scratch()
        let fixture = try WASIFixture(
            extraPreopens: [PreopenDirectory(hostPath: scratch.outside, guestPath: "/elsewhere")], scratch: scratch)
        let prestat = fixture.allocate(8)
        #expect(try fixture.call("fd_prestat_get", 3, UInt64(prestat)) == Errno.success)
        #expect(fixture.u8(at: prestat) == 0)
        #expect(fixture.u32(at: prestat + 4) == 8)
        #expect(try fixture.call("fd_prestat_get", 4, UInt64(prestat)) == Errno.success)
        #expect(fixture.u32(at: prestat + 4) == 10)
        // wasi-libc stops looking for preopens at the first EBADF.
        #expect(try fixture.call("fd_prestat_get", 5, UInt64(prestat)) == Errno.badf)
        for standardStream: UInt64 in [0, 1, 2] {
            #expect(try fixture.call("fd_prestat_get", standardStream, UInt64(prestat)) == Errno.badf)
        }
        let name = fixture.allocate(16)
        #expect(try fixture.call("fd_prestat_dir_name", 4, UInt64(name), 10) == Errno.success)
        #expect(fixture.bytes(at: name, count: 10) == Array("/elsewhere".utf8))
    }

    @Test func aMissingPreopenIsAConfigurationError() throws {
        let scratch = try Scratch()
        let configuration = WASIConfiguration(preopens: [
            PreopenDirectory(hostPath: scratch.sandbox, guestPath: "ok"),
            PreopenDirectory(hostPath: scratch.root + "/nope", guestPath: "nope"),
        ])
        #expect {
            _ = try WASIHost(configuration: configuration)
        } throws: { error in
            (error as? WASIConfigurationError)?.description
                == "cannot open directory \(scratch.root)/nope for --dir: No such file or directory"
        }
        try scratch.createFile("plain")
        let notADirectory = WASIConfiguration(preopens: [PreopenDirectory(hostPath: scratch.path("plain"), guestPath: "p")])
        #expect {
            _ = try WASIHost(configuration: notADirectory)
        } throws: { error in
            (error as? WASIConfigurationError)?.description.hasSuffix("for --dir: Not a directory") == true
        }
    }

    @Test func anUnreadableDirectoryCanStillBePreopened() throws {
        guard geteuid() != 0 else { return }  // root reads everything; nothing to test
        let scratch = try Scratch()
        try scratch.createDirectory("locked/inner")
        chmod(scratch.path("locked"), 0o311)
        let host = try WASIHost(configuration: WASIConfiguration(preopens: [
            PreopenDirectory(hostPath: scratch.path("locked"), guestPath: "locked")
        ]))
        #expect(host.descriptors.openEntries.count == 4)
    }

    @Test func withNoMemoryAttachedEveryPointerIsAFault() throws {
        let fixture = try WASIFixture(attachMemory: false)
        #expect(try fixture.call("args_sizes_get", 4096, 4100) == Errno.fault)
        #expect(try fixture.call("clock_time_get", 1, 0, 4096) == Errno.fault)
        #expect(try fixture.call("fd_write", 1, 4096, 0, 4104) == Errno.fault)
        #expect(try fixture.call("random_get", 4096, 0) == Errno.fault)
        // Calls without pointers still work.
        #expect(try fixture.call("sched_yield") == Errno.success)
        #expect(try fixture.call("fd_close", 3) == Errno.success)
    }

    @Test func procExitStopsTheGuestWithItsCode() throws {
        let fixture = try WASIFixture()
        #expect(fixture.host.currentCall == nil)
        do {
            try fixture.call("proc_exit", 17)
            Issue.record("proc_exit returned")
        } catch let trap as Trap {
            #expect(trap.code == .hostError)
            #expect(trap.message == "exit status 17")
            #expect((trap.hostError?.payload as? WASIExit)?.code == 17)
        }
        #expect(fixture.host.currentCall == nil)
        // The instance stays usable after the stop.
        #expect(try fixture.call("sched_yield") == Errno.success)
    }

    @Test func currentCallNamesTheFunctionInProgress() throws {
        // The guest blocks in fd_read on an empty pipe; meanwhile another thread looks, as a debugger would.
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        let fixture = try WASIFixture(standardInput: ends[0])
        #expect(fixture.host.currentCall == nil)
        let shared = SharedFixture(fixture)
        let observed = SharedFixture.Observation()
        let writer = ends[1]
        Thread {
            let deadline = Date().addingTimeInterval(20)
            while shared.fixture.host.currentCall != "fd_read" && Date() < deadline { usleep(200) }
            observed.call = shared.fixture.host.currentCall
            _ = "x".withCString { write(writer, $0, 1) }
        }.start()
        #expect(try fixture.read(fd: 0, count: 1) == (Errno.success, "x"))
        #expect(observed.call == "fd_read")
        #expect(fixture.host.currentCall == nil)
    }
}

/// Hands a fixture to an observing thread while the test thread is blocked in the guest.
private final class SharedFixture: @unchecked Sendable {
    // Unchecked Sendable: the observer only reads, and only while the owner waits in a system call.
    let fixture: WASIFixture
    init(_ fixture: WASIFixture) { self.fixture = fixture }

    final class Observation: @unchecked Sendable {
        // Unchecked Sendable: written by the observer before it unblocks the guest, read after.
        var call: String?
    }
}
