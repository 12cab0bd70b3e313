// Tables and references: table.get/set/size inline (a bounds check against
// the table's current count, then one load or store), the growing and bulk
// table ops through builtins, and ref.is_null / ref.func.
//
// A table is reached through two loads: the VM context's table pointer
// array, then the table's storage record (elements pointer and count).
import WasmCore
import X64Assembler

extension FunctionCompiler {
    /// Loads the storage record pointer of `table` into `register`.
    private mutating func loadTableStorage(_ table: UInt32, into register: Register) {
        assembler.movq(register, Memory(base: .r14, displacement: VMContextLayout.tables))
        assembler.movq(register, Memory(base: register, displacement: Int32(table) * 8))
    }

    /// Leaves the zero-extended index in the scratch register, checked against the table's count,
    /// and `storage` pointing at the elements.
    private mutating func boundsCheckedElement(_ table: UInt32, index: Operand, storage: Register) {
        assembler.moveInteger(wide: false, Scratch.gpr, integerSource(index, wide: false))
        loadTableStorage(table, into: storage)
        assembler.cmpq(Scratch.gpr, Memory(base: storage, displacement: TableStorageLayout.count))
        assembler.jcc(.aboveOrEqual, trapLabel(.tableOutOfBounds))
        assembler.movq(storage, Memory(base: storage, displacement: TableStorageLayout.elements))
    }

    mutating func compileTableGet(_ table: UInt32) {
        let index = pop()
        let result = index.register ?? allocate(.general)
        boundsCheckedElement(table, index: index, storage: result.gpr)
        assembler.movq(result.gpr, Memory(base: result.gpr, index: Scratch.gpr, scale: 8))
        push(result, ValueType(info.tableTypes[Int(table)].elementType))
    }

    mutating func compileTableSet(_ table: UInt32) {
        let value = pop()
        let index = pop()
        let valueRegister = loadToRegister(value)
        let storage = index.register ?? allocate(.general)
        boundsCheckedElement(table, index: index, storage: storage.gpr)
        assembler.movq(Memory(base: storage.gpr, index: Scratch.gpr, scale: 8), valueRegister.gpr)
        registers.release(valueRegister)
        registers.release(storage)
    }

    mutating func compileTableSize(_ table: UInt32) {
        let register = allocate(.general).gpr
        loadTableStorage(table, into: register)
        assembler.movl(register, Memory(base: register, displacement: TableStorageLayout.count))
        push(ValueRegister(register), .i32)
    }

    mutating func compileTableGrow(_ table: UInt32) {
        callBuiltin(.tableGrow, table, stackArguments: 2)
        pushBuiltinResult(.i32)
    }

    mutating func compileTableFill(_ table: UInt32) {
        callBuiltin(.tableFill, table, stackArguments: 3)
        checkBuiltinTrap(.tableOutOfBounds)
    }

    mutating func compileTableCopy(destination: UInt32, source: UInt32) {
        callBuiltin(.tableCopy, destination, source, stackArguments: 3)
        checkBuiltinTrap(.tableOutOfBounds)
    }

    mutating func compileTableInit(element: UInt32, table: UInt32) {
        callBuiltin(.tableInit, table, element, stackArguments: 3)
        checkBuiltinTrap(.tableOutOfBounds)
    }

    mutating func compileElementDrop(_ element: UInt32) {
        callBuiltin(.elemDrop, element, stackArguments: 0)
    }

    // MARK: References

    mutating func compileReferenceIsNull() {
        let value = pop()
        if let bits = value.constantBits {
            pushConstant(.i32, bits == 0 ? 1 : 0)
            return
        }
        assembler.testZero(wide: true, integerSource(value, wide: true))
        release(value)
        let result = allocate(.general).gpr
        assembler.setcc(.equal, result)
        assembler.movzxbl(result, result)
        push(ValueRegister(result), .i32)
    }

    /// The address of the function's FunctionReference record.
    mutating func compileReferenceFunction(_ function: UInt32) {
        let register = allocate(.general).gpr
        assembler.movq(register, Memory(base: .r14, displacement: VMContextLayout.functions))
        if function != 0 {
            assembler.addq(register, Int32(function) * FunctionReferenceLayout.size)
        }
        push(ValueRegister(register), .funcref)
    }
}
