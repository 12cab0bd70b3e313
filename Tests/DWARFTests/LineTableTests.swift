import DWARF
import Foundation
import Testing

@Suite(.enabled(if: Toolchain.isInstalled, "needs clang-16, wasm-ld and llvm-dwarfdump-16"))
struct LineTableTests {
    /// Every row llvm-dwarfdump prints with a line, in code the linker kept, and nothing else.
    @Test(arguments: FixtureBuild.allCases)
    func lineTableMatchesDwarfdump(build: FixtureBuild) throws {
        let fixture = try Fixtures.program(build)
        let info = fixture.debugInfo
        let entries = DwarfDump.entries(fixture.infoDump)
        let codeSize = UInt64(fixture.codeSize)
        let expected = DwarfDump.lineRows(fixture.lineDump, compilationDirectories: DwarfDump.compilationDirectories(entries))
            .filter { $0.line != 0 && ($0.address < codeSize || ($0.address == codeSize && $0.endSequence)) }
        let files = info.sourceFiles
        let actual = info.lineTable.map { row in
            DwarfDump.LineRow(
                address: UInt64(row.address), line: Int(row.line), column: Int(row.column), file: files[Int(row.fileIndex)],
                isStatement: row.isStatement, prologueEnd: row.prologueEnd, endSequence: row.endSequence)
        }
        #expect(expected.count > 50)
        #expect(actual.count == expected.count)
        #expect(actual.map(\.address) == actual.map(\.address).sorted(), "rows are sorted by address")
        func key(_ row: DwarfDump.LineRow) -> String {
            "\(String(row.address, radix: 16)) \(row.line):\(row.column) \(normalized(row.file)) \(row.isStatement) \(row.prologueEnd) \(row.endSequence)"
        }
        let missing = Set(expected.map(key)).subtracting(actual.map(key))
        let extra = Set(actual.map(key)).subtracting(expected.map(key))
        #expect(missing.isEmpty, "rows llvm-dwarfdump has and we do not: \(missing.sorted().prefix(10))")
        #expect(extra.isEmpty, "rows we have and llvm-dwarfdump does not: \(extra.sorted().prefix(10))")
        // Exact paths, not only normalized ones, for the fixture's own files.
        let fixturePaths = Set(expected.map(\.file).filter { $0.contains("DWARFFixtures") })
        #expect(fixturePaths.isSubset(of: Set(files)))
    }

