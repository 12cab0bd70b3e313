// The visitor: one case per wasm instruction, each handing off to the
// family's emitter in the other FunctionCompiler+*.swift files. Reading this
// switch top to bottom says which emitter handles which op.
import WasmCore
import X64Assembler

extension FunctionCompiler {
    mutating func compile(_ instruction: Instruction, next: Instruction?) throws(OpError) {
        switch instruction {
        // Control
        case .unreachable: compileUnreachable()
        case .nop: break
        case .block(let type): try compileBlock(type)
        case .loop(let type): try compileLoop(type)
        case .if(let type): try compileIf(type)
        case .else: compileElse()
        case .end: compileEnd()
        case .br(let depth): compileBranch(depth: depth)
        case .brIf(let depth): compileBranchIf(depth: depth)
        case .brTable(let table): compileBranchTable(table)
        case .return: compileReturn()
        case .call(let index): try compileCall(functionIndex: index)
        case .callIndirect(let typeIndex, let tableIndex): try compileCallIndirect(typeIndex: typeIndex, tableIndex: tableIndex)

        // Parametric
        case .drop: drop()
        case .select: try compileSelect(type: nil)
        case .typedSelect(let type): try compileSelect(type: type)

        // Variables
        case .localGet(let index): compileLocalGet(index, next: next)
        case .localSet(let index): compileLocalSet(index, tee: false)
        case .localTee(let index): compileLocalSet(index, tee: true)
        case .globalGet(let index): try compileGlobalGet(index)
        case .globalSet(let index): compileGlobalSet(index)

        // Tables
        case .tableGet(let table): compileTableGet(table)
        case .tableSet(let table): compileTableSet(table)
        case .tableSize(let table): compileTableSize(table)
        case .tableGrow(let table): compileTableGrow(table)
        case .tableFill(let table): compileTableFill(table)
        case .tableCopy(let destination, let source): compileTableCopy(destination: destination, source: source)
        case .tableInit(let element, let table): compileTableInit(element: element, table: table)
        case .elemDrop(let element): compileElementDrop(element)

        // Memory
        case .memory(let memoryOperator, let memoryArgument):
            try compileMemoryAccess(memoryOperator, memoryArgument)
        case .memorySize: compileMemorySize()
        case .memoryGrow(let memory): compileMemoryGrow(memory)
        case .memoryInit(let data, let memory): compileMemoryInit(data: data, memory: memory)
        case .dataDrop(let data): compileDataDrop(data)
        case .memoryCopy(let destination, let source): compileMemoryCopy(destination: destination, source: source)
        case .memoryFill(let memory): compileMemoryFill(memory)

        // Constants
        case .i32Const(let value): pushConstant(.i32, UInt64(UInt32(bitPattern: value)))
        case .i64Const(let value): pushConstant(.i64, UInt64(bitPattern: value))
        case .f32Const(let bits): pushConstant(.f32, UInt64(bits))
        case .f64Const(let bits): pushConstant(.f64, bits)
        case .numeric(let numericOperator): try compileNumeric(numericOperator, next: next)

        // References
        case .refNull(let type): pushConstant(ValueType(type), 0)
        case .refIsNull: compileReferenceIsNull()
        case .refFunc(let index): compileReferenceFunction(index)

        case .v128Const, .i8x16Shuffle, .simd, .simdLane, .simdMemoryLane:
            try rejectSIMD(instruction)
        }
    }

    func rejectSIMD(_ instruction: Instruction) throws(OpError) -> Never {
        let name: String
        switch instruction {
        case .v128Const: name = "v128.const"
        case .i8x16Shuffle: name = "i8x16.shuffle"
        case .simd(let simdOperator): name = simdOperator.name
        case .simdLane(let laneOperator, _): name = laneOperator.name
        case .simdMemoryLane(let laneOperator, _, _): name = laneOperator.name
        case .memory(let memoryOperator, _): name = memoryOperator.name
        default: name = "\(instruction)"
        }
        throw OpError("SIMD is not supported yet (\(name))")
    }

