import WasmCore

/// Validates a decoded module: its declarations, initializers and every
/// function body, which it decodes here (`Module(decoding:)` leaves bodies
/// as byte ranges).
///
/// A malformed body wins over an invalid module, as in the spec, where a
/// module is decoded in full before it is validated: after the first
/// validation error the remaining bodies are still decoded, only not checked.
public enum ModuleValidator {
    public static func validate(_ module: Module) throws(ModuleCheckError) -> ValidatedModule {
        let context = ModuleContext(module: module)
        var firstInvalid: ValidationError?
        do {
            try validateDeclarations(module, context: context)
        } catch {
            firstInvalid = error
        }

        var summaries: [FunctionSummary] = []
        summaries.reserveCapacity(module.functionBodies.count)
        var validator = FunctionValidator(context: context)
        for (index, body) in module.functionBodies.enumerated() {
            if firstInvalid == nil {
                do {
                    let typeIndex = index < module.functionTypeIndices.count ? module.functionTypeIndices[index] : UInt32.max
                    try validator.begin(typeIndex: typeIndex, locals: body.localRuns, at: body.codeRange.lowerBound)
                } catch {
                    firstInvalid = error
                }
            }
            var decoder = InstructionDecoder(module: module, body: body)
            while true {
                let instruction: Instruction?
                do {
                    instruction = try decoder.next()
                } catch {
                    guard Self.isValidationRuleInDecoder(error) else { throw .malformed(error) }
                    // The rest of this body cannot be decoded past the error;
                    // later bodies still can, and may yet be malformed.
                    if firstInvalid == nil { firstInvalid = ValidationError(error.message, at: error.offset) }
                    break
                }
                guard let instruction else { break }
                if firstInvalid != nil { continue }
                do {
                    try validator.validate(instruction, at: decoder.instructionOffset)
                } catch {
                    firstInvalid = error
                }
            }
            if firstInvalid == nil {
                do {
                    summaries.append(try validator.finish())
                } catch {
                    firstInvalid = error
                }
            }
        }
        if let firstInvalid { throw .invalid(firstInvalid) }
        return ValidatedModule(module: module, context: context, functionSummaries: summaries)
    }

    /// The binary format lets `select` list any number of result types; only
    /// validation demands exactly one. The decoder, which cannot represent
    /// other counts in `Instruction`, reports it, and it is an invalid module,
    /// not a malformed one.
    static func isValidationRuleInDecoder(_ error: DecodeError) -> Bool {
        error.message.hasPrefix("invalid result arity")
    }

    /// Everything but the function bodies: types, imports, tables, memories,
    /// globals, segments, the start function and exports.
    public static func validateDeclarations(_ module: Module, context: ModuleContext) throws(ValidationError) {
        let typeCount = module.types.count
        for entry in module.imports {
            switch entry.descriptor {
            case .function(let typeIndex):
                guard Int(typeIndex) < typeCount else { throw ValidationError("unknown type \(typeIndex)", at: 0) }
            case .table(let table): try validateTableType(table, at: 0)
            case .memory(let memory): try validateMemoryType(memory, at: 0)
            case .global: break
            }
        }
        for (index, typeIndex) in module.functionTypeIndices.enumerated() where Int(typeIndex) >= typeCount {
            let offset = index < module.functionBodies.count ? module.functionBodies[index].entryRange.lowerBound : 0
            throw ValidationError("unknown type \(typeIndex)", at: offset)
        }
        for table in module.tables { try validateTableType(table, at: 0) }
        for memory in module.memories { try validateMemoryType(memory, at: 0) }
        if context.memories.count > 1 {
            throw ValidationError("multiple memories: \(context.memories.count) declared, Wasm 2.0 allows one", at: 0)
        }
        for global in module.globals {
            try ConstantExpressionValidator.validate(global.initializer, producing: global.type.valueType, in: context)
        }
        for segment in module.elements { try validateElementSegment(segment, context: context) }
        for segment in module.dataSegments {
            guard case .active(let memoryIndex, let offsetExpression) = segment.mode else { continue }
            guard Int(memoryIndex) < context.memories.count else {
                throw ValidationError("unknown memory \(memoryIndex)", at: segment.offset)
            }
            try ConstantExpressionValidator.validate(offsetExpression, producing: .i32, in: context)
        }
        if let start = module.startFunction {
            guard let type = context.functionType(ofFunction: start) else {
                throw ValidationError("unknown function \(start)", at: 0)
            }
            guard type.parameters.isEmpty && type.results.isEmpty else {
                throw ValidationError("start function must have type [] -> [], function \(start) has \(type)", at: 0)
            }
        }
        try validateExports(module.exports, context: context)
    }

    static func validateTableType(_ table: TableType, at offset: Int) throws(ValidationError) {
        try validateLimits(
            table.limits, range: UInt64(UInt32.max), rangeMessage: "table size must be at most 2^32-1", at: offset
        )
    }

    static func validateMemoryType(_ memory: MemoryType, at offset: Int) throws(ValidationError) {
        try validateLimits(
            memory.limits, range: MemoryType.maxPages32,
            rangeMessage: "memory size must be at most 65536 pages (4GiB)", at: offset
        )
    }

    /// Both bounds within range first, then their order, as the reference interpreter checks them.
    static func validateLimits(_ limits: Limits, range: UInt64, rangeMessage: String, at offset: Int) throws(ValidationError) {
        guard limits.minimum <= range else { throw ValidationError(rangeMessage, at: offset) }
        guard let maximum = limits.maximum else { return }
        guard maximum <= range else { throw ValidationError(rangeMessage, at: offset) }
        guard limits.minimum <= maximum else {
            throw ValidationError("size minimum must not be greater than maximum: \(limits.minimum) > \(maximum)", at: offset)
        }
    }

    static func validateElementSegment(_ segment: ElementSegment, context: ModuleContext) throws(ValidationError) {
        if case .active(let tableIndex, let offsetExpression) = segment.mode {
            guard Int(tableIndex) < context.tables.count else {
                throw ValidationError("unknown table \(tableIndex)", at: segment.offset)
            }
            let tableType = context.tables[Int(tableIndex)].elementType
            guard tableType == segment.type else {
                throw ValidationError(
                    "type mismatch: \(segment.type) segment for \(tableType) table \(tableIndex)", at: segment.offset
                )
            }
            try ConstantExpressionValidator.validate(offsetExpression, producing: .i32, in: context)
        }
        let itemType = ValueType(segment.type)
        for item in segment.items {
            try ConstantExpressionValidator.validate(item, producing: itemType, in: context)
        }
    }

    static func validateExports(_ exports: [Export], context: ModuleContext) throws(ValidationError) {
        // Names are compared as bytes: Swift's String equality would call
        // "\u{C5}" and "A\u{30A}" the same name, and wasm does not.
        var names = Set<[UInt8]>()
        names.reserveCapacity(exports.count)
        for export in exports {
            switch export.descriptor {
            case .function(let index) where Int(index) >= context.functionTypeIndices.count:
                throw ValidationError("unknown function \(index)", at: 0)
            case .table(let index) where Int(index) >= context.tables.count:
                throw ValidationError("unknown table \(index)", at: 0)
            case .memory(let index) where Int(index) >= context.memories.count:
                throw ValidationError("unknown memory \(index)", at: 0)
            case .global(let index) where Int(index) >= context.globals.count:
                throw ValidationError("unknown global \(index)", at: 0)
            default: break
            }
            guard names.insert(Array(export.name.utf8)).inserted else {
                throw ValidationError("duplicate export name \"\(export.name)\"", at: 0)
            }
        }
    }
}
