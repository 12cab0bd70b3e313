/// How `print/F` shows a value: gdb's format letters.
public enum ValueFormat: Sendable, Hashable, CaseIterable {
    /// By its type: what `print` without a letter shows.
    case natural
    /// `/x`: the bits in hexadecimal (a float's too).
    case hex
    /// `/d`: the bits as a signed integer.
    case decimal
    /// `/u`: the bits as an unsigned integer.
    case unsigned
    /// `/o`: octal with a leading 0.
    case octal
    /// `/t`: binary.
    case binary
    /// `/c`: the value cast to char: `97 'a'`.
    case character
    /// `/a`: an address, with the symbol it falls in.
    case address
    /// `/f`: as a floating-point number (integers convert by value).
    case float
    /// `/s`: arrays and pointers of char as strings, everything else naturally.
    case string
    /// `/z`: hexadecimal zero-padded to the type's size.
    case zeroHex

    /// The format a gdb letter names (`x`, `d`, `u`, `o`, `t`, `c`, `a`, `f`, `s`, `z`).
    public init?(letter: Character) {
        switch letter {
        case "x": self = .hex
        case "d": self = .decimal
        case "u": self = .unsigned
        case "o": self = .octal
        case "t": self = .binary
        case "c": self = .character
        case "a": self = .address
        case "f": self = .float
        case "s": self = .string
        case "z": self = .zeroHex
        default: return nil
        }
    }

    /// The gdb letter, nil for `.natural`.
    public var letter: Character? {
        switch self {
        case .natural: nil
        case .hex: "x"
        case .decimal: "d"
        case .unsigned: "u"
        case .octal: "o"
        case .binary: "t"
        case .character: "c"
        case .address: "a"
        case .float: "f"
        case .string: "s"
        case .zeroHex: "z"
        }
    }
}
