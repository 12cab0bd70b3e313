/// A session's exact call counts, for reports after the run and live views
/// during it.
extension ProfileSession {
    /// The call counts so far, nil unless the program was compiled to count
    /// calls (`ProfileOptions.countsCalls`). Any thread, any time; read while
    /// the guest runs they are approximate (a moment old, `isFinal` false).
    /// The exact counts of a finished run are `ProfileRun.callCounts`.
    public func callCounts() -> CallCounts? { readCallCounts(isFinal: false) }

    func readCallCounts(isFinal: Bool) -> CallCounts? {
        CallCounts(reading: program.modules.map(\.module), symbolication: symbolication, isFinal: isFinal)
    }
}
