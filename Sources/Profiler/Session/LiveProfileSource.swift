/// Something a live profile view can poll from its own thread while a
/// program runs under a sampler: a whole-program run (`ProfileSession`) or a
/// recorder attached to the debugger's guest thread. The view only ever asks
/// for the profile so far and for the symbolication that annotates code.
public protocol LiveProfileSource: AnyObject, Sendable {
    /// The profile of what has been sampled so far, or nil before sampling
    /// starts. Any thread, any time; cheap enough to call a few times a second.
    func snapshot() -> Profile?
    /// Maps the profile's functions back to modules, code and source.
    var symbolication: ProfileSymbolication { get }
    /// Exact calls per function so far, when the program was compiled to
    /// count them (`--count`); nil otherwise.
    func callCounts() -> CallCounts?
}

extension LiveProfileSource {
    public func callCounts() -> CallCounts? { nil }
}

extension ProfileSession: LiveProfileSource {}
