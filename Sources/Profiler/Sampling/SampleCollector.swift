/// Empties a sampler's ring buffer every few milliseconds on a thread of its
/// own, so runs of any length fit in a fixed buffer, and keeps the samples
/// for whoever asks: the session at the end of a run, or a live view in the
/// middle of one (`samples(from:)` returns what arrived since a position).
import Foundation
import Synchronization

public final class SampleCollector: Sendable {
    private let sampler: Sampler
    private let interval: Duration
    private let collected = Mutex<[RawSample]>([])
    /// Serializes drains: the sampler allows one drainer at a time.
    private let drainLock = Mutex<Void>(())
    private let stopRequested = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts draining `sampler` every `interval`.
    public init(sampler: Sampler, interval: Duration = .milliseconds(25)) {
        self.sampler = sampler
        self.interval = interval
        let thread = Thread { [self] in
            while !stopRequested.load(ordering: .acquiring) {
                Thread.sleep(forTimeInterval: Self.seconds(interval))
                drainNow()
            }
            finished.signal()
        }
        thread.name = "wasmscope sample collector"
        thread.start()
    }

    private static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// Moves what the ring buffer holds into the collection now.
    public func drainNow() {
        drainLock.withLock { _ in
            let new = sampler.drain()
            guard !new.isEmpty else { return }
            collected.withLock { $0.append(contentsOf: new) }
        }
    }

    /// Stops the draining thread after one last drain. Call after the sampler stopped.
    public func finish() {
        guard !stopRequested.exchange(true, ordering: .acquiringAndReleasing) else { return }
        finished.wait()
        drainNow()
    }

    /// Samples collected so far, from position `start` on (0 for all), and
    /// the position to ask from next time.
    public func samples(from start: Int = 0) -> (samples: [RawSample], next: Int) {
        collected.withLock { all in
            let from = min(max(start, 0), all.count)
            return (Array(all[from...]), all.count)
        }
    }
}
