/// Script values to runtime values and back, and the comparison of results
/// with `assert_return` expectations, NaN patterns included.
import WAT
import WasmCore
import WasmParser
import WasmRuntime

/// Why a value cannot be used here: the caller skips the directive with this reason.
struct UnsupportedValue: Error {
    let reason: String
}

enum ValueConversion {
    static let simdReason = "SIMD execution is not supported yet (a later issue adds it)"

    /// Host references: the runtime keeps 0 for null, so `ref.extern N` travels as N + 1.
    static func externReference(_ value: UInt32) -> UInt64 { UInt64(value) + 1 }

    static func value(_ constant: WASTConstValue) throws(UnsupportedValue) -> Value {
        switch constant {
        case .i32(let bits): return .i32(bits)
        case .i64(let bits): return .i64(bits)
        case .f32(let bits): return .f32(bits)
        case .f64(let bits): return .f64(bits)
        case .v128: throw UnsupportedValue(reason: simdReason)
        case .refNull(let heapType): return heapType == .externRef ? .externref(nil) : .funcref(nil)
        case .refExtern(let value): return .externref(externReference(value))
        case .refFunc, .refHost: throw UnsupportedValue(reason: "this reference argument is not supported")
        }
    }

    /// Whether `actual` satisfies `expected`; nil means the expectation needs a feature we skip.
    static func matches(_ actual: Value, _ expected: WASTExpectValue) throws(UnsupportedValue) -> Bool {
        switch (expected, actual) {
        case (.i32(let bits), .i32(let value)): return bits == value
        case (.i64(let bits), .i64(let value)): return bits == value
        case (.f32(let bits), .f32(let value)): return bits == value
        case (.f64(let bits), .f64(let value)): return bits == value
        case (.f32CanonicalNaN, .f32(let value)): return value & 0x7FFF_FFFF == 0x7FC0_0000
        case (.f32ArithmeticNaN, .f32(let value)): return value & 0x7FC0_0000 == 0x7FC0_0000
        case (.f64CanonicalNaN, .f64(let value)): return value & 0x7FFF_FFFF_FFFF_FFFF == 0x7FF8_0000_0000_0000
        case (.f64ArithmeticNaN, .f64(let value)): return value & 0x7FF8_0000_0000_0000 == 0x7FF8_0000_0000_0000
        case (.refNull, .funcref(let reference)): return reference == nil
        case (.refNull, .externref(let reference)): return reference == nil
        case (.refFunc, .funcref(let reference)): return reference != nil
        case (.refExtern(let value?), .externref(let reference)): return reference == externReference(value)
        case (.refExtern(nil), .externref(let reference)): return reference != nil
        case (.v128, _), (.v128Pattern, _), (_, .v128): throw UnsupportedValue(reason: simdReason)
        case (.either(let alternatives), _):
            for alternative in alternatives where try matches(actual, alternative) { return true }
            return false
        default: return false
        }
    }

    static func describe(_ value: Value) -> String {
        switch value {
        case .i32(let bits): "i32:\(bits)"
        case .i64(let bits): "i64:\(bits)"
        case .f32(let bits): "f32:0x\(String(bits, radix: 16))"
        case .f64(let bits): "f64:0x\(String(bits, radix: 16))"
        case .v128(let vector): "v128:\(vector.bytes)"
        case .funcref(let reference): reference == nil ? "ref.null func" : "ref.func"
        case .externref(let reference): reference.map { "ref.extern \($0 - 1)" } ?? "ref.null extern"
        }
    }

    static func describe(_ expected: WASTExpectValue) -> String {
        switch expected {
        case .i32(let bits): "i32:\(bits)"
        case .i64(let bits): "i64:\(bits)"
        case .f32(let bits): "f32:0x\(String(bits, radix: 16))"
        case .f64(let bits): "f64:0x\(String(bits, radix: 16))"
        case .f32CanonicalNaN, .f64CanonicalNaN: "nan:canonical"
        case .f32ArithmeticNaN, .f64ArithmeticNaN: "nan:arithmetic"
        default: "\(expected)"
        }
    }
}
