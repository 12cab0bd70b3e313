import DWARF
import Foundation
import Testing

@Suite(.enabled(if: Toolchain.isInstalled, "needs clang-16, wasm-ld and llvm-dwarfdump-16"))
struct TypeTests {
    static let globalTypes: [(String, String)] = [
        ("origin", "struct point"), ("corners", "point_t [2][3]"), ("greeting", "const char *"),
        ("ticks", "volatile int"), ("favorite", "enum color"), ("pun", "union number"), ("status", "struct flags"),
        ("first", "struct node"), ("chosen", "binary_operation"), ("counter", "const volatile unsigned long long"),
        ("enabled", "_Bool"), ("ratio", "double"), ("letter", "char"), ("small", "signed char"),
        ("port", "unsigned short"), ("big", "long long"), ("opaque", "void *"), ("matrix", "int [4][5]"),
        ("scratch", "struct buffer *"), ("answer_pointer", "const int *const"), ("values", "int [16]"),
        ("seed", "volatile int"),
    ]

    @Test func globalsPrintTheirCTypes() throws {
        let info = try Fixtures.program(.optimizedNone).debugInfo
        for (name, expected) in Self.globalTypes {
            #expect(info.globalVariable(named: name)?.type.description == expected, "\(name)")
        }
        let chosen = try #require(info.globalVariable(named: "chosen"))
        #expect(chosen.type.resolved.description == "int (*)(int, int)")
        #expect(chosen.type.declaration(of: "chosen") == "binary_operation chosen")
        #expect(chosen.type.resolved.declaration(of: "chosen") == "int (*chosen)(int, int)")
        #expect(try #require(info.globalVariable(named: "corners")).type.declaration(of: "corners") == "point_t corners[2][3]")
        #expect(info.globalVariable(named: "matrix")?.type.byteSize == 80)
        #expect(info.globalVariable(named: "corners")?.type.byteSize == 48)
        #expect(info.globalVariable(named: "big")?.type.byteSize == 8)
        #expect(info.globalVariable(named: "opaque")?.type.byteSize == 4)
    }

    @Test func structsUnionsAndBitFields() throws {
        let info = try Fixtures.program(.optimizedNone).debugInfo
        guard case .composite(let point) = try #require(info.type(named: "struct point")).kind else {
            Issue.record("struct point is not a composite")
            return
        }
        #expect(point.kind == .structure)
        #expect(point.byteSize == 8)
        #expect(point.members.map(\.name) == ["x", "y"])
        #expect(point.members.map(\.byteOffset) == [0, 4])

