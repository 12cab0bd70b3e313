import Foundation
import Testing
@testable import WasmCore

/// Checks instruction boundaries against another decoder: llvm-objdump's
/// disassembly of a clang-compiled module, when both tools are installed.
@Suite struct ObjdumpCrossCheckTests {
    static let objdumpPath = "/usr/bin/llvm-objdump-16"
    static var toolsAreInstalled: Bool {
        TestModules.clangIsInstalled && FileManager.default.isExecutableFile(atPath: objdumpPath)
    }

    /// The code-section offsets of the instructions llvm-objdump lists.
    static func objdumpInstructionOffsets(of bytes: [UInt8]) throws -> [Int] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("objdump-\(UUID().uuidString).wasm")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: objdumpPath)
        process.arguments = ["-d", file.path]
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        // Instruction lines look like "      1f: 41 7f   i32.const -1".
        return text.split(separator: "\n").compactMap { line in
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard let colon = trimmed.firstIndex(of: ":"), colon != trimmed.startIndex,
                trimmed[trimmed.index(after: colon)...].first == "\t" || trimmed[trimmed.index(after: colon)...].first == " ",
                let offset = Int(trimmed[..<colon], radix: 16)
            else { return nil }
            return offset
        }
    }

    @Test(.enabled(if: toolsAreInstalled), arguments: [["-O0", "-g"], ["-O2"], ["-O2", "-msimd128", "-mbulk-memory"]])
    func instructionBoundariesMatchLLVMObjdump(flags: [String]) throws {
        let bytes = try TestModules.clangModule(flags: flags)
        let module = try Module(decoding: bytes)
        let codeStart = try #require(module.codeSectionPayloadOffset)
        var offsets: [Int] = []
        for body in module.functionBodies {
            var decoder = InstructionDecoder(module: module, body: body)
            while try decoder.next() != nil { offsets.append(decoder.instructionOffset - codeStart) }
        }
        let expected = try Self.objdumpInstructionOffsets(of: bytes)
        #expect(offsets.count > 100)
        #expect(offsets == expected)
    }
}
