import WasmCore

/// The stack effect and immediate limits of one operator, packed so the
/// validator reads them with one load instead of a call into WasmCore's
/// per-operator switches.
struct PackedSignature {
    var parameterCount: UInt8
    var first: ValueType
    var second: ValueType
    var third: ValueType
    var result: ValueType?
    /// log2 of the access size, for loads and stores.
    var naturalAlignment: UInt8
    /// For lane instructions: lane immediates must be below it.
    var laneCount: UInt8

    init(_ signature: OperatorSignature, naturalAlignment: UInt32 = 0, laneCount: UInt8 = 0) {
        parameterCount = UInt8(signature.parameterCount)
        first = signature.parameter(0)
        second = signature.parameter(1)
        third = signature.parameter(2)
        result = signature.result
        self.naturalAlignment = UInt8(naturalAlignment)
        self.laneCount = laneCount
    }
}

/// One table per operator family, indexed by the operator's case number.
///
/// The generated operator enums have no payloads and fewer than 256 cases, so
/// a value's in-memory representation is its declaration index, which is its
/// position in `allCases`. `init` checks that once; the tables are built once
/// per process and never freed.
struct OperatorTables: @unchecked Sendable {
    let numeric: UnsafePointer<PackedSignature>
    let memory: UnsafePointer<PackedSignature>
    let simd: UnsafePointer<PackedSignature>
    let simdLane: UnsafePointer<PackedSignature>
    let simdMemoryLane: UnsafePointer<PackedSignature>

    static let shared = OperatorTables()

    private init() {
        numeric = Self.table(NumericOperator.allCases) { (op: NumericOperator) in PackedSignature(op.signature) }
        memory = Self.table(MemoryOperator.allCases) { (op: MemoryOperator) in
            PackedSignature(op.signature, naturalAlignment: op.naturalAlignment)
        }
        simd = Self.table(SIMDOperator.allCases) { (op: SIMDOperator) in PackedSignature(op.signature) }
        simdLane = Self.table(SIMDLaneOperator.allCases) { (op: SIMDLaneOperator) in
            PackedSignature(op.signature, laneCount: op.laneCount)
        }
        simdMemoryLane = Self.table(SIMDMemoryLaneOperator.allCases) { (op: SIMDMemoryLaneOperator) in
            PackedSignature(op.signature, naturalAlignment: op.naturalAlignment, laneCount: op.laneCount)
        }
    }

    private static func table<Operator: CaseIterable>(
        _ operators: Operator.AllCases, _ pack: (Operator) -> PackedSignature
    ) -> UnsafePointer<PackedSignature> where Operator.AllCases == [Operator] {
        precondition(MemoryLayout<Operator>.size == 1, "\(Operator.self) no longer fits the case-number tables")
        let storage = UnsafeMutablePointer<PackedSignature>.allocate(capacity: operators.count)
        for (index, op) in operators.enumerated() {
            precondition(Int(unsafeBitCast(op, to: UInt8.self)) == index, "\(Operator.self) cases are not numbered in order")
            (storage + index).initialize(to: pack(op))
        }
        return UnsafePointer(storage)
    }

    @inline(__always) subscript(_ op: NumericOperator) -> PackedSignature { numeric[Int(unsafeBitCast(op, to: UInt8.self))] }
    @inline(__always) subscript(_ op: MemoryOperator) -> PackedSignature { memory[Int(unsafeBitCast(op, to: UInt8.self))] }
    @inline(__always) subscript(_ op: SIMDOperator) -> PackedSignature { simd[Int(unsafeBitCast(op, to: UInt8.self))] }
    @inline(__always) subscript(_ op: SIMDLaneOperator) -> PackedSignature { simdLane[Int(unsafeBitCast(op, to: UInt8.self))] }
    @inline(__always) subscript(_ op: SIMDMemoryLaneOperator) -> PackedSignature {
        simdMemoryLane[Int(unsafeBitCast(op, to: UInt8.self))]
    }
}
