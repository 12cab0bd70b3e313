/// Instantiation, step by step as the spec orders it: resolve and check
/// imports, allocate the instance (function records, tables, memories,
/// globals from their initializers), then run the element segments, the data
/// segments and the start function. The store adopts the instance state
/// before the segments run, because a failed instantiation can still leave
/// its functions in imported tables.
import WasmCore
import WasmJIT

extension Instance {
    static func resolveImports(
        of module: LoadedModule, in store: Store, from imports: Imports
    ) throws(InstantiationError) -> [ExternalValue] {
        var resolved: [ExternalValue] = []
        resolved.reserveCapacity(module.module.imports.count)
        for entry in module.module.imports {
            guard let value = imports.lookup(module: entry.module, name: entry.name) else {
                throw .unknownImport(module: entry.module, name: entry.name)
            }
            if let reason = mismatch(of: value, for: entry.descriptor, in: module, store: store) {
                throw .incompatibleImportType(module: entry.module, name: entry.name, reason: reason)
            }
            resolved.append(value)
        }
        return resolved
    }

    /// Why `value` cannot satisfy an import, or nil if it can (the spec's import subtyping).
    static func mismatch(
        of value: ExternalValue, for descriptor: ImportDescriptor, in module: LoadedModule, store: Store
    ) -> String? {
        switch (descriptor, value) {
        case (.function(let typeIndex), .function(let function)):
            guard function.store === store else { return "function belongs to another store" }
            let expected = module.module.types[Int(typeIndex)]
            return function.type == expected ? nil : "expected function \(expected), found \(function.type)"
        case (.table(let expected), .table(let table)):
            guard table.elementType == expected.elementType else {
                return "expected \(expected.elementType) table, found \(table.elementType)"
            }
            return limitsMismatch(current: table.size, maximum: table.type.limits.maximum, expected: expected.limits)
        case (.memory(let expected), .memory(let memory)):
            return limitsMismatch(current: memory.size, maximum: memory.type.limits.maximum, expected: expected.limits)
        case (.global(let expected), .global(let global)):
            guard global.type == expected else {
                let describe = { (type: GlobalType) in (type.isMutable ? "mut " : "") + type.valueType.description }
                return "expected global \(describe(expected)), found \(describe(global.type))"
            }
            return nil
        default:
            let expectedKind =
                switch descriptor {
                case .function: "function"
                case .table: "table"
                case .memory: "memory"
                case .global: "global"
                }
            return "expected \(expectedKind), found \(value.kindName)"
        }
    }

    static func limitsMismatch(current: UInt64, maximum: UInt64?, expected: Limits) -> String? {
        guard current >= expected.minimum else { return "size \(current) below the minimum \(expected.minimum)" }
        guard let expectedMaximum = expected.maximum else { return nil }
        guard let maximum else { return "no maximum, expected at most \(expectedMaximum)" }
        return maximum <= expectedMaximum ? nil : "maximum \(maximum) above \(expectedMaximum)"
    }

    static func allocate(
        module: LoadedModule, store: Store, imports: [ExternalValue]
    ) throws(InstantiationError) -> InstanceState {
        let declarations = module.module
        let state = InstanceState(module: module)
        let context = state.context

        var functionIndex = 0
        for value in imports {
            switch value {
            case .function(let function):
                FunctionRecord.copy(from: function.record, to: context.functionRecord(functionIndex))
                functionIndex += 1
            case .table(let table): state.tables.append(table)
            case .memory(let memory): state.memories.append(memory)
            case .global(let global): state.globals.append(global)
            }
        }
        for (definedIndex, compiled) in module.compiledModule.functions.enumerated() {
            let index = functionIndex + definedIndex
            let typeIndex = Int(declarations.functionTypeIndices[definedIndex])
            FunctionRecord.write(
                context.functionRecord(index), code: module.codeMemory.executableAddress(ofOffset: compiled.codeRange.lowerBound),
                vmContext: context.address, typeID: module.typeIDs[typeIndex])
        }
        for type in declarations.tables {
            state.tables.append(Table(type: type))
        }
        for type in declarations.memories {
            do {
                state.memories.append(try Memory(type: type))
            } catch {
                throw .resourceExhausted("cannot reserve a linear memory: \(error)")
            }
        }
        for (index, table) in state.tables.enumerated() {
            context.setTable(index, storage: table.storage)
        }
        state.memories.first?.attach(context.address)
        // Globals one by one: an initializer may read the imported globals before it.
        for global in state.globals.indices {
            context.setGlobal(global, cell: state.globals[global].cell)
        }
        for declared in declarations.globals {
            let value = evaluate(declared.initializer, in: state)
            let global = Global(type: declared.type, value: value)
            context.setGlobal(state.globals.count, cell: global.cell)
            state.globals.append(global)
        }
        state.elementSegments = declarations.elements.map { segment in
            segment.items.map { evaluate($0, in: state).rawReference }
        }
        state.dataSegments = declarations.dataSegments.map(\.dataRange)
        store.adopt(state)
        return state
    }

