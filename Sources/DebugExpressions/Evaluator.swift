import DWARF

/// Evaluates a syntax tree against a context, C's rules with gdb's leniencies:
/// `.` and `->` both work on structs and pointers to them, `*` on an integer
/// reads an int there, and enumerators resolve against the enum on the other
/// side of a comparison, assignment or cast.
struct Evaluator<Context: ExpressionContext> {
    let context: Context
    let access: ValueAccess<Context>
    /// Off inside `sizeof`, whose operand C does not evaluate: assignments then change nothing.
    var performsSideEffects = true

    init(context: Context) {
        self.context = context
        access = ValueAccess(context: context, remembersMemory: false)
    }

    /// `hint`: the type on the other side, so that a bare enumerator name can be found in it.
    func evaluate(_ node: SyntaxNode, hint: DebugType? = nil) throws(ExpressionError) -> DebugValue {
        switch node.kind {
        case .integer(let value, let kind):
            return Arithmetic.value(of: .integer(bits: kind.normalize(value), kind: kind))
        case .floating(let value, let size):
            return Arithmetic.value(of: .floating(size == 4 ? Double(Float(value)) : value, byteSize: size))
        case .character(let byte):
            return DebugValue(type: BuiltinTypes.char, bytes: [byte])
        case .string(let bytes):
            return DebugValue(type: .array(of: BuiltinTypes.char, count: bytes.count + 1), bytes: bytes + [0])
        case .identifier(let name):
            return try identifier(name, hint: hint)
        case .register(let name):
            return register(name)
        case .member(let base, let name, let throughPointer):
            return try member(of: try evaluate(base), named: name, throughPointer: throughPointer)
        case .subscripted(let base, let index):
            return try subscripted(try evaluate(base), index: try evaluate(index))
        case .call:
            throw .unsupported("Calling functions is not supported.")
        case .unary(let operation, let operand):
            return try unary(operation, try evaluate(operand))
        case .increment(let operand, let delta, let isPrefix):
            return try increment(try evaluate(operand), by: delta, isPrefix: isPrefix)
        case .sizeofExpression(let operand):
            return try sizeof(expression: operand)
        case .sizeofType(let name):
            return try sizeValue(of: try resolve(name))
        case .cast(let name, let operand):
            let type = try resolve(name)
            return try cast(try evaluate(operand, hint: type), to: type)
        case .objectAt(let name, let operand):
            let type = try resolve(name)
            return DebugValue(type: type, address: try address(of: try evaluate(operand)))
        case .binary(let operation, let left, let right):
            let (first, second) = try operands(left, right)
            return try binary(operation, first, second)
        case .logical(let isAnd, let left, let right):
            let first = try truth(of: try evaluate(left))
            if isAnd != first { return Arithmetic.value(of: Arithmetic.truth(first)) }
            return Arithmetic.value(of: Arithmetic.truth(try truth(of: try evaluate(right))))
        case .conditional(let condition, let first, let second):
            return try evaluate(try truth(of: try evaluate(condition)) ? first : second, hint: hint)
        case .assignment(let target, let value, let operation):
            let destination = try dereferenced(try evaluate(target))
            var newValue = try evaluate(value, hint: destination.type)
            if let operation { newValue = try binary(operation, destination, newValue) }
            return try assign(newValue, to: destination)
        case .artificialArray(let base, let count):
            return try artificialArray(try evaluate(base), count: try evaluate(count))
        case .comma(let first, let second):
            _ = try evaluate(first)
            return try evaluate(second, hint: hint)
        }
    }

    // MARK: Names

