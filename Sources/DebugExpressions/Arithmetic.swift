import DWARF

/// An integer type as C's conversions see it.
struct IntegerKind: Hashable, Sendable {
    /// 1 to 8: wider integers (`__int128`) are not scalars here.
    var byteSize: Int
    var isSigned: Bool
    /// C's conversion rank: _Bool 0, char 1, short 2, int 3, long 4, long long 5.
    var rank: Int

    static let int = IntegerKind(byteSize: 4, isSigned: true, rank: 3)
    static let unsignedLong = IntegerKind(byteSize: 4, isSigned: false, rank: 4)
    static let long = IntegerKind(byteSize: 4, isSigned: true, rank: 4)

    /// C's integer promotions: everything narrower than int computes as int.
    var promoted: IntegerKind { rank < 3 ? .int : self }

    var bitWidth: Int { byteSize * 8 }

    /// `bits` cut to this type's width, then sign- or zero-extended back to 64 bits.
    func normalize(_ bits: UInt64) -> UInt64 {
        guard byteSize < 8 else { return bits }
        let unused = UInt64(64 - bitWidth)
        return isSigned
            ? UInt64(bitPattern: Int64(bitPattern: bits << unused) >> Int64(unused)) : (bits << unused) >> unused
    }

    /// The usual arithmetic conversions (C11 6.3.1.8) for two integer operands.
    static func common(_ first: IntegerKind, _ second: IntegerKind) -> IntegerKind {
        let first = first.promoted
        let second = second.promoted
        if first.isSigned == second.isSigned { return first.rank >= second.rank ? first : second }
        let (unsigned, signed) = first.isSigned ? (second, first) : (first, second)
        if unsigned.rank >= signed.rank { return unsigned }
        if signed.byteSize > unsigned.byteSize { return signed }
        return IntegerKind(byteSize: signed.byteSize, isSigned: false, rank: signed.rank)
    }
}

/// A scalar with what arithmetic needs to know of its type.
enum Scalar {
    /// `bits` are normalized: sign- or zero-extended from the kind's width.
    case integer(bits: UInt64, kind: IntegerKind)
    case floating(Double, byteSize: Int)
    /// `type` is the pointer type itself (`int *`), kept so that results keep it.
    case pointer(address: UInt64, type: DebugType)

    var isTrue: Bool {
        switch self {
        case .integer(let bits, _): bits != 0
        case .floating(let value, _): value != 0
        case .pointer(let address, _): address != 0
        }
    }

    /// The value as a signed 64-bit integer, for counts and indexes.
    var integerValue: Int64? {
        switch self {
        case .integer(let bits, _): Int64(bitPattern: bits)
        case .pointer(let address, _): Int64(bitPattern: address)
        case .floating: nil
        }
    }

    var doubleValue: Double {
        switch self {
        case .integer(let bits, let kind): kind.isSigned ? Double(Int64(bitPattern: bits)) : Double(bits)
        case .floating(let value, _): value
        case .pointer(let address, _): Double(address)
        }
    }
}

/// How a type's bytes read as a scalar, or nil for aggregates and the like.
enum ScalarShape {
    case integer(IntegerKind)
    case floating(byteSize: Int)
    case pointer
}

extension DebugType {
    var scalarShape: ScalarShape? {
        switch resolved.kind {
        case .base(let base):
            switch base.encoding {
            case .float:
                return [4, 8, 16].contains(base.byteSize) ? .floating(byteSize: base.byteSize) : nil
            case .complexFloat:
                return nil
            default:
                guard (1...8).contains(base.byteSize) else { return nil }
                return .integer(IntegerKind(byteSize: base.byteSize, isSigned: base.encoding.isSigned, rank: Self.rank(of: base)))
            }
        case .enumeration(let enumeration):
            if case .integer(let kind)? = enumeration.underlyingType?.scalarShape { return .integer(kind) }
            let size = enumeration.byteSize ?? 4
            guard (1...8).contains(size) else { return nil }
            let isSigned = enumeration.enumerators.contains { $0.value < 0 }
            return .integer(IntegerKind(byteSize: size, isSigned: isSigned, rank: Self.rank(byteSize: size)))
        case .pointer:
            return .pointer
        default:
            return nil
        }
    }

