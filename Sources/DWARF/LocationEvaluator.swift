/// What the evaluator needs from a stopped (or sampled) wasm frame.
///
/// Values are the raw bits, zero-extended: an i32 or f32 local as its 32 bits,
/// an f64 as its bit pattern. Return nil for what the frame cannot tell (an
/// operand-stack slot at a point where the JIT does not record it).
public protocol LocationContext {
    func wasmLocal(_ index: UInt32) -> UInt64?
    func wasmGlobal(_ index: UInt32) -> UInt64?
    func wasmOperand(_ index: UInt32) -> UInt64?
    /// The frame base (DW_AT_frame_base's value) if the caller already knows it;
    /// otherwise `evaluate(in:frameBase:)` computes it from the expression it is given.
    func frameBase() -> UInt64?
    /// `count` bytes of linear memory, or nil when out of bounds.
    func readMemory(address: UInt64, count: Int) -> [UInt8]?
}

extension LocationContext {
    public func wasmGlobal(_ index: UInt32) -> UInt64? { nil }
    public func wasmOperand(_ index: UInt32) -> UInt64? { nil }
    public func frameBase() -> UInt64? { nil }
    public func readMemory(address: UInt64, count: Int) -> [UInt8]? { nil }
}

/// Where a variable's value is, for one frame at one address.
public enum VariableLocation: Sendable, Hashable {
    /// In linear memory at this address.
    case memory(address: UInt64)
    /// The value itself: from DW_OP_stack_value, or the contents of a wasm local,
    /// global or operand-stack slot (which DWARF treats like a register).
    case value(UInt64)
    /// Bytes known at compile time (DW_OP_implicit_value, DW_AT_const_value).
    case implicitValue([UInt8])
    /// A value split across locations (DW_OP_piece), lowest bits first.
    case pieces([LocationPiece])
    /// Known not to exist here (an empty piece, a global the linker dropped).
    case unavailable(String)
}

public struct LocationPiece: Sendable, Hashable {
    public var location: VariableLocation
    public var bitSize: UInt64
    /// DW_OP_bit_piece's offset within the location; 0 for DW_OP_piece.
    public var bitOffset: UInt64

    public init(location: VariableLocation, bitSize: UInt64, bitOffset: UInt64 = 0) {
        self.location = location
        self.bitSize = bitSize
        self.bitOffset = bitOffset
    }
}

/// Why an expression could not be decoded or evaluated.
public enum LocationError: Error, Sendable, Hashable, CustomStringConvertible {
    case truncated(offset: Int)
    case unknownOperation(opcode: UInt8, offset: Int)
    case malformed(String, offset: Int)
    /// An operation that has no meaning on wasm (machine registers, CFA) or that we do not evaluate.
    case unsupported(String)
    case stackUnderflow(operation: String)
    case missingWasmValue(WasmLocationKind, index: UInt32)
    case missingFrameBase
    case unreadableMemory(address: UInt64, count: Int)
    case divisionByZero
    case tooManySteps

    public var description: String {
        switch self {
        case .truncated(let offset): "expression truncated at byte \(offset)"
        case .unknownOperation(let opcode, let offset):
            "unknown operation 0x\(String(opcode, radix: 16)) at byte \(offset)"
        case .malformed(let message, let offset): "\(message) at byte \(offset)"
        case .unsupported(let operation): "\(operation) is not supported on wasm"
        case .stackUnderflow(let operation): "stack underflow in \(operation)"
        case .missingWasmValue(let kind, let index): "\(kind) \(index) is not available"
        case .missingFrameBase: "no frame base"
        case .unreadableMemory(let address, let count):
            "cannot read \(count) bytes at 0x\(String(address, radix: 16))"
        case .divisionByZero: "division by zero"
        case .tooManySteps: "expression does not terminate"
        }
    }
}

extension LocationExpression {
    /// Evaluates the expression for one frame. `frameBase` is the function's
    /// DW_AT_frame_base expression, used by DW_OP_fbreg when the context does not
    /// supply the frame base itself.
    public func evaluate(
        in context: some LocationContext, frameBase: LocationExpression? = nil
    ) throws(LocationError) -> VariableLocation {
        var machine = StackMachine(expression: self)
        return try machine.run(context: context, frameBase: frameBase)
    }
}

