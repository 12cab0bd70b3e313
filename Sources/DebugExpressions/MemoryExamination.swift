import DWARF

/// gdb's `x/NFU address`: `count` units of memory in a format, lines like
/// `0x10010:\t0x00000001\t0x00000002`. Keep the value between commands: an `x`
/// without an address continues at `nextAddress`, and letters left out of the
/// next `x/…` come from this one (`parse(_:previous:)`).
public struct MemoryExamination: Sendable, Hashable {
    public enum Format: Character, Sendable, CaseIterable {
        case hex = "x"
        case decimal = "d"
        case unsigned = "u"
        case octal = "o"
        case binary = "t"
        case address = "a"
        case character = "c"
        case float = "f"
        case string = "s"
        case zeroHex = "z"
    }

    public enum Unit: Character, Sendable, CaseIterable {
        case byte = "b"
        case halfword = "h"
        case word = "w"
        case giant = "g"

        public var byteSize: Int {
            switch self {
            case .byte: 1
            case .halfword: 2
            case .word: 4
            case .giant: 8
            }
        }

        /// gdb's items per line: 8 bytes or halfwords, 4 words, 2 giants.
        var itemsPerLine: Int {
            switch self {
            case .byte, .halfword: 8
            case .word: 4
            case .giant: 2
            }
        }
    }

    public var count: Int
    public var format: Format
    public var unit: Unit
    /// Where the last `lines(at:in:)` stopped: the address a bare `x` continues from.
    public private(set) var nextAddress: UInt64?

    /// The most units one examination may show.
    public static let maximumCount = 1 << 20

    public init(count: Int = 1, format: Format = .hex, unit: Unit = .word) {
        self.count = count
        self.format = format
        self.unit = unit
    }

    /// Reads `/4xw` (the slash is optional): a count, then format and unit
    /// letters in any order. What is left out comes from `previous` (gdb
    /// remembers the last format and unit), else `x` and `w`; the count is 1.
    /// Sizes default as gdb's do: `c` and `s` bytes, `a` a pointer, `f` a double
    /// unless the last unit was a word.
    public static func parse(_ specification: String, previous: MemoryExamination? = nil) throws(ExpressionError)
        -> MemoryExamination
    {
        var text = Substring(specification)
        if text.hasPrefix("/") { text = text.dropFirst() }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        text = text.dropFirst(digits.count)
        var count = 1
        if !digits.isEmpty {
            guard let parsed = Int(digits), parsed <= maximumCount else {
                throw .unsupported("Count \(digits) is too large: at most \(maximumCount) units.")
            }
            count = parsed
        }
        var format: Format?
        var unit: Unit?
        for letter in text {
            if let parsedUnit = Unit(rawValue: letter) {
                unit = parsedUnit
            } else if let parsedFormat = Format(rawValue: letter) {
                format = parsedFormat
            } else if letter == "i" {
                throw .unsupported("x/i is not supported: use disassemble.")
            } else {
                throw .unsupported("Undefined output format \"\(letter)\".")
            }
        }
        let chosenFormat = format ?? previous?.format ?? .hex
        let previousUnit = previous?.unit ?? .word
        let chosenUnit: Unit
        if let unit {
            chosenUnit = unit
        } else {
            switch chosenFormat {
            case .address: chosenUnit = .word
            case .character, .string: chosenUnit = .byte
            case .float: chosenUnit = previousUnit == .word || previousUnit == .giant ? previousUnit : .giant
            default: chosenUnit = previousUnit
            }
        }
        return MemoryExamination(count: count, format: chosenFormat, unit: chosenUnit)
    }

    /// The lines gdb prints for this examination at `address`, and `nextAddress`
    /// set past the last unit shown. When memory ends partway, the lines read
    /// so far come back with gdb's error as the last line; when nothing at all
    /// can be read the error is thrown.
    public mutating func lines(at address: UInt64, in context: some ExpressionContext) throws(ExpressionError) -> [String] {
        guard count >= 1, count <= Self.maximumCount else { throw .unsupported("Invalid number \(count) of units.") }
        let access = ValueAccess(context: context, remembersMemory: true)
        if format == .string { return strings(at: address, access: access) }
        var lines: [String] = []
        var line = ""
        var current = address
        for index in 0..<count {
            if index % unit.itemsPerLine == 0 {
                if !line.isEmpty { lines.append(line) }
                line = label(current, context: context)
            }
            let bytes: [UInt8]
            do {
                bytes = try access.readMemory(address: current, count: unit.byteSize)
            } catch {
                nextAddress = current
                if lines.isEmpty && index % unit.itemsPerLine == 0 { throw error }
                lines.append(line)
                lines.append(error.description)
                return lines
            }
            line += "\t" + item(ScalarBytes.unsignedInteger(bytes[...]), context: context)
            current &+= UInt64(unit.byteSize)
        }
        lines.append(line)
        nextAddress = current
        return lines
    }

    private func label(_ address: UInt64, context: some ExpressionContext) -> String {
        NumberText.hexadecimal(address, byteSize: 8) + (context.dataSymbol(at: address).map { " <\($0)>" } ?? "") + ":"
    }

    private func item(_ bits: UInt64, context: some ExpressionContext) -> String {
        let size = unit.byteSize
        switch format {
        case .hex, .zeroHex: return NumberText.hexadecimal(bits, byteSize: size, padded: true)
        case .decimal: return NumberText.signedDecimal(bits, byteSize: size)
        case .unsigned: return NumberText.unsignedDecimal(bits, byteSize: size)
        case .octal: return NumberText.octal(bits, byteSize: size)
        case .binary: return NumberText.binary(bits, byteSize: size, padded: true)
        case .address:
            return NumberText.hexadecimal(bits, byteSize: size) + (context.dataSymbol(at: bits).map { " <\($0)>" } ?? "")
        case .character:
            let byte = UInt8(truncatingIfNeeded: bits)
            return "\(Int8(bitPattern: byte)) " + CharacterText.literal(byte)
        case .float:
            switch unit {
            case .word: return NumberText.floating(Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits))), byteSize: 4)
            case .giant: return NumberText.floating(Double(bitPattern: bits), byteSize: 8)
            case .byte, .halfword: return NumberText.signedDecimal(bits, byteSize: size)
            }
        case .string:
            return ""
        }
    }

    private mutating func strings<Context: ExpressionContext>(at address: UInt64, access: ValueAccess<Context>) -> [String] {
        let reader = StringReader(access: access)
        var lines: [String] = []
        var current = address
        for _ in 0..<count {
            let (text, length) = reader.string(at: current)
            lines.append(label(current, context: access.context) + "\t" + text)
            current &+= UInt64(length)
        }
        nextAddress = current
        return lines
    }
}
