/// Builds a `Profile` incrementally: interns functions, frames and stack
/// nodes so equal ones share an index, and appends samples given as frame
/// lists. Appending only ever adds rows, so earlier indices stay valid and a
/// snapshot taken halfway is a prefix of the final profile.
public struct ProfileBuilder: Sendable {
    public private(set) var profile: Profile
    private var functionIndices: [ProfileFunction: Int] = [:]
    private var frameIndices: [ProfileFrame: Int] = [:]
    private var stackIndices: [ProfileStackNode: Int] = [:]

    public init(metadata: ProfileMetadata) {
        profile = Profile(metadata: metadata)
    }

    public mutating func intern(_ function: ProfileFunction) -> Int {
        if let index = functionIndices[function] { return index }
        let index = profile.functions.count
        profile.functions.append(function)
        functionIndices[function] = index
        return index
    }

    public mutating func intern(_ frame: ProfileFrame) -> Int {
        if let index = frameIndices[frame] { return index }
        let index = profile.frames.count
        profile.frames.append(frame)
        frameIndices[frame] = index
        return index
    }

    /// The stack node for `frames`, given innermost first (at least one).
    public mutating func stack(innermostFirst frames: [Int]) -> Int {
        var parent: Int?
        for frame in frames.reversed() {
            let node = ProfileStackNode(frame: frame, parent: parent)
            if let index = stackIndices[node] {
                parent = index
            } else {
                let index = profile.stacks.count
                profile.stacks.append(node)
                stackIndices[node] = index
                parent = index
            }
        }
        return parent!
    }

    public mutating func appendSample(
        framesInnermostFirst frames: [Int], timestamp: UInt64, weight: Int, kind: RawSample.Kind
    ) {
        precondition(!frames.isEmpty, "a sample has at least one frame")
        let stack = stack(innermostFirst: frames)
        profile.samples.append(ProfileSample(stack: stack, timestamp: timestamp, weight: weight, kind: kind))
    }

    public mutating func setDroppedSampleCount(_ count: Int) {
        profile.droppedSampleCount = count
    }

    public mutating func setEndTimestamp(_ timestamp: UInt64) {
        profile.metadata.endTimestamp = timestamp
    }

    /// A pause of the sampled thread that ended at `resumedAt`.
    public mutating func addPause(from start: UInt64, to resumedAt: UInt64) {
        profile.metadata.pausedNanoseconds += resumedAt &- start
        profile.metadata.lastResumeTimestamp = resumedAt
    }
}