/// The DWARF expression stack machine (DWARF 5 section 2.5 and 2.6).
private struct StackMachine {
    let expression: LocationExpression
    var stack: [UInt64] = []
    /// The top of the stack is the contents of a wasm location (a register-like location).
    var topIsWasmLocation = false
    var isStackValue = false
    var implicitBytes: [UInt8]?
    var tombstoned = false
    var pieces: [LocationPiece] = []

    init(expression: LocationExpression) {
        self.expression = expression
    }

    private var addressMask: UInt64 {
        expression.addressSize >= 8 ? .max : (UInt64(1) << UInt64(8 * max(1, expression.addressSize))) - 1
    }

    private mutating func pop(_ operation: String) throws(LocationError) -> UInt64 {
        guard let value = stack.popLast() else { throw .stackUnderflow(operation: operation) }
        return value
    }

    mutating func run(context: some LocationContext, frameBase: LocationExpression?) throws(LocationError)
        -> VariableLocation
    {
        let operations = expression.operations
        if operations.isEmpty {
            if let error = expression.decodingError { throw error }
            return .unavailable("optimized out")
        }
        var index = 0
        var steps = 0
        while index < operations.count {
            steps += 1
            guard steps < 100_000 else { throw .tooManySteps }
            let operation = operations[index]
            var next = index + 1
            var keepsWasmTop = false
            switch operation {
            case .address(let address):
                if address == addressMask { tombstoned = true }
                stack.append(address)
            case .unresolvedAddressIndex:
                throw .unsupported("DW_OP_addrx without .debug_addr")
            case .wasmLocation(let kind, let wasmIndex):
                let value: UInt64? =
                    switch kind {
                    case .local: context.wasmLocal(wasmIndex)
                    case .global: context.wasmGlobal(wasmIndex)
                    case .operandStack: context.wasmOperand(wasmIndex)
                    }
                guard let value else { throw .missingWasmValue(kind, index: wasmIndex) }
                stack.append(value)
                keepsWasmTop = true
            case .frameBaseOffset(let offset):
                let base = try frameBaseValue(context: context, frameBase: frameBase)
                stack.append((base &+ UInt64(bitPattern: offset)) & addressMask)
            case .constant(let value):
                stack.append(value)
            case .plusUnsignedConstant(let value):
                stack.append(try pop("DW_OP_plus_uconst") &+ value)
            case .arithmetic(let arithmetic):
                try apply(arithmetic)
            case .duplicate:
                guard let top = stack.last else { throw .stackUnderflow(operation: "DW_OP_dup") }
                stack.append(top)
                keepsWasmTop = topIsWasmLocation
            case .drop:
                _ = try pop("DW_OP_drop")
            case .swap:
                let first = try pop("DW_OP_swap")
                let second = try pop("DW_OP_swap")
                stack.append(first)
                stack.append(second)
            case .over:
                guard stack.count >= 2 else { throw .stackUnderflow(operation: "DW_OP_over") }
                stack.append(stack[stack.count - 2])
            case .pick(let depth):
                guard Int(depth) < stack.count else { throw .stackUnderflow(operation: "DW_OP_pick") }
                stack.append(stack[stack.count - 1 - Int(depth)])
            case .rotate:
                guard stack.count >= 3 else { throw .stackUnderflow(operation: "DW_OP_rot") }
                let top = stack.removeLast()
                stack.insert(top, at: stack.count - 2)
            case .dereference(let byteCount):
                let size = byteCount ?? expression.addressSize
                let address = try pop("DW_OP_deref") & addressMask
                guard let bytes = context.readMemory(address: address, count: size), bytes.count == size else {
                    throw .unreadableMemory(address: address, count: size)
                }
                var value: UInt64 = 0
                for (position, byte) in bytes.prefix(8).enumerated() { value |= UInt64(byte) << UInt64(8 * position) }
                stack.append(value)
            case .stackValue:
                isStackValue = true
            case .implicitValue(let bytes):
                implicitBytes = bytes
            case .piece(let byteCount):
                pieces.append(LocationPiece(location: try currentLocation(), bitSize: byteCount &* 8))
                resetForNextPiece()
            case .bitPiece(let bitCount, let bitOffset):
                pieces.append(LocationPiece(location: try currentLocation(), bitSize: bitCount, bitOffset: bitOffset))
                resetForNextPiece()
            case .branch(let offset):
                if try pop("DW_OP_bra") != 0 { next = try target(from: index, offset: offset) }
            case .skip(let offset):
                next = try target(from: index, offset: offset)
            case .noOperation:
                keepsWasmTop = topIsWasmLocation
            case .register(let register):
                throw .unsupported("machine register \(register)")
            case .baseRegister(let register, _):
                throw .unsupported("machine register \(register)")
            case .callFrameAddress:
                throw .unsupported("DW_OP_call_frame_cfa")
            }
            topIsWasmLocation = keepsWasmTop
            index = next
            if index >= operations.count, let error = expression.decodingError { throw error }
        }
        if !pieces.isEmpty {
            if !stack.isEmpty || implicitBytes != nil {
                pieces.append(LocationPiece(location: try currentLocation(), bitSize: 0))
            }
            return .pieces(pieces)
        }
        return try currentLocation()
    }

