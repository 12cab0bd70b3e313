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
            var decoder = InstructionDecoder(module: module, body: body)
            if firstInvalid == nil {
                let typeIndex = index < module.functionTypeIndices.count ? module.functionTypeIndices[index] : UInt32.max
                do {
                    try validator.begin(typeIndex: typeIndex, locals: body.localRuns, at: body.codeRange.lowerBound)
                } catch {
                    firstInvalid = error
                }
            }
            if firstInvalid == nil {
                do {
                    try validateBody(&decoder, with: &validator)
                    do {
                        summaries.append(try validator.finish())
                    } catch {
                        firstInvalid = error
                    }
                    continue
                } catch {
                    switch error {
                    case .malformed(let decodeError): throw .malformed(decodeError)
                    case .invalid(let invalid, let canDecodeFurther):
                        firstInvalid = invalid
                        if !canDecodeFurther { continue }
                    }
                }
            }
            do {
                try decodeRest(&decoder)
            } catch {
                guard let invalid = Self.validationRuleInDecoder(error) else { throw .malformed(error) }
                firstInvalid = firstInvalid ?? invalid
            }
        }
        if let firstInvalid { throw .invalid(firstInvalid) }
        return ValidatedModule(module: module, context: context, functionSummaries: summaries)
    }

    enum BodyFailure: Error {
        case malformed(DecodeError)
        /// `canDecodeFurther` is false when the decoder itself found the
        /// problem and cannot go on past it.
        case invalid(ValidationError, canDecodeFurther: Bool)
    }

    /// Decodes and validates one body up to its final `end`, or up to the
    /// first invalid instruction; the decoder is left after it, so the caller
    /// can decode the rest and find out whether the body is also malformed.
    ///
    /// A function of its own so that the decoder's inlinable `next()` lands
    /// in a small loop, apart from the rare paths of `validate(_:)`.
    @inline(never)
    static func validateBody(
        _ decoder: inout InstructionDecoder, with validator: inout FunctionValidator
    ) throws(BodyFailure) {
        while true {
            let instruction: Instruction?
            do {
                instruction = try decoder.next()
            } catch {
                guard let invalid = validationRuleInDecoder(error) else { throw .malformed(error) }
                throw .invalid(invalid, canDecodeFurther: false)
            }
            guard let instruction else { return }
            do {
                try validator.validate(instruction, at: decoder.instructionOffset)
            } catch {
                throw .invalid(error, canDecodeFurther: true)
            }
        }
    }

    static func decodeRest(_ decoder: inout InstructionDecoder) throws(DecodeError) {
        while try decoder.next() != nil {}
    }

    /// The binary format lets `select` list any number of result types; only
    /// validation demands exactly one. The decoder, which cannot represent
    /// other counts in `Instruction`, reports it, and it is an invalid module,
    /// not a malformed one.
    static func validationRuleInDecoder(_ error: DecodeError) -> ValidationError? {
        error.message.hasPrefix("invalid result arity") ? ValidationError(error.message, at: error.offset) : nil
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
