// Condition codes of jcc, setcc and cmovcc, numbered as the low nibble of
// their opcodes. Inverting a condition flips its lowest bit, which is why the
// cases come in complementary pairs.

/// A flags condition; the raw value is the `cc` nibble of the opcode.
public enum Condition: UInt8, CaseIterable, Sendable, Hashable {
    case overflow = 0
    case noOverflow
    case below, aboveOrEqual  // unsigned <, >=  (carry set / clear)
    case equal, notEqual
    case belowOrEqual, above  // unsigned <=, >
    case sign, notSign
    case parity, notParity
    case less, greaterOrEqual  // signed <, >=
    case lessOrEqual, greater  // signed <=, >

    /// Flag-named aliases: after `ucomiss`/`ucomisd`, CF and ZF carry the
    /// result, so float comparisons read better with these.
    public static let zero = Condition.equal
    public static let notZero = Condition.notEqual
    public static let carry = Condition.below
    public static let notCarry = Condition.aboveOrEqual

    /// The condition that holds exactly when this one does not.
    @inlinable public var inverted: Condition {
        Condition(rawValue: rawValue ^ 1)!
    }

    /// The suffix Intel syntax uses in `jcc`/`setcc`/`cmovcc` (as Zydis prints it).
    public var mnemonicSuffix: String {
        switch self {
        case .overflow: "o"
        case .noOverflow: "no"
        case .below: "b"
        case .aboveOrEqual: "nb"
        case .equal: "z"
        case .notEqual: "nz"
        case .belowOrEqual: "be"
        case .above: "nbe"
        case .sign: "s"
        case .notSign: "ns"
        case .parity: "p"
        case .notParity: "np"
        case .less: "l"
        case .greaterOrEqual: "nl"
        case .lessOrEqual: "le"
        case .greater: "nle"
        }
    }
}
