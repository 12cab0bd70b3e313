import CDwarf
import Foundation
import WasmCore

/// Source-level knowledge about a wasm module, from its DWARF custom sections.
///
/// All addresses are code-section offsets, the way wasm DWARF writes them
/// (module offset minus `Module.codeSectionPayloadOffset`).
///
/// Opening is cheap: it wraps the `.debug_*` sections in an in-memory ELF and
/// opens libdw on it. Line table, unit index, functions, types and globals are
/// built on first use and kept.
///
/// libdw is not thread-safe; every call here takes the object's lock, so a
/// `DebugInfo` may be shared between threads (calls are serialized).
public final class DebugInfo: @unchecked Sendable {
    // Unchecked Sendable: all mutable state lives in `reader` and is touched only under `lock`.
    private let reader: DWARFReader
    private let lock = NSRecursiveLock()
    /// Size of the code section's payload: addresses at or past it belong to code the linker dropped.
    public let codeSize: Int

    /// Reads the `.debug_*` custom sections of a decoded module; nil when it has no `.debug_info`.
    public convenience init?(moduleBytes: [UInt8], module: Module) throws(DWARFError) {
        var sections: [(name: String, range: Range<Int>)] = []
        for section in module.customSections where section.name.hasPrefix(".debug_") {
            guard section.payloadRange.lowerBound >= 0, section.payloadRange.upperBound <= moduleBytes.count else {
                throw .malformedModule("custom section \(section.name) extends past the end of the module")
            }
            sections.append((section.name, section.payloadRange))
        }
        guard sections.contains(where: { $0.name == ".debug_info" }) else { return nil }
        let payloadOffset = module.codeSectionPayloadOffset ?? 0
        let codeEnd = module.functionBodies.last?.entryRange.upperBound ?? payloadOffset
        guard codeEnd >= payloadOffset, codeEnd <= moduleBytes.count else {
            throw .malformedModule("function bodies lie outside the module")
        }
        let bodyStarts = module.functionBodies.map {
            (entry: UInt32(clamping: $0.entryRange.lowerBound - payloadOffset),
             code: UInt32(clamping: $0.codeRange.lowerBound - payloadOffset))
        }
        let image = moduleBytes.withUnsafeBytes { bytes in
            InMemoryELF(
                sections: sections.map { (name: $0.name, bytes: UnsafeRawBufferPointer(rebasing: bytes[$0.range])) })
        }
        try self.init(image: image, codeSize: codeEnd - payloadOffset, functionBodyStarts: bodyStarts)
    }

    /// Reads sections given by name (".debug_info" → bytes); nil without `.debug_info`.
    /// `codeSize` is the code section's payload size.
    public convenience init?(sections: [String: [UInt8]], codeSize: Int) throws(DWARFError) {
        guard sections[".debug_info"] != nil else { return nil }
        let named = sections.filter { $0.key.hasPrefix(".debug_") }.sorted { $0.key < $1.key }
        let image = Self.withBuffers(named.map(\.value)) { buffers in
            InMemoryELF(sections: zip(named, buffers).map { (name: $0.0.key, bytes: $0.1) })
        }
        try self.init(image: image, codeSize: max(0, codeSize), functionBodyStarts: [])
    }

    private init(image: InMemoryELF, codeSize: Int, functionBodyStarts: [(entry: UInt32, code: UInt32)]) throws(DWARFError) {
        // Addresses are 32-bit code-section offsets; a larger size could not be addressed anyway.
        let codeSize = min(codeSize, Int(UInt32.max))
        self.codeSize = codeSize
        reader = try DWARFReader(image: image, codeSize: codeSize, functionBodyStarts: functionBodyStarts)
    }

    deinit {
        lock.withLock { reader.releaseTypes() }
    }

    private static func withBuffers<Result>(
        _ arrays: [[UInt8]], _ body: ([UnsafeRawBufferPointer]) -> Result
    ) -> Result {
        func recurse(_ index: Int, _ collected: [UnsafeRawBufferPointer]) -> Result {
            guard index < arrays.count else { return body(collected) }
            return arrays[index].withUnsafeBytes { recurse(index + 1, collected + [$0]) }
        }
        return recurse(0, [])
    }

    private func locked<Result>(_ body: (DWARFReader) -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return body(reader)
    }

    // MARK: Units and lines

    public var compilationUnits: [CompilationUnit] {
        locked { reader in
            reader.units.map { unit in
                CompilationUnit(
                    index: unit.index, dieOffset: unit.die.offset, name: unit.name,
                    compilationDirectory: unit.compilationDirectory, producer: unit.producer, language: unit.language,
                    version: unit.version,
                    addressRanges: unit.ranges.map { UInt32(clamping: $0.lowerBound)..<UInt32(clamping: $0.upperBound) },
                    fileNames: reader.fileNames(ofUnit: unit.index))
            }
        }
    }

