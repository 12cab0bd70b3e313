/// `inspect --disassemble`: the JIT's code for a function as `run` compiles
/// it (pinned loop locals), or as the debugger does with `--debugging`.
import Foundation
import TestSupport
import Testing

@testable import WasmScopeCommands

@Suite struct InspectDisassemblyTests {
    @Test func aFunctionByNameOrIndexAsRunAndAsTheDebuggerCompileIt() throws {
        let path = try Demos.wasm("hotspots")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let run = Inspect.disassembly(of: ["fnv1a"], in: bytes, name: "hotspots.wasm")
        #expect(run.succeeded)
        let header = try #require(run.lines.first)
        #expect(header.hasPrefix("Dump of assembler code for function fnv1a (wasm function "), "\(header)")
        #expect(run.lines.contains { $0.contains("hotspots.c:48") }, "source lines are shown")
        #expect(run.lines.contains { $0.hasSuffix("local.tee 0") })
        // The loop's locals are pinned: the prologue saves rbx and loads a parameter into it.
        #expect(run.lines.contains { $0.hasSuffix("mov qword ptr [rbp-0x40], rbx") }, "\(run.lines.joined(separator: "\n"))")

        let index = String(header.split(separator: " ").last!.dropLast(2))
        let byIndex = Inspect.disassembly(of: [index], in: bytes, name: "hotspots.wasm")
        #expect(byIndex.lines.first == header)

        let debugging = Inspect.disassembly(of: ["fnv1a"], in: bytes, name: "hotspots.wasm", debugging: true)
        #expect(debugging.succeeded)
        // The debugger's code pins the same locals, but their slots start at
        // zero too (the debugger reads callers' locals there).
        #expect(debugging.lines.contains { $0.hasSuffix("mov qword ptr [rbp-0x40], rbx") })
        #expect(debugging.lines.contains { $0.hasSuffix("mov qword ptr [rbp-0x20], rax") })
        #expect(!run.lines.contains { $0.hasSuffix("mov qword ptr [rbp-0x20], rax") })
    }

    @Test func unknownFunctionsAndBadModulesAreErrors() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try Demos.wasm("hotspots"))))
        let unknown = Inspect.disassembly(of: ["nosuch", "fnv1a"], in: bytes, name: "hotspots.wasm")
        #expect(!unknown.succeeded)
        #expect(unknown.lines.first == "wasmscope: no function \"nosuch\" in hotspots.wasm (a name or an index)")
        #expect(unknown.lines.contains { $0.hasPrefix("Dump of assembler code for function fnv1a") }, "the others still show")
        let malformed = Inspect.disassembly(of: ["f"], in: [0, 0x61, 0x73], name: "bad.wasm")
        #expect(!malformed.succeeded && malformed.lines.count == 1 && malformed.lines[0].hasPrefix("wasmscope: bad.wasm: "))
    }
}