    private mutating func resetForNextPiece() {
        stack.removeAll()
        topIsWasmLocation = false
        isStackValue = false
        implicitBytes = nil
        tombstoned = false
    }

    private func currentLocation() throws(LocationError) -> VariableLocation {
        if let implicitBytes { return .implicitValue(implicitBytes) }
        guard let top = stack.last else {
            if isStackValue { throw .stackUnderflow(operation: "DW_OP_stack_value") }
            return .unavailable("optimized out")
        }
        if isStackValue || topIsWasmLocation { return .value(top) }
        if tombstoned { return .unavailable("dropped by the linker") }
        return .memory(address: top & addressMask)
    }

    private func frameBaseValue(
        context: some LocationContext, frameBase: LocationExpression?
    ) throws(LocationError) -> UInt64 {
        if let base = context.frameBase() { return base }
        guard let frameBase else { throw .missingFrameBase }
        switch try frameBase.evaluate(in: context) {
        case .value(let value): return value
        case .memory(let address): return address
        default: throw .missingFrameBase
        }
    }

    /// The operation a branch lands on: its byte offset counts from the end of the branch.
    private func target(from index: Int, offset: Int16) throws(LocationError) -> Int {
        let end = index + 1 < expression.operationOffsets.count ? expression.operationOffsets[index + 1] : expression.bytes.count
        let destination = end + Int(offset)
        if destination == expression.bytes.count { return expression.operations.count }
        guard let target = expression.operationOffsets.firstIndex(of: destination) else {
            throw .malformed("branch into the middle of an operation", offset: expression.operationOffsets[index])
        }
        return target
    }

    private mutating func apply(_ arithmetic: LocationOperation.ArithmeticOperator) throws(LocationError) {
        let name = "DW_OP_\(arithmetic.rawValue)"
        switch arithmetic {
        case .absolute:
            let value = Int64(bitPattern: try pop(name))
            stack.append(UInt64(bitPattern: value == .min ? value : abs(value)))
            return
        case .negate:
            stack.append(0 &- (try pop(name)))
            return
        case .not:
            stack.append(~(try pop(name)))
            return
        default:
            break
        }
        let right = try pop(name)
        let left = try pop(name)
        let result: UInt64
        switch arithmetic {
        case .and: result = left & right
        case .or: result = left | right
        case .xor: result = left ^ right
        case .plus: result = left &+ right
        case .minus: result = left &- right
        case .multiply: result = left &* right
        case .divide:
            guard right != 0 else { throw .divisionByZero }
            let signedLeft = Int64(bitPattern: left)
            let signedRight = Int64(bitPattern: right)
            result = UInt64(bitPattern: signedLeft.dividedReportingOverflow(by: signedRight).partialValue)
        case .modulo:
            guard right != 0 else { throw .divisionByZero }
            result = left % right
        case .shiftLeft: result = right >= 64 ? 0 : left << right
        case .shiftRight: result = right >= 64 ? 0 : left >> right
        case .shiftRightArithmetic:
            result = UInt64(bitPattern: Int64(bitPattern: left) >> Int64(min(right, 63)))
        case .equal: result = left == right ? 1 : 0
        case .notEqual: result = left != right ? 1 : 0
        case .less: result = Int64(bitPattern: left) < Int64(bitPattern: right) ? 1 : 0
        case .lessOrEqual: result = Int64(bitPattern: left) <= Int64(bitPattern: right) ? 1 : 0
        case .greater: result = Int64(bitPattern: left) > Int64(bitPattern: right) ? 1 : 0
        case .greaterOrEqual: result = Int64(bitPattern: left) >= Int64(bitPattern: right) ? 1 : 0
        case .absolute, .negate, .not: return
        }
        stack.append(result)
    }
}
