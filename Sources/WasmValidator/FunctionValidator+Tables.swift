import WasmCore

/// Table instructions, element segments and reference instructions.
extension FunctionValidator {
    @inline(__always)
    func tableType(_ index: UInt32, at offset: Int) throws(ValidationError) -> TableType {
        guard Int(index) < context.tables.count else { throw ValidationError("unknown table \(index)", at: offset) }
        return context.tables[Int(index)]
    }

    @inline(__always)
    func checkElementSegment(_ index: UInt32, at offset: Int) throws(ValidationError) {
        guard Int(index) < context.elementTypes.count else {
            throw ValidationError("unknown elem segment \(index)", at: offset)
        }
    }

    mutating func validateTableGet(_ table: UInt32, at offset: Int) throws(ValidationError) {
        let type = try tableType(table, at: offset)
        try pop(.i32, at: offset)
        push(ValueType(type.elementType))
    }

    mutating func validateTableSet(_ table: UInt32, at offset: Int) throws(ValidationError) {
        let type = try tableType(table, at: offset)
        try pop(ValueType(type.elementType), at: offset)
        try pop(.i32, at: offset)
    }

    mutating func validateTableGrow(_ table: UInt32, at offset: Int) throws(ValidationError) {
        let type = try tableType(table, at: offset)
        try pop(.i32, at: offset)
        try pop(ValueType(type.elementType), at: offset)
        push(.i32)
    }

    mutating func validateTableFill(_ table: UInt32, at offset: Int) throws(ValidationError) {
        let type = try tableType(table, at: offset)
        try pop(.i32, at: offset)
        try pop(ValueType(type.elementType), at: offset)
        try pop(.i32, at: offset)
    }

    mutating func validateTableCopy(_ destination: UInt32, _ source: UInt32, at offset: Int) throws(ValidationError) {
        let destinationType = try tableType(destination, at: offset)
        let sourceType = try tableType(source, at: offset)
        guard destinationType.elementType == sourceType.elementType else {
            throw ValidationError(
                "type mismatch: table.copy from \(sourceType.elementType) table \(source) to \(destinationType.elementType) table \(destination)",
                at: offset
            )
        }
        try popThreeIntegers(at: offset)
    }

    mutating func validateTableInit(_ element: UInt32, _ table: UInt32, at offset: Int) throws(ValidationError) {
        let type = try tableType(table, at: offset)
        try checkElementSegment(element, at: offset)
        let segmentType = context.elementTypes[Int(element)]
        guard segmentType == type.elementType else {
            throw ValidationError(
                "type mismatch: table.init of \(segmentType) segment \(element) into \(type.elementType) table \(table)",
                at: offset
            )
        }
        try popThreeIntegers(at: offset)
    }

    mutating func validateReferenceIsNull(at offset: Int) throws(ValidationError) {
        let operand = try popAny(at: offset)
        if let operand, operand.referenceType == nil {
            throw ValidationError("type mismatch: ref.is_null needs a reference, found \(operand)", at: offset)
        }
        push(.i32)
    }

    mutating func validateReferenceFunction(_ functionIndex: UInt32, at offset: Int) throws(ValidationError) {
        guard Int(functionIndex) < context.functionTypeIndices.count else {
            throw ValidationError("unknown function \(functionIndex)", at: offset)
        }
        // Declaring references up front lets an engine know, before any
        // code runs, which functions can escape as values.
        guard context.isDeclaredFunctionReference(functionIndex) else {
            throw ValidationError("undeclared function reference: function \(functionIndex)", at: offset)
        }
        push(.funcref)
    }
}
