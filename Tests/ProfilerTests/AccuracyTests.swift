/// The profiler measures what it should: a program with a known split of its
/// time (split.c: 70% in busy_major, 30% in busy_minor, each nearly all in
/// one hot line) comes out within 5 percentage points at function and line
/// level. The CPU-time clock keeps the result independent of how loaded the
/// machine is.
///
/// `make test` runs this suite alone, after the others: next to other tests'
/// threads, which compete for the core's caches and execution units, the
/// samples spread from the loop's critical path over its other instructions.
/// Before a `loop` op's code (the per-iteration interrupt check) counted for
/// its back edge's line, that took the outer loop's line from 2% to 15%.
import Profiler
import Testing

@Suite struct AccuracyTests {
    @Test func functionsAndHotLinesMatchTheKnownSplit() throws {
        let (run, _) = try Fixtures.profile(try Fixtures.splitProgram(), ["150000"], options: ProfileOptions(clock: .cpu))
        let profile = run.profile
        #expect(run.outcome.processExitStatus == 0)
        // About 2 s of CPU time: hundreds of signals even at a 250 Hz kernel tick.
        #expect(profile.samples.count >= 150, "signals: \(profile.samples.count)")

        let costs = profile.functionCosts()
        func selfPercent(_ name: String) -> Double {
            let weight = costs.filter { profile.functions[$0.function].name == name }.reduce(0) { $0 + $1.selfWeight }
            return profile.percent(weight)
        }
        let major = selfPercent("busy_major")
        let minor = selfPercent("busy_minor")
        #expect(abs(major - 70) <= 5, "busy_major: \(major)%")
        #expect(abs(minor - 30) <= 5, "busy_minor: \(minor)%")

        let majorLine = try Fixtures.line(of: "HOT: major", in: "split.c")
        let minorLine = try Fixtures.line(of: "HOT: minor", in: "split.c")
        var lineWeights: [Int: Int] = [:]
        for (frame, weight) in profile.weightByLeafFrame() {
            guard let source = profile.frames[frame].source, source.file.hasSuffix("split.c") else { continue }
            lineWeights[source.line, default: 0] += weight
        }
        let majorLinePercent = profile.percent(lineWeights[majorLine] ?? 0)
        let minorLinePercent = profile.percent(lineWeights[minorLine] ?? 0)
        let summary = TopReport(profile: profile, limit: 8).text
        #expect(abs(majorLinePercent - 70) <= 5, "line \(majorLine): \(majorLinePercent)%, all lines: \(lineWeights)\n\(summary)")
        #expect(abs(minorLinePercent - 30) <= 5, "line \(minorLine): \(minorLinePercent)%, all lines: \(lineWeights)")

        // The callers are there too: both functions are called from main.
        let tree = profile.callTree()
        var callers: Set<String> = []
        func visit(_ node: CallTreeNode, parent: String?) {
            for child in node.children {
                let name = profile.functions[child.function!].name
                if name == "busy_major" || name == "busy_minor", let parent { callers.insert(parent) }
                visit(child, parent: name)
            }
        }
        visit(tree, parent: nil)
        #expect(callers == ["main"], "callers of the busy functions: \(callers)")
    }
}
