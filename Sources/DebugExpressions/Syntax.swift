import DWARF

enum UnaryOperator: String, Sendable {
    case negate = "-"
    case plus = "+"
    case logicalNot = "!"
    case bitwiseNot = "~"
    case dereference = "*"
    case addressOf = "&"
}

enum BinaryOperator: String, Sendable, CaseIterable {
    case multiply = "*"
    case divide = "/"
    case remainder = "%"
    case add = "+"
    case subtract = "-"
    case shiftLeft = "<<"
    case shiftRight = ">>"
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
    case equal = "=="
    case notEqual = "!="
    case bitwiseAnd = "&"
    case bitwiseXor = "^"
    case bitwiseOr = "|"
}

/// A type as written in a cast or `sizeof`: `const struct node *`, `unsigned char`, `node_t **`.
struct TypeName: Sendable, CustomStringConvertible {
    enum Base: Sendable {
        /// A C base type, spelled the way clang names it ("unsigned int", "long long").
        case builtin(String)
        /// `struct x`, `union x`, `enum x`, `class x`.
        case tagged(keyword: String, name: String)
        /// A typedef (or a C++ class named without its keyword).
        case named(String)
    }

    var base: Base
    var baseQualifiers: [TypeQualifier]
    /// One entry per `*`, with the qualifiers written after it (`char *const`).
    var pointerQualifiers: [[TypeQualifier]]

    var baseName: String {
        switch base {
        case .builtin(let name), .named(let name): name
        case .tagged(let keyword, let name): "\(keyword) \(name)"
        }
    }

    var description: String {
        var text = (baseQualifiers.map(\.rawValue) + [baseName]).joined(separator: " ")
        if !pointerQualifiers.isEmpty { text += " " }
        for qualifiers in pointerQualifiers { text += "*" + qualifiers.map { $0.rawValue + " " }.joined() }
        return text
    }
}

/// A node of the syntax tree, with its height: the evaluator recurses once per
/// level, so the parser refuses trees too tall to evaluate safely.
struct SyntaxNode: Sendable {
    indirect enum Kind: Sendable {
        case integer(UInt64, IntegerKind)
        case floating(Double, byteSize: Int)
        case character(UInt8)
        case string([UInt8])
        case identifier(String)
        case register(String)
        case member(SyntaxNode, name: String, throughPointer: Bool)
        case subscripted(SyntaxNode, index: SyntaxNode)
        case call(SyntaxNode, arguments: [SyntaxNode])
        case unary(UnaryOperator, SyntaxNode)
        /// `++x`, `x--`: `delta` is +1 or -1.
        case increment(SyntaxNode, delta: Int64, isPrefix: Bool)
        case sizeofExpression(SyntaxNode)
        case sizeofType(TypeName)
        case cast(TypeName, SyntaxNode)
        /// gdb's `{type} address`: the object of that type at that address.
        case objectAt(TypeName, SyntaxNode)
        case binary(BinaryOperator, SyntaxNode, SyntaxNode)
        case logical(isAnd: Bool, SyntaxNode, SyntaxNode)
        case conditional(SyntaxNode, SyntaxNode, SyntaxNode)
        /// `operation` is set for compound assignment (`+=` is `.add`).
        case assignment(SyntaxNode, SyntaxNode, operation: BinaryOperator?)
        /// gdb's `left@count`: an array of `count` objects starting at the lvalue `left`.
        case artificialArray(SyntaxNode, count: SyntaxNode)
        case comma(SyntaxNode, SyntaxNode)
    }

    let kind: Kind
    let height: Int

    init(_ kind: Kind) {
        self.kind = kind
        height = 1 + (Self.children(of: kind).map(\.height).max() ?? 0)
    }

    private static func children(of kind: Kind) -> [SyntaxNode] {
        switch kind {
        case .integer, .floating, .character, .string, .identifier, .register, .sizeofType: []
        case .member(let node, _, _), .unary(_, let node), .increment(let node, _, _), .sizeofExpression(let node),
            .cast(_, let node), .objectAt(_, let node):
            [node]
        case .subscripted(let first, let second), .binary(_, let first, let second), .logical(_, let first, let second),
            .assignment(let first, let second, _), .artificialArray(let first, let second), .comma(let first, let second):
            [first, second]
        case .call(let function, let arguments): [function] + arguments
        case .conditional(let condition, let first, let second): [condition, first, second]
        }
    }
}

extension SyntaxNode: CustomStringConvertible {
    /// The tree as C, every operation parenthesized: shows how the text was read.
    var description: String {
        switch kind {
        case .integer(let value, _): String(value)
        case .floating(let value, let size): "\(value)" + (size == 4 ? "f" : size == 16 ? "l" : "")
        case .character(let byte): CharacterText.literal(byte)
        case .string(let bytes): "\"" + bytes.map { CharacterText.escaped($0, quote: 0x22) }.joined() + "\""
        case .identifier(let name): name
        case .register(let name): "$" + name
        case .member(let base, let name, let throughPointer): "\(base)\(throughPointer ? "->" : ".")\(name)"
        case .subscripted(let base, let index): "\(base)[\(index)]"
        case .call(let function, let arguments): "\(function)(\(arguments.map(\.description).joined(separator: ", ")))"
        case .unary(let operation, let operand): "(\(operation.rawValue)\(operand))"
        case .increment(let operand, let delta, let isPrefix):
            isPrefix ? "(\(delta > 0 ? "++" : "--")\(operand))" : "(\(operand)\(delta > 0 ? "++" : "--"))"
        case .sizeofExpression(let operand): "(sizeof \(operand))"
        case .sizeofType(let type): "sizeof(\(type))"
        case .cast(let type, let operand): "((\(type))\(operand))"
        case .objectAt(let type, let operand): "({\(type)} \(operand))"
        case .binary(let operation, let left, let right): "(\(left) \(operation.rawValue) \(right))"
        case .logical(let isAnd, let left, let right): "(\(left) \(isAnd ? "&&" : "||") \(right))"
        case .conditional(let condition, let first, let second): "(\(condition) ? \(first) : \(second))"
        case .assignment(let target, let value, let operation): "(\(target) \(operation?.rawValue ?? "")= \(value))"
        case .artificialArray(let first, let count): "(\(first)@\(count))"
        case .comma(let first, let second): "(\(first), \(second))"
        }
    }
}
