import Testing
import WasmCore
import WasmValidator

@Suite struct ConstantExpressionValidationTests {
    /// Globals 0 (imported, immutable i32) and 1 (imported, mutable i32) and 2 (defined i32); functions 0 and 1.
    static let context = ModuleContext(
        types: [FunctionType(parameters: [], results: [])],
        functionTypeIndices: [0, 0],
        globals: [
            GlobalType(valueType: .i32, isMutable: false),
            GlobalType(valueType: .i32, isMutable: true),
            GlobalType(valueType: .i32, isMutable: false),
        ],
        importedGlobalCount: 2
    )

    static func check(_ instructions: [Instruction], _ type: ValueType) throws(ValidationError) {
        try ConstantExpressionValidator.validate(
            ConstantExpression(instructions: instructions, offset: 0x40), producing: type, in: context
        )
    }

    static func expectError(_ instructions: [Instruction], _ type: ValueType, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            try check(instructions, type)
            Issue.record("expected \"\(message)\"", sourceLocation: sourceLocation)
        } catch {
            #expect(error.message.hasPrefix(message), "got \(error)", sourceLocation: sourceLocation)
            #expect(error.offset == 0x40, sourceLocation: sourceLocation)
        }
    }

    @Test func constantsReferencesAndImmutableImportedGlobalsAreConstant() throws {
        try Self.check([.i32Const(1)], .i32)
        try Self.check([.f64Const(0)], .f64)
        try Self.check([.v128Const(V128(low: 1, high: 2))], .v128)
        try Self.check([.refNull(.externref)], .externref)
        try Self.check([.refFunc(functionIndex: 1)], .funcref)
        try Self.check([.globalGet(0)], .i32)
    }

    @Test func otherInstructionsAreNotConstant() {
        Self.expectError([.i32Const(0), .numeric(.i32Ctz)], .i32, "constant expression required")
        Self.expectError([.nop], .i32, "constant expression required")
        Self.expectError([.i32Const(0), .nop], .i32, "constant expression required")
        Self.expectError([.localGet(0)], .i32, "constant expression required")
        Self.expectError([.call(functionIndex: 0)], .funcref, "constant expression required")
    }

    @Test func onlyImmutableImportedGlobalsMayBeRead() {
        Self.expectError([.globalGet(1)], .i32, "constant expression required")
        Self.expectError([.globalGet(2)], .i32, "unknown global 2")
        Self.expectError([.globalGet(3)], .i32, "unknown global 3")
    }

    @Test func theExpressionMustProduceExactlyOneValueOfTheType() {
        Self.expectError([], .i32, "type mismatch")
        Self.expectError([.i32Const(0), .i32Const(0)], .i32, "type mismatch")
        Self.expectError([.i64Const(0)], .i32, "type mismatch")
        Self.expectError([.refNull(.funcref)], .externref, "type mismatch")
    }

    @Test func refFuncNeedsAnExistingFunction() {
        Self.expectError([.refFunc(functionIndex: 7)], .funcref, "unknown function 7")
    }
}