    private func identifier(_ name: String, hint: DebugType?) throws(ExpressionError) -> DebugValue {
        if let variable = context.variable(named: name) { return variable }
        if let enumerator = context.enumerator(named: name) { return enumerator }
        if let hint, let enumeration = hint.enumeration, let enumerator = enumeration.enumerators.first(where: { $0.name == name }) {
            let size = hint.byteSize ?? 4
            return DebugValue(type: hint, bytes: ScalarBytes.littleEndian(UInt64(bitPattern: enumerator.value), count: size))
        }
        if name == "true" || name == "false" {
            return DebugValue(type: context.type(named: "bool") ?? BuiltinTypes.bool, bytes: [name == "true" ? 1 : 0])
        }
        if context.type(named: name) != nil || Parser.builtinTypeWords.contains(name) { throw .typeNameAsExpression }
        throw .noSymbol(name)
    }

    private func register(_ name: String) -> DebugValue {
        guard let bits = context.register(named: name) else { return DebugValue(type: BuiltinTypes.void, bytes: []) }
        switch name {
        // The JIT's registers hold machine addresses, which need all 64 bits.
        case "pc", "sp", "fp", "rip", "rsp", "rbp":
            return DebugValue(type: BuiltinTypes.machineAddress, bytes: ScalarBytes.littleEndian(bits, count: 8))
        default: return DebugValue(type: BuiltinTypes.longLong, bytes: ScalarBytes.littleEndian(bits, count: 8))
        }
    }

    /// Both operands of a binary operator; when the left is a bare name nothing
    /// defines (`RED == color`), the right is evaluated first to find it.
    private func operands(_ left: SyntaxNode, _ right: SyntaxNode) throws(ExpressionError) -> (DebugValue, DebugValue) {
        let first: DebugValue
        do {
            first = try evaluate(left)
        } catch {
            guard case .noSymbol = error, case .identifier = left.kind else { throw error }
            let second = try evaluate(right)
            return (try evaluate(left, hint: second.type), second)
        }
        return (first, try evaluate(right, hint: first.type))
    }

    func resolve(_ name: TypeName) throws(ExpressionError) -> DebugType {
        var type: DebugType
        switch name.base {
        case .builtin(let spelling):
            type =
                context.type(named: spelling) ?? (spelling == "bool" ? context.type(named: "_Bool") : nil)
                ?? BuiltinTypes.named(spelling) ?? BuiltinTypes.int
        case .tagged(let keyword, let tag):
            guard let found = context.type(named: "\(keyword) \(tag)") else {
                throw .noTagType(keyword: keyword == "class" ? "struct" : keyword, name: tag)
            }
            type = found
        case .named(let typeName):
            guard let found = context.type(named: typeName) else { throw .noSymbol(typeName) }
            type = found
        }
        for qualifier in name.baseQualifiers { type = DebugType(.qualified(qualifier, type)) }
        for qualifiers in name.pointerQualifiers {
            type = .pointer(to: type)
            for qualifier in qualifiers { type = DebugType(.qualified(qualifier, type)) }
        }
        return type
    }

    // MARK: Conversions

    /// The object a C++ reference refers to; anything else unchanged.
    func dereferenced(_ value: DebugValue) throws(ExpressionError) -> DebugValue {
        guard let target = value.type.referenced else { return value }
        let bytes = try access.rawBytes(of: value, count: value.type.byteSize ?? 4)
        return DebugValue(type: target, address: ScalarBytes.unsignedInteger(bytes[...]))
    }

    /// A value as an operand of arithmetic: arrays and functions decay to pointers.
    func scalar(of value: DebugValue) throws(ExpressionError) -> Scalar {
        let value = try dereferenced(value)
        if let (element, _) = value.type.arrayElement {
            guard let address = value.address else { throw .notInMemory }
            return .pointer(address: address, type: .pointer(to: element))
        }
        if value.type.isSubroutine {
            guard let address = value.address else { throw .notInMemory }
            return .pointer(address: address, type: .pointer(to: value.type))
        }
        return try access.scalar(of: value)
    }

    func truth(of value: DebugValue) throws(ExpressionError) -> Bool { try scalar(of: value).isTrue }

