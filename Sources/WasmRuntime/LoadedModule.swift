/// A module ready to instantiate: decoded, validated, compiled, and its
/// machine code placed in executable memory. Instances of it share that code.
///
/// It is also what the debugger and profiler start from: the module model
/// (offsets, names, custom sections for DWARF), the compiled module's code
/// maps (op map, trap sites, call sites, debug side tables) and the address
/// the code runs at, so `codeBaseAddress + machineOffset` is a real pc.
import WasmCore
import WasmJIT
import WasmValidator

public final class LoadedModule: @unchecked Sendable {
    // Unchecked Sendable: immutable after init; the code memory's bytes are
    // only patched by a debug session that owns the module.

    public let engine: Engine
    public let module: Module
    public let validatedModule: ValidatedModule
    public let compiledModule: CompiledModule
    public let codeMemory: CodeMemory
    /// A name for backtraces: given at load time, else the name section's module name.
    public let name: String?
    public let imports: [ImportType]
    public let exports: [ExportType]
    /// Canonical type id of each type index.
    let typeIDs: [UInt32]
    /// The type of every function, imports first.
    let functionTypes: [FunctionType]
    /// The exact call counts, if the module was compiled with `Compiler.Options.countsCalls`.
    public let callCounters: CallCounters?

    /// Decodes, validates and compiles `bytes`. A debugger passes
    /// `Compiler.Options.debugging`, which gives every op a stop position.
    public convenience init(
        engine: Engine, bytes: [UInt8], name: String? = nil, options: Compiler.Options = Compiler.Options()
    ) throws(LoadError) {
        try self.init(engine: engine, bytes: bytes, name: name) { validated throws(LoadError) in
            try ModuleCompilation.compile(validated, options: options)
        }
    }

    /// Decodes and validates `bytes`, then lets `compiler` make the code (tests pass hand-written machine code).
    convenience init(
        engine: Engine, bytes: [UInt8], name: String?,
        compiler: (ValidatedModule) throws(LoadError) -> CompiledModule
    ) throws(LoadError) {
        let validated = try Self.validate(bytes)
        let compiled = try compiler(validated)
        try self.init(engine: engine, validated: validated, compiled: compiled, name: name)
    }

    static func validate(_ bytes: [UInt8]) throws(LoadError) -> ValidatedModule {
        let module: Module
        do {
            module = try Module(decoding: bytes)
        } catch {
            throw .malformed(message: error.message, offset: error.offset)
        }
        do {
            return try ModuleValidator.validate(module)
        } catch {
            switch error {
            case .malformed(let decodeError): throw .malformed(message: decodeError.message, offset: decodeError.offset)
            case .invalid(let validationError): throw .invalid(message: validationError.message, offset: validationError.offset)
            }
        }
    }

    /// Places already compiled code (tests use hand-written machine code here).
    init(engine: Engine, validated: ValidatedModule, compiled: CompiledModule, name: String?) throws(LoadError) {
        let module = validated.module
        self.engine = engine
        self.module = module
        self.validatedModule = validated
        self.compiledModule = compiled
        self.name = name ?? validated.module.names?.moduleName
        do {
            codeMemory = try CodeMemory(code: compiled.code)
        } catch {
            throw .resourceExhausted("cannot map executable memory: \(error)")
        }
        typeIDs = module.types.map { engine.typeID(of: $0) }
        callCounters = compiled.countsCalls
            ? CallCounters(definedFunctionCount: compiled.functions.count, importedFunctionCount: module.importedFunctionCount)
            : nil
        functionTypes = module.allFunctionTypeIndices.map { module.types[Int($0)] }
        imports = module.imports.map { entry in
            let type: ExternalType
            switch entry.descriptor {
            case .function(let index): type = .function(validated.module.types[Int(index)])
            case .table(let table): type = .table(table)
            case .memory(let memory): type = .memory(memory)
            case .global(let global): type = .global(global)
            }
            return ImportType(module: entry.module, name: entry.name, type: type)
        }
        let allFunctions = functionTypes
        let allTables = module.allTables
        let allMemories = module.allMemories
        let allGlobals = module.allGlobalTypes
        exports = module.exports.map { export in
            let type: ExternalType
            switch export.descriptor {
            case .function(let index): type = .function(allFunctions[Int(index)])
            case .table(let index): type = .table(allTables[Int(index)])
            case .memory(let index): type = .memory(allMemories[Int(index)])
            case .global(let index): type = .global(allGlobals[Int(index)])
            }
            return ExportType(name: export.name, type: type)
        }
        engine.register(self, range: codeRange)
    }

    deinit {
        engine.unregister(range: codeRange)
    }

    /// The address the first byte of `compiledModule.code` runs at.
    /// The type of a function by its index (imports first).
    public func functionType(ofFunction index: UInt32) -> FunctionType? {
        functionTypes.indices.contains(Int(index)) ? functionTypes[Int(index)] : nil
    }

    public var codeBaseAddress: UInt { UInt(bitPattern: codeMemory.executableBase) }

    /// Calls per defined function (by function index, imports first) over
    /// every instance so far; nil unless the module was compiled with
    /// `Compiler.Options.countsCalls`. See `CallCounters` on reading them during a run.
    public func callCounts() -> [UInt32: UInt64]? { callCounters?.counts() }

    /// Addresses of the module's code.
    public var codeRange: Range<UInt> { codeBaseAddress..<(codeBaseAddress + UInt(compiledModule.code.count)) }

    /// The compiled function and machine offset for an address in this module's code.
    public func function(containing address: UInt) -> (function: CompiledFunction, machineOffset: Int)? {
        guard codeRange.contains(address) else { return nil }
        let offset = Int(address - codeBaseAddress)
        return compiledModule.function(containing: offset).map { ($0, offset) }
    }
}

/// The type of an import or export.
public enum ExternalType: Sendable, Hashable {
    case function(FunctionType)
    case table(TableType)
    case memory(MemoryType)
    case global(GlobalType)
}

public struct ImportType: Sendable, Hashable {
    public var module: String
    public var name: String
    public var type: ExternalType
}

public struct ExportType: Sendable, Hashable {
    public var name: String
    public var type: ExternalType
}

/// The bridge to the compiler, in one place.
enum ModuleCompilation {
    static func compile(_ validated: ValidatedModule, options: Compiler.Options) throws(LoadError) -> CompiledModule {
        do {
            return try Compiler(options: options).compile(validated)
        } catch {
            throw .compileFailed(error.description)
        }
    }
}
