/// Translations between the four ways a debug session names a place in the
/// program: machine addresses in JIT code, module offsets of wasm ops, DWARF
/// addresses (code-section offsets) and source lines. Built once per session
/// over the module it keeps compiled across runs.
import DWARF
import Symbolication
import WasmCore
import WasmJIT
import WasmRuntime

public struct CodeMap {
    public let module: LoadedModule
    public let debugInfo: DebugInfo?
    public let symbolizer: Symbolizer
    /// Function code ranges in module offsets, sorted, for `function(atModuleOffset:)`.
    private let functionsByModuleOffset: [(range: Range<Int>, function: CompiledFunction)]

    init(module: LoadedModule, symbolizer: Symbolizer) {
        self.module = module
        self.symbolizer = symbolizer
        self.debugInfo = symbolizer.debugInfo
        functionsByModuleOffset = module.compiledModule.functions.compactMap { function in
            guard let first = function.opMap.first, let last = function.opMap.last else { return nil }
            return (Int(first.wasmOffset)..<Int(last.wasmOffset) + 1, function)
        }.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    var codeBase: UInt { module.codeBaseAddress }

    public func isModuleCode(_ address: UInt) -> Bool { module.codeRange.contains(address) }

    /// The compiled function whose machine code holds `address`.
    public func function(atMachineAddress address: UInt) -> CompiledFunction? {
        guard isModuleCode(address) else { return nil }
        return module.compiledModule.function(containing: Int(address - codeBase))
    }

    public func function(atModuleOffset offset: Int) -> CompiledFunction? {
        var low = 0
        var high = functionsByModuleOffset.count
        while low < high {
            let middle = (low + high) / 2
            if functionsByModuleOffset[middle].range.upperBound <= offset { low = middle + 1 } else { high = middle }
        }
        guard low < functionsByModuleOffset.count, functionsByModuleOffset[low].range.contains(offset) else {
            return nil
        }
        return functionsByModuleOffset[low].function
    }

    public func function(index: UInt32) -> CompiledFunction? {
        module.compiledModule.functions.first { $0.functionIndex == index }
    }

    /// Where execution stops for the op at `offset` (or the first op after it,
    /// for an offset inside an op or at an op that shares its position).
    public func stopAddress(ofModuleOffset offset: Int) -> UInt? {
        guard let function = function(atModuleOffset: offset) else { return nil }
        let entries = function.debugSideTable.entries
        guard let entry = entries.first(where: { Int($0.wasmOffset) >= offset }) else { return nil }
        return codeBase + UInt(entry.machineOffset)
    }

    /// Whether `address` is an op boundary: a position with a debug side-table entry.
    public func isOpBoundary(_ address: UInt) -> Bool {
        guard let function = function(atMachineAddress: address) else { return false }
        return function.debugSideTable.entry(atMachineOffset: UInt32(address - codeBase)) != nil
    }

    /// The module offset of the op at `address`: at a stop position several
    /// ops can share (those that emit no code start where the next one does),
    /// the first of them, since none has run; inside an op's code, that op.
    public func moduleOffset(atMachineAddress address: UInt) -> Int? {
        guard let function = function(atMachineAddress: address) else { return nil }
        let offset = UInt32(address - codeBase)
        let opMap = function.opMap
        // Binary search for the first entry starting at or after the address.
        var low = 0
        var high = opMap.count
        while low < high {
            let middle = (low + high) / 2
            if opMap[middle].machineStart < offset { low = middle + 1 } else { high = middle }
        }
        if low < opMap.count, opMap[low].machineStart == offset { return Int(opMap[low].wasmOffset) }
        // Inside the code of the last op that started before the address.
        var index = low - 1
        while index > 0, opMap[index].machineStart == opMap[index].machineEnd { index -= 1 }
        return index >= 0 ? Int(opMap[index].wasmOffset) : opMap.first.map { Int($0.wasmOffset) }
    }

    /// DWARF addresses are code-section payload offsets.
    public func debugAddress(ofModuleOffset offset: Int) -> UInt32? {
        symbolizer.debugAddress(moduleOffset: offset)
    }

    public func moduleOffset(ofDebugAddress address: UInt32) -> Int? {
        module.module.codeSectionPayloadOffset.map { $0 + Int(address) }
    }

    /// The source line of an op, nil for line-0 code or without DWARF.
    public func sourceLocation(ofModuleOffset offset: Int) -> SourceLocation? {
        guard let debugInfo, let address = debugAddress(ofModuleOffset: offset) else { return nil }
        return debugInfo.sourceLocation(at: address)
    }

    /// Whether the line-table row covering the op is a statement (is_stmt):
    /// where `step` and `next` may stop.
    public func isStatementStart(moduleOffset offset: Int) -> Bool {
        guard let debugInfo, let address = debugAddress(ofModuleOffset: offset),
            let row = debugInfo.lineRow(at: address)
        else { return false }
        return row.isStatement
    }

    /// Where a breakpoint on a function goes: past the prologue by DWARF when
    /// it knows the function, else the first op of the body (never the locals).
    public func functionBreakpointAddress(named name: String) -> (address: UInt, functionIndex: UInt32)? {
        if let debugInfo, let info = debugInfo.function(named: name) {
            let debugAddress = debugInfo.breakpointAddress(of: info)
            if let offset = moduleOffset(ofDebugAddress: debugAddress), let address = stopAddress(ofModuleOffset: offset),
                let function = function(atMachineAddress: address)
            {
                return (address, function.functionIndex)
            }
        }
        guard let function = module.compiledModule.functions.first(where: { compiled in
            let index = compiled.functionIndex
            let names = [module.module.names?.functionNames[index], symbolizer.functionName(index)]
            return names.contains(name)
        }) else { return nil }
        return (codeBase + UInt(function.bodyStartOffset), function.functionIndex)
    }

    /// The machine addresses of a source line, with the line gdb would pick
    /// when the asked-for line has no code.
    public func addresses(file: String, line: Int) -> (line: Int, file: String, addresses: [UInt])? {
        guard let debugInfo, let locations = debugInfo.addresses(file: file, line: line) else { return nil }
        let addresses = locations.addresses.compactMap { moduleOffset(ofDebugAddress: $0) }.compactMap {
            stopAddress(ofModuleOffset: $0)
        }
        guard !addresses.isEmpty else { return nil }
        return (locations.line, locations.files.first ?? file, Array(Set(addresses)).sorted())
    }
}