    private static func rank(of base: BaseType) -> Int {
        if base.encoding == .boolean { return 0 }
        if base.encoding.isCharacter && base.byteSize == 1 { return 1 }
        // int and long are both 4 bytes on wasm32; only the name tells them apart.
        if base.byteSize == 4 && base.name.contains("long") { return 4 }
        return rank(byteSize: base.byteSize)
    }

    fileprivate static func rank(byteSize: Int) -> Int {
        switch byteSize {
        case 1: 1
        case 2: 2
        case 4: 3
        default: 5
        }
    }

    var isArithmetic: Bool {
        switch scalarShape {
        case .integer, .floating: true
        case .pointer, nil: false
        }
    }
}

/// Types the evaluator makes for its results (wasm32 sizes), and for casts to C
/// base types the program never used.
enum BuiltinTypes {
    static let char = base("char", .signedChar, 1)
    static let int = base("int", .signed, 4)
    static let unsignedLong = base("unsigned long", .unsigned, 4)
    static let long = base("long", .signed, 4)
    static let longLong = base("long long", .signed, 8)
    static let double = base("double", .float, 8)
    static let float = base("float", .float, 4)
    static let bool = base("bool", .boolean, 1)
    static let void = DebugType(.void)
    static let voidPointer = DebugType(.pointer(void))
    /// `$pc`: a code offset, not a linear-memory address, so it must not be
    /// shown with a data symbol; DW_ATE_address prints in hex.
    static let codeAddress = base("code address", .address, 4)
    /// A machine address of the host (the JIT's pc, sp, fp): 64 bits, unlike wasm32 pointers.
    static let machineAddress = DebugType(.pointer(void), addressSize: 8)

    private static let byName: [String: DebugType] = {
        var table: [String: DebugType] = [:]
        let entries: [(String, BaseEncoding, Int)] = [
            ("char", .signedChar, 1), ("signed char", .signedChar, 1), ("unsigned char", .unsignedChar, 1),
            ("short", .signed, 2), ("unsigned short", .unsigned, 2), ("int", .signed, 4), ("unsigned int", .unsigned, 4),
            ("long", .signed, 4), ("unsigned long", .unsigned, 4), ("long long", .signed, 8),
            ("unsigned long long", .unsigned, 8), ("float", .float, 4), ("double", .float, 8),
            ("long double", .float, 16), ("_Bool", .boolean, 1), ("bool", .boolean, 1),
        ]
        for (name, encoding, size) in entries { table[name] = base(name, encoding, size) }
        table["void"] = void
        return table
    }()

    static func named(_ name: String) -> DebugType? { byName[name] }

    private static func base(_ name: String, _ encoding: BaseEncoding, _ size: Int) -> DebugType {
        DebugType(.base(BaseType(name: name, encoding: encoding, byteSize: size)))
    }

    static func integer(_ kind: IntegerKind) -> DebugType {
        let name: String
        switch kind.rank {
        case 0: return byName["_Bool"]!
        case 1: name = "char"
        case 2: name = "short"
        case 3: name = "int"
        case 4: name = "long"
        default: name = "long long"
        }
        if kind.rank == 1 { return byName[kind.isSigned ? "char" : "unsigned char"]! }
        return byName[kind.isSigned ? name : "unsigned " + name]!
    }

    static func floating(byteSize: Int) -> DebugType {
        switch byteSize {
        case 4: float
        case 16: byName["long double"]!
        default: double
        }
    }
}

// MARK: Bytes and scalars

enum ScalarBytes {
    static func unsignedInteger(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var bits: UInt64 = 0
        for (index, byte) in bytes.prefix(8).enumerated() { bits |= UInt64(byte) << UInt64(8 * index) }
        return bits
    }

    static func littleEndian(_ bits: UInt64, count: Int) -> [UInt8] {
        (0..<count).map { $0 < 8 ? UInt8(truncatingIfNeeded: bits >> UInt64(8 * $0)) : 0 }
    }