        guard case .composite(let number) = try #require(info.globalVariable(named: "pun")).type.kind else {
            Issue.record("unexpected kind")
            return
        }
        #expect(number.kind == .union)
        #expect(number.members.map { $0.type.description } == ["int", "float", "unsigned char [4]"])
        #expect(number.members.allSatisfy { $0.byteOffset == 0 })

        guard case .composite(let flags) = try #require(info.type(named: "struct flags")).kind else {
            Issue.record("unexpected kind")
            return
        }
        let layout = flags.members.map { "\($0.name ?? "?") \($0.bitSize ?? 0)@\($0.bitOffset ?? -1) byte \($0.byteOffset ?? -1)" }
        #expect(layout == ["ready 1@0 byte 0", "mode 3@1 byte 0", "level 4@4 byte 0", "tag 0@-1 byte 1"])
        #expect(flags.member(named: "level")?.type.description == "int")

        guard case .composite(let buffer) = try #require(info.type(named: "struct buffer")).kind else {
            Issue.record("unexpected kind")
            return
        }
        #expect(buffer.member(named: "data")?.type.description == "char []")
        guard case .array(let data)? = buffer.member(named: "data")?.type.kind else {
            Issue.record("unexpected kind")
            return
        }
        #expect(data.dimensions == [nil])
    }

    /// `struct node { struct node *next; }`: one node per DIE, the cycle through the pointer shared.
    @Test func recursiveTypesShareOneNode() throws {
        let info = try Fixtures.program(.optimizedNone).debugInfo
        let node = try #require(info.type(named: "struct node"))
        guard case .composite(let composite) = node.kind, let next = composite.member(named: "next") else {
            Issue.record("struct node has no next")
            return
        }
        #expect(next.type.description == "struct node *")
        guard case .pointer(let pointee) = next.type.kind else {
            Issue.record("unexpected kind")
            return
        }
        #expect(pointee === node)
        #expect(info.globalVariable(named: "first")?.type === node)
        #expect(info.type(atOffset: try #require(node.dieOffset)) === node)
    }

    /// Released with its DebugInfo, a type keeps describing itself; pointers then lead to
    /// member-less declarations, which is what breaks the cycles that would leak.
    @Test func typesOutliveTheirDebugInfoWithoutLeaking() throws {
        let fixture = try Fixtures.program(.optimizedNone)
        weak var weakInfo: DebugInfo?
        var node: DebugType?
        do {
            let info = try #require(try DebugInfo(sections: fixture.debugSections, codeSize: fixture.codeSize))
            weakInfo = info
            node = info.type(named: "struct node")
        }
        #expect(weakInfo == nil)
        do {
            let kept = try #require(node)
            #expect(kept.description == "struct node")
            guard case .composite(let composite) = kept.kind, let next = composite.member(named: "next"),
                case .pointer(let pointee) = next.type.kind, case .composite(let declaration) = pointee.kind
            else {
                Issue.record("struct node lost its shape")
                return
            }
            #expect(composite.members.count == 2)
            #expect(next.type.description == "struct node *")
            #expect(declaration.members.isEmpty)
        }
        weak let weakNode = node
        node = nil
        #expect(weakNode == nil, "no cycle keeps struct node alive")
    }

    @Test func enumerations() throws {
        let info = try Fixtures.program(.optimizedNone).debugInfo
        guard case .enumeration(let color) = try #require(info.type(named: "enum color")).kind else {
            Issue.record("enum color is not an enumeration")
            return
        }
        #expect(color.enumerators.map(\.name) == ["RED", "GREEN", "BLUE"])
        #expect(color.enumerators.map(\.value) == [0, 5, -2])
        #expect(color.byteSize == 4)
        #expect(color.name(of: 5) == "GREEN")
        #expect(color.underlyingType?.description == "int")
    }

    @Test func typesByNameForCasts() throws {
        let info = try Fixtures.program(.optimizedNone).debugInfo
        #expect(info.type(named: "int")?.byteSize == 4)
        #expect(info.type(named: "point_t")?.resolved.description == "struct point")
        #expect(info.type(named: "struct node *")?.description == "struct node *")
        #expect(info.type(named: "struct node*")?.description == "struct node *")
        #expect(info.type(named: "const char *")?.description == "const char *")
        #expect(info.type(named: "union number")?.byteSize == 4)
        #expect(info.type(named: "enum color")?.description == "enum color")
        #expect(info.type(named: "binary_operation")?.resolved.description == "int (*)(int, int)")
        // Base types the program never used are made up with wasm32's sizes.
        #expect(info.type(named: "unsigned")?.description == "unsigned int")
        #expect(info.type(named: "long")?.byteSize == 4)
        #expect(info.type(named: "unsigned long long")?.byteSize == 8)
        #expect(info.type(named: "void *")?.byteSize == 4)
        // C tags need their keyword.
        #expect(info.type(named: "node") == nil)
        #expect(info.type(named: "no_such_type") == nil)
        #expect(info.type(named: "") == nil)
        #expect(info.type(named: "*") == nil)
    }

    @Test func variablesCarryTheirTypes() throws {
        let info = try Fixtures.program(.optimizedNone).debugInfo
        let listSum = try #require(info.function(named: "list_sum"))
        let loopLine = try #require(LineTableTests.line(containing: "total += cursor->value;", in: "types.c"))
        let address = try #require(info.addresses(file: "types.c", line: loopLine)?.addresses.first)
        #expect(listSum.contains(address))
        let variables = info.variables(at: address).flatMap(\.variables)
        let described = Dictionary(variables.map { ($0.name, $0.type.description) }, uniquingKeysWith: { first, _ in first })
        #expect(described["head"] == "const struct node *")
        #expect(described["cursor"] == "const struct node *")
        #expect(described["total"] == "int")
        let apply = try #require(info.function(named: "apply"))
        let operation = try #require(info.variables(at: info.breakpointAddress(of: apply)).flatMap(\.variables).first)
        #expect(operation.description.hasPrefix("binary_operation operation @ DW_OP_fbreg"))
    }
}
