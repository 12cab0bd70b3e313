import Testing
import WasmCore
import WasmValidator

/// A function body to validate without a decoder: instructions fed straight
/// to `FunctionValidator`, each at an offset equal to its position, so an
/// error's offset says which instruction failed.
struct TestFunction {
    var parameters: [ValueType] = []
    var results: [ValueType] = []
    var locals: [LocalRun] = []
    /// Extra types, at indices 0…; the function's own type comes after them.
    var types: [FunctionType] = []
    var functionTypeIndices: [UInt32] = []
    var tables: [TableType] = []
    var memories: [MemoryType] = []
    var globals: [GlobalType] = []
    var elementTypes: [ReferenceType] = []
    var dataSegmentCount: UInt32 = 0
    var declaredFunctionReferences: [UInt32] = []
    /// Module bytes for `br_table` labels.
    var bytes: [UInt8] = []

    var context: ModuleContext {
        ModuleContext(
            types: types + [FunctionType(parameters: parameters, results: results)],
            functionTypeIndices: functionTypeIndices,
            tables: tables,
            memories: memories,
            globals: globals,
            elementTypes: elementTypes,
            dataSegmentCount: dataSegmentCount,
            declaredFunctionReferences: declaredFunctionReferences,
            bytes: ModuleBytes(bytes)
        )
    }

    /// Validates `body`; the final `end` is appended.
    func validate(_ body: [Instruction]) throws(ValidationError) -> FunctionSummary {
        var validator = try FunctionValidator(context: context, typeIndex: UInt32(types.count), locals: locals)
        for (offset, instruction) in (body + [.end]).enumerated() {
            try validator.validate(instruction, at: offset)
        }
        return try validator.finish()
    }
}

extension TestFunction {
    static let memory = MemoryType(limits: Limits(minimum: 1))
    static let funcrefTable = TableType(elementType: .funcref, limits: Limits(minimum: 1))
    static let externrefTable = TableType(elementType: .externref, limits: Limits(minimum: 1))

    /// A function with one memory, a funcref table and an externref table.
    static func withMemoryAndTables(parameters: [ValueType] = [], results: [ValueType] = []) -> TestFunction {
        TestFunction(parameters: parameters, results: results, tables: [funcrefTable, externrefTable], memories: [memory])
    }
}

func expectValid(
    _ body: [Instruction], in function: TestFunction = TestFunction(),
    sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        _ = try function.validate(body)
    } catch {
        Issue.record("expected a valid body, got \(error)", sourceLocation: sourceLocation)
    }
}

/// Expects the body to be invalid with a message starting with `message`,
/// at instruction `offset` if given (the appended `end` is at `body.count`).
func expectInvalid(
    _ body: [Instruction], in function: TestFunction = TestFunction(), _ message: String, at offset: Int? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        _ = try function.validate(body)
        Issue.record("expected \"\(message)\", but the body is valid", sourceLocation: sourceLocation)
    } catch {
        #expect(error.message.hasPrefix(message), "got \(error)", sourceLocation: sourceLocation)
        if let offset {
            #expect(error.offset == offset, "got \(error)", sourceLocation: sourceLocation)
        }
    }
}

/// LEB128 of `value`, for hand-made `br_table` label lists.
func leb(_ value: UInt32) -> [UInt8] {
    var bytes: [UInt8] = []
    var rest = value
    repeat {
        let low = UInt8(rest & 0x7F)
        rest >>= 7
        bytes.append(rest == 0 ? low : low | 0x80)
    } while rest != 0
    return bytes
}
