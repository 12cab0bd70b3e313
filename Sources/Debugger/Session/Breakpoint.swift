/// Breakpoints and watchpoints as the user sees them: numbered (one sequence
/// for both, as gdb), each with where it was asked for, where that resolved
/// to in machine code, and its enable state, condition, ignore and hit counts.
public enum BreakpointLocation: Sendable, Hashable, CustomStringConvertible {
    /// A source line; `file` nil means the file of the current or default location.
    case sourceLine(file: String?, line: Int)
    /// A function's first line after its prologue (or its first op without DWARF).
    case function(String)
    /// A wasm op by its module offset (`*0x1a2`).
    case moduleOffset(Int)
    /// A machine instruction in JIT code.
    case machineAddress(UInt)

    public var description: String {
        switch self {
        case .sourceLine(let file, let line): file.map { "\($0):\(line)" } ?? "\(line)"
        case .function(let name): name
        case .moduleOffset(let offset): "*0x" + String(offset, radix: 16)
        case .machineAddress(let address): "*0x" + String(address, radix: 16)
        }
    }
}

/// One resolved place of a breakpoint.
public struct BreakpointSite: Sendable, Hashable {
    public var machineAddress: UInt
    public var moduleOffset: Int?
    public var functionName: String
    public var source: SourcePositionText?
}

/// `file:line` for display, kept apart from Symbolication's type so the
/// session's public types stay small.
public struct SourcePositionText: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var description: String { "\(file):\(line)" }
}

public struct Breakpoint: Sendable {
    public enum Kind: Sendable {
        case breakpoint(BreakpointLocation)
        /// A write watchpoint on `expression`, covering `[address, address + length)`.
        case watchpoint(expression: String, address: UInt64, length: Int, executionID: Int)
    }

    public let number: Int
    public var kind: Kind
    public var sites: [BreakpointSite]
    public var isEnabled = true
    public var isTemporary = false
    public var condition: String?
    /// Hits still to ignore before stopping.
    public var ignoreCount = 0
    public var hitCount = 0

    public var isWatchpoint: Bool {
        if case .watchpoint = kind { return true }
        return false
    }
}
