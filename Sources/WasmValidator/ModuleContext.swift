import WasmCore

/// Everything a function body may refer to, gathered once per module so that
/// validating an instruction is an array lookup, never a search.
///
/// Built from a `Module` without checking it: indices that point nowhere are
/// simply absent, and the validators report them when something uses them.
public struct ModuleContext: Sendable {
    public let types: [FunctionType]
    /// The type index of every function, imported ones first.
    public let functionTypeIndices: [UInt32]
    public let tables: [TableType]
    public let memories: [MemoryType]
    /// Every global's type, imported ones first.
    public let globals: [GlobalType]
    /// Constant expressions may only read these (Wasm 2.0): the first `importedGlobalCount` globals.
    public let importedGlobalCount: Int
    /// The reference type of each element segment.
    public let elementTypes: [ReferenceType]
    /// How many data segments `memory.init` and `data.drop` may name.
    public let dataSegmentCount: UInt32
    /// Where `br_table` labels are read from; nil only for contexts built by hand without one.
    public let bytes: ModuleBytes?

    /// The value types of all function types back to back, parameters then
    /// results, after one entry per value type so that a single-result block
    /// type is a range of this pool like any other.
    let typePool: TypePool
    let typeLayouts: [TypeLayout]
    /// Bit i says whether function i may be named by `ref.func` inside a body.
    let declaredReferenceBits: [UInt64]

    /// The context of a decoded module. The functions that `ref.func` may name
    /// are those referenced outside function bodies: in global initializers,
    /// element segments and exports.
    public init(module: Module) {
        let functionTypeIndices = module.allFunctionTypeIndices
        var declared: [UInt32] = []
        for global in module.globals {
            Self.collectFunctionReferences(in: global.initializer, into: &declared)
        }
        for segment in module.elements {
            if case .active(_, let offset) = segment.mode {
                Self.collectFunctionReferences(in: offset, into: &declared)
            }
            for item in segment.items { Self.collectFunctionReferences(in: item, into: &declared) }
        }
        for export in module.exports {
            if case .function(let index) = export.descriptor { declared.append(index) }
        }
        self.init(
            types: module.types,
            functionTypeIndices: functionTypeIndices,
            tables: module.allTables,
            memories: module.allMemories,
            globals: module.allGlobalTypes,
            importedGlobalCount: module.imports.reduce(0) { count, entry in
                if case .global = entry.descriptor { count + 1 } else { count }
            },
            elementTypes: module.elements.map(\.type),
            dataSegmentCount: module.dataCount ?? UInt32(truncatingIfNeeded: module.dataSegments.count),
            declaredFunctionReferences: declared,
            bytes: module.bytes
        )
    }

    /// A context assembled by hand: for a compiler that has its own module
    /// representation, and for tests.
    public init(
        types: [FunctionType] = [],
        functionTypeIndices: [UInt32] = [],
        tables: [TableType] = [],
        memories: [MemoryType] = [],
        globals: [GlobalType] = [],
        importedGlobalCount: Int = 0,
        elementTypes: [ReferenceType] = [],
        dataSegmentCount: UInt32 = 0,
        declaredFunctionReferences: some Sequence<UInt32> = [],
        bytes: ModuleBytes? = nil
    ) {
        self.types = types
        self.functionTypeIndices = functionTypeIndices
        self.tables = tables
        self.memories = memories
        self.globals = globals
        self.importedGlobalCount = importedGlobalCount
        self.elementTypes = elementTypes
        self.dataSegmentCount = dataSegmentCount
        self.bytes = bytes

        var pool = TypeLayout.singleValueTypes
        var layouts: [TypeLayout] = []
        layouts.reserveCapacity(types.count)
        for type in types {
            layouts.append(TypeLayout(parametersStart: pool.count, parameterCount: type.parameters.count, resultCount: type.results.count))
            pool += type.parameters
            pool += type.results
        }
        typePool = TypePool(pool)
        typeLayouts = layouts

        var bits = [UInt64](repeating: 0, count: (functionTypeIndices.count + 63) / 64)
        for index in declaredFunctionReferences where Int(index) < functionTypeIndices.count {
            bits[Int(index) / 64] |= 1 << (UInt64(index) % 64)
        }
        declaredReferenceBits = bits
    }

    /// Whether `ref.func index` may appear in a function body.
    @inline(__always)
    public func isDeclaredFunctionReference(_ index: UInt32) -> Bool {
        let word = Int(index) / 64
        return word < declaredReferenceBits.count && declaredReferenceBits[word] & (1 << (UInt64(index) % 64)) != 0
    }

    /// The function type of function `index`, if both exist.
    public func functionType(ofFunction index: UInt32) -> FunctionType? {
        guard Int(index) < functionTypeIndices.count else { return nil }
        let typeIndex = Int(functionTypeIndices[Int(index)])
        return typeIndex < types.count ? types[typeIndex] : nil
    }

    private static func collectFunctionReferences(in expression: ConstantExpression, into references: inout [UInt32]) {
        for instruction in expression.instructions {
            if case .refFunc(let index) = instruction { references.append(index) }
        }
    }
}

/// Where a function or block type's value types lie in `ModuleContext.typePool`.
struct TypeLayout: Sendable {
    var parametersStart: Int
    var parameterCount: Int
    var resultCount: Int

    @inline(__always) var resultsStart: Int { parametersStart + parameterCount }

    static let empty = TypeLayout(parametersStart: 0, parameterCount: 0, resultCount: 0)

    /// The head of every type pool: one entry per value type, for `[] -> [t]` block types.
    static let singleValueTypes: [ValueType] = [.i32, .i64, .f32, .f64, .v128, .funcref, .externref]

    @inline(__always)
    static func singleResult(_ type: ValueType) -> TypeLayout {
        let position: Int
        switch type {
        case .i32: position = 0
        case .i64: position = 1
        case .f32: position = 2
        case .f64: position = 3
        case .v128: position = 4
        case .funcref: position = 5
        case .externref: position = 6
        }
        return TypeLayout(parametersStart: position, parameterCount: 0, resultCount: 1)
    }
}

/// The type pool's storage: a buffer the validator reads through a pointer,
/// immutable once built (which makes sharing it across threads safe), freed
/// with the last context that holds it.
final class TypePool: @unchecked Sendable {
    let types: UnsafePointer<ValueType>
    let count: Int

    init(_ types: [ValueType]) {
        let storage = UnsafeMutablePointer<ValueType>.allocate(capacity: max(types.count, 1))
        storage.initialize(from: types, count: types.count)
        self.types = UnsafePointer(storage)
        count = types.count
    }

    deinit { UnsafeMutablePointer(mutating: types).deallocate() }

    subscript(index: Int) -> ValueType { types[index] }

    subscript(range: Range<Int>) -> UnsafeBufferPointer<ValueType> {
        UnsafeBufferPointer(start: types + range.lowerBound, count: range.count)
    }
}
