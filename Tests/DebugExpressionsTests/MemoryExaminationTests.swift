import DebugExpressions
import Testing

@Suite struct MemoryExaminationTests {
    let context = SampleProgram.make()

    @Test func parsesLettersWithGdbsDefaults() throws {
        let first = try MemoryExamination.parse("/4xw")
        #expect(first.count == 4 && first.format == .hex && first.unit == .word)
        #expect(try MemoryExamination.parse("") == MemoryExamination(count: 1, format: .hex, unit: .word))
        #expect(try MemoryExamination.parse("/3dh") == MemoryExamination(count: 3, format: .decimal, unit: .halfword))
        #expect(throws: ExpressionError.self) { try MemoryExamination.parse("/hd3") }
        #expect(try MemoryExamination.parse("/c") == MemoryExamination(count: 1, format: .character, unit: .byte))
        #expect(try MemoryExamination.parse("/s").unit == .byte)
        #expect(try MemoryExamination.parse("/a").unit == .word)
        // gdb starts with words, and `f` keeps a word or giant size, else takes giants.
        #expect(try MemoryExamination.parse("/f").unit == .word)
        #expect(try MemoryExamination.parse("/f", previous: try MemoryExamination.parse("/xg")).unit == .giant)
        #expect(try MemoryExamination.parse("/f", previous: try MemoryExamination.parse("/xb")).unit == .giant)
        // Letters left out come from the previous examination.
        let previous = try MemoryExamination.parse("/2ub")
        #expect(try MemoryExamination.parse("/8", previous: previous) == MemoryExamination(count: 8, format: .unsigned, unit: .byte))
        #expect(try MemoryExamination.parse("/x", previous: previous) == MemoryExamination(count: 1, format: .hex, unit: .byte))
        #expect(throws: ExpressionError.unsupported("Undefined output format \"q\".")) { try MemoryExamination.parse("/q") }
        #expect(throws: ExpressionError.self) { try MemoryExamination.parse("/i") }
        #expect(throws: ExpressionError.self) { try MemoryExamination.parse("/99999999999999999999x") }
    }

    @Test func wordsInHex() throws {
        var examination = try MemoryExamination.parse("/6xw")
        let lines = try examination.lines(at: 0x1010, in: context)
        #expect(lines == [
            "0x1010 <numbers>:\t0x0000000a\t0x00000014\t0x0000001e\t0x00000028",
            "0x1020 <numbers+16>:\t0x00000032\t0x00000000",
        ])
        #expect(examination.nextAddress == 0x1028)
        // A bare `x` continues where the last one stopped.
        #expect(try examination.lines(at: examination.nextAddress!, in: context).first?.hasPrefix("0x1028:\t") == true)
        #expect(examination.nextAddress == 0x1040)
    }

    @Test func everyFormat() throws {
        func lines(_ specification: String, _ address: UInt64) throws -> [String] {
            var examination = try MemoryExamination.parse(specification)
            return try examination.lines(at: address, in: context)
        }
        #expect(try lines("/4dw", 0x1010) == ["0x1010 <numbers>:\t10\t20\t30\t40"])
        #expect(try lines("/2dw", 0x1084) == ["0x1084:\t0\t0"])
        #expect(try lines("/3xb", 0x1100) == ["0x1100:\t0x68\t0x65\t0x6c"])
        #expect(try lines("/10xb", 0x1100) == [
            "0x1100:\t0x68\t0x65\t0x6c\t0x6c\t0x6f\t0x00\t0x00\t0x00", "0x1108:\t0x00\t0x00",
        ])
        #expect(try lines("/2xh", 0x1100) == ["0x1100:\t0x6568\t0x6c6c"])
        #expect(try lines("/3xg", 0x1010) == [
            "0x1010 <numbers>:\t0x000000140000000a\t0x000000280000001e", "0x1020 <numbers+16>:\t0x0000000000000032",
        ])
        #expect(try lines("/3c", 0x1100) == ["0x1100:\t104 'h'\t101 'e'\t108 'l'"])
        #expect(try lines("/s", 0x1100) == ["0x1100:\t\"hello\""])
        #expect(try lines("/2s", 0x1100) == ["0x1100:\t\"hello\"", "0x1106:\t\"\""])
        #expect(try lines("/a", 0x10a8) == ["0x10a8 <where>:\t0x1030 <origin>"])
        #expect(try lines("/fg", 0x1088) == ["0x1088 <ratio>:\t0.5"])
        #expect(try lines("/fw", 0x10b8) == ["0x10b8 <half>:\t0.1"])
        #expect(try lines("/tb", 0x1010) == ["0x1010 <numbers>:\t00001010"])
        #expect(try lines("/ob", 0x1010) == ["0x1010 <numbers>:\t012"])
        #expect(try lines("/uw", 0x1020) == ["0x1020 <numbers+16>:\t50"])
        #expect(try lines("/dw", 0x10b0) == ["0x10b0 <big>:\t-1912276171"])
        #expect(try lines("/dg", 0x10b0) == ["0x10b0 <big>:\t-1234567890123"])
        #expect(try lines("/zw", 0x1010) == ["0x1010 <numbers>:\t0x0000000a"])
    }

    @Test func stringsAdvancePastTheirNul() throws {
        var examination = try MemoryExamination.parse("/s")
        _ = try examination.lines(at: 0x1100, in: context)
        #expect(examination.nextAddress == 0x1106)
    }

    @Test func memoryEndsPartway() throws {
        var examination = try MemoryExamination.parse("/4xw")
        let lines = try examination.lines(at: 0x1fff8, in: context)
        #expect(lines == ["0x1fff8:\t0x00000000\t0x00000000", "Cannot access memory at address 0x20000"])
        #expect(throws: ExpressionError.memory(address: 0x20000)) { try examination.lines(at: 0x20000, in: context) }
    }
}
