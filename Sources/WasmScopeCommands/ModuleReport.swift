/// The text `inspect` prints for a decoded module. Kept apart from the command
/// so tests can check it without capturing stdout.
import WasmCore
import WasmValidator

struct ModuleReport {
    let module: Module
    let name: String
    let validation: Result<ValidatedModule, ModuleCheckError>

    init(module: Module, name: String) {
        self.module = module
        self.name = name
        validation = Result { () throws(ModuleCheckError) in try ModuleValidator.validate(module) }
    }

    var isValid: Bool { if case .success = validation { true } else { false } }

    func render() -> String {
        var lines: [String] = []
        switch validation {
        case .success: lines.append("\(name): \(module.bytes.count) bytes, valid")
        case .failure(let error): lines.append("\(name): \(module.bytes.count) bytes, \(error)")
        }
        lines.append(
            "types \(module.types.count), imports \(module.imports.count), functions \(module.functionTypeIndices.count), "
                + "tables \(module.allTables.count), memories \(module.allMemories.count), globals \(module.allGlobalTypes.count), "
                + "exports \(module.exports.count), element segments \(module.elements.count), data segments \(module.dataSegments.count)"
        )
        if !module.imports.isEmpty {
            lines.append("imports:")
            lines += module.imports.map { "  \($0.module).\($0.name): \(describe($0.descriptor))" }
        }
        if !module.exports.isEmpty {
            lines.append("exports:")
            lines += module.exports.map { "  \"\($0.name)\": \(describe($0.descriptor))" }
        }
        if !module.functionBodies.isEmpty {
            lines.append("functions:")
            lines += functionLines()
        }
        if !module.customSections.isEmpty {
            lines.append("custom sections:")
            lines += module.customSections.map {
                "  \($0.name) at 0x\(hex($0.sectionOffset)), \($0.payloadRange.count) bytes"
            }
        }
        return lines.joined(separator: "\n")
    }

    private func functionLines() -> [String] {
        let importedFunctions = module.importedFunctionCount
        let summaries = (try? validation.get())?.functionSummaries
        return module.functionBodies.enumerated().map { definedIndex, body in
            let index = UInt32(importedFunctions + definedIndex)
            let typeIndex = Int(module.functionTypeIndices[definedIndex])
            let type = typeIndex < module.types.count ? module.types[typeIndex].description : "?"
            let functionName = module.names?.functionNames[index].map { " \($0)" } ?? ""
            var line = "  [\(index)]\(functionName) \(type) code 0x\(hex(body.codeRange.lowerBound))..0x\(hex(body.codeRange.upperBound))"
            line += ", \(body.localCount) locals, \(operatorCount(body)) ops"
            if let summary = summaries?[definedIndex] { line += ", max stack \(summary.maxOperandStackHeight)" }
            return line
        }
    }

    private func operatorCount(_ body: FunctionBody) -> String {
        var decoder = InstructionDecoder(module: module, body: body)
        var count = 0
        do {
            while try decoder.next() != nil { count += 1 }
        } catch {
            return "malformed (\(error))"
        }
        return String(count)
    }

    private func describe(_ descriptor: ImportDescriptor) -> String {
        switch descriptor {
        case .function(let type): "func \(type < module.types.count ? module.types[Int(type)].description : "type \(type)")"
        case .table(let table): "table \(table.elementType) \(describe(table.limits))"
        case .memory(let memory): "memory \(describe(memory.limits))"
        case .global(let global): "global \(global.isMutable ? "mut " : "")\(global.valueType)"
        }
    }

    private func describe(_ descriptor: ExportDescriptor) -> String {
        switch descriptor {
        case .function(let index): "func \(index)"
        case .table(let index): "table \(index)"
        case .memory(let index): "memory \(index)"
        case .global(let index): "global \(index)"
        }
    }

    private func describe(_ limits: Limits) -> String {
        "\(limits.minimum)" + (limits.maximum.map { "..\($0)" } ?? "..")
    }

    private func hex(_ value: Int) -> String { String(value, radix: 16) }
}
