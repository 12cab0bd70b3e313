/// Test support: random wasm functions with their expected results, for
/// differential tests of the JIT. Each program pushes many expressions at
/// once (more live values than there are registers, so values spill) and
/// folds them into one result; the generator evaluates every expression in
/// Swift as it writes it, in wasm's order, so the expected value needs no
/// second interpreter.
import Foundation

/// SplitMix64: small, seedable, good enough to pick test shapes.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// An integer program over parameters (a b: i64, c d: i32) and locals (t0 t1: i64, t2: i32), returning i64.
struct RandomIntegerProgram {
    enum Kind { case i32, i64 }

    var random: SeededGenerator
    var parameters: (a: UInt64, b: UInt64, c: UInt32, d: UInt32)
    var locals64: [UInt64] = [0, 0]
    var local32: UInt32 = 0

    init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
        parameters = (0, 0, 0, 0)
        parameters = (interesting64(), interesting64(), UInt32(truncatingIfNeeded: interesting64()), UInt32(truncatingIfNeeded: interesting64()))
    }

    mutating func interesting64() -> UInt64 {
        switch Int.random(in: 0..<6, using: &random) {
        case 0: return [0, 1, UInt64.max, 1 << 63, UInt64(Int64.max), 0x8000_0000, 0xFFFF_FFFF][Int.random(in: 0..<7, using: &random)]
        case 1: return UInt64(Int.random(in: 0..<64, using: &random))
        case 2: return UInt64(bitPattern: Int64(Int32.random(in: Int32.min...Int32.max, using: &random)))
        default: return random.next()
        }
    }

    /// The body text and the expected result.
    mutating func generate(width: Int, depth: Int) -> (text: String, result: UInt64) {
        var text = ""
        var stack: [UInt64] = []
        for _ in 0..<width {
            let (expression, value) = expression64(depth: depth, sideEffects: true)
            text += expression + "\n"
            stack.append(value)
        }
        while stack.count > 1 {
            let right = stack.removeLast()
            let left = stack.removeLast()
            let (name, value) = binary64(left, right)
            text += "i64.\(name)\n"
            stack.append(value)
        }
        return (text, stack[0])
    }

    mutating func binary64(_ left: UInt64, _ right: UInt64) -> (String, UInt64) {
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return ("add", left &+ right)
        case 1: return ("sub", left &- right)
        case 2: return ("mul", left &* right)
        case 3: return ("and", left & right)
        case 4: return ("or", left | right)
        case 5: return ("xor", left ^ right)
        case 6: return ("shl", left << (right & 63))
        case 7: return ("shr_s", UInt64(bitPattern: Int64(bitPattern: left) >> (right & 63)))
        case 8: return ("shr_u", left >> (right & 63))
        default:
            let count = right & 63
            return ("rotl", count == 0 ? left : left << count | left >> (64 - count))
        }
    }

    mutating func binary32(_ left: UInt32, _ right: UInt32) -> (String, UInt32) {
        switch Int.random(in: 0..<9, using: &random) {
        case 0: return ("add", left &+ right)
        case 1: return ("sub", left &- right)
        case 2: return ("mul", left &* right)
        case 3: return ("and", left & right)
        case 4: return ("xor", left ^ right)
        case 5: return ("shl", left << (right & 31))
        case 6: return ("shr_s", UInt32(bitPattern: Int32(bitPattern: left) >> (right & 31)))
        case 7:
            let count = right & 31
            return ("rotr", count == 0 ? left : left >> count | left << (32 - count))
        default: return ("shr_u", left >> (right & 31))
        }
    }

    mutating func expression64(depth: Int, sideEffects: Bool) -> (String, UInt64) {
        if depth == 0 || Int.random(in: 0..<5, using: &random) == 0 {
            switch Int.random(in: 0..<5, using: &random) {
            case 0: return ("(local.get $a)", parameters.a)
            case 1: return ("(local.get $b)", parameters.b)
            case 2: return ("(local.get $t0)", locals64[0])
            case 3: return ("(local.get $t1)", locals64[1])
            default:
                let value = interesting64()
                return ("(i64.const \(Int64(bitPattern: value)))", value)
            }
        }
        switch Int.random(in: 0..<12, using: &random) {
        case 0, 1, 2:
            let (left, leftValue) = expression64(depth: depth - 1, sideEffects: sideEffects)
            let (right, rightValue) = expression64(depth: depth - 1, sideEffects: sideEffects)
            let (name, value) = binary64(leftValue, rightValue)
            return ("(i64.\(name) \(left) \(right))", value)
        case 3:
            let (operand, value) = expression32(depth: depth - 1, sideEffects: sideEffects)
            if Bool.random(using: &random) {
                return ("(i64.extend_i32_s \(operand))", UInt64(bitPattern: Int64(Int32(bitPattern: value))))
            }
            return ("(i64.extend_i32_u \(operand))", UInt64(value))
        case 4:
            // Division that cannot trap: a positive divisor.
            let (left, leftValue) = expression64(depth: depth - 1, sideEffects: sideEffects)
            let (right, rightValue) = expression64(depth: depth - 1, sideEffects: sideEffects)
            let divisor = (rightValue & 0xFFFF) | 1
            let divisorText = "(i64.or (i64.and \(right) (i64.const 0xffff)) (i64.const 1))"
            switch Int.random(in: 0..<4, using: &random) {
            case 0: return ("(i64.div_s \(left) \(divisorText))", UInt64(bitPattern: Int64(bitPattern: leftValue) / Int64(divisor)))
            case 1: return ("(i64.div_u \(left) \(divisorText))", leftValue / divisor)
            case 2: return ("(i64.rem_s \(left) \(divisorText))", UInt64(bitPattern: Int64(bitPattern: leftValue) % Int64(divisor)))
            default: return ("(i64.rem_u \(left) \(divisorText))", leftValue % divisor)
            }
        case 5:
            let (first, firstValue) = expression64(depth: depth - 1, sideEffects: sideEffects)
            let (second, secondValue) = expression64(depth: depth - 1, sideEffects: sideEffects)
            let (condition, conditionValue) = condition(depth: depth - 1, sideEffects: sideEffects)
            return ("(select \(first) \(second) \(condition))", conditionValue != 0 ? firstValue : secondValue)
        case 6:
            let (condition, conditionValue) = condition(depth: depth - 1, sideEffects: sideEffects)
            let (first, firstValue) = expression64(depth: depth - 1, sideEffects: false)
            let (second, secondValue) = expression64(depth: depth - 1, sideEffects: false)
            return ("(if (result i64) \(condition) (then \(first)) (else \(second)))", conditionValue != 0 ? firstValue : secondValue)
        case 7:
            // br_if carrying a value out of a block, or falling through to the second.
            let (first, firstValue) = expression64(depth: depth - 1, sideEffects: false)
            let (condition, conditionValue) = condition(depth: depth - 1, sideEffects: false)
            let (second, secondValue) = expression64(depth: depth - 1, sideEffects: false)
            return (
                "(block (result i64) (br_if 0 \(first) \(condition)) (drop) \(second))",
                conditionValue != 0 ? firstValue : secondValue
            )
        case 8 where sideEffects:
            let (operand, value) = expression64(depth: depth - 1, sideEffects: true)
            let local = Int.random(in: 0..<2, using: &random)
            locals64[local] = value
            return ("(local.tee $t\(local) \(operand))", value)
        case 9:
            let (operand, value) = expression64(depth: depth - 1, sideEffects: sideEffects)
            switch Int.random(in: 0..<4, using: &random) {
            case 0: return ("(i64.clz \(operand))", UInt64(value.leadingZeroBitCount))
            case 1: return ("(i64.ctz \(operand))", UInt64(value.trailingZeroBitCount))
            case 2: return ("(i64.popcnt \(operand))", UInt64(value.nonzeroBitCount))
            default: return ("(i64.extend16_s \(operand))", UInt64(bitPattern: Int64(Int16(truncatingIfNeeded: value))))
            }
        default:
            let (left, leftValue) = expression64(depth: depth - 1, sideEffects: sideEffects)
            let (right, rightValue) = expression64(depth: depth - 1, sideEffects: sideEffects)
            let (name, value) = binary64(leftValue, rightValue)
            return ("(i64.\(name) \(left) \(right))", value)
        }
    }

    mutating func expression32(depth: Int, sideEffects: Bool) -> (String, UInt32) {
        if depth == 0 || Int.random(in: 0..<4, using: &random) == 0 {
            switch Int.random(in: 0..<4, using: &random) {
            case 0: return ("(local.get $c)", parameters.c)
            case 1: return ("(local.get $d)", parameters.d)
            case 2: return ("(local.get $t2)", local32)
            default:
                let value = UInt32(truncatingIfNeeded: interesting64())
                return ("(i32.const \(Int32(bitPattern: value)))", value)
            }
        }
        switch Int.random(in: 0..<6, using: &random) {
        case 0, 1:
            let (left, leftValue) = expression32(depth: depth - 1, sideEffects: sideEffects)
            let (right, rightValue) = expression32(depth: depth - 1, sideEffects: sideEffects)
            let (name, value) = binary32(leftValue, rightValue)
            return ("(i32.\(name) \(left) \(right))", value)
        case 2:
            let (operand, value) = expression64(depth: depth - 1, sideEffects: sideEffects)
            return ("(i32.wrap_i64 \(operand))", UInt32(truncatingIfNeeded: value))
        case 3 where sideEffects:
            let (operand, value) = expression32(depth: depth - 1, sideEffects: true)
            local32 = value
            return ("(local.tee $t2 \(operand))", value)
        default:
            return condition(depth: depth - 1, sideEffects: sideEffects)
        }
    }

    /// An i32 that is 0 or 1: a comparison or eqz.
    mutating func condition(depth: Int, sideEffects: Bool) -> (String, UInt32) {
        if Bool.random(using: &random) {
            let (left, leftValue) = expression64(depth: max(depth - 1, 0), sideEffects: sideEffects)
            let (right, rightValue) = expression64(depth: max(depth - 1, 0), sideEffects: sideEffects)
            let signedLeft = Int64(bitPattern: leftValue)
            let signedRight = Int64(bitPattern: rightValue)
            let comparisons: [(String, Bool)] = [
                ("eq", leftValue == rightValue), ("ne", leftValue != rightValue), ("lt_s", signedLeft < signedRight),
                ("lt_u", leftValue < rightValue), ("gt_s", signedLeft > signedRight), ("gt_u", leftValue > rightValue),
                ("le_s", signedLeft <= signedRight), ("le_u", leftValue <= rightValue),
                ("ge_s", signedLeft >= signedRight), ("ge_u", leftValue >= rightValue),
            ]
            let (name, holds) = comparisons[Int.random(in: 0..<comparisons.count, using: &random)]
            return ("(i64.\(name) \(left) \(right))", holds ? 1 : 0)
        }
        let (operand, value) = expression32(depth: max(depth - 1, 0), sideEffects: sideEffects)
        return ("(i32.eqz \(operand))", value == 0 ? 1 : 0)
    }
}

