import DWARF

/// Values as gdb's `print` shows them: `97 'a'`, `(struct node *) 0x10030
/// <first>`, `0x10010 "text"`, `{id = 1, next = 0x0}`, `{0 <repeats 16 times>}`.
public struct ValueFormatter {
    /// The text of a value. Never fails: what cannot be read shows as
    /// `<error: Cannot access memory at address 0x…>` in place, and a value
    /// with no storage as `<optimized out>`.
    public static func format(_ value: DebugValue, as format: ValueFormat = .natural, in context: some ExpressionContext)
        -> String
    {
        ValuePrinter(context: context, format: format).topLevel(value)
    }

    /// What gdb's `print` does: like `format`, but a value that cannot be read
    /// at all is an error rather than a value (`print *(int *)0` says
    /// "Cannot access memory at address 0x0"). Nested failures still print in place.
    public static func printed(_ value: DebugValue, as format: ValueFormat = .natural, in context: some ExpressionContext)
        throws(ExpressionError) -> String
    {
        let printer = ValuePrinter(context: context, format: format)
        if case .memory(let address) = value.storage, let size = value.type.byteSize, size > 0 {
            let count = value.bitField.map { ($0.bitOffset + $0.bitSize + 7) / 8 } ?? min(size, 4096)
            _ = try printer.access.readMemory(address: address, count: count)
        }
        return printer.topLevel(value)
    }
}

/// One `format` call: the context, the format, and memory read so far.
struct ValuePrinter<Context: ExpressionContext> {
    let context: Context
    let format: ValueFormat
    let access: ValueAccess<Context>
    private static var maximumDepth: Int { 24 }

    init(context: Context, format: ValueFormat) {
        self.context = context
        self.format = format
        access = ValueAccess(context: context, remembersMemory: true)
    }

    /// At the top, gdb names the type of pointers, references and functions.
    func topLevel(_ value: DebugValue) -> String {
        let resolved = value.type.resolved
        switch resolved.kind {
        case .pointer where format == .natural && !Self.omitsTypePrefix(value.type):
            return "(\(value.type)) " + text(of: value, depth: 0)
        case .reference:
            return "(\(value.type)) " + text(of: value, depth: 0)
        default:
            return text(of: value, depth: 0)
        }
    }

    /// gdb leaves out `(char *)` (plain char, any qualifiers, not behind a
    /// typedef): the quoted string says it.
    private static func omitsTypePrefix(_ type: DebugType) -> Bool {
        var pointer = type
        while case .qualified(_, let inner) = pointer.kind { pointer = inner }
        guard case .pointer(var target) = pointer.kind else { return false }
        while case .qualified(_, let inner) = target.kind { target = inner }
        if case .base(let base) = target.kind { return base.name == "char" }
        return false
    }

    func text(of value: DebugValue, depth: Int) -> String {
        guard depth < Self.maximumDepth else { return "{...}" }
        if case .unavailable(let reason) = value.storage { return "<\(reason)>" }
        let type = value.type
        switch type.resolved.kind {
        case .void:
            return "void"
        case .base, .enumeration:
            return scalarText(of: value)
        case .unspecified:
            // decltype(nullptr), the one unspecified type compilers emit, has a single value.
            return "0x0"
        case .pointer:
            return pointerText(of: value)
        case .reference(let target, _):
            do {
                let bytes = try access.rawBytes(of: value, count: type.byteSize ?? 4)
                let address = ScalarBytes.unsignedInteger(bytes[...])
                return "@\(NumberText.hexadecimal(address, byteSize: 8)): " + text(of: DebugValue(type: target, address: address), depth: depth + 1)
            } catch {
                return errorText(error)
            }
        case .composite(let composite):
            return compositeText(of: value, composite, depth: depth)
        case .array:
            return arrayText(of: value, depth: depth)
        case .subroutine:
            guard let address = value.address else { return "{\(type)}" }
            return "{\(type)} " + NumberText.hexadecimal(address, byteSize: 8) + functionSuffix(address)
        case .pointerToMember:
            guard let bytes = try? access.bytes(of: value) else { return "<error>" }
            return NumberText.hexadecimal(ScalarBytes.unsignedInteger(bytes[...]), byteSize: bytes.count)
        case .unknown, .typedef, .qualified:
            return "<unknown type>"
        }
    }

    private func errorText(_ error: ExpressionError) -> String {
        if case .unavailable(let reason) = error { return "<\(reason)>" }
        return "<error: \(error)>"
    }

    private func functionSuffix(_ pointer: UInt64) -> String {
        context.functionName(forPointer: pointer).map { " <\($0)>" } ?? ""
    }

    private func dataSuffix(_ address: UInt64) -> String {
        context.dataSymbol(at: address).map { " <\($0)>" } ?? ""
    }

    // MARK: Scalars

