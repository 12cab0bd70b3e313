import DebugExpressions
import Testing

@Suite struct ParserTests {
    private func structure(_ text: String) throws -> String { try Expression.parse(text).structure }

    private func parseError(_ text: String) -> String? {
        do {
            _ = try Expression.parse(text)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func precedenceFollowsC() throws {
        #expect(try structure("a + b * c") == "(a + (b * c))")
        #expect(try structure("a - b - c") == "((a - b) - c)")
        #expect(try structure("a = b = c") == "(a = (b = c))")
        #expect(try structure("a += b << 2") == "(a += (b << 2))")
        #expect(try structure("*p++") == "(*(p++))")
        #expect(try structure("-s.x") == "(-s.x)")
        #expect(try structure("&a[1]") == "(&a[1])")
        #expect(try structure("p->next->value") == "p->next->value")
        #expect(try structure("a < b == c > d") == "((a < b) == (c > d))")
        #expect(try structure("a & b ^ c | d") == "(((a & b) ^ c) | d)")
        #expect(try structure("a || b && c") == "(a || (b && c))")
        #expect(try structure("a ? b : c ? d : e") == "(a ? b : (c ? d : e))")
        #expect(try structure("a, b") == "(a, b)")
        #expect(try structure("!~x") == "(!(~x))")
        #expect(try structure("sizeof x + 1") == "((sizeof x) + 1)")
        #expect(try structure("f(1, 2)") == "f(1, 2)")
    }

    @Test func gdbAdditions() throws {
        // `@` binds tighter than shifts and looser than additions, as in gdb's grammar.
        #expect(try structure("*a@n+1") == "((*a)@(n + 1))")
        #expect(try structure("a[1]@3") == "(a[1]@3)")
        #expect(try structure("{int} 0x1000") == "({int} 4096)")
        #expect(try structure("$pc + 4") == "($pc + 4)")
        #expect(try structure("$local0") == "$local0")
    }

    @Test func castsAndTypeNames() throws {
        #expect(try structure("(int)x + 1") == "(((int)x) + 1)")
        #expect(try structure("(unsigned char)-1") == "((unsigned char)(-1))")
        #expect(try structure("(struct node *)p") == "((struct node *)p)")
        #expect(try structure("(const char *)p") == "((const char *)p)")
        #expect(try structure("(int **)0") == "((int **)0)")
        #expect(try structure("(node_t *)p") == "((node_t *)p)")
        #expect(try structure("(node_t)p") == "((node_t)p)")
        #expect(try structure("(long unsigned int)x") == "((unsigned long)x)")
        #expect(try structure("(short int)x") == "((short)x)")
        #expect(try structure("(long long)x") == "((long long)x)")
        #expect(try structure("(unsigned)x") == "((unsigned int)x)")
        #expect(try structure("(char * const)p") == "((char *const )p)")
        #expect(try structure("sizeof(int) * 2") == "(sizeof(int) * 2)")
        #expect(try structure("sizeof(struct node)") == "sizeof(struct node)")
        // A lone name in parentheses before `-` is a subtraction until a context says it is a type.
        #expect(try structure("(x) - 1") == "(x - 1)")
        #expect(try structure("(x)") == "x")
    }

    @Test func literals() throws {
        #expect(try structure("0x1F") == "31")
        #expect(try structure("017") == "15")
        #expect(try structure("0b101") == "5")
        #expect(try structure("10u") == "10")
        #expect(try structure("10ULL") == "10")
        #expect(try structure("1.5") == "1.5")
        #expect(try structure(".5f") == "0.5f")
        #expect(try structure("1e3") == "1000.0")
        #expect(try structure("'a'") == "'a'")
        #expect(try structure("'\\n'") == "'\\n'")
        #expect(try structure("'\\0'") == "'\\000'")
        #expect(try structure("'\\x41'") == "'A'")
        #expect(try structure("'\\101'") == "'A'")
        #expect(try structure("\"a\\tb\" \"c\"") == "\"a\\tbc\"")
    }

    @Test func syntaxErrorsReadLikeGdb() {
        #expect(parseError("1 +") == "A syntax error in expression, near `'.")
        #expect(parseError("1 + )") == "A syntax error in expression, near `)'.")
        #expect(parseError("(1 + 2") == "A syntax error in expression, near `'.")
        #expect(parseError("a b") == "A syntax error in expression, near `b'.")
        #expect(parseError("") == "A syntax error in expression, near `'.")
        #expect(parseError("p->") == "A syntax error in expression, near `'.")
        #expect(parseError("(int") == "A syntax error in expression, near `'.")
        #expect(parseError("(unsigned double)x") == "A syntax error in expression, near `unsigned double)x'.")
        #expect(parseError("1 # 2") == "Invalid character '#' in expression.")
        #expect(parseError("0x") == "Invalid number \"0x\".")
        #expect(parseError("12abc") == "Invalid number \"12abc\".")
        #expect(parseError("09") == "Invalid number \"09\".")
        #expect(parseError("1.5.5") == "Invalid number \"1.5.5\".")
        #expect(parseError("99999999999999999999") == "Numeric constant too large.")
        #expect(parseError("'ab'") == "Unmatched single quote.")
        #expect(parseError("'a") == "Unmatched single quote.")
        #expect(parseError("\"abc") == "Unterminated string in expression.")
        #expect(parseError("é") == "Invalid character 'é' in expression.")
    }

    @Test func deepNestingIsRefusedNotCrashed() {
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        #expect(parseError(deep) == "Expression is too deeply nested.")
        #expect(parseError(String(repeating: "-", count: 5000) + "1") == "Expression is too deeply nested.")
        #expect(parseError(Array(repeating: "1", count: 5000).joined(separator: " + ")) == "Expression is too deeply nested.")
        #expect(parseError(String(repeating: "*", count: 5000) + "p") == "Expression is too deeply nested.")
        #expect(parseError(String(repeating: "(int)", count: 5000) + "p") == "Expression is too deeply nested.")
        #expect(parseError("p" + String(repeating: "[0]", count: 5000)) == "Expression is too deeply nested.")
        #expect(parseError(Array(repeating: "1", count: 50).joined(separator: " + ")) == nil)
    }

    /// The deepest trees the parser accepts evaluate without exhausting the stack.
    @Test func deepestAcceptedTreesEvaluate() throws {
        let context = SampleProgram.make()
        let sum = Array(repeating: "1", count: 96).joined(separator: " + ")
        #expect(try context.print(sum) == "96")
        func deepest(_ wrap: (String) -> String, around text: String) -> (text: String, levels: Int) {
            var text = text
            var levels = 0
            while (try? Expression.parse(wrap(text))) != nil {
                text = wrap(text)
                levels += 1
            }
            return (text, levels)
        }
        let negations = deepest({ "- " + $0 }, around: "counter")
        #expect(negations.levels > 40)
        #expect(try context.print(negations.text) == (negations.levels % 2 == 0 ? "42" : "-42"))
        let parentheses = deepest({ "(" + $0 + ")" }, around: "counter")
        #expect(parentheses.levels > 40)
        #expect(try context.print(parentheses.text) == "42")
        let indirections = deepest({ "*&" + $0 }, around: "counter")
        #expect(try context.print(indirections.text) == "42")
        let elements = deepest({ "&(" + $0 + ")[1]" }, around: "numbers")
        #expect(elements.levels > 20)
        #expect(try context.print("(long)" + elements.text) == String(0x1010 + 4 * elements.levels))
    }
}
