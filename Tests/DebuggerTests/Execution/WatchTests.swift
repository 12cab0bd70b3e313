/// Write watches on linear memory: a store in JIT code that changes the
/// watched bytes stops with the old and new bytes; one that writes the same
/// value, or another address on the same page, does not. Host code writing a
/// watched buffer (readv under fd_read, a bulk-memory builtin) works and is
/// reported at its return into wasm.
import Debugger
import Testing
import WasmCore
import WasmRuntime

@Suite struct WatchTests {
    static let stores = """
        (module
          (memory (export "memory") 1)
          (func (export "main") (result i32)
            (i32.store (i32.const 100) (i32.const 7))
            (i32.store (i32.const 200) (i32.const 0x11223344))
            (i32.store (i32.const 200) (i32.const 0x11223344))
            (i32.store8 (i32.const 201) (i32.const 0x55))
            (i32.add (i32.load (i32.const 200)) (i32.load (i32.const 100)))))
        """

    @Test func aStoreThatChangesWatchedBytesStopsWithOldAndNewBytes() throws {
        let program = try Fixtures.program(wat: Self.stores)
        let execution = GuestExecution(program: program)
        let id = execution.addWatch(address: 200, length: 4)
        #expect(id > 0)
        execution.start(Fixtures.invoking("main"))

        let first = try execution.nextStop()
        guard case .watch(let firstID, let pc, let old, let new) = first else {
            Issue.record("expected a watch stop, got \(first)")
            return
        }
        #expect(firstID == id)
        #expect(old == [0, 0, 0, 0])
        #expect(new == [0x44, 0x33, 0x22, 0x11])
        let frames = execution.wasmFrames()
        #expect(frames.first?.pc == pc)
        #expect(frames.first?.functionIndex == 0)
        #expect(program.module.codeRange.contains(pc))
        let store = try #require(execution.watchStorePC)
        #expect(store < pc && pc - store <= 15)
        let main = try Fixtures.function("main", in: program.module)
        #expect(main.trapSites.contains { program.module.codeBaseAddress + UInt($0.machineOffset) == store })

        // The same value again is no change; the byte store is.
        let second = try execution.continueToNextStop()
        guard case .watch(_, _, let oldAgain, let newAgain) = second else {
            Issue.record("expected a watch stop, got \(second)")
            return
        }
        #expect(oldAgain == [0x44, 0x33, 0x22, 0x11])
        #expect(newAgain == [0x44, 0x55, 0x22, 0x11])
        #expect(try execution.continueToNextStop().outcome?.returnedValues == [.i32(0x1122_5544 + 7)])
    }

    @Test func aRemovedWatchNoLongerStops() throws {
        let program = try Fixtures.program(wat: Self.stores)
        let execution = GuestExecution(program: program)
        let id = execution.addWatch(address: 200, length: 4)
        execution.start(Fixtures.invoking("main"))
        guard case .watch = try execution.nextStop() else {
            Issue.record("expected a watch stop")
            return
        }
        execution.removeWatch(id)
        #expect(try execution.continueToNextStop().outcome?.returnedValues == [.i32(0x1122_5544 + 7)])
    }

    @Test func watchesOutsideMemoryAreRefused() throws {
        let program = try Fixtures.program(wat: Self.stores)
        let execution = GuestExecution(program: program)
        #expect(execution.addWatch(address: 65534, length: 4) == -1)
        #expect(execution.addWatch(address: 0, length: 0) == -1)
        #expect(execution.addWatch(address: 0, length: 5000) == -1)
        execution.terminate()
    }

    @Test func theControllerCanWriteAWatchedPageWhileStopped() throws {
        let program = try Fixtures.program(wat: Self.stores)
        let execution = GuestExecution(program: program)
        _ = execution.addWatch(address: 200, length: 4)
        execution.start(Fixtures.invoking("main"))
        guard case .watch = try execution.nextStop() else {
            Issue.record("expected a watch stop")
            return
        }
        // Same page as the watch: the write must neither crash nor count as a hit.
        try execution.memory?.write([1, 0, 0, 0], at: 100)
        try execution.memory?.write([0x44, 0x33, 0x22, 0x11], at: 200)
        guard case .watch(_, _, let old, _) = try execution.continueToNextStop() else {
            Issue.record("expected the byte store's watch stop")
            return
        }
        #expect(old == [0x44, 0x33, 0x22, 0x11])
        // The program's own store to 100 was 7; the controller wrote 1 afterwards.
        #expect(try execution.continueToNextStop().outcome?.returnedValues == [.i32(0x1122_5544 + 1)])
    }

    @Test func aWatchedBufferFilledByFdReadWorksAndIsReported() throws {
        let input = try InputPipe()
        let program = try Fixtures.program(wat: PauseTests.readsStandardInput, standardInput: input.readEnd)
        let execution = GuestExecution(program: program)
        // The iovec (0…8) and the count (8…12) share the page: those JIT stores must not stop.
        let id = execution.addWatch(address: 16, length: 8)
        input.write("watched!")
        execution.start(Fixtures.invoking("main"))
        let stop = try execution.nextStop()
        guard case .watch(let stopID, let pc, let old, let new) = stop else {
            Issue.record("expected a watch stop, got \(stop)")
            return
        }
        #expect(stopID == id)
        #expect(old == Array(repeating: 0, count: 8))
        #expect(new == Array("watched!".utf8))
        let frames = execution.wasmFrames()
        #expect(frames.first?.isHostCall == "wasi_snapshot_preview1.fd_read")
        #expect(frames.first?.pc == pc)
        #expect(execution.watchStorePC == nil)
        #expect(try execution.continueToNextStop().outcome?.returnedValues == [.i32(1008)])
    }

    @Test func aBulkMemoryBuiltinWritingAWatchedRangeIsReportedWhereItReturns() throws {
        let program = try Fixtures.program(
            wat: """
                (module
                  (memory (export "memory") 1)
                  (func (export "main") (result i32)
                    (memory.fill (i32.const 300) (i32.const 9) (i32.const 10))
                    (i32.load (i32.const 304))))
                """)
        let execution = GuestExecution(program: program)
        let id = execution.addWatch(address: 304, length: 4)
        execution.start(Fixtures.invoking("main"))
        let stop = try execution.nextStop()
        guard case .watch(let stopID, let pc, let old, let new) = stop else {
            Issue.record("expected a watch stop, got \(stop)")
            return
        }
        #expect(stopID == id)
        #expect(old == [0, 0, 0, 0])
        #expect(new == [9, 9, 9, 9])
        #expect(program.module.codeRange.contains(pc))
        #expect(try execution.continueToNextStop().outcome?.returnedValues == [.i32(0x0909_0909)])
    }
}