    static func exports(of state: InstanceState, store: Store) -> [(name: String, value: ExternalValue)] {
        state.module.module.exports.map { export in
            let value: ExternalValue
            switch export.descriptor {
            case .function(let index):
                value = .function(
                    Function(store: store, record: state.context.functionRecord(Int(index)), type: state.functionTypes[Int(index)]))
            case .table(let index): value = .table(state.tables[Int(index)])
            case .memory(let index): value = .memory(state.memories[Int(index)])
            case .global(let index): value = .global(state.globals[Int(index)])
            }
            return (export.name, value)
        }
    }

    /// Element segments, data segments, start function.
    static func initialize(_ state: InstanceState, store: Store) throws(InstantiationError) {
        let declarations = state.module.module
        for (index, segment) in declarations.elements.enumerated() {
            switch segment.mode {
            case .passive: continue
            case .declarative: state.elementSegments[index] = []
            case .active(let tableIndex, let offsetExpression):
                let table = state.tables[Int(tableIndex)]
                let offset = UInt64(evaluate(offsetExpression, in: state).i32 ?? 0)
                let items = state.elementSegments[index]
                guard offset + UInt64(items.count) <= table.size else { throw .trap(Trap(code: .tableOutOfBounds)) }
                for (position, item) in items.enumerated() {
                    table.elements[Int(offset) + position] = item
                }
                state.elementSegments[index] = []
            }
        }
        for (index, segment) in declarations.dataSegments.enumerated() {
            guard case .active(let memoryIndex, let offsetExpression) = segment.mode else { continue }
            let memory = state.memories[Int(memoryIndex)]
            let offset = UInt64(evaluate(offsetExpression, in: state).i32 ?? 0)
            let bytes = state.dataBytes(index)
            guard memory.contains(offset: offset, count: bytes.count) else { throw .trap(Trap(code: .memoryOutOfBounds)) }
            if let source = bytes.baseAddress, bytes.count > 0 {
                (memory.baseAddress + Int(offset)).copyMemory(from: source, byteCount: bytes.count)
            }
            let range = state.dataSegments[index]
            state.dataSegments[index] = range.lowerBound..<range.lowerBound
        }
        if let start = declarations.startFunction {
            let function = Function(
                store: store, record: state.context.functionRecord(Int(start)), type: state.functionTypes[Int(start)])
            do {
                _ = try function.call([])
            } catch {
                throw .trap(error)
            }
        }
    }

    /// Evaluates a validated constant expression: constants, `ref.null`,
    /// `ref.func` (the address of this instance's record) and `global.get`.
    static func evaluate(_ expression: ConstantExpression, in state: InstanceState) -> Value {
        var stack: [Value] = []
        for instruction in expression.instructions {
            switch instruction {
            case .i32Const(let value): stack.append(.i32(UInt32(bitPattern: value)))
            case .i64Const(let value): stack.append(.i64(UInt64(bitPattern: value)))
            case .f32Const(let bits): stack.append(.f32(bits))
            case .f64Const(let bits): stack.append(.f64(bits))
            case .v128Const(let vector): stack.append(.v128(vector))
            case .refNull(let type): stack.append(.null(type))
            case .refFunc(let index):
                stack.append(.funcref(FunctionReference(record: state.context.functionRecord(Int(index)))))
            case .globalGet(let index): stack.append(state.globals[Int(index)].value)
            default: preconditionFailure("validation let a non-constant instruction into an initializer: \(instruction)")
            }
        }
        return stack.last ?? .i32(0)
    }
}
