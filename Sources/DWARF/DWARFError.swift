/// Why debug information could not be opened or read.
///
/// Anything a module can contain maps to one of these, never to a crash:
/// libdw's own complaints come through with its message.
public enum DWARFError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The module's sections do not add up (no code section, a custom section past the end).
    case malformedModule(String)
    /// libelf or libdw refused the sections; carries their message.
    case unreadable(String)
    /// A section or entry that libdw accepted but that our own readers found truncated or inconsistent.
    case malformed(String)

    public var description: String {
        switch self {
        case .malformedModule(let message): "malformed module: \(message)"
        case .unreadable(let message): "unreadable DWARF: \(message)"
        case .malformed(let message): "malformed DWARF: \(message)"
        }
    }
}