    /// What an address operand (`x`'s, `{type}`'s) designates: a pointer's
    /// value, an array's or function's own address, an integer as is.
    func address(of value: DebugValue) throws(ExpressionError) -> UInt64 {
        switch try scalar(of: value) {
        case .pointer(let address, _): return address
        case .integer(let bits, _): return bits
        case .floating: throw .notNumber
        }
    }

    private func integer(_ value: DebugValue) throws(ExpressionError) -> Int64 {
        guard case .integer(let bits, _) = try scalar(of: value) else { throw .notNumber }
        return Int64(bitPattern: bits)
    }

    private func cast(_ value: DebugValue, to type: DebugType) throws(ExpressionError) -> DebugValue {
        let value = try dereferenced(value)
        switch type.resolved.kind {
        case .void:
            return DebugValue(type: type, bytes: [])
        case .composite, .array:
            // Reinterpreting an object as another of the same size keeps it an lvalue.
            guard value.type.scalarShape == nil, let size = type.byteSize, value.type.byteSize == size else { throw .invalidCast }
            var result = value
            result.type = type
            return result
        default:
            guard type.scalarShape != nil, value.type.scalarShape != nil || value.type.array != nil || value.type.isSubroutine
            else { throw .invalidCast }
            return DebugValue(type: type, bytes: try ScalarBytes.bytes(of: try scalar(of: value), as: type))
        }
    }

    // MARK: Operators

    private func binary(_ operation: BinaryOperator, _ left: DebugValue, _ right: DebugValue) throws(ExpressionError)
        -> DebugValue
    {
        Arithmetic.value(of: try Arithmetic.binary(operation, try scalar(of: left), try scalar(of: right)))
    }

    private func unary(_ operation: UnaryOperator, _ operand: DebugValue) throws(ExpressionError) -> DebugValue {
        let operand = try dereferenced(operand)
        switch operation {
        case .addressOf:
            guard let address = operand.address else { throw .notInMemory }
            return DebugValue(
                type: .pointer(to: operand.type), bytes: ScalarBytes.littleEndian(address, count: BuiltinTypes.voidPointer.byteSize ?? 4))
        case .dereference:
            return try dereference(operand)
        default:
            return Arithmetic.value(of: try Arithmetic.unary(operation, try scalar(of: operand)))
        }
    }

    private func dereference(_ value: DebugValue) throws(ExpressionError) -> DebugValue {
        if let target = value.type.pointee {
            guard !target.isVoid else { throw .notPointer }
            return DebugValue(type: target, address: try address(of: value))
        }
        if value.type.array != nil { return try subscripted(value, index: Arithmetic.value(of: .integer(bits: 0, kind: .int))) }
        if value.type.isSubroutine { return value }
        // gdb reads an int at an integer used as an address: `*0x10010`.
        if case .integer? = value.type.scalarShape {
            return DebugValue(type: context.type(named: "int") ?? BuiltinTypes.int, address: try address(of: value))
        }
        throw .notPointer
    }

    private func member(of base: DebugValue, named name: String, throughPointer: Bool) throws(ExpressionError)
        -> DebugValue
    {
        var object = try dereferenced(base)
        if let target = object.type.pointee {
            guard target.composite != nil else { throw throughPointer ? .notStructurePointer : .notStructure }
            object = DebugValue(type: target, address: try address(of: object))
        }
        guard let composite = object.type.composite else { throw throughPointer ? .notStructurePointer : .notStructure }
        guard let path = composite.find(member: name) else { throw .noMember(name) }
        return object.component(type: path.type, offset: path.byteOffset, bitField: path.bitField)
    }

