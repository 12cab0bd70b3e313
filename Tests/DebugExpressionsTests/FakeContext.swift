import DWARF
import DebugExpressions

/// An `ExpressionContext` over a byte array: memory from address 0 to
/// `memory.count`, named variables, types, registers and symbols.
final class FakeContext: ExpressionContext {
    var memory: [UInt8]
    var variables: [String: DebugValue] = [:]
    var types: [String: DebugType] = [:]
    var registers: [String: UInt64] = [:]
    var enumerators: [String: DebugValue] = [:]
    var functionNames: [UInt64: String] = [:]
    /// Globals by address and size, for `<name>` and `<name+4>` after pointers.
    var symbols: [(name: String, address: UInt64, size: Int)] = []
    /// What `write(bytes:to:)` received, by location id.
    var locationWrites: [Int: [UInt8]] = [:]

    init(memorySize: Int = 0x20000) {
        memory = [UInt8](repeating: 0, count: memorySize)
        for type in Types.all { types[type.description] = type }
    }

    func variable(named name: String) -> DebugValue? { variables[name] }
    func type(named name: String) -> DebugType? { types[name] }
    func register(named name: String) -> UInt64? { registers[name] }
    func enumerator(named name: String) -> DebugValue? { enumerators[name] }
    func functionName(forPointer value: UInt64) -> String? { functionNames[value] }

    func dataSymbol(at address: UInt64) -> String? {
        guard let symbol = symbols.first(where: { address >= $0.address && address < $0.address + UInt64(max($0.size, 1)) })
        else { return nil }
        let offset = address - symbol.address
        return offset == 0 ? symbol.name : "\(symbol.name)+\(offset)"
    }

    func readMemory(address: UInt64, count: Int) throws(ExpressionError) -> [UInt8] {
        guard count >= 0, address <= UInt64(memory.count), UInt64(count) <= UInt64(memory.count) - address else {
            throw .memory(address: address)
        }
        return Array(memory[Int(address)..<(Int(address) + count)])
    }

    func writeMemory(address: UInt64, bytes: [UInt8]) throws(ExpressionError) {
        guard address <= UInt64(memory.count), UInt64(bytes.count) <= UInt64(memory.count) - address else {
            throw .memory(address: address)
        }
        memory.replaceSubrange(Int(address)..<(Int(address) + bytes.count), with: bytes)
    }

    func write(bytes: [UInt8], to storage: ValueStorage) throws(ExpressionError) {
        guard case .location(let id, _) = storage else { throw .notLValue }
        locationWrites[id] = bytes
        for (name, variable) in variables {
            if case .location(id, _) = variable.storage {
                variables[name] = DebugValue(type: variable.type, storage: .location(id: id, bytes: bytes))
            }
        }
    }

    // MARK: Setting up

    /// Puts a variable in memory with its bytes.
    @discardableResult
    func place(_ name: String, _ type: DebugType, at address: UInt64, _ bytes: [UInt8]) -> DebugValue {
        memory.replaceSubrange(Int(address)..<(Int(address) + bytes.count), with: bytes)
        let value = DebugValue(type: type, address: address)
        variables[name] = value
        symbols.append((name, address, type.byteSize ?? 1))
        return value
    }

    func store(_ bytes: [UInt8], at address: UInt64) {
        memory.replaceSubrange(Int(address)..<(Int(address) + bytes.count), with: bytes)
    }

    func int32(at address: UInt64) -> Int32 {
        Int32(bitPattern: UInt32(memory[Int(address)]) | UInt32(memory[Int(address) + 1]) << 8
            | UInt32(memory[Int(address) + 2]) << 16 | UInt32(memory[Int(address) + 3]) << 24)
    }

    // MARK: Evaluating

    func print(_ text: String, _ format: ValueFormat = .natural) throws -> String {
        ValueFormatter.format(try Expression.parse(text).evaluate(in: self), as: format, in: self)
    }

    func error(_ text: String) -> String? {
        do {
            let value = try Expression.parse(text).evaluate(in: self)
            _ = try ValueFormatter.printed(value, in: self)
            return nil
        } catch {
            return error.description
        }
    }
}

/// Little-endian bytes.
func bytes<Integer: FixedWidthInteger>(_ value: Integer) -> [UInt8] {
    (0..<(Integer.bitWidth / 8)).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
}

/// Types built by hand, with wasm32 sizes.
enum Types {
    static let int = base("int", .signed, 4)
    static let unsignedInt = base("unsigned int", .unsigned, 4)
    static let char = base("char", .signedChar, 1)
    static let unsignedChar = base("unsigned char", .unsignedChar, 1)
    static let short = base("short", .signed, 2)
    static let long = base("long", .signed, 4)
    static let longLong = base("long long", .signed, 8)
    static let unsignedLongLong = base("unsigned long long", .unsigned, 8)
    static let float = base("float", .float, 4)
    static let double = base("double", .float, 8)
    static let longDouble = base("long double", .float, 16)
    static let bool = base("_Bool", .boolean, 1)
    static let void = DebugType(.void)
    static let all = [int, unsignedInt, char, unsignedChar, short, long, longLong, unsignedLongLong, float, double, bool]

    static func base(_ name: String, _ encoding: BaseEncoding, _ size: Int) -> DebugType {
        DebugType(.base(BaseType(name: name, encoding: encoding, byteSize: size)))
    }

    static func pointer(_ target: DebugType) -> DebugType { DebugType(.pointer(target)) }
    static func const(_ target: DebugType) -> DebugType { DebugType(.qualified(.const, target)) }
    static func typedef(_ name: String, _ target: DebugType) -> DebugType { DebugType(.typedef(name: name, target)) }

    static func array(_ element: DebugType, _ dimensions: Int?...) -> DebugType {
        DebugType(.array(ArrayType(element: element, dimensions: dimensions)))
    }

    static func structure(_ name: String?, size: Int, _ members: [CompositeType.Member], kind: CompositeType.Kind = .structure)
        -> DebugType
    {
        DebugType(.composite(CompositeType(kind: kind, name: name, byteSize: size, members: members)))
    }

    static func member(_ name: String?, _ type: DebugType, _ offset: Int) -> CompositeType.Member {
        CompositeType.Member(name: name, type: type, byteOffset: offset)
    }

    static func bitField(_ name: String, _ type: DebugType, bits: Int, at bitOffset: Int) -> CompositeType.Member {
        CompositeType.Member(name: name, type: type, byteOffset: bitOffset / 8, bitSize: bits, bitOffset: bitOffset)
    }

    static func enumeration(_ name: String, _ enumerators: [(String, Int64)]) -> DebugType {
        DebugType(
            .enumeration(
                EnumerationType(
                    name: name, byteSize: 4, underlyingType: unsignedInt,
                    enumerators: enumerators.map { EnumerationType.Enumerator(name: $0.0, value: $0.1) })))
    }

    static func function(returning result: DebugType?, _ parameters: [DebugType]) -> DebugType {
        DebugType(.subroutine(SubroutineType(returnType: result, parameters: parameters)))
    }
}
