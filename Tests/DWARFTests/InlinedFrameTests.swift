import DWARF
import Foundation
import Testing

@Suite(.enabled(if: Toolchain.isInstalled, "needs clang-16, wasm-ld and llvm-dwarfdump-16"))
struct InlinedFrameTests {
    /// At every inlined subroutine's first address, the frames are the chain of
    /// inlined calls llvm-dwarfdump's tree shows, each outer frame positioned at
    /// the call (DW_AT_call_file/line/column) of the one inside it.
    @Test(arguments: FixtureBuild.allCases)
    func framesFollowTheInlinedSubroutines(build: FixtureBuild) throws {
        let fixture = try Fixtures.program(build)
        let info = fixture.debugInfo
        let entries = DwarfDump.entries(fixture.infoDump)
        let codeSize = UInt64(fixture.codeSize)
        var checked = 0
        for (index, entry) in entries.enumerated() where entry.tag == "DW_TAG_inlined_subroutine" {
            guard let range = entry.ranges.first, range.lowerBound < codeSize else { continue }
            let address = range.lowerBound
            // The innermost inlined subroutine at this address, then its ancestors.
            var innermost = index
            while let child = entries[innermost].children.first(where: {
                entries[$0].tag == "DW_TAG_inlined_subroutine" && entries[$0].ranges.contains { $0.contains(address) }
            }) {
                innermost = child
            }
            let chain = ([entries[innermost]] + VariableLocationTests.ancestors(of: entries[innermost], in: entries))
                .filter { $0.tag == "DW_TAG_inlined_subroutine" || $0.tag == "DW_TAG_subprogram" }
            let frames = info.frames(at: UInt32(address))
            #expect(frames.map(\.functionName) == chain.map { $0.name ?? "?" }, "at 0x\(String(address, radix: 16))")
            #expect(frames.map(\.isInlined) == chain.map { $0.tag == "DW_TAG_inlined_subroutine" })
            #expect(frames.first?.location == info.sourceLocation(at: UInt32(address)))
            for (frame, callee) in zip(frames.dropFirst(), chain) {
                #expect(frame.line == Int(callee.number("DW_AT_call_line") ?? 0))
                #expect(frame.column == Int(callee.number("DW_AT_call_column") ?? 0))
                #expect(frame.file == callee.quoted("DW_AT_call_file"))
            }
            checked += 1
        }
        #expect(checked >= 4)
    }

    /// `outer` → `middle` → `square`, all always_inline, inlined into `accumulate`
    /// at -O0 and, with `accumulate` itself, into `main` at -O1.
    @Test func alwaysInlineChain() throws {
        let expectations: [(FixtureBuild, [String])] = [
            (.optimizedNone, ["square", "middle", "outer", "accumulate"]),
            (.optimized, ["square", "middle", "outer", "accumulate", "main"]),
        ]
        let productLine = try #require(LineTableTests.line(containing: "int product = value * value;", in: "shapes.h"))
        let middleCallLine = try #require(LineTableTests.line(containing: "return middle(shifted)", in: "program.c"))
        for (build, names) in expectations {
            let info = try Fixtures.program(build).debugInfo
            let owner = try #require(info.function(named: names.last!))
            let located = try #require(info.addresses(file: "shapes.h", line: productLine))
            let address = try #require(located.addresses.first { owner.contains($0) }, "\(build)")
            let frames = info.frames(at: address)
            #expect(frames.map(\.functionName) == names, "\(build)")
            #expect(frames.dropLast().allSatisfy { $0.isInlined })
            #expect(frames.last?.isInlined == false)
            #expect(frames[0].file.hasSuffix("/shapes.h"))
            #expect(frames[0].line == productLine)
            #expect(frames[2].line == middleCallLine, "outer's frame is at its call to middle")
            #expect(frames[2].file.hasSuffix("/program.c"))

            // Each frame sees its own variables; outer ones see theirs through the inlining.
            let scopes = info.variables(at: address)
            func variableNames(inFrame index: Int) -> Set<String> {
                Set(scopes.filter { $0.frameIndex == index }.flatMap(\.variables).map(\.name))
            }
            #expect(variableNames(inFrame: 0) == ["value", "product"], "\(build)")
            #expect(variableNames(inFrame: 1) == ["value", "doubled"], "\(build)")
            #expect(variableNames(inFrame: 2) == ["value", "shifted"], "\(build)")
            #expect(variableNames(inFrame: 3).isSuperset(of: ["limit", "total"]), "\(build)")
            #expect(scopes.first?.kind == .inlinedSubroutine)
            #expect(scopes.first?.name == "square")
            #expect(scopes.last?.kind == .function)
            #expect(scopes.map(\.frameIndex) == scopes.map(\.frameIndex).sorted(), "innermost scope first")
        }
    }

    @Test func recursionIsOneFrameAtAnAddress() throws {
        let info = try Fixtures.program(.optimizedNone).debugInfo
        let factorial = try #require(info.function(named: "factorial"))
        let frames = info.frames(at: info.breakpointAddress(of: factorial))
        #expect(frames.map(\.functionName) == ["factorial"])
        #expect(frames[0].isInlined == false)
        #expect(info.frames(at: 0).isEmpty)
        #expect(info.frames(at: UInt32(info.codeSize) + 10).isEmpty)
    }
}