    private func subscripted(_ base: DebugValue, index: DebugValue) throws(ExpressionError) -> DebugValue {
        let base = try dereferenced(base)
        let index = try dereferenced(index)
        if let (element, count) = base.type.arrayElement {
            let position = try integer(index)
            guard let stride = element.byteSize else { throw .incompleteType(element.description) }
            if base.address == nil {
                // Not in memory: only the elements that are there.
                guard let count, position >= 0, position < Int64(count) else { throw .noSuchElement }
            }
            let offset = Int(truncatingIfNeeded: position &* Int64(stride))
            return base.component(type: element, offset: offset)
        }
        if base.type.pointee != nil {
            return try dereference(try binary(.add, base, index))
        }
        // C's `2[array]`.
        if base.type.scalarShape != nil, index.type.pointee != nil || index.type.array != nil {
            return try subscripted(index, index: base)
        }
        throw .cannotSubscript(type: base.type.description)
    }

    private func increment(_ operand: DebugValue, by delta: Int64, isPrefix: Bool) throws(ExpressionError) -> DebugValue {
        let target = try dereferenced(operand)
        guard target.isLValue else { throw .notLValue }
        let old = try scalar(of: target)
        let new = try Arithmetic.binary(.add, old, .integer(bits: UInt64(bitPattern: delta), kind: .int))
        let stored = try assign(Arithmetic.value(of: new), to: target)
        return isPrefix ? stored : DebugValue(type: target.type, bytes: try ScalarBytes.bytes(of: old, as: target.type))
    }

    private func assign(_ value: DebugValue, to target: DebugValue) throws(ExpressionError) -> DebugValue {
        guard target.isLValue else { throw .notLValue }
        guard performsSideEffects else { return target }
        let bytes: [UInt8]
        if target.type.scalarShape != nil {
            let source = try dereferenced(value)
            guard source.type.scalarShape != nil || source.type.array != nil || source.type.isSubroutine else { throw .invalidCast }
            bytes = try ScalarBytes.bytes(of: try scalar(of: source), as: target.type)
        } else if target.type.composite != nil || target.type.array != nil {
            // Whole structs and arrays copy when the sizes agree, as gdb allows.
            let source = try dereferenced(value)
            guard let size = target.type.byteSize, source.type.byteSize == size, source.type.scalarShape == nil else {
                throw .invalidCast
            }
            bytes = try access.bytes(of: source)
        } else {
            throw .invalidCast
        }
        return try access.store(bytes, into: target)
    }

    private func artificialArray(_ base: DebugValue, count: DebugValue) throws(ExpressionError) -> DebugValue {
        let base = try dereferenced(base)
        let count = try integer(count)
        guard let address = base.address else { throw .repeatNotInMemory }
        guard count > 0 else { throw .invalidRepeatCount(count) }
        guard let size = base.type.byteSize else { throw .incompleteType(base.type.description) }
        let (total, overflow) = Int64(size).multipliedReportingOverflow(by: count)
        guard !overflow, total <= Int64(UInt32.max) else { throw .valueTooLarge(Int(clamping: total)) }
        return DebugValue(type: .array(of: base.type, count: Int(count)), address: address)
    }

    // MARK: sizeof

    private func sizeof(expression operand: SyntaxNode) throws(ExpressionError) -> DebugValue {
        // `sizeof(name)` parses as an expression; the name may be a typedef.
        if case .identifier(let name) = operand.kind, context.variable(named: name) == nil,
            let type = context.type(named: name)
        {
            return try sizeValue(of: type)
        }
        var quiet = self
        quiet.performsSideEffects = false
        let value = try quiet.evaluate(operand)
        return try sizeValue(of: value.type.referenced ?? value.type)
    }

    private func sizeValue(of type: DebugType) throws(ExpressionError) -> DebugValue {
        let size: Int
        switch type.resolved.kind {
        case .void, .subroutine: size = 1
        default:
            guard let known = type.byteSize, known >= 0 else { throw .incompleteType(type.description) }
            size = known
        }
        return DebugValue(type: BuiltinTypes.unsignedLong, bytes: ScalarBytes.littleEndian(UInt64(size), count: 4))
    }
}
