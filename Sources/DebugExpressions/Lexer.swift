/// A token and where it starts in the text (a UTF-8 offset), for error messages.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case identifier(String)
        /// An integer literal with the type C gives it.
        case integer(UInt64, IntegerKind)
        case floating(Double, byteSize: Int)
        case character(UInt8)
        /// Without the terminating NUL.
        case string([UInt8])
        /// `$pc`: the name without the `$`.
        case register(String)
        case punctuator(String)
        case end
    }

    var kind: Kind
    var offset: Int

    func isPunctuator(_ text: String) -> Bool { kind == .punctuator(text) }
}

/// Splits an expression into tokens: C's, plus gdb's `@`, `{`/`}` and `$registers`.
struct Lexer {
    private let bytes: [UInt8]
    private var position = 0

    /// Longest first, so that `<<=` is not read as `<` `<=`.
    private static let punctuators: [[UInt8]] = [
        "<<=", ">>=", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "*=", "/=", "%=", "+=", "-=",
        "&=", "^=", "|=", "(", ")", "[", "]", "{", "}", ".", "&", "*", "+", "-", "~", "!", "/", "%", "<", ">", "^",
        "|", "?", ":", "=", ",", "@",
    ].map { Array($0.utf8) }

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    static func tokens(of text: String) throws(ExpressionError) -> [Token] {
        var lexer = Lexer(text)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private func byte(at index: Int) -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a) || byte == 0x5f
    }

    private static func isIdentifierPart(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || isDigit(byte) }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    mutating func next() throws(ExpressionError) -> Token {
        while let byte = byte(at: position), byte == 0x20 || byte == 0x09 || byte == 0x0a || byte == 0x0d {
            position += 1
        }
        let start = position
        guard let first = byte(at: position) else { return Token(kind: .end, offset: start) }
        if Self.isIdentifierStart(first) {
            while let byte = byte(at: position), Self.isIdentifierPart(byte) { position += 1 }
            return Token(kind: .identifier(String(decoding: bytes[start..<position], as: UTF8.self)), offset: start)
        }
        if first == 0x24 {  // $
            position += 1
            while let byte = byte(at: position), Self.isIdentifierPart(byte) || byte == 0x24 { position += 1 }
            return Token(kind: .register(String(decoding: bytes[(start + 1)..<position], as: UTF8.self)), offset: start)
        }
        if Self.isDigit(first) || (first == 0x2e && byte(at: position + 1).map(Self.isDigit) == true) {
            return Token(kind: try number(), offset: start)
        }
        if first == 0x27 { return Token(kind: .character(try character()), offset: start) }
        if first == 0x22 { return Token(kind: .string(try string()), offset: start) }
        for punctuator in Self.punctuators
        where position + punctuator.count <= bytes.count && bytes[position..<(position + punctuator.count)].elementsEqual(punctuator) {
            position += punctuator.count
            return Token(kind: .punctuator(String(decoding: punctuator, as: UTF8.self)), offset: start)
        }
        let character = String(decoding: bytes[start..<min(start + 4, bytes.count)], as: UTF8.self).first.map(String.init) ?? "?"
        throw .invalidCharacter(character)
    }

    // MARK: Numbers

    private mutating func number() throws(ExpressionError) -> Token.Kind {
        let start = position
        // Take everything that could belong to a number, then judge it whole:
        // "12abc" is one invalid number, as gdb says, not 12 followed by a name.
        var isHexadecimal = false
        if byte(at: position) == 0x30, let x = byte(at: position + 1), x == 0x78 || x == 0x58 {
            isHexadecimal = true
            position += 2
        }
        while let byte = byte(at: position) {
            let isExponentSign =
                (byte == 0x2b || byte == 0x2d) && position > start
                && (isHexadecimal ? [0x70, 0x50] : [0x65, 0x45]).contains(bytes[position - 1])
            guard Self.isIdentifierPart(byte) || byte == 0x2e || isExponentSign else { break }
            position += 1
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        let lowered = text.lowercased()
        let isFloating =
            lowered.contains(".") || (isHexadecimal ? lowered.contains("p") : (lowered.contains("e") && !lowered.hasPrefix("0b")))
        if isFloating { return try floating(text) }
        return try integer(text, isHexadecimal: isHexadecimal)
    }

    private func floating(_ text: String) throws(ExpressionError) -> Token.Kind {
        var body = Substring(text)
        var size = 8
        if let last = body.last, "fF".contains(last) {
            size = 4
            body = body.dropLast()
        } else if let last = body.last, "lL".contains(last) {
            size = 16
            body = body.dropLast()
        }
        // Double(_:) accepts "inf", "nan" and hex floats; only digits, '.', exponents reach here.
        guard body.allSatisfy({ $0.isHexDigit || ".xXpP+-".contains($0) }), let value = Double(String(body)) else {
            throw .invalidNumber(text)
        }
        return .floating(value, byteSize: size)
    }

    private func integer(_ text: String, isHexadecimal: Bool) throws(ExpressionError) -> Token.Kind {
        var digits = Substring(text)
        var suffix = ""
        while let last = digits.last, "uUlL".contains(last) {
            suffix.insert(last, at: suffix.startIndex)
            digits = digits.dropLast()
        }
        guard ["", "u", "l", "ul", "lu", "ll", "ull", "llu"].contains(suffix.lowercased()) else { throw .invalidNumber(text) }
        var radix: UInt64 = 10
        if isHexadecimal {
            radix = 16
            digits = digits.dropFirst(2)
        } else if digits.lowercased().hasPrefix("0b") {
            radix = 2
            digits = digits.dropFirst(2)
        } else if digits.hasPrefix("0") && digits.count > 1 {
            radix = 8
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { throw .invalidNumber(text) }
        var value: UInt64 = 0
        for character in digits {
            guard let digit = character.hexDigitValue, UInt64(digit) < radix else { throw .invalidNumber(text) }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: radix)
            let (sum, carry) = shifted.addingReportingOverflow(UInt64(digit))
            guard !overflow, !carry else { throw .numberTooLarge }
            value = sum
        }
        let lowered = suffix.lowercased()
        let kind = Self.literalKind(
            value, isUnsigned: lowered.contains("u"), longCount: lowered.filter { $0 == "l" }.count, isDecimal: radix == 10)
        return .integer(value, kind)
    }

    /// C11 6.4.4.1: the first type of the list that can hold the value
    /// (decimal literals never become unsigned unless suffixed). wasm32: long is 4 bytes.
    private static func literalKind(_ value: UInt64, isUnsigned: Bool, longCount: Int, isDecimal: Bool) -> IntegerKind {
        var candidates: [IntegerKind] = []
        let ranks = [3, 4, 5].filter { $0 >= 3 + longCount }
        for rank in ranks {
            let size = rank == 5 ? 8 : 4
            if !isUnsigned { candidates.append(IntegerKind(byteSize: size, isSigned: true, rank: rank)) }
            if isUnsigned || !isDecimal { candidates.append(IntegerKind(byteSize: size, isSigned: false, rank: rank)) }
        }
        for kind in candidates {
            let limit: UInt64 =
                kind.byteSize == 8
                ? (kind.isSigned ? UInt64(Int64.max) : .max) : (kind.isSigned ? UInt64(Int32.max) : UInt64(UInt32.max))
            if value <= limit { return kind }
        }
        // Too big for long long: unsigned long long, as gcc and gdb do.
        return IntegerKind(byteSize: 8, isSigned: false, rank: 5)
    }

    // MARK: Characters and strings

    private mutating func character() throws(ExpressionError) -> UInt8 {
        position += 1
        guard let first = byte(at: position), first != 0x27 else { throw .unmatchedQuote }
        let value = try escapedByte()
        guard byte(at: position) == 0x27 else { throw .unmatchedQuote }
        position += 1
        return value
    }

    private mutating func string() throws(ExpressionError) -> [UInt8] {
        position += 1
        var result: [UInt8] = []
        while true {
            guard let byte = byte(at: position) else { throw .unterminatedString }
            if byte == 0x22 {
                position += 1
                return result
            }
            result.append(try escapedByte())
        }
    }

    /// One byte of a character or string literal, escapes decoded.
    private mutating func escapedByte() throws(ExpressionError) -> UInt8 {
        guard let first = byte(at: position) else { throw .unterminatedString }
        position += 1
        guard first == 0x5c else { return first }  // backslash
        guard let escape = byte(at: position) else { throw .unterminatedString }
        position += 1
        switch escape {
        case UInt8(ascii: "n"): return 0x0a
        case UInt8(ascii: "t"): return 0x09
        case UInt8(ascii: "r"): return 0x0d
        case UInt8(ascii: "a"): return 0x07
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0c
        case UInt8(ascii: "v"): return 0x0b
        case UInt8(ascii: "e"): return 0x1b
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            var value = UInt32(escape - 0x30)
            for _ in 0..<2 {
                guard let digit = byte(at: position), digit >= 0x30 && digit <= 0x37 else { break }
                value = value * 8 + UInt32(digit - 0x30)
                position += 1
            }
            return UInt8(truncatingIfNeeded: value)
        case UInt8(ascii: "x"):
            var value: UInt32 = 0
            var count = 0
            while let digit = byte(at: position), let digitValue = Character(UnicodeScalar(digit)).hexDigitValue, count < 2 {
                value = value * 16 + UInt32(digitValue)
                position += 1
                count += 1
            }
            guard count > 0 else { throw .syntax(near: "\\x") }
            return UInt8(truncatingIfNeeded: value)
        default:
            return escape
        }
    }
}
