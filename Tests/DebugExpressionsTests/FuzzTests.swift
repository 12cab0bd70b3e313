import DWARF
import DebugExpressions
import Testing

/// Nothing a user types may crash the debugger: random text and random token
/// soup go through parsing, evaluation (writes included), formatting in every
/// format, and `x`. Each must give a value or an `ExpressionError`.
@Suite struct FuzzTests {
    /// SplitMix64: the same sequence on every run, so a failure reproduces.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
    }

    private static let vocabulary = [
        "counter", "numbers", "origin", "item", "greeting", "status", "favorite", "ratio", "buffer", "operation", "opaque",
        "where", "letter", "small", "enabled", "big", "half", "access", "matrix", "add", "fast", "pair", "constant",
        "gone", "nosuch", "RED", "GREEN", "BLUE", "x", "y", "id", "name", "mode", "level", "tag", "ready", "$pc", "$sp",
        "$local0", "$nope", "0", "1", "-1", "2147483647", "0xffffffff", "9223372036854775807", "18446744073709551615",
        "0x1000", "0x1fffc", "1.5", "1e308", "0.0", "'a'", "'\\0'", "\"str\"", "int", "char", "unsigned", "long", "short",
        "float", "double", "void", "struct", "point", "item", "enum", "color", "union", "point_t", "binary_operation",
        "const", "sizeof", "(", ")", "[", "]", "{", "}", ".", "->", "*", "&", "+", "-", "~", "!", "/", "%", "<<", ">>",
        "<", ">", "<=", ">=", "==", "!=", "^", "|", "&&", "||", "?", ":", "=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=",
        "&=", "^=", "|=", ",", "@", "++", "--", "64", "100000", "65536", "4096", "3",
    ]
    private static let alphabet = Array("abcxyz_019$'\"\\()[]{}.-><=!~+*/%&|^?:,@ \t\nu L0x.e'é")

    private func exercise(_ text: String, in context: FakeContext, _ generator: inout Generator) {
        guard let expression = try? Expression.parse(text) else { return }
        _ = expression.structure
        _ = try? expression.evaluateCondition(in: context)
        _ = try? expression.evaluateAddress(in: context)
        guard let value = try? expression.evaluate(in: context) else { return }
        for format in ValueFormat.allCases {
            _ = ValueFormatter.format(value, as: format, in: context)
        }
        _ = try? ValueFormatter.printed(value, in: context)
        if let address = try? expression.evaluateAddress(in: context),
            let format = MemoryExamination.Format.allCases.randomElement(using: &generator),
            let unit = MemoryExamination.Unit.allCases.randomElement(using: &generator)
        {
            var examination = MemoryExamination(count: 9, format: format, unit: unit)
            _ = try? examination.lines(at: address, in: context)
        }
    }

    @Test func randomTokenSoup() {
        var generator = Generator(state: 0x5eed)
        let context = SampleProgram.make()
        for _ in 0..<10_000 {
            let count = Int.random(in: 1...12, using: &generator)
            let text = (0..<count).map { _ in Self.vocabulary.randomElement(using: &generator)! }.joined(separator: " ")
            exercise(text, in: context, &generator)
        }
    }

    @Test func randomCharacters() {
        var generator = Generator(state: 0xc0ffee)
        let context = SampleProgram.make()
        for _ in 0..<10_000 {
            let count = Int.random(in: 0...24, using: &generator)
            let text = String((0..<count).map { _ in Self.alphabet.randomElement(using: &generator)! })
            exercise(text, in: context, &generator)
        }
    }

    @Test func randomBytesAsText() {
        var generator = Generator(state: 42)
        let context = SampleProgram.make()
        for _ in 0..<3_000 {
            let bytes = (0..<Int.random(in: 0...16, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            exercise(String(decoding: bytes, as: UTF8.self), in: context, &generator)
        }
    }

    /// Values with types or bytes that make no sense still print.
    @Test func malformedValuesStillFormat() {
        let context = SampleProgram.make()
        let strange: [DebugValue] = [
            DebugValue(type: Types.int, bytes: [1]),
            DebugValue(type: Types.base("__int128", .signed, 16), bytes: [UInt8](repeating: 0xab, count: 16)),
            DebugValue(type: Types.base("half", .float, 2), bytes: [0, 0x3c]),
            DebugValue(type: Types.base("odd", .signed, 0), bytes: []),
            DebugValue(type: Types.array(Types.int, nil), address: 0x1010),
            DebugValue(type: Types.array(Types.char, nil), address: 0x1100),
            DebugValue(type: Types.array(Types.int, 0), address: 0x1010),
            DebugValue(type: Types.array(Types.int, 1 << 40), address: 0x1010),
            DebugValue(type: Types.array(Types.char, 1 << 40), address: 0x1010),
            DebugValue(type: Types.pointer(Types.char), bytes: [0xff, 0xff, 0xff, 0xff]),
            DebugValue(type: Types.int, storage: .bytes(bytes(Int32(1))), byteOffset: 10),
            DebugValue(type: Types.int, storage: .bytes(bytes(Int32(1))), byteOffset: -3),
            DebugValue(type: Types.int, storage: .bytes(bytes(Int64(-1))), bitField: BitField(bitOffset: 60, bitSize: 30)),
            DebugValue(type: Types.int, address: UInt64.max - 1),
            DebugValue(type: DebugType(.unknown(tag: 0x99)), bytes: []),
            DebugValue(type: DebugType(.reference(Types.int, isRValue: true)), bytes: [0xff, 0xff, 0xff, 0xff]),
        ]
        for value in strange {
            for format in ValueFormat.allCases {
                _ = ValueFormatter.format(value, as: format, in: context)
            }
            context.variables["strange"] = value
            for text in ["strange", "strange + 1", "strange[3]", "&strange", "*strange", "strange = 1", "strange.x", "strange@2", "sizeof strange"] {
                if let result = try? Expression.parse(text).evaluate(in: context) {
                    _ = ValueFormatter.format(result, in: context)
                }
            }
        }
    }
}
