import DWARF
import DebugExpressions
import Testing

@Suite struct FormattingTests {
    let context = SampleProgram.make()

    private func show(_ type: DebugType, _ bytes: [UInt8], _ format: ValueFormat = .natural) -> String {
        ValueFormatter.format(DebugValue(type: type, bytes: bytes), as: format, in: context)
    }

    private func showArray(_ element: DebugType, _ bytes: [UInt8], count: Int) -> String {
        context.store(bytes, at: 0x8000)
        return ValueFormatter.format(DebugValue(type: Types.array(element, count), address: 0x8000), in: context)
    }

    @Test func scalarsNaturally() {
        #expect(show(Types.int, bytes(Int32(-5))) == "-5")
        #expect(show(Types.unsignedInt, bytes(UInt32.max)) == "4294967295")
        #expect(show(Types.char, [97]) == "97 'a'")
        #expect(show(Types.char, [0]) == "0 '\\000'")
        #expect(show(Types.char, [10]) == "10 '\\n'")
        #expect(show(Types.char, [0x27]) == "39 '\\''")
        #expect(show(Types.char, [0x5c]) == "92 '\\\\'")
        #expect(show(Types.char, [0x22]) == "34 '\"'")
        #expect(show(Types.char, [0xff]) == "-1 '\\377'")
        #expect(show(Types.char, [27]) == "27 '\\033'")
        #expect(show(Types.unsignedChar, [200]) == "200 '\\310'")
        #expect(show(Types.bool, [0]) == "false")
        #expect(show(Types.bool, [1]) == "true")
        #expect(show(Types.bool, [2]) == "2")
        #expect(show(Types.short, bytes(Int16(-300))) == "-300")
        #expect(show(Types.unsignedLongLong, bytes(UInt64.max)) == "18446744073709551615")
    }

    @Test func floatsShortestRoundTrip() {
        #expect(show(Types.double, bytes(0.1.bitPattern)) == "0.1")
        #expect(show(Types.double, bytes(1.0.bitPattern)) == "1")
        #expect(show(Types.double, bytes((-0.0).bitPattern)) == "-0")
        #expect(show(Types.double, bytes(1e20.bitPattern)) == "1e+20")
        #expect(show(Types.double, bytes(123456.75.bitPattern)) == "123456.75")
        #expect(show(Types.double, bytes(Double.infinity.bitPattern)) == "inf")
        #expect(show(Types.double, bytes(Double.nan.bitPattern)) == "nan(0x8000000000000)")
        #expect(show(Types.double, bytes((-Double.nan).bitPattern)) == "-nan(0x8000000000000)")
        #expect(show(Types.float, bytes(Float(0.1).bitPattern)) == "0.1")
        #expect(show(Types.float, bytes(Float(3.25).bitPattern)) == "3.25")
        #expect(show(Types.float, bytes(Float.nan.bitPattern)) == "nan(0x400000)")
        // long double is IEEE binary128 on wasm32: 1.5 has exponent 0x3fff and the top fraction bit set.
        #expect(show(Types.longDouble, [UInt8](repeating: 0, count: 13) + [0x80, 0xff, 0x3f]) == "1.5")
        #expect(show(Types.longDouble, [UInt8](repeating: 0, count: 14) + [0x00, 0xc0]) == "-2")
    }

    @Test func enumerations() {
        let color = SampleProgram.color
        #expect(show(color, bytes(UInt32(4))) == "BLUE")
        // Enumerators with disjoint bits make a "flag enum" for gdb, even RED = 0, GREEN = 2, BLUE = 4.
        #expect(show(color, bytes(UInt32(3))) == "(GREEN | unknown: 0x1)")
        let plain = Types.enumeration("plain", [("ONE", 1), ("TWO", 2), ("THREE", 3)])
        #expect(show(plain, bytes(UInt32(5))) == "5")
        #expect(show(plain, bytes(UInt32(3))) == "THREE")
        let permission = SampleProgram.permission
        #expect(show(permission, bytes(UInt32(5))) == "(READ | EXECUTE)")
        #expect(show(permission, bytes(UInt32(9))) == "(READ | unknown: 0x8)")
        #expect(show(permission, bytes(UInt32(0))) == "0")
        #expect(show(color, bytes(UInt32(4)), .decimal) == "4")
        #expect(show(color, bytes(UInt32(4)), .hex) == "0x4")
    }

