/// The live view's two summary rows: what runs and in what state, how many
/// samples at what rate and clock over how long; then where the samples
/// landed, with the samples outside guest code and the dropped ones counted.
import Foundation
import Profiler

public struct ProfileSummary: Sendable {
    public var firstLine: String
    public var secondLine: String

    /// - Parameter countsCalls: the table has a Calls column, which the
    ///   second line labels as counted, unlike everything else on screen.
    public init(profile: Profile?, state: ProfileRunState, countsCalls: Bool = false) {
        guard let profile else {
            firstLine = " [\(state.description)]  no samples yet"
            secondLine = ""
            return
        }
        let metadata = profile.metadata
        let command = ([metadata.programName] + metadata.arguments).joined(separator: " ")
        let total = profile.totalWeight
        let signals = profile.samples.count
        var first = " \(command)  [\(state.description)]  \(total) samples"
        if signals != total { first += " (\(signals) signals)" }
        let duration = metadata.durationText(lastSample: profile.samples.last?.timestamp)
        first += ", \(metadata.clock) clock at \(metadata.frequency) Hz, " + duration
        firstLine = first

        let outside = profile.weight(of: .outside)
        func percent(_ weight: Int) -> String { String(format: "%.1f%%", profile.percent(weight)) }
        secondLine =
            " guest code \(percent(profile.weight(of: .jit))), host calls \(percent(profile.weight(of: .host))), "
            + "outside guest code \(percent(outside)) (\(outside) samples), \(profile.droppedSampleCount) dropped"
            + (countsCalls ? "; Calls: exact, counted (not sampled)" : "")
    }
}
