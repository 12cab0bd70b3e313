/// Exact call counts in a profiled run (`ProfileOptions.countsCalls`): the
/// counts of a program whose calls are known, named through the profile's
/// symbolication, and the report table that says they are not sampled.
import Profiler
import Testing

@Suite struct CallCountReportTests {
    static let rounds = 20

    static let countedRun = Result { () throws -> (run: ProfileRun, session: ProfileSession) in
        try Fixtures.profile(try Fixtures.callsProgram(), ["\(rounds)"], options: ProfileOptions(countsCalls: true))
    }

    private func calls(_ name: String, in counts: CallCounts) -> UInt64? {
        counts.entries.first { $0.function.name == name }?.calls
    }

    @Test func aCountedRunHasTheExactCallsOfEveryFunction() throws {
        let (run, _) = try Self.countedRun.get()
        let counts = try #require(run.callCounts)
        #expect(counts.isFinal)
        #expect(calls("leaf", in: counts) == UInt64(Self.rounds * 1000))
        #expect(calls("count_round", in: counts) == UInt64(Self.rounds))
        #expect(calls("fib", in: counts) == 1973)
        #expect(calls("main", in: counts) == 1)
        #expect(counts.entries.first?.function.name == "leaf", "most calls first")
        let leaf = try #require(counts.entries.first)
        #expect(leaf.function.kind == .wasm)
        #expect(leaf.function.definition?.file.hasSuffix("calls.c") == true)
        #expect(leaf.function.definition?.line == (try Fixtures.line(of: "static uint32_t leaf(", in: "calls.c")))
        #expect(counts.uncalledFunctionCount > 0, "libc has functions this program never calls")
    }

    @Test func theTableSaysItIsCountedNotSampled() throws {
        let (run, session) = try Self.countedRun.get()
        let counts = try #require(run.callCounts)
        let table = CallCountReport(counts: counts, limit: 3).text
        let lines = table.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Call counts (exact, counted by instrumentation — not sampled)") == true)
        #expect(table.contains("not sampled"))
        let leafRow = try #require(lines.first { $0.contains(" leaf ") })
        #expect(leafRow.contains("\(Self.rounds * 1000)"))
        #expect(leafRow.contains("calls.c:"))
        #expect(lines.filter { $0.contains("calls.c:") }.count == 3, "--limit rows")
        #expect(lines.last?.contains("more functions called") == true)

        let top = ReportFormat.top.render(run.profile, symbolication: session.symbolication, callCounts: counts)
        #expect(top.hasPrefix("calls.wasm \(Self.rounds): ") && top.contains(CallCountReport.title))
        let countsOnly = ReportFormat.counts.render(run.profile, symbolication: session.symbolication, callCounts: counts)
        #expect(countsOnly.hasPrefix(CallCountReport.title))
        #expect(!countsOnly.contains("Self%"))
        let tree = ReportFormat.tree.render(run.profile, symbolication: session.symbolication, callCounts: counts)
        #expect(!tree.contains(CallCountReport.title), "only top, annotate and counts carry the table")
    }

    @Test func aSessionReadsCountsWhileItRunsAndHasNoneWithoutCounting() throws {
        let (_, session) = try Self.countedRun.get()
        let live = try #require(session.callCounts())
        #expect(!live.isFinal)
        #expect(CallCountReport(counts: live).text.contains("approximate"))

        let (uncounted, plainSession) = try Fixtures.profile(try Fixtures.callsProgram(), ["1"])
        #expect(uncounted.callCounts == nil)
        #expect(plainSession.callCounts() == nil)
    }
}
