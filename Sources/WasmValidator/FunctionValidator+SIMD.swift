import WasmCore

/// The SIMD instructions with immediates: shuffles and lane accesses.
/// (Lane-free SIMD operators go through their signature like numeric ones.)
extension FunctionValidator {
    mutating func validateShuffle(_ lanes: V128, at offset: Int) throws(ValidationError) {
        // Each byte picks one of the 32 lanes of the two operands.
        let outOfRange: UInt64 = 0xE0E0_E0E0_E0E0_E0E0
        if lanes.low & outOfRange != 0 || lanes.high & outOfRange != 0 {
            let bad = lanes.bytes.first { $0 >= 32 } ?? 0
            throw ValidationError("invalid lane index: \(bad)", at: offset)
        }
        try pop(.v128, at: offset)
        try pop(.v128, at: offset)
        push(.v128)
    }

    mutating func validateLaneAccess(_ op: SIMDLaneOperator, lane: UInt8, at offset: Int) throws(ValidationError) {
        let signature = operators[op]
        guard lane < signature.laneCount else {
            throw ValidationError("invalid lane index: \(lane) of \(signature.laneCount)", at: offset)
        }
        try apply(signature, at: offset)
    }

    mutating func validateMemoryLaneAccess(
        _ op: SIMDMemoryLaneOperator, _ argument: MemArg, lane: UInt8, at offset: Int
    ) throws(ValidationError) {
        let signature = operators[op]
        try checkMemoryArgument(argument, naturalAlignment: signature.naturalAlignment, at: offset)
        guard lane < signature.laneCount else {
            throw ValidationError("invalid lane index: \(lane) of \(signature.laneCount)", at: offset)
        }
        try apply(signature, at: offset)
    }
}
