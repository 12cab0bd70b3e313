/// The heat model over a real profile of split.c: per function, the weight of
/// each source line, wasm op and machine instruction adds up to the
/// function's own samples, the hot line carries most of them, and the
/// listing the live view shows beside the weights has every sampled op and
/// instruction.
import Profiler
import Testing

@Suite struct FunctionHeatTests {
    private func busyMajor() throws -> (profile: Profile, session: ProfileSession, heat: FunctionHeat) {
        let (run, session) = try Fixtures.sharedSplitRun.get()
        let profile = run.profile
        let all = FunctionHeat.all(in: profile)
        let heat = try #require(all.first { profile.functions[$0.function].name == "busy_major" })
        return (profile, session, heat)
    }

    @Test func weightsAddUpToTheFunctionsSelfWeight() throws {
        let (profile, _, heat) = try busyMajor()
        let cost = try #require(profile.functionCosts().first { $0.function == heat.function })
        #expect(heat.weight == cost.selfWeight)
        #expect(heat.ops.reduce(0) { $0 + $1.weight } == heat.weight)
        #expect(heat.instructions.reduce(0) { $0 + $1.weight } == heat.weight)
        #expect(heat.lines.reduce(0) { $0 + $1.weight } <= heat.weight)
        // Heaviest first; instructions in address order.
        #expect(heat.ops.map(\.weight) == heat.ops.map(\.weight).sorted(by: >))
        #expect(heat.instructions.map(\.address) == heat.instructions.map(\.address).sorted())
    }

    @Test func theHotLineCarriesMostOfTheFunction() throws {
        let (_, _, heat) = try busyMajor()
        let hotLine = try Fixtures.line(of: "HOT: major", in: "split.c")
        let hottest = try #require(heat.lines.first)
        #expect(hottest.source.line == hotLine && hottest.source.file.hasSuffix("split.c"))
        // Most, not a measured share (AccuracyTests measures): on a loaded
        // machine samples spread over more of the loop's instructions.
        #expect(heat.share(heat.weight(ofLine: hotLine, in: hottest.source.file)) > 0.7)
    }

    @Test func oneFunctionsHeatIsItsEntryInTheWhole() throws {
        let (profile, _, heat) = try busyMajor()
        let single = try #require(FunctionHeat.of(function: heat.function, in: profile))
        #expect(single.weight == heat.weight)
        #expect(single.ops.map(\.moduleOffset) == heat.ops.map(\.moduleOffset))
        #expect(single.instructions.map(\.address) == heat.instructions.map(\.address))
        #expect(AnnotateReport(profile: profile, symbolication: try Fixtures.sharedSplitRun.get().session.symbolication)
            .breakdowns.map(\.function) == FunctionHeat.all(in: profile).map(\.function))
        // A function without samples of its own (main only calls) has no heat.
        let main = try #require(profile.functions.firstIndex { $0.name == "main" })
        #expect(FunctionHeat.of(function: main, in: profile) == nil)
    }

    @Test func theListingHoldsEverySampledOpAndInstruction() throws {
        let (profile, session, heat) = try busyMajor()
        let listing = try FunctionListing(function: profile.functions[heat.function], symbolication: session.symbolication)
        #expect(listing.functionName == "busy_major")
        let offsets = listing.ops.map(\.moduleOffset)
        #expect(offsets == offsets.sorted() && !offsets.isEmpty)
        #expect(Set(heat.ops.map(\.moduleOffset)).isSubset(of: Set(offsets)))
        let addresses = listing.instructions.map(\.address)
        #expect(addresses == addresses.sorted())
        #expect(Set(heat.instructions.map(\.address)).isSubset(of: Set(addresses)), "every sampled pc starts an instruction")
        let hottestOp = try #require(heat.ops.first)
        #expect(!listing.instructions(ofOp: hottestOp.moduleOffset).isEmpty)
        #expect(Set(listing.instructions.map(\.moduleOffset)).isSubset(of: Set(offsets)))
        // Ops know their lines: the hot line has ops, and every op's line is in split.c.
        let hotLine = try Fixtures.line(of: "HOT: major", in: "split.c")
        let file = try #require(heat.lines.first?.source.file)
        #expect(!listing.ops(ofLine: hotLine, in: file).isEmpty)
        #expect(listing.ops.allSatisfy { $0.source == nil || $0.source!.file.hasSuffix("split.c") })
    }

    @Test func aLoopsHeaderCountsForItsBackEdgesLine() throws {
        // split.c's inner loop is one line, but clang gives its `loop` op the
        // line before it (`x ^= round`): the header's interrupt check, which
        // runs every iteration, must not count there.
        let (profile, session, heat) = try busyMajor()
        let listing = try FunctionListing(function: profile.functions[heat.function], symbolication: session.symbolication)
        let hotLine = try Fixtures.line(of: "HOT: major", in: "split.c")
        let loops = listing.ops.filter { $0.text.hasPrefix("loop") }
        #expect(loops.count == 2, "\(listing.ops.map(\.text))")
        #expect(loops.last?.source?.line == hotLine, "the inner loop's header")
        #expect(loops.first?.source?.line != hotLine, "the outer loop's header: its own back edge's line")
        // The samples agree with the listing: none of the inner loop's header lands on line 18.
        let headerLine = hotLine - 1
        let onHeaderLine = heat.lines.filter { $0.source.line == headerLine }.reduce(0) { $0 + $1.weight }
        #expect(heat.share(onHeaderLine) < 0.02, "line \(headerLine): \(heat.share(onHeaderLine))")
    }

    @Test func aFunctionWithoutCodeIsAClearError() throws {
        let (profile, session, _) = try busyMajor()
        let outside = ProfileFunction(name: "outside guest code", kind: .outsideGuest)
        #expect(throws: ProfileError.self) { try FunctionListing(function: outside, symbolication: session.symbolication) }
        _ = profile
    }
}
