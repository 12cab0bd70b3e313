/// Turns what a sampler records into a growing `Profile`: a collector
/// drains the ring buffer on its own thread, and each `profile()` call
/// symbolizes only the samples that arrived since the last one, so a live
/// view can ask a few times a second. Both ways of sampling a program use
/// it: `ProfileSession`, which runs the program itself, and
/// `AttachedProfiler`, which samples a thread something else runs.
import Synchronization

final class ProfileAssembly: Sendable {
    private let sampler: Sampler
    private let symbolication: ProfileSymbolication
    private let collector: SampleCollector
    private let state: Mutex<State>

    private struct State {
        var builder: ProfileBuilder
        /// How many of the collector's samples are in the builder.
        var consumed = 0
    }

    /// Starts collecting from `sampler` (started or not yet).
    init(metadata: ProfileMetadata, sampler: Sampler, symbolication: ProfileSymbolication) {
        self.sampler = sampler
        self.symbolication = symbolication
        collector = SampleCollector(sampler: sampler)
        state = Mutex(State(builder: ProfileBuilder(metadata: metadata)))
    }

    /// The profile so far: the ring buffer drained, new samples symbolized.
    func profile() -> Profile {
        collector.drainNow()
        return state.withLock { state in
            absorbNewSamples(into: &state)
            return state.builder.profile
        }
    }

    /// The last drain, after the sampler stopped: the profile ends at `endTimestamp`.
    /// Later calls to `profile()` return the same profile.
    func finish(endTimestamp: UInt64) -> Profile {
        collector.finish()
        return state.withLock { state in
            absorbNewSamples(into: &state)
            state.builder.setEndTimestamp(endTimestamp)
            return state.builder.profile
        }
    }

    /// Counts time the sampled thread was held still (no samples, and not part of its run time).
    func addPause(from start: UInt64, to resumedAt: UInt64) {
        state.withLock { $0.builder.addPause(from: start, to: resumedAt) }
    }

    /// Stops the collector's thread without ending the profile (a run that failed to start).
    func abandon() {
        collector.finish()
    }

    private func absorbNewSamples(into state: inout State) {
        let (samples, next) = collector.samples(from: state.consumed)
        state.consumed = next
        for sample in samples {
            let frames = symbolication.frames(of: sample).map { resolved in
                let function = state.builder.intern(resolved.function)
                let wasmFunction = resolved.wasmFunction.map { state.builder.intern($0) }
                return state.builder.intern(
                    ProfileFrame(
                        function: function, address: resolved.address, moduleOffset: resolved.moduleOffset,
                        source: resolved.source, inlineDepth: resolved.inlineDepth, wasmFunction: wasmFunction))
            }
            state.builder.appendSample(
                framesInnermostFirst: frames, timestamp: sample.timestamp, weight: sample.weight, kind: sample.kind)
        }
        state.builder.setDroppedSampleCount(sampler.droppedCount)
    }
}