    /// A scalar of `type` from its bytes (exactly `type.byteSize` of them).
    static func scalar(_ bytes: [UInt8], type: DebugType) -> Scalar? {
        switch type.scalarShape {
        case .integer(let kind)?:
            guard bytes.count >= kind.byteSize else { return nil }
            return .integer(bits: kind.normalize(unsignedInteger(bytes[0..<kind.byteSize])), kind: kind)
        case .floating(let size)?:
            guard bytes.count >= size else { return nil }
            return .floating(double(bytes[0..<size]), byteSize: size)
        case .pointer?:
            let size = min(type.byteSize ?? 4, 8)
            guard bytes.count >= size else { return nil }
            return .pointer(address: unsignedInteger(bytes[0..<size]), type: type)
        case nil:
            return nil
        }
    }

    static func double(_ bytes: ArraySlice<UInt8>) -> Double {
        switch bytes.count {
        case 4: Double(Float(bitPattern: UInt32(truncatingIfNeeded: unsignedInteger(bytes))))
        case 8: Double(bitPattern: unsignedInteger(bytes))
        case 16: quadruple(low: unsignedInteger(bytes.prefix(8)), high: unsignedInteger(bytes.dropFirst(8)))
        default: .nan
        }
    }

    /// IEEE binary128 (`long double` on wasm32) to the nearest Double.
    static func quadruple(low: UInt64, high: UInt64) -> Double {
        let sign: FloatingPointSign = high >> 63 == 1 ? .minus : .plus
        let exponent = Int((high >> 48) & 0x7fff)
        let fraction52 = ((high & 0xffff_ffff_ffff) << 4) | (low >> 60)
        if exponent == 0x7fff {
            if fraction52 == 0 && low << 4 == 0 { return sign == .minus ? -.infinity : .infinity }
            return .nan
        }
        if exponent == 0 { return sign == .minus ? -0.0 : 0.0 }
        let significand = 1.0 + Double(fraction52) / 4_503_599_627_370_496.0  // 2^52
        return Double(sign: sign, exponent: exponent - 16383, significand: significand)
    }

    static func quadrupleBytes(_ value: Double) -> [UInt8] {
        let sign: UInt64 = value.sign == .minus ? 1 : 0
        var high = sign << 63
        var low: UInt64 = 0
        if value.isNaN {
            high |= 0x7fff << 48 | 1 << 47
        } else if value.isInfinite {
            high |= 0x7fff << 48
        } else if value != 0 {
            let exponent = UInt64(Int64(value.exponent) + 16383)
            // The significand lies in [1, 2): its 52 fraction bits are exact.
            let fraction = UInt64((value.significand - 1.0) * 4_503_599_627_370_496.0)
            high |= exponent << 48 | fraction >> 4
            low = fraction << 60
        }
        return littleEndian(low, count: 8) + littleEndian(high, count: 8)
    }

    /// C's conversion from floating to integer, saturating where C leaves it undefined.
    static func integerBits(from value: Double, isSigned: Bool) -> UInt64 {
        guard value.isFinite else { return 0 }
        let truncated = value.rounded(.towardZero)
        let twoTo63 = 9_223_372_036_854_775_808.0
        if truncated >= twoTo63 {
            guard !isSigned, truncated < 2 * twoTo63 else { return isSigned ? UInt64(Int64.max) : .max }
            return UInt64(truncated)
        }
        if truncated < -twoTo63 { return UInt64(bitPattern: Int64.min) }
        return UInt64(bitPattern: Int64(truncated))
    }

    /// A scalar converted to `type`'s representation, as a C cast or assignment converts it.
    static func bytes(of scalar: Scalar, as type: DebugType) throws(ExpressionError) -> [UInt8] {
        guard let size = type.byteSize else { throw .invalidCast }
        switch type.scalarShape {
        case .integer(let kind)?:
            // C converts to _Bool by comparing with zero, not by truncating.
            if type.isBoolean { return littleEndian(scalar.isTrue ? 1 : 0, count: size) }
            let bits: UInt64
            switch scalar {
            case .integer(let value, _): bits = value
            case .pointer(let address, _): bits = address
            case .floating(let value, _): bits = integerBits(from: value, isSigned: kind.isSigned)
            }
            return littleEndian(bits, count: size)
        case .floating(let floatSize)?:
            let value: Double
            switch scalar {
            case .integer, .floating: value = scalar.doubleValue
            case .pointer: throw .invalidCast
            }
            switch floatSize {
            case 4: return littleEndian(UInt64(Float(value).bitPattern), count: 4)
            case 8: return littleEndian(value.bitPattern, count: 8)
            default: return quadrupleBytes(value)
            }
        case .pointer?:
            switch scalar {
            case .integer(let bits, _): return littleEndian(bits, count: size)
            case .pointer(let address, _): return littleEndian(address, count: size)
            case .floating: throw .invalidCast
            }
        case nil:
            throw .invalidCast
        }
    }
}

