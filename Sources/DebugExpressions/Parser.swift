import DWARF

/// Recursive descent over C's precedence levels, with gdb's `@` between shifts and
/// additions, `{type} address`, and `$registers`.
///
/// C cannot be parsed without knowing which names are types: `(t) -x` is a
/// cast if `t` is a typedef and a subtraction if it is a variable. Parsing
/// happens before there is a context, so such a case is read as an expression
/// and flagged; evaluation parses the text again, asking the context (`typeOracle`).
struct Parser {
    private let tokens: [Token]
    private let text: [UInt8]
    private var position = 0
    private var recursion = 0
    /// Whether a name is a type; nil when parsing without a context.
    private let typeOracle: ((String) -> Bool)?
    /// A `(name)` was read as a parenthesized expression only for want of a context.
    private(set) var hasAmbiguousCast = false

    /// Deeper trees are refused: evaluating recurses once per level.
    static let maximumHeight = 96
    private static let maximumRecursion = 160

    static let builtinTypeWords: Set<String> = [
        "void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "_Bool", "bool",
    ]
    private static let tagKeywords: Set<String> = ["struct", "union", "enum", "class"]
    private static let qualifierWords: [String: TypeQualifier] = ["const": .const, "volatile": .volatile]

    private static let binaryPrecedence: [String: Int] = [
        "||": 1, "&&": 2, "|": 3, "^": 4, "&": 5, "==": 6, "!=": 6, "<": 7, ">": 7, "<=": 7, ">=": 7, "<<": 8, ">>": 8,
        "@": 9, "+": 10, "-": 10, "*": 11, "/": 11, "%": 11,
    ]
    private static let assignmentOperators: [String: BinaryOperator?] = [
        "=": nil, "*=": .multiply, "/=": .divide, "%=": .remainder, "+=": .add, "-=": .subtract, "<<=": .shiftLeft,
        ">>=": .shiftRight, "&=": .bitwiseAnd, "^=": .bitwiseXor, "|=": .bitwiseOr,
    ]

    init(_ text: String, typeOracle: ((String) -> Bool)? = nil) throws(ExpressionError) {
        tokens = try Lexer.tokens(of: text)
        self.text = Array(text.utf8)
        self.typeOracle = typeOracle
    }

    mutating func parse() throws(ExpressionError) -> SyntaxNode {
        let node = try parseComma()
        guard current.kind == .end else { throw syntaxError() }
        return node
    }

    // MARK: Tokens

    private var current: Token { tokens[min(position, tokens.count - 1)] }
    private func token(at index: Int) -> Token { tokens[min(index, tokens.count - 1)] }

    private func syntaxError(at token: Token? = nil) -> ExpressionError {
        let offset = min((token ?? current).offset, text.count)
        return .syntax(near: String(decoding: text[offset...], as: UTF8.self))
    }

    private mutating func accept(_ punctuator: String) -> Bool {
        guard current.isPunctuator(punctuator) else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ punctuator: String) throws(ExpressionError) {
        guard accept(punctuator) else { throw syntaxError() }
    }

    private func make(_ kind: SyntaxNode.Kind) throws(ExpressionError) -> SyntaxNode {
        let node = SyntaxNode(kind)
        guard node.height <= Self.maximumHeight else { throw .tooDeeplyNested }
        return node
    }

    private mutating func enter() throws(ExpressionError) {
        recursion += 1
        guard recursion <= Self.maximumRecursion else { throw .tooDeeplyNested }
    }

    // MARK: Binary levels

    private mutating func parseComma() throws(ExpressionError) -> SyntaxNode {
        var node = try parseAssignment()
        while accept(",") { node = try make(.comma(node, try parseAssignment())) }
        return node
    }

    private mutating func parseAssignment() throws(ExpressionError) -> SyntaxNode {
        try enter()
        defer { recursion -= 1 }
        let target = try parseConditional()
        guard case .punctuator(let text) = current.kind, let operation = Self.assignmentOperators[text] else { return target }
        position += 1
        return try make(.assignment(target, try parseAssignment(), operation: operation))
    }

    private mutating func parseConditional() throws(ExpressionError) -> SyntaxNode {
        let condition = try parseBinary(minimumPrecedence: 1)
        guard accept("?") else { return condition }
        let first = try parseComma()
        try expect(":")
        return try make(.conditional(condition, first, try parseConditional()))
    }

