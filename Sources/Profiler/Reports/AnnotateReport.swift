/// `--format annotate`: for each of the hottest wasm functions, where inside
/// it the samples landed, at every level wasmscope knows: source lines, then
/// wasm ops, then the machine instructions of the hottest ops. Percentages
/// are of all samples, so they compare across functions.
///
/// A wasm function here is a unit of machine code: samples in code the
/// compiler inlined into it count towards it, and its source lines include
/// the inlined callees' lines.
import Disassembler
import Foundation
import Symbolication
import WasmCore
import WasmJIT
import WasmRuntime

public struct AnnotateReport {
    public var profile: Profile
    public var symbolication: ProfileSymbolication
    /// Wasm functions annotated, hottest first.
    public var functionLimit: Int
    /// Rows per table.
    public var rowLimit: Int
    /// Ops whose machine code is listed, per function.
    public var machineCodeOpLimit: Int

    public init(
        profile: Profile, symbolication: ProfileSymbolication, functionLimit: Int = 5, rowLimit: Int = 12,
        machineCodeOpLimit: Int = 3
    ) {
        self.profile = profile
        self.symbolication = symbolication
        self.functionLimit = functionLimit
        self.rowLimit = rowLimit
        self.machineCodeOpLimit = machineCodeOpLimit
    }

    /// Where one wasm function's samples landed (its leaf frames' weights).
    public struct FunctionBreakdown: Sendable {
        public var function: Int
        public var weight: Int
        public var lines: [(source: SourcePosition, weight: Int)]
        /// Each op with the source line its samples count for (see `ProfileSymbolication` on line 0).
        public var ops: [(moduleOffset: Int, weight: Int, source: SourcePosition?)]
        public var instructions: [(address: UInt64, weight: Int)]
    }

    /// The breakdown of every wasm function with samples of its own, heaviest first.
    public var breakdowns: [FunctionBreakdown] {
        var byFunction: [Int: (weight: Int, lines: [SourcePosition: Int], ops: [Int: Int], instructions: [UInt64: Int])] = [:]
        var opSources: [Int: SourcePosition] = [:]
        for (frameIndex, weight) in profile.weightByLeafFrame() {
            let frame = profile.frames[frameIndex]
            guard let wasmFunction = frame.wasmFunction else { continue }
            var entry = byFunction[wasmFunction] ?? (0, [:], [:], [:])
            entry.weight += weight
            if let source = frame.source {
                entry.lines[SourcePosition(file: source.file, line: source.line, column: 0), default: 0] += weight
            }
            if let offset = frame.moduleOffset {
                entry.ops[offset, default: 0] += weight
                if let source = frame.source { opSources[offset] = source }
            }
            if let address = frame.address { entry.instructions[address, default: 0] += weight }
            byFunction[wasmFunction] = entry
        }
        return byFunction.map { function, entry in
            FunctionBreakdown(
                function: function, weight: entry.weight,
                lines: entry.lines.map { ($0.key, $0.value) }.sorted { ($0.1, -$0.0.line) > ($1.1, -$1.0.line) },
                ops: entry.ops.map { ($0.key, $0.value, opSources[$0.key]) }.sorted { ($0.1, -$0.0) > ($1.1, -$1.0) },
                instructions: entry.instructions.map { ($0.key, $0.value) }.sorted { $0.0 < $1.0 })
        }.sorted { ($0.weight, -$0.function) > ($1.weight, -$1.function) }
    }

    public var text: String {
        var output = ReportFormatting.header(profile)
        let all = breakdowns
        if all.isEmpty { return output + "\nno samples in wasm code\n" }
        var sources = SourceFileCache()
        for breakdown in all.prefix(functionLimit) {
            output += "\n" + annotate(breakdown, sources: &sources)
        }
        if all.count > functionLimit {
            let more = all.count - functionLimit
            output += more == 1 ? "\n(1 more wasm function with samples)\n" : "\n(\(more) more wasm functions with samples)\n"
        }
        return output
    }

    private func percent(_ weight: Int) -> String {
        ReportFormatting.padLeft(ReportFormatting.percent(profile.percent(weight)), 7)
    }

    private func count(_ weight: Int) -> String { ReportFormatting.padLeft(String(weight), 8) }