    /// The unit whose ranges hold `address`.
    public func compilationUnitIndex(containing address: UInt32) -> Int? {
        locked { $0.compilationUnitIndex.unitIndex(containing: address) }
    }

    /// Full paths that `LineRow.fileIndex` indexes.
    public var sourceFiles: [String] {
        locked { $0.sourceFiles }
    }

    /// The path of a row's file.
    public func file(of row: LineRow) -> String? {
        locked { reader in
            let paths = reader.sourceFiles
            return Int(row.fileIndex) < paths.count ? paths[Int(row.fileIndex)] : nil
        }
    }

    /// Every unit's rows merged, sorted by address (an end of sequence before a row
    /// at the same address); rows with line 0 and rows of dropped code left out.
    public var lineTable: [LineRow] {
        locked { $0.publicLineRows }
    }

    /// The line-table row whose range holds `address`, line-0 rows included.
    public func lineRow(at address: UInt32) -> LineRow? {
        locked { reader in reader.lineTable.rowIndex(covering: address).map { reader.lineTable.rows[$0] } }
    }

    /// File, line and column of the row covering `address`; nil in gaps and in code with line 0.
    public func sourceLocation(at address: UInt32) -> SourceLocation? {
        locked { reader in
            reader.lineTable.rowIndex(covering: address).flatMap { reader.location(of: reader.lineTable.rows[$0]) }
        }
    }

    /// The source frames at `address`, innermost first: inlined calls, then the function.
    public func frames(at address: UInt32) -> [SourceFrame] {
        locked { $0.frames(at: address) }
    }

    // MARK: Breakpoints

    /// Where a breakpoint on `file:line` goes, the way gdb chooses: the statement
    /// rows of that line, or of the next line with code when it has none; one
    /// address per lexical block (the lowest), and a function's first line moved
    /// past its prologue. `file` is a full path, a suffix of one starting at a
    /// `/`, or a base name. nil when no later line of a matching file has code.
    public func addresses(file: String, line: Int) -> BreakpointLocations? {
        locked { $0.breakpointLocations(file: file, line: line) }
    }

    /// The first address after `function`'s prologue: the first row marked
    /// prologue_end, else the first row past the entry (gdb's rule), else the entry.
    /// Never inside the body's local declarations, when the module's bodies are known.
    public func breakpointAddress(of function: FunctionInfo) -> UInt32 {
        locked { $0.breakpointAddress(of: function) }
    }

    // MARK: Functions

    public var functions: [FunctionInfo] {
        locked { $0.functionTable.functions }
    }

    /// By name, qualified name or linkage name; an external definition wins over a static one.
    public func function(named name: String) -> FunctionInfo? {
        locked { $0.functionTable.function(named: name) }
    }

    public func function(containing address: UInt32) -> FunctionInfo? {
        locked { $0.functionTable.function(containing: address) }
    }

    /// DW_AT_frame_base of the function, resolved at `address` (DW_OP_fbreg counts from it).
    public func frameBase(of function: FunctionInfo, at address: UInt32) -> LocationExpression? {
        locked { $0.frameBase(ofFunctionAt: function.dieOffset, address: address) }
    }

    // MARK: Variables and types

    /// Parameters and locals visible at `address`, innermost scope first, through
    /// inlined calls out to the function; each scope says which frame of
    /// `frames(at:)` it belongs to.
    public func variables(at address: UInt32) -> [VariableScope] {
        locked { $0.variableScopes(at: address) }
    }

    /// Variables at file or namespace scope that have a location or a constant value.
    public var globalVariables: [Variable] {
        locked { $0.globalVariables }
    }

    public func globalVariable(named name: String) -> Variable? {
        locked { reader in
            reader.globalVariables.first { $0.name == name && $0.location != nil }
                ?? reader.globalVariables.first { $0.name == name }
        }
    }

    /// Every live entry of a variable's location list (one entry with a nil range for a single expression).
    public func locationList(of variable: Variable) -> [LocationListEntry] {
        locked { $0.locationEntries(ofVariableAt: variable.dieOffset) ?? [] }
    }

    /// A type as a C cast spells it: `int`, `point_t`, `struct node`, `union number`,
    /// `enum color`, with `const`/`volatile` and trailing `*`s.
    public func type(named name: String) -> DebugType? {
        locked { $0.typeReader.type(named: name) }
    }

    /// The type whose DIE is at `offset` in `.debug_info`.
    public func type(atOffset offset: UInt64) -> DebugType? {
        locked { $0.typeReader.type(atOffset: offset) }
    }
}