    private func scalarText(of value: DebugValue) -> String {
        do {
            return scalarText(try access.scalar(of: value), type: value.type)
        } catch {
            // Wider integers (__int128) and other shapes: their bytes in hex.
            if case .notNumber = error, let bytes = try? access.bytes(of: value) {
                return "0x" + bytes.reversed().map { NumberText.hexadecimal(UInt64($0), byteSize: 1, padded: true).dropFirst(2) }.joined()
            }
            return errorText(error)
        }
    }

    /// The bits a format letter shows, and how many bytes they have.
    private func bits(of scalar: Scalar, type: DebugType) -> (bits: UInt64, byteSize: Int) {
        switch scalar {
        case .integer(let bits, let kind): return (bits, kind.byteSize)
        case .pointer(let address, _): return (address, type.byteSize ?? 4)
        case .floating(_, let size):
            let bytes = (try? ScalarBytes.bytes(of: scalar, as: type)) ?? []
            return (ScalarBytes.unsignedInteger(bytes.prefix(8)), min(size, 8))
        }
    }

    func scalarText(_ scalar: Scalar, type: DebugType) -> String {
        let (bits, size) = bits(of: scalar, type: type)
        switch format {
        case .natural, .string: return naturalText(scalar, type: type)
        case .hex: return NumberText.hexadecimal(bits, byteSize: size)
        case .zeroHex: return NumberText.hexadecimal(bits, byteSize: size, padded: true)
        case .decimal: return NumberText.signedDecimal(bits, byteSize: size)
        case .unsigned: return NumberText.unsignedDecimal(bits, byteSize: size)
        case .octal: return NumberText.octal(bits, byteSize: size)
        case .binary: return NumberText.binary(bits, byteSize: size)
        case .address:
            let suffix = type.isFunctionPointer ? functionSuffix(bits) : dataSuffix(bits)
            return NumberText.hexadecimal(bits, byteSize: size) + suffix
        case .character:
            // gdb casts to char first: only the low byte counts.
            let byte: UInt8
            if case .floating(let value, _) = scalar {
                byte = UInt8(truncatingIfNeeded: ScalarBytes.integerBits(from: value, isSigned: true))
            } else {
                byte = UInt8(truncatingIfNeeded: bits)
            }
            return "\(Int8(bitPattern: byte)) " + CharacterText.literal(byte)
        case .float:
            switch scalar {
            case .floating(let value, let size): return NumberText.floating(value, byteSize: size)
            case .integer: return NumberText.floating(scalar.doubleValue, byteSize: 8)
            case .pointer: return NumberText.hexadecimal(bits, byteSize: size)
            }
        }
    }

    private func naturalText(_ scalar: Scalar, type: DebugType) -> String {
        switch scalar {
        case .floating(let value, let size):
            return NumberText.floating(value, byteSize: size)
        case .pointer(let address, _):
            return NumberText.hexadecimal(address, byteSize: 8)
        case .integer(let bits, let kind):
            let number = kind.isSigned ? String(Int64(bitPattern: bits)) : String(bits)
            if let enumeration = type.enumeration { return enumeratorText(Int64(bitPattern: bits), enumeration, number: number) }
            if type.isBoolean {
                return bits == 0 ? "false" : bits == 1 ? "true" : number
            }
            if case .base(let base) = type.resolved.kind, base.encoding == .address {
                return NumberText.hexadecimal(bits, byteSize: kind.byteSize)
            }
            if case .base(let base) = type.resolved.kind, base.encoding.isCharacter {
                if base.byteSize == 1 { return number + " " + CharacterText.literal(UInt8(truncatingIfNeeded: bits)) }
                // char16_t and char32_t: u'x' and U'x'.
                let prefix = base.byteSize == 2 ? "u" : "U"
                let character = Unicode.Scalar(UInt32(truncatingIfNeeded: bits)).map { scalar in
                    scalar.value < 0x80 ? CharacterText.escaped(UInt8(scalar.value), quote: 0x27) : String(Character(scalar))
                }
                return number + " " + prefix + "'" + (character ?? "?") + "'"
            }
            return number
        }
    }

    /// An enumerator's name; for a "flag enum" (enumerators with disjoint bits)
    /// the names or'ed together, `(READ | WRITE | unknown: 0x10)`; else the number.
    private func enumeratorText(_ value: Int64, _ enumeration: EnumerationType, number: String) -> String {
        if let name = enumeration.name(of: value) { return name }
        let flags = enumeration.enumerators.filter { $0.value != 0 }
        var seen: Int64 = 0
        for flag in flags {
            guard flag.value > 0, seen & flag.value == 0 else { return number }
            seen |= flag.value
        }
        guard value > 0, !flags.isEmpty else { return number }
        var remaining = value
        var names: [String] = []
        for flag in flags where remaining & flag.value == flag.value {
            names.append(flag.name)
            remaining &= ~flag.value
        }
        if remaining != 0 { names.append("unknown: " + NumberText.hexadecimal(UInt64(remaining), byteSize: 8)) }
        return "(" + names.joined(separator: " | ") + ")"
    }