    private func annotate(_ breakdown: FunctionBreakdown, sources: inout SourceFileCache) -> String {
        let function = profile.functions[breakdown.function]
        var description = [function.moduleName ?? "", function.wasmFunctionIndex.map { "function \($0)" } ?? ""]
        if let definition = function.definition { description.append(ReportFormatting.shortLocation(definition)) }
        var output = "== \(function.displayName) (\(description.filter { !$0.isEmpty }.joined(separator: ", "))): "
        output += "\(ReportFormatting.percent(profile.percent(breakdown.weight))) of all samples (\(breakdown.weight)) ==\n"

        output += "\nSource lines\n  Self%  Samples  Line\n"
        if breakdown.lines.isEmpty { output += "  (no line information: the module has no DWARF)\n" }
        for (source, weight) in breakdown.lines.prefix(rowLimit) {
            let location = ReportFormatting.padRight(ReportFormatting.shortLocation(source), 18)
            let text = sources.line(source.line, of: source.file).map { "  " + $0.trimmingCharacters(in: .whitespaces) } ?? ""
            output += percent(weight) + count(weight) + "  " + location + text + "\n"
        }
        if breakdown.lines.count > rowLimit { output += "  (\(breakdown.lines.count - rowLimit) more lines)\n" }

        let module = function.moduleIndex.flatMap { symbolication.module(at: $0) }
        let compiled = module.flatMap { module in function.wasmFunctionIndex.flatMap { compiledFunction($0, in: module) } }
        output += "\nWasm ops\n  Self%  Samples  Offset    Op                         Line\n"
        for (offset, weight, source) in breakdown.ops.prefix(rowLimit) {
            let opText = module.map { opDescription(at: offset, in: $0, functionIndex: function.wasmFunctionIndex) } ?? ""
            let line = ReportFormatting.shortLocation(source)
            output += percent(weight) + count(weight) + "  " + ReportFormatting.padRight("0x" + String(offset, radix: 16), 8)
                + "  " + ReportFormatting.padRight(opText, 26) + " " + line + "\n"
        }
        if breakdown.ops.count > rowLimit { output += "  (\(breakdown.ops.count - rowLimit) more ops)\n" }

        guard let module, let compiled else { return output }
        output += "\nMachine code of the hottest ops\n"
        let weightsByAddress = Dictionary(breakdown.instructions.map { ($0.address, $0.weight) }, uniquingKeysWith: +)
        let disassembler = Disassembler()
        for (offset, weight, _) in breakdown.ops.prefix(machineCodeOpLimit) {
            guard let entry = compiled.opMap.first(where: { Int($0.wasmOffset) == offset }),
                entry.machineEnd > entry.machineStart
            else { continue }
            let opText = opDescription(at: offset, in: module, functionIndex: function.wasmFunctionIndex)
            output += "  0x\(String(offset, radix: 16)) \(opText): \(ReportFormatting.percent(profile.percent(weight)))\n"
            let bytes = Array(module.compiledModule.code[Int(entry.machineStart)..<Int(entry.machineEnd)])
            let start = UInt64(module.codeBaseAddress) + UInt64(entry.machineStart)
            for instruction in disassembler.instructions(in: bytes, address: start) {
                let instructionWeight = weightsByAddress[instruction.address] ?? 0
                let share = instructionWeight > 0 ? percent(instructionWeight) : "       "
                output += "  " + share + "  0x" + String(instruction.address, radix: 16) + ": " + instruction.text + "\n"
            }
        }
        return output
    }

    private func compiledFunction(_ index: UInt32, in module: LoadedModule) -> CompiledFunction? {
        let defined = Int(index) - module.module.importedFunctionCount
        let functions = module.compiledModule.functions
        if defined >= 0 && defined < functions.count && functions[defined].functionIndex == index { return functions[defined] }
        return functions.first { $0.functionIndex == index }
    }

    private func opDescription(at offset: Int, in module: LoadedModule, functionIndex: UInt32?) -> String {
        guard let functionIndex, let body = OpLookup.body(ofFunction: functionIndex, in: module.module),
            let instruction = OpLookup.instruction(at: offset, in: module.module, body: body)
        else { return "?" }
        return InstructionText.format(instruction, module: module.module)
    }
}

/// Source files read once for their lines; a file that cannot be read gives no text.
struct SourceFileCache {
    private var files: [String: [Substring]?] = [:]

    mutating func line(_ number: Int, of path: String) -> String? {
        if files[path] == nil {
            let text = try? String(contentsOfFile: path, encoding: .utf8)
            files[path] = .some(text.map { $0.split(separator: "\n", omittingEmptySubsequences: false) })
        }
        guard let lines = files[path] ?? nil, number >= 1, number <= lines.count else { return nil }
        return String(lines[number - 1])
    }
}
