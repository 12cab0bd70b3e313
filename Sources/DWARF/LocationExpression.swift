import CDwarf

/// Where a wasm value lives, as DW_OP_WASM_location names it.
public enum WasmLocationKind: Sendable, Hashable {
    /// A local of the current function (parameters first).
    case local
    /// A module global (kind 1 with a ULEB index, kind 3 with a fixed 4-byte index).
    case global
    /// The N-th value from the bottom of the function's operand stack, the way
    /// LLVM's WebAssemblyDebugFixup numbers stackified values.
    case operandStack
}

/// One DWARF expression operation, with its operands decoded.
public enum LocationOperation: Sendable, Hashable {
    case address(UInt64)
    /// DW_OP_addrx / DW_OP_constx whose .debug_addr entry could not be read.
    case unresolvedAddressIndex(UInt64)
    case wasmLocation(WasmLocationKind, index: UInt32)
    /// DW_OP_fbreg.
    case frameBaseOffset(Int64)
    /// DW_OP_lit0…31, DW_OP_constNu/s, DW_OP_constu/s: the value, as the stack holds it.
    case constant(UInt64)
    case plusUnsignedConstant(UInt64)
    case arithmetic(ArithmeticOperator)
    case duplicate
    case drop
    case swap
    case over
    case pick(UInt8)
    case rotate
    /// DW_OP_deref (nil: address size) and DW_OP_deref_size.
    case dereference(byteCount: Int?)
    case stackValue
    case implicitValue([UInt8])
    case piece(byteCount: UInt64)
    case bitPiece(bitCount: UInt64, bitOffset: UInt64)
    /// DW_OP_bra: branch when the popped value is nonzero; the offset is in bytes, from the next operation.
    case branch(Int16)
    case skip(Int16)
    case noOperation
    /// Machine registers (DW_OP_regN, bregN, regx, bregx): wasm has none, so
    /// these make a location unavailable rather than wrong.
    case register(UInt64)
    case baseRegister(UInt64, offset: Int64)
    case callFrameAddress

    public enum ArithmeticOperator: String, Sendable, Hashable {
        case absolute = "abs"
        case and
        case divide = "div"
        case minus
        case modulo = "mod"
        case multiply = "mul"
        case negate = "neg"
        case not
        case or
        case plus
        case shiftLeft = "shl"
        case shiftRight = "shr"
        case shiftRightArithmetic = "shra"
        case xor
        case equal = "eq"
        case greaterOrEqual = "ge"
        case greater = "gt"
        case lessOrEqual = "le"
        case less = "lt"
        case notEqual = "ne"
    }
}