    /// `--lookup=ADDR` for a sample of addresses through the code.
    @Test(arguments: FixtureBuild.allCases)
    func sourceLocationMatchesDwarfdumpLookup(build: FixtureBuild) throws {
        let fixture = try Fixtures.program(build)
        let info = fixture.debugInfo
        let functions = info.functions
        var addresses: [UInt32] = []
        for function in functions {
            let length = function.highPC - function.lowPC
            addresses += [function.lowPC, function.lowPC + length / 3, function.lowPC + length / 2, function.highPC - 1]
        }
        let arguments = addresses.map { "--lookup=0x\(String($0, radix: 16))" }
        // One process per address: llvm-dwarfdump honours only the last --lookup.
        var checked = 0
        for (address, argument) in zip(addresses, arguments) {
            let output = try fixture.dwarfdump([argument])
            guard let lineInfo = output.split(separator: "\n").first(where: { $0.hasPrefix("Line info:") }) else {
                #expect(info.sourceLocation(at: address) == nil, "0x\(String(address, radix: 16)): llvm has no line")
                continue
            }
            // Line info: file 'program.c', line 27, column 20, start file 'program.c', start line 24
            let parts = lineInfo.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let file = parts[0].split(separator: "'")[1]
            let line = Int(parts[1].dropFirst("line ".count))!
            let column = Int(parts[2].dropFirst("column ".count))!
            let location = info.sourceLocation(at: address)
            if line == 0 {
                #expect(location == nil, "0x\(String(address, radix: 16)) is in line-0 code")
                continue
            }
            #expect(location?.line == line, "0x\(String(address, radix: 16))")
            #expect(location?.column == column, "0x\(String(address, radix: 16))")
            // DWARF 4 dumps print the name as the table has it, DWARF 5 dumps the full path.
            #expect(
                location.map { URL(fileURLWithPath: $0.file).lastPathComponent }
                    == URL(fileURLWithPath: String(file)).lastPathComponent)
            checked += 1
        }
        #expect(checked > 20)
    }

    @Test func addressesOfALineAreItsStatementRows() throws {
        let info = try Fixtures.program(.optimizedNone).debugInfo
        // program.c:27 `int term = outer(values[index & 15]);`
        let located = try #require(info.addresses(file: "program.c", line: 27))
        #expect(located.line == 27)
        #expect(located.files.count == 1 && located.files[0].hasSuffix("/DWARFFixtures/program.c"))
        #expect(!located.addresses.isEmpty)
        for address in located.addresses {
            let location = try #require(info.sourceLocation(at: address))
            #expect(location.line == 27)
            let row = try #require(info.lineRow(at: address))
            #expect(row.isStatement)
        }
        // Every spelling of the file finds the same place.
        let fullPath = located.files[0]
        #expect(info.addresses(file: fullPath, line: 27) == located)
        #expect(info.addresses(file: "DWARFFixtures/program.c", line: 27) == located)
        #expect(info.addresses(file: "./DWARFFixtures/program.c", line: 27) == located)
        #expect(info.addresses(file: "ixtures/program.c", line: 27) == nil, "a suffix must start at a '/'")
        #expect(info.addresses(file: "nowhere.c", line: 27) == nil)
    }

    @Test func aLineWithoutCodeMovesToTheNextOneThatHasSome() throws {
        let info = try Fixtures.program(.optimizedNone).debugInfo
        // program.c:33 is a comment, 34 declares `seed` (no code), 36 opens main.
        let located = try #require(info.addresses(file: "program.c", line: 33))
        #expect(located.line == 36)
        // A function's opening line puts the breakpoint after the prologue, like gdb.
        let main = try #require(info.function(named: "main"))
        #expect(located.addresses == [info.breakpointAddress(of: main)])
        #expect(info.addresses(file: "program.c", line: 10_000) == nil)
    }

    @Test func aHeaderLineInlinedInManyPlacesGetsOneAddressPerPlace() throws {
        let info = try Fixtures.program(.optimizedNone).debugInfo
        // shapes.h's `int product = value * value;` inside `square`, inlined into
        // use_types (types.c) and into middle (program.c).
        let squareLine = try #require(Self.line(containing: "int product = value * value;", in: "shapes.h"))
        let located = try #require(info.addresses(file: "shapes.h", line: squareLine))
        #expect(located.line == squareLine)
        #expect(located.addresses.count == 2)
        let callers = Set(located.addresses.compactMap { info.function(containing: $0)?.name })
        #expect(callers == ["use_types", "accumulate"])
    }

    /// Code at or past the code section's end was dropped by the linker (its rows and
    /// ranges start at a tombstone such as 0xffffffff): here, a smaller code size
    /// makes every function from `main` on look dropped.
    @Test func rowsAndFunctionsOfDroppedCodeAreLeftOut() throws {
        let fixture = try Fixtures.program(.optimizedNone)
        let main = try #require(fixture.debugInfo.function(named: "main"))
        let cut = Int(main.lowPC)
        let info = try #require(try DebugInfo(sections: fixture.debugSections, codeSize: cut))
        let table = info.lineTable
        #expect(!table.isEmpty)
        #expect(table.allSatisfy { Int($0.address) < cut || ($0.endSequence && Int($0.address) == cut) })
        #expect(table.allSatisfy { $0.line != 0 })
        #expect(info.function(named: "main") == nil)
        #expect(info.function(named: "factorial") != nil)
        #expect(info.functions.allSatisfy { Int($0.highPC) <= cut })
        #expect(info.sourceLocation(at: main.lowPC + 2) == nil)
    }

    static func line(containing text: String, in file: String) -> Int? {
        let path = Fixtures.sourceDirectory.appendingPathComponent(file).path
        guard let source = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return source.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(text) }.map { $0 + 1 }
    }
}

/// `.` components and doubled slashes removed, for comparing paths two tools joined differently.
func normalized(_ path: String) -> String {
    let components = path.split(separator: "/").filter { $0 != "." }
    return (path.hasPrefix("/") ? "/" : "") + components.joined(separator: "/")
}
