/// args_* and environ_*: counts, sizes, pointer arrays into one buffer, NUL terminators.
import Testing

@Suite struct ArgumentsTests {
    @Test func argumentsAreLaidOutAsArgv() throws {
        let fixture = try WASIFixture(arguments: ["prog.wasm", "two words", "ünï", ""])
        let count = fixture.allocate(4)
        let size = fixture.allocate(4)
        #expect(try fixture.call("args_sizes_get", UInt64(count), UInt64(size)) == Errno.success)
        #expect(fixture.u32(at: count) == 4)
        let expected = Array("prog.wasm\0two words\0ünï\0\0".utf8)
        #expect(fixture.u32(at: size) == UInt32(expected.count))

        let pointers = fixture.allocate(16)
        let buffer = fixture.allocate(expected.count)
        #expect(try fixture.call("args_get", UInt64(pointers), UInt64(buffer)) == Errno.success)
        #expect(fixture.bytes(at: buffer, count: expected.count) == expected)
        #expect(fixture.u32(at: pointers) == buffer)
        #expect(fixture.u32(at: pointers + 4) == buffer + 10)
        #expect(fixture.u32(at: pointers + 8) == buffer + 20)
        #expect(fixture.u32(at: pointers + 12) == buffer + UInt32(expected.count) - 1)
    }

    @Test func environmentIsLaidOutAsEnviron() throws {
        let fixture = try WASIFixture(environment: ["HOME=/sandbox", "EMPTY=", "A=b=c"])
        let count = fixture.allocate(4)
        let size = fixture.allocate(4)
        #expect(try fixture.call("environ_sizes_get", UInt64(count), UInt64(size)) == Errno.success)
        #expect(fixture.u32(at: count) == 3)
        let expected = Array("HOME=/sandbox\0EMPTY=\0A=b=c\0".utf8)
        #expect(fixture.u32(at: size) == UInt32(expected.count))

        let pointers = fixture.allocate(12)
        let buffer = fixture.allocate(expected.count)
        #expect(try fixture.call("environ_get", UInt64(pointers), UInt64(buffer)) == Errno.success)
        #expect(fixture.bytes(at: buffer, count: expected.count) == expected)
        #expect([fixture.u32(at: pointers), fixture.u32(at: pointers + 4), fixture.u32(at: pointers + 8)]
            == [buffer, buffer + 14, buffer + 21])
    }

    @Test func emptyListsWriteNothing() throws {
        let fixture = try WASIFixture(arguments: [], environment: [])
        let count = fixture.allocate(4)
        let size = fixture.allocate(4)
        fixture.write([1, 1, 1, 1], at: count)
        #expect(try fixture.call("args_sizes_get", UInt64(count), UInt64(size)) == Errno.success)
        #expect(fixture.u32(at: count) == 0 && fixture.u32(at: size) == 0)
        #expect(try fixture.call("environ_sizes_get", UInt64(count), UInt64(size)) == Errno.success)
        #expect(fixture.u32(at: count) == 0 && fixture.u32(at: size) == 0)
        // Zero bytes at the very end of memory are in bounds.
        #expect(try fixture.call("args_get", 131072, 131072) == Errno.success)
        #expect(try fixture.call("environ_get", 131072, 131072) == Errno.success)
    }
}