    @Test func pointersAndStrings() throws {
        #expect(try context.print("greeting") == "0x1100 \"hello\"")
        #expect(try context.print("where") == "(struct point *) 0x1030 <origin>")
        #expect(try context.print("opaque") == "(void *) 0x0")
        #expect(try context.print("(char *)0") == "0x0")
        #expect(try context.print("(char *)0x1fffd") == "0x1fffd \"\"")
        #expect(try context.print("(unsigned char *)0x1100") == "(unsigned char *) 0x1100 \"hello\"")
        #expect(try context.print("(char *)0xffffff00") == "0xffffff00 <error: Cannot access memory at address 0xffffff00>")
        context.store(Array("tail".utf8), at: 0x1fffc)
        #expect(try context.print("(char *)0x1fffc") == "0x1fffc \"tail\"<error: Cannot access memory at address 0x20000>")
        context.store(Array("a\u{1}\"\\\té".utf8) + [0], at: 0x3000)
        #expect(try context.print("(char *)0x3000") == "0x3000 \"a\\001\\\"\\\\\\té\"")
        context.store([UInt8](repeating: UInt8(ascii: "x"), count: 300), at: 0x4000)
        #expect(try context.print("(char *)0x4000") == "0x4000 'x' <repeats 200 times>...")
        context.store(Array("ab".utf8) + [UInt8](repeating: UInt8(ascii: "-"), count: 12) + [0], at: 0x5000)
        #expect(try context.print("(char *)0x5000") == "0x5000 \"ab\", '-' <repeats 12 times>")
        context.store(Array("ab".utf8) + [UInt8](repeating: UInt8(ascii: "-"), count: 12) + Array("cd".utf8) + [0], at: 0x5100)
        #expect(try context.print("(char *)0x5100") == "0x5100 \"ab\", '-' <repeats 12 times>, \"cd\"")
        context.store([UInt8](repeating: UInt8(ascii: "-"), count: 10) + [0], at: 0x5200)
        #expect(try context.print("(char *)0x5200") == "0x5200 \"----------\"")
    }

    @Test func charArraysLikeGdb() throws {
        #expect(try context.print("buffer") == "\"abc\", '\\000' <repeats 12 times>")
        #expect(try context.print("item.name") == "\"bolt\\000\\000\\000\"")
        #expect(showArray(Types.char, Array("abc".utf8) + [0], count: 4) == "\"abc\"")
        #expect(showArray(Types.char, Array("abcd".utf8), count: 4) == "\"abcd\"")
        #expect(showArray(Types.char, [0, 0, 0, 0], count: 4) == "\"\\000\\000\\000\"")
        #expect(showArray(Types.char, [UInt8](repeating: 0, count: 16), count: 16) == "'\\000' <repeats 15 times>")
        #expect(showArray(Types.unsignedChar, [1, 2, 3, 255], count: 4) == "\"\\001\\002\\003\\377\"")
        let long = [UInt8]((0..<300).map { UInt8(ascii: "a") + UInt8($0 % 26) })
        let shown = showArray(Types.char, long, count: 300)
        #expect(shown.hasPrefix("\"abcdefghijklmnopqrstuvwxyzabc"))
        #expect(shown.hasSuffix("qr\"..."))
        #expect(shown.count == 200 + 2 + 3)
        #expect(try context.print("buffer", .hex) == "{0x61, 0x62, 0x63, 0x0 <repeats 13 times>}")
        #expect(try context.print("buffer", .string) == "\"abc\", '\\000' <repeats 12 times>")
    }

