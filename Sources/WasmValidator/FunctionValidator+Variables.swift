import WasmCore

/// Locals, globals and the parametric instructions (`select`).
extension FunctionValidator {
    @inline(__always)
    func localType(_ index: UInt32, at offset: Int) throws(ValidationError) -> ValueType {
        if _fastPath(Int(index) < flatLocalCount) { return flatLocals[Int(index)] }
        guard let type = locals.type(index) else { throw ValidationError("unknown local \(index)", at: offset) }
        return type
    }

    @inline(__always)
    func globalType(_ index: UInt32, at offset: Int) throws(ValidationError) -> GlobalType {
        guard Int(index) < context.globals.count else { throw ValidationError("unknown global \(index)", at: offset) }
        return context.globals[Int(index)]
    }

    mutating func validateGlobalGet(_ index: UInt32, at offset: Int) throws(ValidationError) {
        push(try globalType(index, at: offset).valueType)
    }

    mutating func validateGlobalSet(_ index: UInt32, at offset: Int) throws(ValidationError) {
        let global = try globalType(index, at: offset)
        guard global.isMutable else { throw ValidationError("global is immutable: global \(index)", at: offset) }
        try pop(global.valueType, at: offset)
    }

    /// The untyped `select` predates reference types: it only chooses between
    /// numbers or vectors, whose type it can infer.
    mutating func validateSelect(at offset: Int) throws(ValidationError) {
        try pop(.i32, at: offset)
        let first = try popAny(at: offset)
        let second = try popAny(at: offset)
        let bothNumeric = (first?.isNumeric ?? true) && (second?.isNumeric ?? true)
        let bothVectors = (first ?? .v128) == .v128 && (second ?? .v128) == .v128
        guard bothNumeric || bothVectors else {
            throw ValidationError(
                "type mismatch: select without a type needs numeric or vector operands, found \(Self.describe(second)) and \(Self.describe(first))",
                at: offset
            )
        }
        if let first, let second, first != second {
            throw ValidationError("type mismatch: select operands are \(second) and \(first)", at: offset)
        }
        push(first ?? second)
    }

    mutating func validateTypedSelect(_ type: ValueType, at offset: Int) throws(ValidationError) {
        try pop(.i32, at: offset)
        try pop(type, at: offset)
        try pop(type, at: offset)
        push(type)
    }

    static func describe(_ type: ValueType?) -> String { type?.description ?? "unknown" }
}
