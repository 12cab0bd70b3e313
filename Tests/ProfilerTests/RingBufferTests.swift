/// The sampler's ring buffer, driven without signals: records come out
/// whole and in order, across the buffer's wrap-around, and a full buffer
/// drops samples and counts them instead of overwriting.
import Profiler
import Testing

@Suite struct RingBufferTests {
    /// An address no JIT code is at, so each record is an "outside" sample of 7 words.
    private static let hostAddress: UInt64 = 0x1234

    @Test func recordsSurviveWrapAround() throws {
        let sampler = try Sampler(capacityWords: 4096)
        var expected: [UInt64] = []
        var drained: [RawSample] = []
        // 3 × 300 records of 7 words: more than the 4096 words, so the indices wrap.
        for round in 0..<3 {
            for index in 0..<300 {
                let pc = Self.hostAddress + UInt64(round * 1000 + index)
                sampler.recordForTesting(pc: pc, framePointer: 0, stackPointer: 0, weight: UInt64(index % 5 + 1))
                expected.append(pc)
            }
            drained += sampler.drain()
        }
        #expect(sampler.droppedCount == 0)
        #expect(sampler.recordedCount == 900)
        #expect(drained.map(\.pc) == expected)
        #expect(drained.allSatisfy { $0.kind == .outside && $0.returnAddresses.isEmpty })
        #expect(drained.enumerated().allSatisfy { $0.element.weight == $0.offset % 300 % 5 + 1 })
        let timestamps = drained.map(\.timestamp)
        #expect(timestamps == timestamps.sorted())
    }

    @Test func aFullBufferDropsAndCounts() throws {
        let sampler = try Sampler(capacityWords: 4096)
        for index in 0..<1000 {
            sampler.recordForTesting(pc: Self.hostAddress + UInt64(index), framePointer: 0, stackPointer: 0)
        }
        // The handler keeps room for the largest record (7 + 1024 words), so
        // (4096 - 1031) / 7 + 1 records fit before it starts dropping.
        #expect(sampler.recordedCount + sampler.droppedCount == 1000)
        #expect(sampler.droppedCount > 0)
        let drained = sampler.drain()
        #expect(drained.count == sampler.recordedCount)
        #expect(drained.map(\.pc) == (0..<drained.count).map { Self.hostAddress + UInt64($0) })
        // Drained, it records again.
        sampler.recordForTesting(pc: Self.hostAddress, framePointer: 0, stackPointer: 0)
        #expect(sampler.drain().count == 1)
    }

    @Test func aRealRunFillsTheBufferOnlyAsFastAsItDrains() throws {
        // A small buffer still loses nothing: the collector drains it every 25 ms.
        let (run, _) = try Fixtures.profile(
            try Fixtures.splitProgram(), ["20000"], options: ProfileOptions(frequency: 999, clock: .wall, bufferWords: 8192))
        #expect(run.profile.droppedSampleCount == 0)
        #expect(run.profile.samples.count > 50)
        #expect(run.profile.samples.count == Set(run.profile.samples.map(\.timestamp)).count)
    }
}
