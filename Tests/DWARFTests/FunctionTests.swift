import DWARF
import Foundation
import Testing

@Suite(.enabled(if: Toolchain.isInstalled, "needs clang-16, wasm-ld and llvm-dwarfdump-16"))
struct FunctionTests {
    /// Every subprogram with live code in `--debug-info`, with its name, range and declaration line.
    @Test(arguments: FixtureBuild.allCases)
    func functionsMatchDwarfdump(build: FixtureBuild) throws {
        let fixture = try Fixtures.program(build)
        let info = fixture.debugInfo
        let entries = DwarfDump.entries(fixture.infoDump)
        let codeSize = UInt64(fixture.codeSize)
        var expected: Set<String> = []
        for entry in entries where entry.tag == "DW_TAG_subprogram" {
            guard let low = entry.number("DW_AT_low_pc"), low < codeSize, let high = entry.number("DW_AT_high_pc") else {
                continue
            }
            expected.insert("\(entry.name ?? "?") [\(low), \(high)) line \(declarationLine(of: entry, in: entries) ?? -1)")
        }
        let actual = Set(info.functions.map { "\($0.name) [\($0.lowPC), \($0.highPC)) line \($0.declLine ?? -1)" })
        #expect(expected.count >= 8)
        #expect(actual == expected)
    }

    /// DW_AT_decl_line, possibly on the abstract origin.
    private func declarationLine(of entry: DumpEntry, in entries: [DumpEntry]) -> Int? {
        if let line = entry.number("DW_AT_decl_line") { return Int(line) }
        guard let origin = entry.attributes["DW_AT_abstract_origin"] ?? entry.attributes["DW_AT_specification"],
            let offset = DwarfDump.parseNumber(String(origin.prefix { $0 != " " })),
            let target = entries.first(where: { $0.offset == offset })
        else { return nil }
        return declarationLine(of: target, in: entries)
    }

    @Test(arguments: FixtureBuild.allCases)
    func functionsAreFoundByNameAndByAddress(build: FixtureBuild) throws {
        let info = try Fixtures.program(build).debugInfo
        for function in info.functions {
            #expect(info.function(containing: function.lowPC) == function)
            #expect(info.function(containing: function.highPC - 1) == function)
            #expect(info.function(named: function.name)?.name == function.name)
        }
        let factorial = try #require(info.function(named: "factorial"))
        #expect(factorial.isExternal)
        #expect(factorial.declFile.map { $0.hasSuffix("/DWARFFixtures/program.c") } == true)
        #expect(factorial.compilationUnitIndex == info.compilationUnitIndex(containing: factorial.lowPC))
        #expect(info.function(named: "no_such_function") == nil)
        #expect(info.function(containing: UInt32(info.codeSize)) == nil)
        #expect(info.function(containing: 0) == nil, "offset 0 is the code section's function count")
    }

    @Test func staticFunctionsAreNotExternal() throws {
        let info = try Fixtures.program(.optimizedNone).debugInfo
        let add = try #require(info.function(named: "add"))
        #expect(!add.isExternal)
        #expect(add.declLine == LineTableTests.line(containing: "static int add(", in: "types.c"))
    }

    /// After the prologue: the row marked prologue_end, on the function's first statement.
    @Test func breakpointAddressIsAfterThePrologue() throws {
        let fixture = try Fixtures.program(.optimizedNone)
        let info = fixture.debugInfo
        let expectations = [
            ("factorial", "program.c", "if (n <= 1)"), ("accumulate", "program.c", "int total = 0;"),
            ("main", "program.c", "int result = factorial(seed);"), ("list_sum", "types.c", "int total = 0;"),
        ]
        for (name, file, text) in expectations {
            let line = try #require(LineTableTests.line(containing: text, in: file))
            let function = try #require(info.function(named: name))
            let address = info.breakpointAddress(of: function)
            #expect(address > function.lowPC, "\(name)")
            #expect(function.contains(address))
            #expect(info.sourceLocation(at: address)?.line == line, "\(name)")
            #expect(info.lineRow(at: address)?.prologueEnd == true, "\(name)")
        }
        // Never inside a body's local declarations: the first instruction at the earliest.
        let payloadOffset = try #require(fixture.module.codeSectionPayloadOffset)
        for function in info.functions {
            let address = info.breakpointAddress(of: function)
            let body = fixture.module.functionBodies.last { $0.entryRange.lowerBound - payloadOffset <= Int(function.lowPC) }
            #expect(body.map { Int(address) >= $0.codeRange.lowerBound - payloadOffset } == true, "\(function.name)")
        }
    }

    @Test func compilationUnitsDescribeTheirSources() throws {
        let info = try Fixtures.program(.optimizedNone).debugInfo
        let units = info.compilationUnits
        let program = try #require(units.first { $0.name?.hasSuffix("DWARFFixtures/program.c") == true })
        #expect(program.producer?.contains("clang version 16") == true)
        #expect(program.language.isC)
        #expect(program.version == 4)
        #expect(program.fileNames.contains { $0.hasSuffix("DWARFFixtures/shapes.h") })
        let main = try #require(info.function(named: "main"))
        #expect(program.addressRanges.contains { $0.contains(main.lowPC) })
        #expect(info.compilationUnitIndex(containing: main.lowPC) == program.index)
        let dwarf5 = try Fixtures.program(.dwarf5).debugInfo
        #expect(dwarf5.compilationUnits.contains { $0.version == 5 })
    }
}
