/// `--invoke FUNC ARGS...`: the arguments are text, read by the parameter
/// types as wasmtime reads them (decimal or 0x hex integers, signed or not;
/// floats in Swift's syntax, which includes nan and inf).
import WasmCore
import WasmRuntime

enum InvokeArguments {
    static func parse(_ texts: [String], for type: FunctionType, functionName: String) throws(ProgramError) -> [Value] {
        guard texts.count == type.parameters.count else {
            throw ProgramError(
                "'\(functionName)' takes \(type.parameters.count) argument(s) (\(type.parameters.map(\.description).joined(separator: ", "))), \(texts.count) given")
        }
        var values: [Value] = []
        for (text, parameterType) in zip(texts, type.parameters) {
            guard let value = parse(text, as: parameterType) else {
                throw ProgramError("cannot read '\(text)' as \(parameterType) for '\(functionName)'")
            }
            values.append(value)
        }
        return values
    }

    static func parse(_ text: String, as type: ValueType) -> Value? {
        switch type {
        case .i32: integer(text, bits: 32).map { .i32(UInt32(truncatingIfNeeded: $0)) }
        case .i64: integer(text, bits: 64).map { .i64($0) }
        case .f32: Float(text).map { .f32($0.bitPattern) }
        case .f64: Double(text).map { .f64($0.bitPattern) }
        default: nil
        }
    }

    /// The bit pattern of a signed or unsigned integer that fits in `bits`.
    private static func integer(_ text: String, bits: Int) -> UInt64? {
        var digits = Substring(text)
        let negative = digits.hasPrefix("-")
        if negative || digits.hasPrefix("+") { digits = digits.dropFirst() }
        var radix = 10
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
            radix = 16
            digits = digits.dropFirst(2)
        }
        guard let magnitude = UInt64(digits, radix: radix) else { return nil }
        let unsignedLimit: UInt64 = bits == 64 ? .max : (1 << UInt64(bits)) - 1
        if negative {
            guard magnitude <= (1 << UInt64(bits - 1)) else { return nil }
            return (0 &- magnitude) & unsignedLimit
        }
        return magnitude <= unsignedLimit ? magnitude : nil
    }

    /// Results print one per line: integers signed, as wasmtime prints them.
    static func describe(_ value: Value) -> String {
        switch value {
        case .i32(let bits): String(Int32(bitPattern: bits))
        case .i64(let bits): String(Int64(bitPattern: bits))
        case .f32(let bits): String(Float(bitPattern: bits))
        case .f64(let bits): String(Double(bitPattern: bits))
        case .v128(let vector): String(describing: vector)
        case .funcref(let reference): reference == nil ? "null" : "funcref"
        case .externref(let reference): reference.map { "externref \($0)" } ?? "null"
        }
    }
}

extension ProgramOutcome {
    /// What `run --invoke` prints for returned results, one line each.
    public var resultLines: [String] {
        guard case .returned(let values) = self else { return [] }
        return values.map(InvokeArguments.describe)
    }
}
