/// The decoded form of a module: what each section declared, with the byte
/// offsets that DWARF, backtraces and error messages refer to.
///
/// Function bodies are not decoded here: `FunctionBody` keeps the range of
/// their code, and `InstructionDecoder` walks it when someone needs the ops.
public struct Module: Sendable {
    public let bytes: ModuleBytes
    public var types: [FunctionType] = []
    public var imports: [Import] = []
    /// The type index of each function defined in this module (function section).
    public var functionTypeIndices: [UInt32] = []
    public var tables: [TableType] = []
    public var memories: [MemoryType] = []
    public var globals: [Global] = []
    public var exports: [Export] = []
    public var startFunction: UInt32?
    public var elements: [ElementSegment] = []
    /// From the data count section, when present.
    public var dataCount: UInt32?
    public var functionBodies: [FunctionBody] = []
    public var dataSegments: [DataSegment] = []
    public var customSections: [CustomSection] = []
    /// The parsed "name" custom section, if there was a well-formed one.
    public var names: NameSection?
    /// Module offset of the code section's payload (after its id and size).
    /// DWARF addresses are offsets from here.
    public var codeSectionPayloadOffset: Int?

    public init(bytes: ModuleBytes) {
        self.bytes = bytes
    }

    // Index spaces: imports come first in each.

    public var importedFunctionCount: Int { imports.reduce(0) { $0 + ($1.descriptor.isFunction ? 1 : 0) } }

    /// The type index of every function, imported ones first.
    public var allFunctionTypeIndices: [UInt32] {
        imports.compactMap { if case .function(let type) = $0.descriptor { type } else { nil } } + functionTypeIndices
    }
    public var allTables: [TableType] {
        imports.compactMap { if case .table(let type) = $0.descriptor { type } else { nil } } + tables
    }
    public var allMemories: [MemoryType] {
        imports.compactMap { if case .memory(let type) = $0.descriptor { type } else { nil } } + memories
    }
    public var allGlobalTypes: [GlobalType] {
        imports.compactMap { if case .global(let type) = $0.descriptor { type } else { nil } } + globals.map(\.type)
    }
}

public struct Import: Sendable, Hashable {
    public var module: String
    public var name: String
    public var descriptor: ImportDescriptor
    public init(module: String, name: String, descriptor: ImportDescriptor) {
        self.module = module
        self.name = name
        self.descriptor = descriptor
    }
}

public enum ImportDescriptor: Sendable, Hashable {
    /// The function's type index.
    case function(UInt32)
    case table(TableType)
    case memory(MemoryType)
    case global(GlobalType)

    public var isFunction: Bool { if case .function = self { true } else { false } }
}

public struct Export: Sendable, Hashable {
    public var name: String
    public var descriptor: ExportDescriptor
    public init(name: String, descriptor: ExportDescriptor) {
        self.name = name
        self.descriptor = descriptor
    }
}

public enum ExportDescriptor: Sendable, Hashable {
    case function(UInt32)
    case table(UInt32)
    case memory(UInt32)
    case global(UInt32)
}

public struct Global: Sendable, Hashable {
    public var type: GlobalType
    public var initializer: ConstantExpression
    public init(type: GlobalType, initializer: ConstantExpression) {
        self.type = type
        self.initializer = initializer
    }
}

/// An initializer expression (global init, segment offsets, element items),
/// decoded in full because it is short and instantiation evaluates it.
public struct ConstantExpression: Sendable, Hashable {
    /// The instructions without the final `end`.
    public var instructions: [Instruction]
    /// Module offset of the first instruction, for error messages.
    public var offset: Int
    public init(instructions: [Instruction], offset: Int) {
        self.instructions = instructions
        self.offset = offset
    }
}

public struct ElementSegment: Sendable, Hashable {
    public enum Mode: Sendable, Hashable {
        case passive
        case active(tableIndex: UInt32, offset: ConstantExpression)
        case declarative
    }
    public var type: ReferenceType
    public var mode: Mode
    /// Each element as an expression: `ref.func i` for the function-index forms.
    public var items: [ConstantExpression]
    /// Module offset of the segment, for error messages.
    public var offset: Int
    public init(type: ReferenceType, mode: Mode, items: [ConstantExpression], offset: Int) {
        self.type = type
        self.mode = mode
        self.items = items
        self.offset = offset
    }
}

public struct DataSegment: Sendable, Hashable {
    public enum Mode: Sendable, Hashable {
        case passive
        case active(memoryIndex: UInt32, offset: ConstantExpression)
    }
    public var mode: Mode
    /// Module range of the bytes to copy.
    public var dataRange: Range<Int>
    public var offset: Int
    public init(mode: Mode, dataRange: Range<Int>, offset: Int) {
        self.mode = mode
        self.dataRange = dataRange
        self.offset = offset
    }
}

/// A function body from the code section, kept as offsets.
public struct FunctionBody: Sendable, Hashable {
    /// Local declarations as (count, type) runs, in order, parameters not included.
    public var localRuns: [LocalRun]
    /// Total number of declared locals (sum of the runs), parameters not included.
    public var localCount: UInt32
    /// Module range of the whole entry, from its size LEB to the final `end` inclusive.
    public var entryRange: Range<Int>
    /// Module range of the instructions: after the local declarations, through the final `end`.
    public var codeRange: Range<Int>

    public init(localRuns: [LocalRun], localCount: UInt32, entryRange: Range<Int>, codeRange: Range<Int>) {
        self.localRuns = localRuns
        self.localCount = localCount
        self.entryRange = entryRange
        self.codeRange = codeRange
    }
}

public struct LocalRun: Sendable, Hashable {
    public var count: UInt32
    public var type: ValueType
    public init(count: UInt32, type: ValueType) {
        self.count = count
        self.type = type
    }
}

public struct CustomSection: Sendable, Hashable {
    public var name: String
    /// Module range of the payload after the name.
    public var payloadRange: Range<Int>
    /// Module offset of the section id byte.
    public var sectionOffset: Int
    public init(name: String, payloadRange: Range<Int>, sectionOffset: Int) {
        self.name = name
        self.payloadRange = payloadRange
        self.sectionOffset = sectionOffset
    }
}

/// The "name" custom section: debug names for the module, functions and locals.
public struct NameSection: Sendable, Hashable {
    public var moduleName: String?
    public var functionNames: [UInt32: String] = [:]
    /// function index → local index → name
    public var localNames: [UInt32: [UInt32: String]] = [:]
    public init(moduleName: String? = nil) { self.moduleName = moduleName }
}