    private mutating func parseBinary(minimumPrecedence: Int) throws(ExpressionError) -> SyntaxNode {
        var left = try parseCast()
        while case .punctuator(let text) = current.kind, let precedence = Self.binaryPrecedence[text],
            precedence >= minimumPrecedence
        {
            position += 1
            let right = try parseBinary(minimumPrecedence: precedence + 1)
            switch text {
            case "||": left = try make(.logical(isAnd: false, left, right))
            case "&&": left = try make(.logical(isAnd: true, left, right))
            case "@": left = try make(.artificialArray(left, count: right))
            default: left = try make(.binary(BinaryOperator(rawValue: text)!, left, right))
            }
        }
        return left
    }

    // MARK: Casts and unary operators

    private mutating func parseCast() throws(ExpressionError) -> SyntaxNode {
        try enter()
        defer { recursion -= 1 }
        if current.isPunctuator("("), isCastAhead() {
            position += 1
            let type = try parseTypeName()
            try expect(")")
            return try make(.cast(type, try parseCast()))
        }
        if accept("{") {
            let type = try parseTypeName()
            try expect("}")
            return try make(.objectAt(type, try parseCast()))
        }
        return try parseUnary()
    }

    private mutating func parseUnary() throws(ExpressionError) -> SyntaxNode {
        try enter()
        defer { recursion -= 1 }
        switch current.kind {
        case .punctuator("++"), .punctuator("--"):
            let delta: Int64 = current.isPunctuator("++") ? 1 : -1
            position += 1
            return try make(.increment(try parseUnary(), delta: delta, isPrefix: true))
        case .punctuator(let text) where UnaryOperator(rawValue: text) != nil:
            position += 1
            return try make(.unary(UnaryOperator(rawValue: text)!, try parseCast()))
        case .identifier("sizeof"):
            position += 1
            if current.isPunctuator("("), typeNameStarts(at: position + 1) == true {
                position += 1
                let type = try parseTypeName()
                try expect(")")
                return try make(.sizeofType(type))
            }
            return try make(.sizeofExpression(try parseUnary()))
        default:
            return try parsePostfix()
        }
    }

    private mutating func parsePostfix() throws(ExpressionError) -> SyntaxNode {
        var node = try parsePrimary()
        while true {
            if accept("[") {
                let index = try parseComma()
                try expect("]")
                node = try make(.subscripted(node, index: index))
            } else if accept("(") {
                var arguments: [SyntaxNode] = []
                if !accept(")") {
                    repeat { arguments.append(try parseAssignment()) } while accept(",")
                    try expect(")")
                }
                node = try make(.call(node, arguments: arguments))
            } else if current.isPunctuator(".") || current.isPunctuator("->") {
                let throughPointer = current.isPunctuator("->")
                position += 1
                guard case .identifier(let name) = current.kind else { throw syntaxError() }
                position += 1
                node = try make(.member(node, name: name, throughPointer: throughPointer))
            } else if current.isPunctuator("++") || current.isPunctuator("--") {
                let delta: Int64 = current.isPunctuator("++") ? 1 : -1
                position += 1
                node = try make(.increment(node, delta: delta, isPrefix: false))
            } else {
                return node
            }
        }
    }

    private mutating func parsePrimary() throws(ExpressionError) -> SyntaxNode {
        let token = current
        switch token.kind {
        case .identifier(let name):
            position += 1
            return try make(.identifier(name))
        case .integer(let value, let kind):
            position += 1
            return try make(.integer(value, kind))
        case .floating(let value, let size):
            position += 1
            return try make(.floating(value, byteSize: size))
        case .character(let byte):
            position += 1
            return try make(.character(byte))
        case .string(var bytes):
            position += 1
            // Adjacent literals concatenate, as in C.
            while case .string(let more) = current.kind {
                bytes += more
                position += 1
            }
            return try make(.string(bytes))
        case .register(let name):
            position += 1
            return try make(.register(name))
        case .punctuator("("):
            position += 1
            let node = try parseComma()
            try expect(")")
            return node
        default:
            throw syntaxError(at: token)
        }
    }

    // MARK: Type names

