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
    public typealias FunctionBreakdown = FunctionHeat

    /// The breakdown of every wasm function with samples of its own, heaviest first.
    public var breakdowns: [FunctionBreakdown] { FunctionHeat.all(in: profile) }

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
        let listing = try? FunctionListing(function: function, symbolication: symbolication)
        output += "\nWasm ops\n  Self%  Samples  Offset    Op                         Line\n"
        for (offset, weight, source) in breakdown.ops.prefix(rowLimit) {
            let opText = module.map { opDescription(at: offset, in: $0, functionIndex: function.wasmFunctionIndex) } ?? ""
            let line = ReportFormatting.shortLocation(source)
            output += percent(weight) + count(weight) + "  " + ReportFormatting.padRight("0x" + String(offset, radix: 16), 8)
                + "  " + ReportFormatting.padRight(opText, 26) + " " + line + "\n"
        }
        if breakdown.ops.count > rowLimit { output += "  (\(breakdown.ops.count - rowLimit) more ops)\n" }

        guard let module, let listing else { return output }
        output += "\nMachine code of the hottest ops\n"
        for (offset, weight, _) in breakdown.ops.prefix(machineCodeOpLimit) {
            let instructions = listing.instructions(ofOp: offset)
            guard !instructions.isEmpty else { continue }
            let opText = opDescription(at: offset, in: module, functionIndex: function.wasmFunctionIndex)
            output += "  0x\(String(offset, radix: 16)) \(opText): \(ReportFormatting.percent(profile.percent(weight)))\n"
            for instruction in instructions {
                let instructionWeight = breakdown.weight(ofAddress: instruction.address)
                let share = instructionWeight > 0 ? percent(instructionWeight) : "       "
                output += "  " + share + "  0x" + String(instruction.address, radix: 16) + ": " + instruction.text + "\n"
            }
        }
        return output
    }

    private func opDescription(at offset: Int, in module: LoadedModule, functionIndex: UInt32?) -> String {
        guard let functionIndex, let body = OpLookup.body(ofFunction: functionIndex, in: module.module),
            let instruction = OpLookup.instruction(at: offset, in: module.module, body: body)
        else { return "?" }
        return InstructionText.format(instruction, module: module.module)
    }
}
