/// Code memory: the RW and RX views show the same bytes, code written
/// through one runs through the other, and the signal handlers know the range
/// exactly while the block lives.
import CRuntimeSupport
import Testing

@testable import WasmRuntime

@Suite struct CodeMemoryTests {
    typealias ReturnsInt32 = @convention(c) () -> Int32

    private func run(_ memory: CodeMemory, at offset: Int = 0) -> Int32 {
        unsafeBitCast(memory.executableAddress(ofOffset: offset), to: ReturnsInt32.self)()
    }

    @Test func codeWrittenThroughTheWritableViewRuns() throws {
        let memory = try CodeMemory(code: [0xB8, 0x2A, 0x00, 0x00, 0x00, 0xC3])  // mov eax, 42; ret
        #expect(memory.writableBase != UnsafeMutableRawPointer(mutating: memory.executableBase))
        #expect(run(memory) == 42)
    }

    @Test func patchingLiveCodeThroughTheWritableViewTakesEffect() throws {
        let memory = try CodeMemory(code: [0xB8, 0x2A, 0x00, 0x00, 0x00, 0xC3])
        #expect(run(memory) == 42)
        memory.write([0x07], atOffset: 1)
        #expect(memory.read(atOffset: 0, count: 6) == [0xB8, 0x07, 0x00, 0x00, 0x00, 0xC3])
        #expect(run(memory) == 7)
    }

    @Test func unusedSpaceIsFilledWithBreakpoints() throws {
        let memory = try CodeMemory(byteCount: 100)
        #expect(memory.byteCount == Syscalls.pageSize)
        #expect(memory.read(atOffset: 0, count: 4) == [0xCC, 0xCC, 0xCC, 0xCC])
    }

    @Test func theRangeIsRegisteredWhileTheBlockLives() throws {
        let memory = try CodeMemory(byteCount: 64)
        let start = UInt64(UInt(bitPattern: memory.executableBase))
        #expect(wsc_is_jit_code(start) != 0)
        #expect(wsc_is_jit_code(start + UInt64(memory.byteCount) - 1) != 0)
        #expect(wsc_is_jit_code(UInt64(UInt(bitPattern: memory.writableBase))) == 0)
    }

    @Test func anUnregisteredRangeIsNoLongerJITCode() throws {
        // Addresses nobody else can map while the reservation lives, so parallel tests cannot interfere.
        let reservation = try LinearMemoryReservation(committing: 0)
        let start = UInt64(UInt(bitPattern: reservation.base))
        let handle = wsc_register_code_range(reservation.base, 4096)
        #expect(handle >= 0)
        #expect(wsc_is_jit_code(start) != 0)
        #expect(wsc_is_jit_code(start + 4095) != 0)
        #expect(wsc_is_jit_code(start + 4096) == 0)
        #expect(wsc_is_jit_code(start - 1) == 0)
        wsc_unregister_code_range(handle)
        #expect(wsc_is_jit_code(start) == 0)
    }
}