    @Test func arraysWithRepeatsAndLimits() throws {
        #expect(showArray(Types.int, (1...3).flatMap { bytes(Int32($0)) }, count: 3) == "{1, 2, 3}")
        #expect(showArray(Types.int, [UInt8](repeating: 0, count: 64), count: 16) == "{0 <repeats 16 times>}")
        // gdb compresses runs longer than 10 (`set print repeats 10`).
        #expect(showArray(Types.int, [UInt8](repeating: 0, count: 40), count: 10) == "{0, 0, 0, 0, 0, 0, 0, 0, 0, 0}")
        #expect(showArray(Types.int, [UInt8](repeating: 0, count: 44), count: 11) == "{0 <repeats 11 times>}")
        let mixed = [1, 2] + [Int32](repeating: 0, count: 13) + [3, 0, 0, 0, 0]
        #expect(showArray(Types.int, mixed.flatMap { bytes($0) }, count: 20) == "{1, 2, 0 <repeats 13 times>, 3, 0, 0, 0, 0}")
        let counting = (0..<300).flatMap { bytes(Int32($0)) }
        let shown = showArray(Types.int, counting, count: 300)
        #expect(shown.hasPrefix("{0, 1, 2, 3,"))
        #expect(shown.hasSuffix(", 198, 199...}"))
        #expect(showArray(Types.int, counting, count: 200).hasSuffix(", 199}"))
        #expect(try context.print("matrix") == "{{1, 2, 3}, {4, 5, 6}}")
        // Past gdb's max-value-size (64 KiB) the array is cut short rather than scanned whole.
        let huge = DebugValue(type: Types.array(Types.int, 1 << 20), address: 0xa000)
        #expect(ValueFormatter.format(huge, in: context) == "{0 <repeats 16384 times>...}")
        let points = SampleProgram.point
        #expect(showArray(points, (1...4).flatMap { bytes(Int32($0)) }, count: 2) == "{{x = 1, y = 2}, {x = 3, y = 4}}")
    }

    @Test func structsUnionsAndNesting() throws {
        #expect(try context.print("origin") == "{x = 1, y = 2}")
        #expect(try context.print("item") == "{id = 7, name = \"bolt\\000\\000\\000\", where = 0x1030 <origin>}")
        #expect(try context.print("status") == "{ready = 1, mode = 5, level = -3, tag = 122 'z'}")
        #expect(try context.print("constant") == "{x = 8, y = 9}")
        #expect(try context.print("*where") == "{x = 1, y = 2}")
        #expect(try context.print("item", .hex) == "{id = 0x7, name = {0x62, 0x6f, 0x6c, 0x74, 0x0, 0x0, 0x0, 0x0}, where = 0x1030}")
        #expect(try context.print("origin", .decimal) == "{x = 1, y = 2}")
        let number = Types.structure(
            "number", size: 4,
            [Types.member("integer", Types.int, 0), Types.member("real", Types.float, 0), Types.member("bytes", Types.array(Types.unsignedChar, 4), 0)],
            kind: .union)
        #expect(show(number, bytes(UInt32(0x3f80_0000))) == "{integer = 1065353216, real = 1, bytes = \"\\000\\000\\200?\"}")
        let anonymous = Types.structure(nil, size: 4, [Types.member("radius", Types.int, 0), Types.member("side", Types.float, 0)], kind: .union)
        let shape = Types.structure("shape", size: 8, [Types.member("kind", Types.int, 0), Types.member(nil, anonymous, 4)])
        #expect(show(shape, bytes(Int32(1)) + bytes(Int32(7))) == "{kind = 1, {radius = 7, side = 1e-44}}")
        let value = DebugValue(type: shape, bytes: bytes(Int32(1)) + bytes(Int32(7)))
        context.variables["shape"] = value
        #expect(try context.print("shape.radius") == "7")
        let empty = Types.structure("empty", size: 0, [])
        #expect(show(empty, []) == "{<No data fields>}")
        let declared = DebugType(.composite(CompositeType(kind: .structure, name: "opaque", byteSize: nil, members: [], isDeclaration: true)))
        #expect(ValueFormatter.format(DebugValue(type: declared, address: 0x1000), in: context) == "<incomplete type>")
        let base = DebugType(
            .composite(
                CompositeType(
                    kind: .class, name: "Shape", byteSize: 4, members: [Types.member("sides", Types.int, 0)], namesCarryKeyword: false)))
        let square = DebugType(
            .composite(
                CompositeType(
                    kind: .class, name: "Square", byteSize: 8,
                    members: [CompositeType.Member(name: nil, type: base, byteOffset: 0, isBaseClass: true), Types.member("side", Types.int, 4)],
                    namesCarryKeyword: false)))
        #expect(show(square, bytes(Int32(4)) + bytes(Int32(2))) == "{<Shape> = {sides = 4}, side = 2}")
        context.variables["square"] = DebugValue(type: square, bytes: bytes(Int32(4)) + bytes(Int32(2)))
        #expect(try context.print("square.sides") == "4")
    }