// MARK: Operators

enum Arithmetic {
    /// The value a scalar result carries: integers get the type C gives them.
    static func value(of scalar: Scalar) -> DebugValue {
        switch scalar {
        case .integer(let bits, let kind):
            return DebugValue(type: BuiltinTypes.integer(kind), bytes: ScalarBytes.littleEndian(bits, count: kind.byteSize))
        case .floating(_, let size):
            let type = BuiltinTypes.floating(byteSize: size)
            return DebugValue(type: type, bytes: (try? ScalarBytes.bytes(of: scalar, as: type)) ?? [])
        case .pointer(let address, let type):
            return DebugValue(type: type, bytes: ScalarBytes.littleEndian(address, count: type.byteSize ?? 4))
        }
    }

    static func truth(_ value: Bool) -> Scalar { .integer(bits: value ? 1 : 0, kind: .int) }

    static func unary(_ operation: UnaryOperator, _ operand: Scalar) throws(ExpressionError) -> Scalar {
        switch (operation, operand) {
        case (.logicalNot, _):
            return truth(!operand.isTrue)
        case (_, .pointer):
            throw .notNumber
        case (.negate, .integer(let bits, let kind)):
            let kind = kind.promoted
            return .integer(bits: kind.normalize(0 &- bits), kind: kind)
        case (.plus, .integer(let bits, let kind)):
            return .integer(bits: kind.promoted.normalize(bits), kind: kind.promoted)
        case (.bitwiseNot, .integer(let bits, let kind)):
            let kind = kind.promoted
            return .integer(bits: kind.normalize(~bits), kind: kind)
        case (.negate, .floating(let value, let size)):
            return .floating(-value, byteSize: size)
        case (.plus, .floating):
            return operand
        case (.bitwiseNot, .floating):
            throw .integerOnly
        case (.dereference, _), (.addressOf, _):
            throw .notNumber
        }
    }

    static func binary(_ operation: BinaryOperator, _ left: Scalar, _ right: Scalar) throws(ExpressionError) -> Scalar {
        switch (left, right) {
        case (.pointer(let first, let type), .pointer(let second, _)):
            if let ordering = compare(operation, first, second, isSigned: false) { return truth(ordering) }
            guard operation == .subtract else { throw .notNumber }
            guard let stride = type.pointee?.strideForPointerArithmetic, stride > 0 else {
                throw .incompleteType(type.pointee?.description ?? type.description)
            }
            let difference = Int64(bitPattern: IntegerKind.long.normalize(first &- second))
            return .integer(bits: UInt64(bitPattern: difference / Int64(stride)), kind: .long)
        case (.pointer(let address, let type), .integer(let bits, _)):
            // An integer compares as the pointer it converts to: `p == -1` as `p == (char *)-1`.
            let converted = NumberText.mask(bits, byteSize: type.byteSize ?? 4)
            if let ordering = compare(operation, address, converted, isSigned: false) { return truth(ordering) }
            guard operation == .add || operation == .subtract else { throw .notNumber }
            return try offset(address, type: type, by: bits, negated: operation == .subtract)
        case (.integer(let bits, _), .pointer(let address, let type)):
            let converted = NumberText.mask(bits, byteSize: type.byteSize ?? 4)
            if let ordering = compare(operation, converted, address, isSigned: false) { return truth(ordering) }
            guard operation == .add else { throw .notNumber }
            return try offset(address, type: type, by: bits, negated: false)
        case (.pointer, .floating), (.floating, .pointer):
            throw .notNumber
        case (.floating, _), (_, .floating):
            return try floating(operation, left, right)
        case (.integer(let first, let firstKind), .integer(let second, let secondKind)):
            return try integer(operation, first, firstKind, second, secondKind)
        }
    }

