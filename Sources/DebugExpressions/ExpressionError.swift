/// Why an expression could not be parsed, evaluated or stored; `description`
/// is the message gdb prints for the same mistake, so a session reads like gdb.
public enum ExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `near` is the rest of the input from the offending token (empty at the end).
    case syntax(near: String)
    case invalidCharacter(String)
    case invalidNumber(String)
    case numberTooLarge
    case unterminatedString
    case unmatchedQuote
    /// More nesting than the evaluator allows itself (it recurses once per level).
    case tooDeeplyNested
    case noSymbol(String)
    /// `keyword` is "struct", "union" or "enum".
    case noTagType(keyword: String, name: String)
    case typeNameAsExpression
    case memory(address: UInt64)
    case notPointer
    case notInMemory
    case notLValue
    case noMember(String)
    case notStructure
    case notStructurePointer
    case cannotSubscript(type: String)
    case noSuchElement
    case notNumber
    case integerOnly
    case divisionByZero
    case invalidCast
    case repeatNotInMemory
    case invalidRepeatCount(Int64)
    case incompleteType(String)
    case valueTooLarge(Int)
    /// The value has no storage here: `reason` is what printing shows in angle
    /// brackets ("optimized out" becomes gdb's "value has been optimized out").
    case unavailable(String)
    case unsupported(String)

    public var description: String {
        switch self {
        case .syntax(let near): "A syntax error in expression, near `\(near)'."
        case .invalidCharacter(let character): "Invalid character '\(character)' in expression."
        case .invalidNumber(let text): "Invalid number \"\(text)\"."
        case .numberTooLarge: "Numeric constant too large."
        case .unterminatedString: "Unterminated string in expression."
        case .unmatchedQuote: "Unmatched single quote."
        case .tooDeeplyNested: "Expression is too deeply nested."
        case .noSymbol(let name): "No symbol \"\(name)\" in current context."
        case .noTagType(let keyword, let name): "No \(keyword) type named \(name)."
        case .typeNameAsExpression: "Attempt to use a type name as an expression"
        case .memory(let address): "Cannot access memory at address 0x\(String(address, radix: 16))"
        case .notPointer: "Attempt to take contents of a non-pointer value."
        case .notInMemory: "Attempt to take address of value not located in memory."
        case .notLValue: "Left operand of assignment is not an lvalue."
        case .noMember(let name): "There is no member named \(name)."
        case .notStructure: "Attempt to extract a component of a value that is not a structure."
        case .notStructurePointer: "Attempt to extract a component of a value that is not a structure pointer."
        case .cannotSubscript(let type): "cannot subscript something of type `\(type)'"
        case .noSuchElement: "no such vector element"
        case .notNumber: "Argument to arithmetic operation not a number or boolean."
        case .integerOnly: "Integer only operation."
        case .divisionByZero: "Division by zero"
        case .invalidCast: "Invalid cast."
        case .repeatNotInMemory: "Only values in memory can be extended with '@'."
        case .invalidRepeatCount(let count): "Invalid number \(count) of repetitions."
        case .incompleteType(let type): "Attempt to use incomplete type \(type)"
        case .valueTooLarge(let size):
            "value requires \(size) bytes, which is more than max-value-size (\(ValueLimits.maximumValueSize))"
        case .unavailable(let reason): reason == "optimized out" ? "value has been optimized out" : reason
        case .unsupported(let message): message
        }
    }
}

/// gdb's defaults for how much one value may hold and how much of it `print` shows.
enum ValueLimits {
    /// `set max-value-size`: the most bytes a value is read into memory whole.
    static let maximumValueSize = 65536
    /// `set print elements`: array elements and string characters shown before `...`.
    static let printElements = 200
    /// `set print repeats`: a run longer than this prints as `<repeats N times>`.
    static let repeatThreshold = 10
}