    // MARK: Pointers and strings

    private func pointerText(of value: DebugValue) -> String {
        let scalar: Scalar
        do {
            scalar = try access.scalar(of: value)
        } catch {
            return errorText(error)
        }
        guard case .pointer(let address, let type) = scalar, format == .natural || format == .string else {
            return scalarText(scalar, type: value.type)
        }
        let hex = NumberText.hexadecimal(address, byteSize: 8)
        if type.pointee?.isCharacter == true {
            return address == 0 ? hex : hex + " " + StringReader(access: access).string(at: address).text
        }
        if type.isFunctionPointer { return hex + functionSuffix(address) }
        return hex + (address == 0 ? "" : dataSuffix(address))
    }

    // MARK: Aggregates

    private func compositeText(of value: DebugValue, _ composite: CompositeType, depth: Int) -> String {
        if composite.members.isEmpty { return composite.isDeclaration ? "<incomplete type>" : "{<No data fields>}" }
        var parts: [String] = []
        for member in composite.members {
            let text: String
            if let path = composite.path(to: member) {
                text = self.text(
                    of: value.component(type: path.type, offset: path.byteOffset, bitField: path.bitField), depth: depth + 1)
            } else {
                text = "<error: member location unknown>"
            }
            if member.isBaseClass {
                parts.append("<\(member.type)> = " + text)
            } else if let name = member.name {
                parts.append("\(name) = " + text)
            } else {
                parts.append(text)
            }
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    private func arrayText(of value: DebugValue, depth: Int) -> String {
        guard let (element, knownCount) = value.type.arrayElement else { return "<unknown type>" }
        guard let count = knownCount else {
            // `char data[]`, a flexible array member: its address, and the text for char.
            guard let address = value.address else { return "{}" }
            let hex = NumberText.hexadecimal(address, byteSize: 8)
            guard element.isCharacter, format == .natural || format == .string else { return hex }
            return hex + " " + StringReader(access: access).string(at: address).text
        }
        if count == 0 { return "{}" }
        if element.isCharacter && (format == .natural || format == .string) {
            let shown = min(count, ValueLimits.maximumValueSize)
            do {
                let bytes = try access.rawBytes(of: value, count: shown)
                return CharacterText.quoted(bytes[...], dropsTrailingNul: shown == count, forcesEllipsis: shown < count)
            } catch {
                return errorText(error)
            }
        }
        guard let stride = element.byteSize, stride > 0 else { return "<incomplete type>" }
        func elementValue(_ index: Int) -> DebugValue {
            value.component(type: element, offset: index &* stride)
        }
        func elementBytes(_ index: Int) -> [UInt8]? {
            let element = elementValue(index)
            guard element.bitField == nil else { return nil }
            return try? access.bytes(of: element)
        }
        // gdb would refuse an array over max-value-size; this shows its start
        // instead, looking for repeats no further than that size.
        let examined = min(count, max(ValueLimits.printElements + 1, ValueLimits.maximumValueSize / stride))
        var parts: [String] = []
        var index = 0
        var shown = 0
        while index < examined && shown < ValueLimits.printElements {
            var repeats = 1
            if let bytes = elementBytes(index) {
                while index + repeats < examined, elementBytes(index + repeats) == bytes { repeats += 1 }
            }
            let text = self.text(of: elementValue(index), depth: depth + 1)
            if repeats > ValueLimits.repeatThreshold {
                parts.append(text + " <repeats \(repeats) times>")
                index += repeats
                shown += ValueLimits.repeatThreshold
            } else {
                parts.append(text)
                index += 1
                shown += 1
            }
        }
        return "{" + parts.joined(separator: ", ") + (index < count ? "..." : "") + "}"
    }
}

/// NUL-terminated strings in memory, as gdb reads them for `char *` and `x/s`:
/// at most 200 characters.
struct StringReader<Context: ExpressionContext> {
    let access: ValueAccess<Context>

    /// The quoted text, and how many bytes it took (through the NUL, if one was found).
    func string(at address: UInt64) -> (text: String, length: Int) {
        let limit = ValueLimits.printElements
        // One more than the limit: a NUL right after it means nothing was cut off.
        let (bytes, failedAddress) = access.readAvailable(address: address, count: limit + 1)
        if let end = bytes.firstIndex(of: 0), end <= limit {
            return (CharacterText.quoted(bytes[..<end]), end + 1)
        }
        if let failedAddress {
            let error = "<error: \(ExpressionError.memory(address: failedAddress))>"
            return (bytes.isEmpty ? error : CharacterText.quoted(bytes[...]) + error, max(bytes.count, 1))
        }
        return (CharacterText.quoted(bytes.prefix(limit), forcesEllipsis: bytes[limit] != 0), limit)
    }
}