/// A DWARF location expression, decoded by us: libdw's `dwarf_getlocation*`
/// reject any expression that holds DW_OP_WASM_location, so the raw block is
/// read with `dwarf_formblock` and walked here.
///
/// Decoding never fails as a whole: it stops at the first operation it cannot
/// read and keeps the reason, which `evaluate` then reports.
public struct LocationExpression: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]
    public let operations: [LocationOperation]
    /// Byte offset of each operation, for branches.
    let operationOffsets: [Int]
    /// Why decoding stopped before the end, if it did.
    public let decodingError: LocationError?
    public let addressSize: Int

    /// Decodes `bytes`; `resolveAddressIndex` reads .debug_addr for DWARF 5's DW_OP_addrx.
    public init(bytes: [UInt8], addressSize: Int, resolveAddressIndex: ((UInt64) -> UInt64?)? = nil) {
        self.bytes = bytes
        self.addressSize = addressSize
        var operations: [LocationOperation] = []
        var offsets: [Int] = []
        var error: LocationError?
        bytes.withUnsafeBytes { buffer in
            var cursor = ByteCursor(buffer)
            while !cursor.isAtEnd {
                let start = cursor.offset
                do throws(LocationError) {
                    let operation = try Self.decodeOperation(
                        &cursor, addressSize: addressSize, resolveAddressIndex: resolveAddressIndex)
                    operations.append(operation)
                    offsets.append(start)
                } catch let failure {
                    error = failure
                    break
                }
            }
        }
        self.operations = operations
        self.operationOffsets = offsets
        self.decodingError = error
    }

    /// A value known at compile time (DW_AT_const_value), as an expression that yields it.
    init(constantBytes: [UInt8], addressSize: Int) {
        bytes = []
        operations = [.implicitValue(constantBytes)]
        operationOffsets = [0]
        decodingError = nil
        self.addressSize = addressSize
    }

    // The operation table follows DWARF 5 section 7.7.1; DW_OP_WASM_location is LLVM's 0xED.
    private static func decodeOperation(
        _ cursor: inout ByteCursor, addressSize: Int, resolveAddressIndex: ((UInt64) -> UInt64?)?
    ) throws(LocationError) -> LocationOperation {
        let start = cursor.offset
        guard let opcode = cursor.readByte() else { throw .truncated(offset: start) }
        func need<T>(_ value: T?) throws(LocationError) -> T {
            guard let value else { throw .truncated(offset: start) }
            return value
        }
        let op = Int(opcode)
        switch op {
        case DW_OP_addr:
            return .address(try need(cursor.readUnsigned(byteCount: addressSize)))
        case DW_OP_addrx, DW_OP_constx, DW_OP_GNU_addr_index, DW_OP_GNU_const_index:
            let index = try need(cursor.readULEB128())
            if let address = resolveAddressIndex?(index) {
                return op == DW_OP_addrx || op == DW_OP_GNU_addr_index ? .address(address) : .constant(address)
            }
            return .unresolvedAddressIndex(index)
        case Int(CDWARF_OP_WASM_LOCATION):
            let kind = try need(cursor.readULEB128())
            switch kind {
            case 0, 1, 2:
                let index = try need(cursor.readULEB128())
                guard index <= UInt64(UInt32.max) else { throw .malformed("wasm location index \(index)", offset: start) }
                let locationKind: WasmLocationKind = kind == 0 ? .local : kind == 1 ? .global : .operandStack
                return .wasmLocation(locationKind, index: UInt32(index))
            case 3:
                return .wasmLocation(.global, index: UInt32(try need(cursor.readUnsigned(byteCount: 4))))
            default:
                throw .malformed("unknown DW_OP_WASM_location kind \(kind)", offset: start)
            }
        case DW_OP_fbreg: return .frameBaseOffset(try need(cursor.readSLEB128()))
        case DW_OP_lit0...DW_OP_lit31: return .constant(UInt64(op - DW_OP_lit0))
        case DW_OP_const1u: return .constant(try need(cursor.readUnsigned(byteCount: 1)))
        case DW_OP_const2u: return .constant(try need(cursor.readUnsigned(byteCount: 2)))
        case DW_OP_const4u: return .constant(try need(cursor.readUnsigned(byteCount: 4)))
        case DW_OP_const8u: return .constant(try need(cursor.readUnsigned(byteCount: 8)))
        case DW_OP_const1s: return .constant(UInt64(bitPattern: try need(cursor.readSigned(byteCount: 1))))
        case DW_OP_const2s: return .constant(UInt64(bitPattern: try need(cursor.readSigned(byteCount: 2))))
        case DW_OP_const4s: return .constant(UInt64(bitPattern: try need(cursor.readSigned(byteCount: 4))))
        case DW_OP_const8s: return .constant(UInt64(bitPattern: try need(cursor.readSigned(byteCount: 8))))
        case DW_OP_constu: return .constant(try need(cursor.readULEB128()))
        case DW_OP_consts: return .constant(UInt64(bitPattern: try need(cursor.readSLEB128())))
        case DW_OP_plus_uconst: return .plusUnsignedConstant(try need(cursor.readULEB128()))
        case DW_OP_dup: return .duplicate
        case DW_OP_drop: return .drop
        case DW_OP_swap: return .swap
        case DW_OP_over: return .over
        case DW_OP_pick: return .pick(try need(cursor.readByte()))
        case DW_OP_rot: return .rotate
        case DW_OP_deref: return .dereference(byteCount: nil)
        case DW_OP_deref_size:
            let size = Int(try need(cursor.readByte()))
            guard (1...8).contains(size) else { throw .malformed("DW_OP_deref_size \(size)", offset: start) }
            return .dereference(byteCount: size)
        case DW_OP_stack_value: return .stackValue
        case DW_OP_implicit_value:
            let length = try need(cursor.readULEB128())
            guard length <= UInt64(cursor.remaining) else { throw .truncated(offset: start) }
            return .implicitValue(try need(cursor.readBytes(Int(length))))
        case DW_OP_piece: return .piece(byteCount: try need(cursor.readULEB128()))
        case DW_OP_bit_piece:
            let size = try need(cursor.readULEB128())
            return .bitPiece(bitCount: size, bitOffset: try need(cursor.readULEB128()))
        case DW_OP_bra: return .branch(Int16(truncatingIfNeeded: try need(cursor.readSigned(byteCount: 2))))
        case DW_OP_skip: return .skip(Int16(truncatingIfNeeded: try need(cursor.readSigned(byteCount: 2))))
        case DW_OP_nop: return .noOperation
        case DW_OP_reg0...DW_OP_reg31: return .register(UInt64(op - DW_OP_reg0))
        case DW_OP_regx: return .register(try need(cursor.readULEB128()))
        case DW_OP_breg0...DW_OP_breg31: return .baseRegister(UInt64(op - DW_OP_breg0), offset: try need(cursor.readSLEB128()))
        case DW_OP_bregx:
            let register = try need(cursor.readULEB128())
            return .baseRegister(register, offset: try need(cursor.readSLEB128()))
        case DW_OP_call_frame_cfa: return .callFrameAddress
        default:
            if let arithmetic = arithmeticOperators[op] { return .arithmetic(arithmetic) }
            throw .unknownOperation(opcode: opcode, offset: start)
        }
    }

    private static let arithmeticOperators: [Int: LocationOperation.ArithmeticOperator] = [
        DW_OP_abs: .absolute, DW_OP_and: .and, DW_OP_div: .divide, DW_OP_minus: .minus, DW_OP_mod: .modulo,
        DW_OP_mul: .multiply, DW_OP_neg: .negate, DW_OP_not: .not, DW_OP_or: .or, DW_OP_plus: .plus,
        DW_OP_shl: .shiftLeft, DW_OP_shr: .shiftRight, DW_OP_shra: .shiftRightArithmetic, DW_OP_xor: .xor,
        DW_OP_eq: .equal, DW_OP_ge: .greaterOrEqual, DW_OP_gt: .greater, DW_OP_le: .lessOrEqual, DW_OP_lt: .less,
        DW_OP_ne: .notEqual,
    ]

    /// llvm-dwarfdump's spelling, so that dumps and our output can be compared:
    /// `DW_OP_WASM_location 0x0 0x3, DW_OP_stack_value`.
    public var description: String {
        var parts: [String] = []
        for (index, operation) in operations.enumerated() {
            let offset = operationOffsets[index]
            let opcode = bytes.indices.contains(offset) ? Int(bytes[offset]) : -1
            // The kind byte distinguishes DW_OP_WASM_location's two global encodings (1 and 3).
            let wasmKind = bytes.indices.contains(offset + 1) ? UInt64(bytes[offset + 1]) : nil
            parts.append(Self.describe(operation, opcode: opcode, wasmKind: wasmKind))
        }
        if let decodingError { parts.append("<\(decodingError)>") }
        return parts.joined(separator: ", ")
    }

    private static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

    private static func signed(_ value: Int64) -> String { value < 0 ? "\(value)" : "+\(value)" }

    private static func describe(_ operation: LocationOperation, opcode: Int, wasmKind: UInt64?) -> String {
        switch operation {
        case .address(let address): return "DW_OP_addr \(hex(address))"
        case .unresolvedAddressIndex(let index): return "DW_OP_addrx \(hex(index))"
        case .wasmLocation(let kind, let index):
            let code: UInt64 = kind == .local ? 0 : kind == .global ? (wasmKind == 3 ? 3 : 1) : 2
            return "DW_OP_WASM_location \(hex(code)) \(hex(UInt64(index)))"
        case .frameBaseOffset(let offset): return "DW_OP_fbreg \(signed(offset))"
        case .constant(let value):
            switch opcode {
            case DW_OP_lit0...DW_OP_lit31: return "DW_OP_lit\(opcode - DW_OP_lit0)"
            case DW_OP_consts, DW_OP_const1s, DW_OP_const2s, DW_OP_const4s, DW_OP_const8s:
                return "\(opcodeName(opcode)) \(signed(Int64(bitPattern: value)))"
            case -1: return "DW_OP_constu \(hex(value))"
            default: return "\(opcodeName(opcode)) \(hex(value))"
            }
        case .plusUnsignedConstant(let value): return "DW_OP_plus_uconst \(hex(value))"
        case .arithmetic(let arithmetic): return "DW_OP_\(arithmetic.rawValue)"
        case .duplicate: return "DW_OP_dup"
        case .drop: return "DW_OP_drop"
        case .swap: return "DW_OP_swap"
        case .over: return "DW_OP_over"
        case .pick(let index): return "DW_OP_pick \(hex(UInt64(index)))"
        case .rotate: return "DW_OP_rot"
        case .dereference(let byteCount): return byteCount.map { "DW_OP_deref_size \(hex(UInt64($0)))" } ?? "DW_OP_deref"
        case .stackValue: return "DW_OP_stack_value"
        case .implicitValue(let bytes):
            return "DW_OP_implicit_value \(hex(UInt64(bytes.count))) " + bytes.map { hex(UInt64($0)) }.joined(separator: " ")
        case .piece(let count): return "DW_OP_piece \(hex(count))"
        case .bitPiece(let count, let offset): return "DW_OP_bit_piece \(hex(count)) \(hex(offset))"
        case .branch(let offset): return "DW_OP_bra \(offset)"
        case .skip(let offset): return "DW_OP_skip \(offset)"
        case .noOperation: return "DW_OP_nop"
        case .register(let register): return "DW_OP_regx \(hex(register))"
        case .baseRegister(let register, let offset): return "DW_OP_bregx \(hex(register)) \(signed(offset))"
        case .callFrameAddress: return "DW_OP_call_frame_cfa"
        }
    }

    private static func opcodeName(_ opcode: Int) -> String {
        switch opcode {
        case DW_OP_const1u: "DW_OP_const1u"
        case DW_OP_const2u: "DW_OP_const2u"
        case DW_OP_const4u: "DW_OP_const4u"
        case DW_OP_const8u: "DW_OP_const8u"
        case DW_OP_const1s: "DW_OP_const1s"
        case DW_OP_const2s: "DW_OP_const2s"
        case DW_OP_const4s: "DW_OP_const4s"
        case DW_OP_const8s: "DW_OP_const8s"
        case DW_OP_constu: "DW_OP_constu"
        case DW_OP_consts: "DW_OP_consts"
        case DW_OP_constx: "DW_OP_constx"
        case DW_OP_addrx: "DW_OP_addrx"
        default: "DW_OP_0x\(String(opcode, radix: 16))"
        }
    }
}
