import WasmCore

/// Checks initializers: global values, segment offsets and element items.
///
/// Wasm 2.0 allows only instructions that push a constant (`t.const`,
/// `ref.null`, `ref.func`) and `global.get` of an immutable imported global,
/// so evaluating one never depends on the module's own globals or code.
public enum ConstantExpressionValidator {
    /// Checks that `expression` is constant and produces exactly one value of `type`.
    public static func validate(
        _ expression: ConstantExpression, producing type: ValueType, in context: ModuleContext
    ) throws(ValidationError) {
        let offset = expression.offset
        var produced: ValueType?
        var producedCount = 0
        for instruction in expression.instructions {
            let value: ValueType
            switch instruction {
            case .i32Const: value = .i32
            case .i64Const: value = .i64
            case .f32Const: value = .f32
            case .f64Const: value = .f64
            case .v128Const: value = .v128
            case .refNull(let reference): value = ValueType(reference)
            case .refFunc(let index):
                guard Int(index) < context.functionTypeIndices.count else {
                    throw ValidationError("unknown function \(index)", at: offset)
                }
                value = .funcref
            case .globalGet(let index):
                // Only imported globals are visible here: a module's own
                // globals are not initialized yet when initializers run.
                guard Int(index) < context.importedGlobalCount else {
                    throw ValidationError("unknown global \(index)", at: offset)
                }
                let global = context.globals[Int(index)]
                guard !global.isMutable else {
                    throw ValidationError("constant expression required: global \(index) is mutable", at: offset)
                }
                value = global.valueType
            default:
                throw ValidationError("constant expression required", at: offset)
            }
            if producedCount == 0 { produced = value }
            producedCount += 1
        }
        guard producedCount == 1, let produced else {
            throw ValidationError("type mismatch: initializer must produce one \(type), it produces \(producedCount) values", at: offset)
        }
        guard produced == type else {
            throw ValidationError("type mismatch: expected \(type), found \(produced)", at: offset)
        }
    }
}