    /// Whether a type name starts at `index`: true for keywords and for `name *…)`,
    /// nil for a lone `name)`, which only the context can tell, false otherwise.
    private func typeNameStarts(at index: Int) -> Bool? {
        guard case .identifier(let name) = token(at: index).kind else { return false }
        if Self.builtinTypeWords.contains(name) || Self.tagKeywords.contains(name) || Self.qualifierWords[name] != nil {
            return true
        }
        if name == "sizeof" { return false }
        var next = index + 1
        var stars = 0
        while true {
            if token(at: next).isPunctuator("*") {
                stars += 1
            } else if case .identifier(let word) = token(at: next).kind, Self.qualifierWords[word] != nil {
            } else {
                break
            }
            next += 1
        }
        guard token(at: next).isPunctuator(")") else { return false }
        // `(a *)` is no expression, so it must be a type.
        return stars > 0 ? true : nil
    }

    /// At `(`: does a cast follow?
    private mutating func isCastAhead() -> Bool {
        guard let starts = typeNameStarts(at: position + 1) else {
            guard case .identifier(let name) = token(at: position + 1).kind else { return false }
            var closing = position + 2
            while !token(at: closing).isPunctuator(")") && token(at: closing).kind != .end { closing += 1 }
            let after = token(at: closing + 1)
            switch after.kind {
            case .identifier, .integer, .floating, .character, .string, .register:
                // `(name) x` means nothing unless `name` is a type.
                return true
            case .punctuator("~"), .punctuator("!"), .punctuator("{"):
                return true
            case .punctuator("("), .punctuator("*"), .punctuator("&"), .punctuator("-"), .punctuator("+"),
                .punctuator("++"), .punctuator("--"):
                if let typeOracle { return typeOracle(name) }
                hasAmbiguousCast = true
                return false
            default:
                return false
            }
        }
        return starts
    }

    private mutating func parseTypeName() throws(ExpressionError) -> TypeName {
        let start = current
        var qualifiers: [TypeQualifier] = []
        var words: [String] = []
        var base: TypeName.Base?
        while case .identifier(let word) = current.kind {
            if let qualifier = Self.qualifierWords[word] {
                qualifiers.append(qualifier)
            } else if Self.builtinTypeWords.contains(word) {
                guard base == nil else { throw syntaxError() }
                words.append(word)
            } else if Self.tagKeywords.contains(word) {
                guard base == nil, words.isEmpty, case .identifier(let tag) = token(at: position + 1).kind else {
                    throw syntaxError()
                }
                position += 1
                base = .tagged(keyword: word, name: tag)
            } else if base == nil && words.isEmpty {
                base = .named(word)
            } else {
                break
            }
            position += 1
        }
        if !words.isEmpty {
            guard let name = Self.builtinName(words) else { throw syntaxError(at: start) }
            base = .builtin(name)
        }
        guard let base else { throw syntaxError(at: start) }
        var pointers: [[TypeQualifier]] = []
        while accept("*") {
            var pointerQualifiers: [TypeQualifier] = []
            while case .identifier(let word) = current.kind, let qualifier = Self.qualifierWords[word] {
                pointerQualifiers.append(qualifier)
                position += 1
            }
            pointers.append(pointerQualifiers)
        }
        return TypeName(base: base, baseQualifiers: qualifiers, pointerQualifiers: pointers)
    }

    /// C's base type specifiers in any order, spelled the way clang names the type.
    static func builtinName(_ words: [String]) -> String? {
        var counts: [String: Int] = [:]
        for word in words { counts[word, default: 0] += 1 }
        let longs = counts["long"] ?? 0
        let isUnsigned = counts["unsigned"] != nil
        let isSigned = counts["signed"] != nil
        guard counts.values.allSatisfy({ $0 == 1 }) || (longs == 2 && counts.filter { $0.value > 1 }.count == 1) else {
            return nil
        }
        guard !(isUnsigned && isSigned), longs <= 2 else { return nil }
        let others = Set(counts.keys).subtracting(["long", "unsigned", "signed", "short", "int"])
        let sign = isUnsigned ? "unsigned " : ""
        if others.isEmpty {
            if counts["short"] != nil { return longs == 0 ? sign + "short" : nil }
            return sign + (longs == 0 ? "int" : longs == 1 ? "long" : "long long")
        }
        guard others.count == 1, let other = others.first, counts["int"] == nil, counts["short"] == nil else { return nil }
        switch other {
        case "char": return longs == 0 ? (isUnsigned ? "unsigned char" : isSigned ? "signed char" : "char") : nil
        case "double": return isUnsigned || isSigned || longs > 1 ? nil : longs == 1 ? "long double" : "double"
        case "float", "void", "_Bool", "bool": return isUnsigned || isSigned || longs > 0 ? nil : other
        default: return nil
        }
    }
}