/// A float program over parameters (x y: f64), returning f64: many live
/// values in xmm registers, wasm's min/max/copysign/rounding rules.
struct RandomFloatProgram {
    var random: SeededGenerator
    let x: Double
    let y: Double

    init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
        let choices: [Double] = [0, -0.0, 1.5, -2.25, 1e300, -1e-300, .infinity, -.infinity, 3, 0.1]
        x = choices[Int(random.next() % UInt64(choices.count))]
        y = choices[Int(random.next() % UInt64(choices.count))]
    }

    static func wasmMinimum(_ a: Double, _ b: Double) -> Double {
        if a.isNaN || b.isNaN { return .nan }
        if a == 0 && b == 0 { return a.sign == .minus ? a : b }
        return a < b ? a : b
    }

    static func wasmMaximum(_ a: Double, _ b: Double) -> Double {
        if a.isNaN || b.isNaN { return .nan }
        if a == 0 && b == 0 { return a.sign == .plus ? a : b }
        return a > b ? a : b
    }

    mutating func generate(width: Int, depth: Int) -> (text: String, result: Double) {
        var text = ""
        var stack: [Double] = []
        for _ in 0..<width {
            let (expression, value) = expression(depth: depth)
            text += expression + "\n"
            stack.append(value)
        }
        while stack.count > 1 {
            let right = stack.removeLast()
            let left = stack.removeLast()
            text += "f64.add\n"
            stack.append(left + right)
        }
        return (text, stack[0])
    }

    mutating func expression(depth: Int) -> (String, Double) {
        if depth == 0 || Int.random(in: 0..<4, using: &random) == 0 {
            switch Int.random(in: 0..<3, using: &random) {
            case 0: return ("(local.get $x)", x)
            case 1: return ("(local.get $y)", y)
            default:
                let value = Double(Int.random(in: -8...8, using: &random)) / 4
                return ("(f64.const \(value))", value)
            }
        }
        let (left, a) = expression(depth: depth - 1)
        switch Int.random(in: 0..<13, using: &random) {
        case 0: let (right, b) = expression(depth: depth - 1); return ("(f64.add \(left) \(right))", a + b)
        case 1: let (right, b) = expression(depth: depth - 1); return ("(f64.sub \(left) \(right))", a - b)
        case 2: let (right, b) = expression(depth: depth - 1); return ("(f64.mul \(left) \(right))", a * b)
        case 3: let (right, b) = expression(depth: depth - 1); return ("(f64.div \(left) \(right))", a / b)
        case 4: let (right, b) = expression(depth: depth - 1); return ("(f64.min \(left) \(right))", Self.wasmMinimum(a, b))
        case 5: let (right, b) = expression(depth: depth - 1); return ("(f64.max \(left) \(right))", Self.wasmMaximum(a, b))
        case 6:
            let (right, b) = expression(depth: depth - 1)
            return ("(f64.copysign \(left) \(right))", Double(sign: b.sign, exponentBitPattern: a.exponentBitPattern, significandBitPattern: a.significandBitPattern))
        case 7: return ("(f64.neg \(left))", -a)
        case 8: return ("(f64.abs \(left))", Double(sign: .plus, exponentBitPattern: a.exponentBitPattern, significandBitPattern: a.significandBitPattern))
        case 9: return ("(f64.floor \(left))", a.rounded(.down))
        case 10: return ("(f64.nearest \(left))", a.rounded(.toNearestOrEven))
        case 11:
            let (right, b) = expression(depth: depth - 1)
            let comparisons: [(String, Bool)] = [("eq", a == b), ("ne", a != b), ("lt", a < b), ("gt", a > b), ("le", a <= b), ("ge", a >= b)]
            let (name, holds) = comparisons[Int.random(in: 0..<comparisons.count, using: &random)]
            let (third, c) = expression(depth: depth - 1)
            return ("(select \(left) \(third) (f64.\(name) \(left) \(right)))", holds ? a : c)
        default:
            return ("(f64.promote_f32 (f32.demote_f64 \(left)))", Double(Float(a)))
        }
    }
}