    @Test func referencesPrintLikeGdb() throws {
        let reference = DebugType(.reference(Types.int, isRValue: false))
        context.variables["alias"] = DebugValue(type: reference, bytes: bytes(UInt32(0x1000)))
        #expect(try context.print("alias") == "(int &) @0x1000: 42")
        #expect(try context.print("alias + 1") == "43")
        #expect(try context.print("&alias") == "(int *) 0x1000 <counter>")
        #expect(try context.print("alias = 5") == "5")
        #expect(context.int32(at: 0x1000) == 5)
    }

    @Test func formatLetters() throws {
        #expect(try context.print("-1", .hex) == "0xffffffff")
        #expect(try context.print("255", .hex) == "0xff")
        #expect(try context.print("(char)-1", .hex) == "0xff")
        #expect(try context.print("-1LL", .hex) == "0xffffffffffffffff")
        #expect(try context.print("5", .zeroHex) == "0x00000005")
        #expect(try context.print("8", .octal) == "010")
        #expect(try context.print("0", .octal) == "0")
        #expect(try context.print("5", .binary) == "101")
        #expect(try context.print("0", .binary) == "0")
        #expect(try context.print("65", .character) == "65 'A'")
        #expect(try context.print("321", .character) == "65 'A'")
        #expect(try context.print("200", .character) == "-56 '\\310'")
        #expect(try context.print("'a'", .decimal) == "97")
        #expect(try context.print("(char)-1", .unsigned) == "255")
        #expect(try context.print("-1", .unsigned) == "4294967295")
        #expect(try context.print("4294967295u", .decimal) == "-1")
        #expect(try context.print("1.5", .hex) == "0x3ff8000000000000")
        #expect(try context.print("3", .float) == "3")
        #expect(try context.print("ratio", .float) == "0.5")
        #expect(try context.print("origin", .hex) == "{x = 0x1, y = 0x2}")
        #expect(try context.print("numbers", .hex) == "{0xa, 0x14, 0x1e, 0x28, 0x32}")
        #expect(try context.print("where", .hex) == "0x1030")
        #expect(try context.print("where", .decimal) == "4144")
        #expect(try context.print("where", .address) == "0x1030 <origin>")
        #expect(try context.print("0x1034", .address) == "0x1034 <origin+4>")
        #expect(try context.print("operation", .address) == "0x1 <add>")
        #expect(try context.print("greeting", .string) == "0x1100 \"hello\"")
        #expect(try context.print("greeting", .hex) == "0x1100")
        #expect(try context.print("favorite", .hex) == "0x2")
        #expect(try context.print("enabled", .hex) == "0x1")
        #expect(try context.print("counter", .string) == "42")
        #expect(ValueFormat(letter: "x") == .hex)
        #expect(ValueFormat(letter: "q") == nil)
        #expect(ValueFormat.allCases.allSatisfy { $0 == .natural || ValueFormat(letter: $0.letter!) == $0 })
    }

    @Test func printedFailsLikeGdbWhenNothingCanBeRead() throws {
        let value = try Expression.parse("*(int *)0xffffff00").evaluate(in: context)
        #expect(ValueFormatter.format(value, in: context) == "<error: Cannot access memory at address 0xffffff00>")
        #expect(throws: ExpressionError.memory(address: 0xffffff00)) { try ValueFormatter.printed(value, in: context) }
        let node = try Expression.parse("*(struct item *)0x1fff8").evaluate(in: context)
        #expect(throws: ExpressionError.memory(address: 0x1fff8)) { try ValueFormatter.printed(node, in: context) }
        #expect(try ValueFormatter.printed(try Expression.parse("origin").evaluate(in: context), in: context) == "{x = 1, y = 2}")
    }
}