    mutating func compileNumeric(_ numericOperator: NumericOperator, next: Instruction?) throws(OpError) {
        switch numericOperator {
        // i32 comparisons
        case .i32Eqz: compileEqualsZero(wide: false, next: next)
        case .i32Eq: compileIntegerCompare(.equal, wide: false, next: next)
        case .i32Ne: compileIntegerCompare(.notEqual, wide: false, next: next)
        case .i32LtS: compileIntegerCompare(.less, wide: false, next: next)
        case .i32LtU: compileIntegerCompare(.below, wide: false, next: next)
        case .i32GtS: compileIntegerCompare(.greater, wide: false, next: next)
        case .i32GtU: compileIntegerCompare(.above, wide: false, next: next)
        case .i32LeS: compileIntegerCompare(.lessOrEqual, wide: false, next: next)
        case .i32LeU: compileIntegerCompare(.belowOrEqual, wide: false, next: next)
        case .i32GeS: compileIntegerCompare(.greaterOrEqual, wide: false, next: next)
        case .i32GeU: compileIntegerCompare(.aboveOrEqual, wide: false, next: next)
        // i64 comparisons
        case .i64Eqz: compileEqualsZero(wide: true, next: next)
        case .i64Eq: compileIntegerCompare(.equal, wide: true, next: next)
        case .i64Ne: compileIntegerCompare(.notEqual, wide: true, next: next)
        case .i64LtS: compileIntegerCompare(.less, wide: true, next: next)
        case .i64LtU: compileIntegerCompare(.below, wide: true, next: next)
        case .i64GtS: compileIntegerCompare(.greater, wide: true, next: next)
        case .i64GtU: compileIntegerCompare(.above, wide: true, next: next)
        case .i64LeS: compileIntegerCompare(.lessOrEqual, wide: true, next: next)
        case .i64LeU: compileIntegerCompare(.belowOrEqual, wide: true, next: next)
        case .i64GeS: compileIntegerCompare(.greaterOrEqual, wide: true, next: next)
        case .i64GeU: compileIntegerCompare(.aboveOrEqual, wide: true, next: next)
        // Float comparisons
        case .f32Eq: compileFloatCompare(.equal, double: false, next: next)
        case .f32Ne: compileFloatCompare(.notEqual, double: false, next: next)
        case .f32Lt: compileFloatCompare(.less, double: false, next: next)
        case .f32Gt: compileFloatCompare(.greater, double: false, next: next)
        case .f32Le: compileFloatCompare(.lessOrEqual, double: false, next: next)
        case .f32Ge: compileFloatCompare(.greaterOrEqual, double: false, next: next)
        case .f64Eq: compileFloatCompare(.equal, double: true, next: next)
        case .f64Ne: compileFloatCompare(.notEqual, double: true, next: next)
        case .f64Lt: compileFloatCompare(.less, double: true, next: next)
        case .f64Gt: compileFloatCompare(.greater, double: true, next: next)
        case .f64Le: compileFloatCompare(.lessOrEqual, double: true, next: next)
        case .f64Ge: compileFloatCompare(.greaterOrEqual, double: true, next: next)
        // i32 arithmetic
        case .i32Clz: compileBitCount(.leadingZeros, wide: false)
        case .i32Ctz: compileBitCount(.trailingZeros, wide: false)
        case .i32Popcnt: compileBitCount(.population, wide: false)
        case .i32Add: compileArithmetic(.add, wide: false)
        case .i32Sub: compileArithmetic(.sub, wide: false)
        case .i32Mul: compileArithmetic(.imul, wide: false)
        case .i32DivS: compileDivision(.divideSigned, wide: false)
        case .i32DivU: compileDivision(.divideUnsigned, wide: false)
        case .i32RemS: compileDivision(.remainderSigned, wide: false)
        case .i32RemU: compileDivision(.remainderUnsigned, wide: false)
        case .i32And: compileArithmetic(.and, wide: false)
        case .i32Or: compileArithmetic(.or, wide: false)
        case .i32Xor: compileArithmetic(.xor, wide: false)
        case .i32Shl: compileShift(.shiftLeft, wide: false)
        case .i32ShrS: compileShift(.shiftRightSigned, wide: false)
        case .i32ShrU: compileShift(.shiftRightUnsigned, wide: false)
        case .i32Rotl: compileShift(.rotateLeft, wide: false)
        case .i32Rotr: compileShift(.rotateRight, wide: false)
        // i64 arithmetic
        case .i64Clz: compileBitCount(.leadingZeros, wide: true)
        case .i64Ctz: compileBitCount(.trailingZeros, wide: true)
        case .i64Popcnt: compileBitCount(.population, wide: true)
        case .i64Add: compileArithmetic(.add, wide: true)
        case .i64Sub: compileArithmetic(.sub, wide: true)
        case .i64Mul: compileArithmetic(.imul, wide: true)
        case .i64DivS: compileDivision(.divideSigned, wide: true)
        case .i64DivU: compileDivision(.divideUnsigned, wide: true)
        case .i64RemS: compileDivision(.remainderSigned, wide: true)
        case .i64RemU: compileDivision(.remainderUnsigned, wide: true)
        case .i64And: compileArithmetic(.and, wide: true)
        case .i64Or: compileArithmetic(.or, wide: true)
        case .i64Xor: compileArithmetic(.xor, wide: true)
        case .i64Shl: compileShift(.shiftLeft, wide: true)
        case .i64ShrS: compileShift(.shiftRightSigned, wide: true)
        case .i64ShrU: compileShift(.shiftRightUnsigned, wide: true)
        case .i64Rotl: compileShift(.rotateLeft, wide: true)
        case .i64Rotr: compileShift(.rotateRight, wide: true)
        // Float arithmetic
        case .f32Abs: compileFloatSign(.absolute, double: false)
        case .f32Neg: compileFloatSign(.negate, double: false)
        case .f32Ceil: compileFloatRound(.ceil, double: false)
        case .f32Floor: compileFloatRound(.floor, double: false)
        case .f32Trunc: compileFloatRound(.trunc, double: false)
        case .f32Nearest: compileFloatRound(.nearest, double: false)
        case .f32Sqrt: compileFloatSquareRoot(double: false)
        case .f32Add: compileFloatArithmetic(.add, double: false)
        case .f32Sub: compileFloatArithmetic(.sub, double: false)
        case .f32Mul: compileFloatArithmetic(.mul, double: false)
        case .f32Div: compileFloatArithmetic(.div, double: false)
        case .f32Min: compileFloatMinMax(minimum: true, double: false)
        case .f32Max: compileFloatMinMax(minimum: false, double: false)
        case .f32Copysign: compileFloatCopySign(double: false)
        case .f64Abs: compileFloatSign(.absolute, double: true)
        case .f64Neg: compileFloatSign(.negate, double: true)
        case .f64Ceil: compileFloatRound(.ceil, double: true)
        case .f64Floor: compileFloatRound(.floor, double: true)
        case .f64Trunc: compileFloatRound(.trunc, double: true)
        case .f64Nearest: compileFloatRound(.nearest, double: true)
        case .f64Sqrt: compileFloatSquareRoot(double: true)
        case .f64Add: compileFloatArithmetic(.add, double: true)
        case .f64Sub: compileFloatArithmetic(.sub, double: true)
        case .f64Mul: compileFloatArithmetic(.mul, double: true)
        case .f64Div: compileFloatArithmetic(.div, double: true)
        case .f64Min: compileFloatMinMax(minimum: true, double: true)
        case .f64Max: compileFloatMinMax(minimum: false, double: true)
        case .f64Copysign: compileFloatCopySign(double: true)
        // Conversions
        case .i32WrapI64: compileWrap()
        case .i32TruncF32S: compileTruncate(from: .f32, to: .i32, signed: true, saturating: false)
        case .i32TruncF32U: compileTruncate(from: .f32, to: .i32, signed: false, saturating: false)
        case .i32TruncF64S: compileTruncate(from: .f64, to: .i32, signed: true, saturating: false)
        case .i32TruncF64U: compileTruncate(from: .f64, to: .i32, signed: false, saturating: false)
        case .i64ExtendI32S: compileSignExtend(.i32ToI64)
        case .i64ExtendI32U: compileZeroExtend()
        case .i64TruncF32S: compileTruncate(from: .f32, to: .i64, signed: true, saturating: false)
        case .i64TruncF32U: compileTruncate(from: .f32, to: .i64, signed: false, saturating: false)
        case .i64TruncF64S: compileTruncate(from: .f64, to: .i64, signed: true, saturating: false)
        case .i64TruncF64U: compileTruncate(from: .f64, to: .i64, signed: false, saturating: false)
        case .f32ConvertI32S: compileConvert(from: .i32, to: .f32, signed: true)
        case .f32ConvertI32U: compileConvert(from: .i32, to: .f32, signed: false)
        case .f32ConvertI64S: compileConvert(from: .i64, to: .f32, signed: true)
        case .f32ConvertI64U: compileConvert(from: .i64, to: .f32, signed: false)
        case .f32DemoteF64: compileFloatResize(to: .f32)
        case .f64ConvertI32S: compileConvert(from: .i32, to: .f64, signed: true)
        case .f64ConvertI32U: compileConvert(from: .i32, to: .f64, signed: false)
        case .f64ConvertI64S: compileConvert(from: .i64, to: .f64, signed: true)
        case .f64ConvertI64U: compileConvert(from: .i64, to: .f64, signed: false)
        case .f64PromoteF32: compileFloatResize(to: .f64)
        case .i32ReinterpretF32: compileReinterpret(to: .i32)
        case .i64ReinterpretF64: compileReinterpret(to: .i64)
        case .f32ReinterpretI32: compileReinterpret(to: .f32)
        case .f64ReinterpretI64: compileReinterpret(to: .f64)
        case .i32Extend8S: compileSignExtend(.i32From8)
        case .i32Extend16S: compileSignExtend(.i32From16)
        case .i64Extend8S: compileSignExtend(.i64From8)
        case .i64Extend16S: compileSignExtend(.i64From16)
        case .i64Extend32S: compileSignExtend(.i64From32)
        case .i32TruncSatF32S: compileTruncate(from: .f32, to: .i32, signed: true, saturating: true)
        case .i32TruncSatF32U: compileTruncate(from: .f32, to: .i32, signed: false, saturating: true)
        case .i32TruncSatF64S: compileTruncate(from: .f64, to: .i32, signed: true, saturating: true)
        case .i32TruncSatF64U: compileTruncate(from: .f64, to: .i32, signed: false, saturating: true)
        case .i64TruncSatF32S: compileTruncate(from: .f32, to: .i64, signed: true, saturating: true)
        case .i64TruncSatF32U: compileTruncate(from: .f32, to: .i64, signed: false, saturating: true)
        case .i64TruncSatF64S: compileTruncate(from: .f64, to: .i64, signed: true, saturating: true)
        case .i64TruncSatF64U: compileTruncate(from: .f64, to: .i64, signed: false, saturating: true)
        }
    }
}
