/// `profile start|stop|report|clear` and `info profile`: the sampling
/// profiler on the debugged program (`DebugProfiling` does the work).
import Debugger
import Profiler

extension CommandInterpreter {
    static let profileUsage = "Usage: profile start [--frequency HZ] [--clock cpu|wall] | profile stop | profile report [N] | profile clear"

    func profileCommand(_ arguments: String) throws(DebuggerError) {
        let words = arguments.split(separator: " ").map(String.init)
        let subcommand = words.first ?? "report"
        let rest = Array(words.dropFirst())
        switch subcommand {
        case "start": try profileStart(rest)
        case "stop": profileStop(rest)
        case "report": try profileReport(rest)
        case "clear": profileClear(rest)
        default: throw DebuggerError("Unknown profile command \"\(subcommand)\".  \(Self.profileUsage)")
        }
    }

    private func profileStart(_ words: [String]) throws(DebuggerError) {
        let options = try Self.parseProfileOptions(words)
        try profiling.start(options: options)
        let settings = "\(options.frequency) Hz, \(options.clock) clock"
        if profiling.hasLiveGuest {
            say("Profiling on (\(settings)): sampling the program from here while it runs.")
        } else {
            say("Profiling on (\(settings)): sampling starts when the program runs.")
        }
    }

    private func profileStop(_ words: [String]) {
        guard words.isEmpty else {
            say(Self.profileUsage)
            return
        }
        guard profiling.isOn else {
            say("Profiling is not on.")
            return
        }
        profiling.stop()
        let count = profiling.profiler?.snapshot()?.totalWeight ?? 0
        say("Profiling off; \(count) sample\(count == 1 ? "" : "s") kept for \"profile report\".")
    }

    private func profileReport(_ words: [String]) throws(DebuggerError) {
        guard words.count <= 1 else { throw DebuggerError(Self.profileUsage) }
        var limit = 25
        if let word = words.first {
            guard let number = Int(word), number >= 1 else { throw DebuggerError("Invalid count \"\(word)\".") }
            limit = number
        }
        guard let profiler = profiling.profiler, let profile = profiler.snapshot() else {
            if let failure = profiling.failure {
                say("No profile: sampling could not start: \(failure)")
            } else if profiling.isOn {
                say("No samples yet: the program has not run since \"profile start\".")
            } else {
                say("No profile.  \"profile start\" turns profiling on.")
            }
            return
        }
        write(ReportFormat.top.render(profile, symbolication: profiler.symbolication, limit: limit))
    }

    private func profileClear(_ words: [String]) {
        guard words.isEmpty else {
            say(Self.profileUsage)
            return
        }
        profiling.clear()
        say("Profile cleared.")
    }

    func infoProfile() {
        let options = profiling.options
        let profile = profiling.profiler?.snapshot()
        var status: String
        if profiling.isOn {
            status = "Profiling is on (\(options.frequency) Hz, \(options.clock) clock)"
            switch profiling.profiler?.phase {
            case .sampling: status += ", sampling."
            case .paused: status += ", paused while the program is stopped."
            case .ready, .stopped, nil: status += ", waiting for the program to run."
            }
        } else {
            status = "Profiling is off."
        }
        say(status)
        if let failure = profiling.failure { say("Sampling could not start: \(failure)") }
        if let profile {
            let signals = profile.samples.count
            say("\(profile.totalWeight) samples (\(signals) signals) in the profile; \"profile report\" shows them.")
        }
    }

    /// `--frequency HZ`, `--clock cpu|wall`, also as `--frequency=HZ`.
    static func parseProfileOptions(_ words: [String]) throws(DebuggerError) -> ProfileOptions {
        var options = ProfileOptions()
        var index = 0
        func value(of option: String, inline: String?) throws(DebuggerError) -> String {
            if let inline { return inline }
            index += 1
            guard index < words.count else { throw DebuggerError("\(option) needs a value.  \(profileUsage)") }
            return words[index]
        }
        while index < words.count {
            let parts = words[index].split(separator: "=", maxSplits: 1).map(String.init)
            let inline = parts.count == 2 ? parts[1] : nil
            switch parts[0] {
            case "--frequency", "-F":
                let text = try value(of: "--frequency", inline: inline)
                guard let frequency = Int(text), (1...100_000).contains(frequency) else {
                    throw DebuggerError("Invalid frequency \"\(text)\": give 1 to 100000 samples a second.")
                }
                options.frequency = frequency
            case "--clock":
                let text = try value(of: "--clock", inline: inline)
                guard let clock = SamplingClock(rawValue: text) else {
                    throw DebuggerError("Invalid clock \"\(text)\": cpu or wall.")
                }
                options.clock = clock
            default:
                throw DebuggerError("Unknown profile option \"\(words[index])\".  \(profileUsage)")
            }
            index += 1
        }
        return options
    }
}
