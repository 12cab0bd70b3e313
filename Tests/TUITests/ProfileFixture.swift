/// A real profile for the live view's tests: `hotspots 1` (three hot
/// functions, a second or so) profiled once per test process with the wall
/// clock, and a source that hands it out in growing prefixes, as a running
/// session's snapshots grow.
import Foundation
import Glibc
import Profiler
import ProgramRunner
import Synchronization
import TestSupport

enum ProfileFixture {
    static let shared = Result { () throws -> (profile: Profile, session: ProfileSession) in
        let devNull = open("/dev/null", O_WRONLY | O_CLOEXEC)
        let specification = ProgramSpecification(
            modulePath: try Demos.wasm("hotspots"), arguments: ["1"], standardOutput: devNull, standardError: devNull)
        let session = try ProfileSession(specification: specification, options: ProfileOptions(clock: .wall))
        guard let result = GuestThread.run({ Result { () throws(ProfileError) in try session.run() } }) else {
            throw FixtureFailure(description: "hotspots 1 did not finish")
        }
        return (try result.get().profile, session)
    }

    static func function(named name: String, in profile: Profile) throws -> Int {
        guard let index = profile.functions.firstIndex(where: { $0.name == name && $0.kind == .wasm }) else {
            throw FixtureFailure(description: "no function \(name) in the profile")
        }
        return index
    }
}

struct FixtureFailure: Error, CustomStringConvertible {
    var description: String
}

/// Snapshots of a finished profile cut to its first samples, growing by `step` per snapshot.
final class ReplayedProfileSource: LiveProfileSource {
    let symbolication: ProfileSymbolication
    private let full: Profile
    private let step: Int
    private let shown = Mutex(0)

    init(profile: Profile, symbolication: ProfileSymbolication, step: Int) {
        full = profile
        self.symbolication = symbolication
        self.step = step
    }

    func snapshot() -> Profile? {
        let count = shown.withLock { count in
            count = min(full.samples.count, count + step)
            return count
        }
        var profile = full
        profile.samples = Array(full.samples.prefix(count))
        profile.metadata.endTimestamp = count == full.samples.count ? full.metadata.endTimestamp : nil
        return profile
    }
}
