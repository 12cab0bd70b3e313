import DWARF
import Foundation
import Testing

@Suite(.enabled(if: Toolchain.isInstalled, "needs clang-16, wasm-ld and llvm-dwarfdump-16"))
struct VariableLocationTests {
    /// Every variable and parameter with a DW_AT_location in `--debug-info`:
    /// `variables(at:)` at an address of each live list entry (or of the scope,
    /// for a single expression) must give the same expression.
    @Test(arguments: FixtureBuild.allCases)
    func everyLocationMatchesDwarfdump(build: FixtureBuild) throws {
        let fixture = try Fixtures.program(build)
        let info = fixture.debugInfo
        let entries = DwarfDump.entries(fixture.infoDump)
        let codeSize = UInt64(fixture.codeSize)
        let addressTables = build == .dwarf5 ? DwarfDump.addressTables(try fixture.dwarfdump(["--debug-addr"])) : [:]
        let globals = Dictionary(info.globalVariables.map { ($0.dieOffset, $0) }, uniquingKeysWith: { first, _ in first })
        var checkedLocals = 0
        var checkedGlobals = 0
        var checkedLists = 0

        for entry in entries where entry.tag == "DW_TAG_variable" || entry.tag == "DW_TAG_formal_parameter" {
            // Unnamed variables (string literals) are not variables to a debugger.
            guard let value = entry.attributes["DW_AT_location"], entry.name != nil else { continue }
            let ancestors = Self.ancestors(of: entry, in: entries)
            let unit = ancestors.last { $0.tag == "DW_TAG_compile_unit" }
            let table = unit?.number("DW_AT_addr_base").flatMap { addressTables[$0] } ?? []
            let location = DwarfDump.location(value)
            guard let functionIndex = ancestors.firstIndex(where: { $0.tag == "DW_TAG_subprogram" }) else {
                guard case .expression(let expected) = location else { continue }
                let global = try #require(globals[entry.offset], "global \(entry.name ?? "?")")
                #expect(global.location?.description == Self.resolvingAddressIndices(expected, table: table))
                checkedGlobals += 1
                continue
            }
            // The innermost scope that has addresses bounds where the variable is visible;
            // a function the linker dropped has none.
            let scopes = ancestors[...functionIndex].filter { !$0.ranges.isEmpty }
            guard let scope = scopes.first, scope.ranges.contains(where: { $0.lowerBound < codeSize }) else { continue }
            switch location {
            case .expression(let expected):
                let address = UInt32(scope.ranges[0].lowerBound)
                let variable = try #require(Self.variable(entry.offset, at: address, in: info), "\(entry.name ?? "?")")
                #expect(variable.location?.description == Self.resolvingAddressIndices(expected, table: table))
                #expect(!variable.hasLocationList)
                checkedLocals += 1
            case .list(let listed):
                let live = listed.filter { $0.range.lowerBound < codeSize }
                for item in live {
                    // List entries may reach past their scope; pick an address inside both.
                    guard let address = Self.firstAddress(in: item.range, within: scope.ranges) else { continue }
                    let variable = try #require(
                        Self.variable(entry.offset, at: UInt32(address), in: info),
                        "\(entry.name ?? "?") at 0x\(String(address, radix: 16))")
                    #expect(
                        variable.location?.description == Self.resolvingAddressIndices(item.expression, table: table),
                        "\(entry.name ?? "?") at 0x\(String(address, radix: 16))")
                    #expect(variable.hasLocationList)
                    checkedLocals += 1
                }
                if let anyAddress = live.lazy.compactMap({ Self.firstAddress(in: $0.range, within: scope.ranges) }).first,
                    let variable = Self.variable(entry.offset, at: UInt32(anyAddress), in: info)
                {
                    let ours = info.locationList(of: variable).map {
                        "[\($0.range?.lowerBound ?? 0), \($0.range?.upperBound ?? 0)): \($0.expression)"
                    }
                    let theirs = live.map {
                        "[\($0.range.lowerBound), \($0.range.upperBound)): \(Self.resolvingAddressIndices($0.expression, table: table))"
                    }
                    #expect(ours == theirs, "\(entry.name ?? "?")")
                    checkedLists += 1
                }
            }
        }
        #expect(checkedGlobals >= 3)
        #expect(checkedLocals >= 15)
        if build != .optimizedNone { #expect(checkedLists >= 5) }
    }

    static func ancestors(of entry: DumpEntry, in entries: [DumpEntry]) -> [DumpEntry] {
        var result: [DumpEntry] = []
        var parent = entry.parent
        while let index = parent {
            result.append(entries[index])
            parent = entries[index].parent
        }
        return result
    }

    static func variable(_ offset: UInt64, at address: UInt32, in info: DebugInfo) -> Variable? {
        info.variables(at: address).lazy.flatMap(\.variables).first { $0.dieOffset == offset }
    }

    static func firstAddress(in range: Range<UInt64>, within scopes: [Range<UInt64>]) -> UInt64? {
        scopes.compactMap { scope -> UInt64? in
            let start = max(range.lowerBound, scope.lowerBound)
            return start < min(range.upperBound, scope.upperBound) ? start : nil
        }.min()
    }

    /// DWARF 5's `DW_OP_addrx N` as the address it stands for, which is how we print it.
    static func resolvingAddressIndices(_ expression: String, table: [UInt64]) -> String {
        expression.split(separator: ",", omittingEmptySubsequences: false).map { part -> String in
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("DW_OP_addrx "),
                let index = DwarfDump.parseNumber(String(trimmed.dropFirst("DW_OP_addrx ".count))),
                index < UInt64(table.count)
            else { return trimmed }
            return "DW_OP_addr 0x" + String(table[Int(index)], radix: 16)
        }.joined(separator: ", ")
    }

    /// At -O0 every local lives in the shadow stack: DW_OP_fbreg from a frame base
    /// held in a wasm local; the evaluator turns that into a memory address.
    @Test func frameBaseRelativeVariablesEvaluateToMemory() throws {
        let info = try Fixtures.program(.optimizedNone).debugInfo
        let factorial = try #require(info.function(named: "factorial"))
        let address = info.breakpointAddress(of: factorial)
        let frameBase = try #require(info.frameBase(of: factorial, at: address))
        #expect(frameBase.description.hasPrefix("DW_OP_WASM_location 0x0 "))
        let scopes = info.variables(at: address)
        let n = try #require(scopes.flatMap(\.variables).first { $0.name == "n" })
        #expect(n.isParameter)
        #expect(n.type.description == "int")
        #expect(n.declLine == 16)
        #expect(n.location?.description == "DW_OP_fbreg +8")
        guard case .wasmLocation(.local, let index) = frameBase.operations[0] else {
            Issue.record("frame base is not a wasm local: \(frameBase)")
            return
        }
        let context = FakeFrame(locals: [index: 0x10_000 - 32])
        #expect(try n.location?.evaluate(in: context, frameBase: frameBase) == .memory(address: 0x10_000 - 24))
    }

    /// At -O1 values live in wasm locals or on the operand stack, described by location lists.
    @Test func locationListsPickTheEntryForTheAddress() throws {
        let info = try Fixtures.program(.optimized).debugInfo
        let factorial = try #require(info.function(named: "factorial"))
        let atEntry = try #require(info.variables(at: factorial.lowPC).first?.variables.first)
        #expect(atEntry.name == "n")
        #expect(atEntry.hasLocationList)
        let list = info.locationList(of: atEntry)
        #expect(list.count >= 2)
        for entry in list {
            let range = try #require(entry.range)
            let resolved = try #require(VariableLocationTests.variable(atEntry.dieOffset, at: UInt32(range.lowerBound), in: info))
            #expect(resolved.location == entry.expression)
        }
        let context = FakeFrame(locals: [0: 5], operands: [0: 7])
        let values = try list.map { try $0.expression.evaluate(in: context) }
        #expect(values.contains(.value(5)) || values.contains(.value(7)))
    }

    @Test func globalsHaveAddressesAndTypes() throws {
        let info = try Fixtures.program(.optimizedNone).debugInfo
        let origin = try #require(info.globalVariable(named: "origin"))
        #expect(origin.type.description == "struct point")
        guard case .memory(let address)? = try origin.location?.evaluate(in: FakeFrame()) else {
            Issue.record("origin is not in memory: \(String(describing: origin.location))")
            return
        }
        #expect(address >= 0x400)
        #expect(info.globalVariable(named: "seed")?.type.description == "volatile int")
        #expect(info.globalVariable(named: "values")?.type.description == "int [16]")
    }
}
