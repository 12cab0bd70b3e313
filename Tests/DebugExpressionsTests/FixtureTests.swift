import DWARF
import DebugExpressions
import Testing

/// Real C types from clang's DWARF, real data from the module's data segments.
@Suite(.enabled(if: WasmFixture.isAvailable, "needs clang-16 and wasm-ld for wasm32"))
struct FixtureTests {
    @Test func scalarsPrintLikeGdb() throws {
        let context = try WasmFixture.program().context()
        #expect(try context.print("counter") == "42")
        #expect(try context.print("small") == "200 '\\310'")
        #expect(try context.print("negative") == "-1 '\\377'")
        #expect(try context.print("letter") == "113 'q'")
        #expect(try context.print("shorty") == "-300")
        #expect(try context.print("big") == "-1234567890123")
        #expect(try context.print("huge") == "18446744073709551615")
        #expect(try context.print("ratio") == "0.5")
        #expect(try context.print("pi") == "3.141592653589793")
        #expect(try context.print("precise") == "1.5")
        #expect(try context.print("enabled") == "true")
        #expect(try context.print("favorite") == "GREEN")
        #expect(try context.print("loudness") == "7")
        #expect(try context.print("limits") == "{-1, 0, 1}")
    }

    @Test func aggregatesPrintLikeGdb() throws {
        let context = try WasmFixture.program().context()
        #expect(try context.print("origin") == "{x = 1, y = 2}")
        #expect(
            try context.print("corners")
                == "{{{x = 1, y = 2}, {x = 3, y = 4}, {x = 5, y = 6}}, {{x = 7, y = 8}, {x = 9, y = 10}, {x = 11, y = 12}}}")
        #expect(try context.print("status") == "{ready = 1, mode = 5, level = -3, tag = 122 'z'}")
        #expect(try context.print("pun") == "{integer = 1065353216, real = 1, bytes = \"\\000\\000\\200?\"}")
        #expect(try context.print("first") == "{id = 1, name = \"washer\\000\", next = \(context.hex("second")) <second>}")
        #expect(try context.print("buffer") == "\"abc\", '\\000' <repeats 12 times>")
        #expect(try context.print("numbers") == "{10, 20, 30, 40, 50}")
        #expect(try context.print("zeros") == "{0 <repeats 16 times>}")
        #expect(try context.print("mixed") == "{1, 2, 0 <repeats 13 times>, 3, 0, 0, 0, 0}")
        #expect(try context.print("escapes") == "\"a\\n\\t\\\"\\\\\"")
        #expect(try context.print("raw") == "\"\\001\\002\\003\\377\"")
        let square = try context.print("square")
        #expect(square.hasPrefix("{label = 0x"))
        #expect(square.hasSuffix(" \"square\", corners = {{x = 0, y = 0}, {x = 2, y = 2}}, color = BLUE, {radius = 7, side = 1e-44}}"))
    }

    @Test func pointersPrintLikeGdb() throws {
        let context = try WasmFixture.program().context()
        #expect(try context.print("head") == "(node_t *) \(context.hex("first")) <first>")
        #expect(try context.print("greeting").hasSuffix(" \"hello, world\""))
        #expect(try context.print("opaque") == "(void *) 0x0")
        #expect(try context.print("*pointer_pointer") == "(int *) \(context.hex("counter")) <counter>")
        #expect(try context.print("**pointer_pointer") == "42")
        let element = "0x" + String(context.address(of: "corners") + 40, radix: 16)
        #expect(try context.print("&corners[1][2]") == "(point_t *) \(element) <corners+40>")
        let operation = try Expression.parse("operation").evaluate(in: context)
        let index = try Expression.parse("(long)operation").evaluate(in: context)
        let table = ValueFormatter.format(index, in: context)
        context.functionNames[UInt64(table)!] = "add"
        #expect(ValueFormatter.format(operation, in: context) == "(binary_operation) 0x\(String(UInt64(table)!, radix: 16)) <add>")
        #expect(try context.print("*operation") == "{int (int, int)} 0x\(String(UInt64(table)!, radix: 16)) <add>")
    }

    @Test func expressionsOverRealTypes() throws {
        let context = try WasmFixture.program().context()
        #expect(try context.print("first.next->next->id") == "3")
        #expect(try context.print("head->next->next->name") == "\"bolt\\000\\000\\000\"")
        #expect(try context.print("head->name[0]") == "119 'w'")
        #expect(try context.print("numbers[1] + numbers[2] * 2") == "80")
        #expect(try context.print("*numbers@3") == "{10, 20, 30}")
        #expect(try context.print("numbers[1]@2") == "{20, 30}")
        #expect(try context.print("&numbers[3] - &numbers[0]") == "3")
        #expect(try context.print("*(numbers + 3)") == "40")
        #expect(try context.print("sizeof(struct node)") == "16")
        #expect(try context.print("sizeof(node_t *)") == "4")
        #expect(try context.print("sizeof numbers") == "20")
        #expect(try context.print("sizeof(struct shape)") == "28")
        #expect(try context.print("sizeof(long double)") == "16")
        #expect(try context.print("(char)counter") == "42 '*'")
        #expect(try context.print("(unsigned char)-1") == "255 '\\377'")
        #expect(try context.print("(uint8_t)300") == "44 ','")
        #expect(try context.print("favorite == GREEN") == "1")
        #expect(try context.print("RED == favorite") == "0")
        #expect(try context.print("(enum color)4") == "BLUE")
        #expect(try context.print("status.level") == "-3")
        #expect(try context.print("status.mode + 1") == "6")
        #expect(try context.print("pun.real * 2") == "2")
        #expect(try context.print("pun.bytes[3]") == "63 '?'")
        #expect(try context.print("square.corners[1].y") == "2")
        #expect(try context.print("square.radius") == "7")
        #expect(try context.print("*square.label@6") == "\"square\"")
        #expect(try context.print("(struct node *)head") == "(struct node *) \(context.hex("first")) <first>")
        #expect(try context.print("*head") == "{id = 1, name = \"washer\\000\", next = \(context.hex("second")) <second>}")
        // `uint8_t` is a typedef here, so `(uint8_t) -1` is a cast, not a subtraction.
        #expect(try context.print("(uint8_t) -1") == "255 '\\377'")
        #expect(try context.print("(counter) - 1") == "41")
        #expect(try Expression.parse("counter > 3 && head != 0").evaluateCondition(in: context))
        #expect(try context.print("ratio + pi") == "3.641592653589793")
        #expect(try context.print("precise * 2") == "3")
    }

    @Test func assignmentsOverRealTypes() throws {
        let context = try WasmFixture.program().context()
        #expect(try context.print("counter = 7") == "7")
        #expect(try context.print("counter") == "7")
        #expect(try context.print("status.mode = 2") == "2")
        #expect(try context.print("status.level = 6") == "6")
        #expect(try context.print("status") == "{ready = 1, mode = 2, level = 6, tag = 122 'z'}")
        #expect(try context.print("head->next->id = 99") == "99")
        #expect(try context.print("second.id") == "99")
        #expect(try context.print("favorite = BLUE") == "BLUE")
        #expect(try context.print("head = head->next") == "(node_t *) \(context.hex("second")) <second>")
        #expect(try context.print("head->name") == "\"nut\\000\\000\\000\\000\"")
        #expect(try context.print("precise = 0.25") == "0.25")
        #expect(try context.print("origin = corners[1][0]") == "{x = 7, y = 8}")
    }

    @Test func examiningMemory() throws {
        let context = try WasmFixture.program().context()
        var examination = try MemoryExamination.parse("/4dw")
        let address = try Expression.parse("numbers").evaluateAddress(in: context)
        #expect(try examination.lines(at: address, in: context) == ["\(context.hex("numbers")) <numbers>:\t10\t20\t30\t40"])
        var strings = try MemoryExamination.parse("/s")
        let text = try Expression.parse("greeting").evaluateAddress(in: context)
        #expect(try strings.lines(at: text, in: context) == ["0x\(String(text, radix: 16)):\t\"hello, world\""])
    }

    @Test func typeErrors() throws {
        let context = try WasmFixture.program().context()
        #expect(throws: ExpressionError.noTagType(keyword: "struct", name: "nosuch")) {
            try Expression.parse("(struct nosuch *)0").evaluate(in: context)
        }
        #expect(throws: ExpressionError.noMember("z")) { try Expression.parse("origin.z").evaluate(in: context) }
        #expect(throws: ExpressionError.typeNameAsExpression) { try Expression.parse("node_t").evaluate(in: context) }
    }
}
