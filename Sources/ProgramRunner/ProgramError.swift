/// Why a program could not be started: an unreadable or invalid module, an
/// import nothing provides, a bad `--invoke` argument. Traps are not errors
/// here; they are an outcome (`ProgramOutcome.trapped`).
public struct ProgramError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
