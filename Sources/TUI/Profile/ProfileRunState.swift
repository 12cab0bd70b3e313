/// What the profiled program is doing, as the live view's summary line says it.
import Profiler

public enum ProfileRunState: Sendable, Equatable {
    /// Started, nothing sampled yet.
    case starting
    case running
    /// Stopped in the debugger; sampling resumes when it continues.
    case paused
    case finished(exitStatus: Int32)
    case trapped(String)
    /// Sampling ended before the program did (quit while running, or the debugger's `profile stop`).
    case stopped
    /// The run could not start or failed outside the guest.
    case failed(String)

    /// Whether the profile may still grow (the view polls for snapshots, and quitting asks first).
    public var isLive: Bool {
        switch self {
        case .starting, .running, .paused: true
        case .finished, .trapped, .stopped, .failed: false
        }
    }

    public var description: String {
        switch self {
        case .starting: "starting"
        case .running: "running"
        case .paused: "paused"
        case .finished(let status): "finished (exit status \(status))"
        case .trapped(let message): "trapped: \(message)"
        case .stopped: "stopped"
        case .failed(let message): "failed: \(message)"
        }
    }
}

extension ProfileRunState {
    /// The state of a profiler sampling the debugger's guest.
    public init(_ phase: AttachedProfiler.Phase) {
        switch phase {
        case .ready: self = .starting
        case .sampling: self = .running
        case .paused: self = .paused
        case .stopped: self = .stopped
        }
    }
}
