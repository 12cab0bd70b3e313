/// One line of a function's mixed listing: a source line, a wasm op, or a
/// machine instruction the JIT emitted for an op.
///
/// Plain data, so that the `disassemble` command, the TUI's source, wasm and
/// machine-code panes and tests all read the same listing, each picking the
/// kinds it shows.
public struct DisassemblyLine: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Where a new source line starts: before the first op of each run of
        /// ops that DWARF attributes to one line. `file` is the path as DWARF
        /// records it; `text` is the line read from that file, nil when the
        /// file cannot be read (built on another machine) or is shorter.
        case source(file: String, line: Int, text: String?)
        /// A wasm op: its module offset, its nesting depth for indentation,
        /// its text (`i32.load offset=4`) and what its indices name, if anything
        /// (`average` for a `call`, `$stats` for a `local.get`).
        case op(moduleOffset: Int, depth: Int, text: String, annotation: String?)
        /// A machine instruction at its runtime address, with its bytes (as the
        /// listing's code reader gave them: a debug session's reader hides its
        /// int3 patches) and its Intel-syntax text, jump and call targets named
        /// (`<+52>`, `<average>`); `moduleOffset` is the op it belongs to.
        case machine(address: UInt, bytes: [UInt8], text: String, moduleOffset: Int)
    }

    public var kind: Kind
    /// The op the line belongs to: the op itself, the op that emitted the
    /// machine instruction, or the first op of a source line. Panes use it to
    /// move their cursors together.
    public var moduleOffset: Int

    public init(kind: Kind, moduleOffset: Int) {
        self.kind = kind
        self.moduleOffset = moduleOffset
    }

    public var isSource: Bool { if case .source = kind { true } else { false } }
    public var isOp: Bool { if case .op = kind { true } else { false } }
    public var isMachine: Bool { if case .machine = kind { true } else { false } }

    /// The runtime address of a machine line, nil for the other kinds.
    public var machineAddress: UInt? {
        if case .machine(let address, _, _, _) = kind { address } else { nil }
    }
}