    /// Pointer plus or minus an integer, scaled by the size of what it points at.
    private static func offset(_ address: UInt64, type: DebugType, by count: UInt64, negated: Bool) throws(ExpressionError)
        -> Scalar
    {
        guard let stride = type.pointee?.strideForPointerArithmetic else {
            throw .incompleteType(type.pointee?.description ?? type.description)
        }
        let distance = count &* UInt64(bitPattern: Int64(stride))
        let kind = IntegerKind(byteSize: min(max(type.byteSize ?? 4, 1), 8), isSigned: false, rank: 4)
        return .pointer(address: kind.normalize(negated ? address &- distance : address &+ distance), type: type)
    }

    private static func compare(_ operation: BinaryOperator, _ first: UInt64, _ second: UInt64, isSigned: Bool) -> Bool? {
        let order: Int
        if isSigned {
            let (a, b) = (Int64(bitPattern: first), Int64(bitPattern: second))
            order = a < b ? -1 : a > b ? 1 : 0
        } else {
            order = first < second ? -1 : first > second ? 1 : 0
        }
        switch operation {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessEqual: return order <= 0
        case .greater: return order > 0
        case .greaterEqual: return order >= 0
        default: return nil
        }
    }

    private static func floating(_ operation: BinaryOperator, _ left: Scalar, _ right: Scalar) throws(ExpressionError) -> Scalar {
        func size(_ scalar: Scalar) -> Int {
            if case .floating(_, let size) = scalar { return size }
            return 0
        }
        let resultSize = max(size(left), size(right))
        let a = left.doubleValue
        let b = right.doubleValue
        let result: Double
        switch operation {
        case .add: result = a + b
        case .subtract: result = a - b
        case .multiply: result = a * b
        case .divide: result = a / b
        case .equal: return truth(a == b)
        case .notEqual: return truth(a != b)
        case .less: return truth(a < b)
        case .lessEqual: return truth(a <= b)
        case .greater: return truth(a > b)
        case .greaterEqual: return truth(a >= b)
        case .remainder, .shiftLeft, .shiftRight, .bitwiseAnd, .bitwiseOr, .bitwiseXor: throw .integerOnly
        }
        // float op float is computed in float, as C does.
        return .floating(resultSize == 4 ? Double(Float(result)) : result, byteSize: resultSize)
    }

    private static func integer(
        _ operation: BinaryOperator, _ first: UInt64, _ firstKind: IntegerKind, _ second: UInt64, _ secondKind: IntegerKind
    ) throws(ExpressionError) -> Scalar {
        if operation == .shiftLeft || operation == .shiftRight {
            let kind = firstKind.promoted
            let value = kind.normalize(first)
            let count: Int64 = secondKind.isSigned ? Int64(bitPattern: second) : Int64(min(second, 64))
            let shifted: UInt64
            if count < 0 || count >= Int64(kind.bitWidth) {
                // C leaves it undefined; give the value every bit shifted out.
                shifted = operation == .shiftRight && kind.isSigned && Int64(bitPattern: value) < 0 ? .max : 0
            } else if operation == .shiftLeft {
                shifted = value << UInt64(count)
            } else {
                shifted = kind.isSigned ? UInt64(bitPattern: Int64(bitPattern: value) >> count) : value >> UInt64(count)
            }
            return .integer(bits: kind.normalize(shifted), kind: kind)
        }
        let kind = IntegerKind.common(firstKind, secondKind)
        let a = kind.normalize(first)
        let b = kind.normalize(second)
        if let ordering = compare(operation, a, b, isSigned: kind.isSigned) { return truth(ordering) }
        let result: UInt64
        switch operation {
        case .add: result = a &+ b
        case .subtract: result = a &- b
        case .multiply: result = a &* b
        case .bitwiseAnd: result = a & b
        case .bitwiseOr: result = a | b
        case .bitwiseXor: result = a ^ b
        case .divide, .remainder:
            guard b != 0 else { throw .divisionByZero }
            if kind.isSigned {
                let (x, y) = (Int64(bitPattern: a), Int64(bitPattern: b))
                let quotient = operation == .divide ? x.dividedReportingOverflow(by: y) : x.remainderReportingOverflow(dividingBy: y)
                result = UInt64(bitPattern: quotient.partialValue)
            } else {
                result = operation == .divide ? a / b : a % b
            }
        default:
            throw .notNumber
        }
        return .integer(bits: kind.normalize(result), kind: kind)
    }
}
