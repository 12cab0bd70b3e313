import DWARF
import Debugger
import Foundation
import TestSupport
import Testing
import WAT
import WasmCore
import WasmJIT
import WasmRuntime

private let engine = Engine()

/// Listings of compiled functions: every op once with the machine code the
/// op map gives it, lookups that agree with the lines, the debugger's int3
/// patches hidden, and source lines from a demo's DWARF.
@Suite struct FunctionDisassemblyTests {
    static let moduleText = """
        (module $sample
          (type $binary (func (param i32 i32) (result i32)))
          (import "env" "log" (func $log (param i32)))
          (memory 1)
          (global $total (mut i32) (i32.const 0))
          (table 2 funcref)
          (elem (i32.const 0) func $divide $classify)
          (func $divide (export "divide") (param $a i32) (param $b i32) (result i32)
            (i32.div_s (local.get $a) (local.get $b)))
          (func $classify (param $x i32) (param $unused i32) (result i32) (local $acc i32)
            (block $out
              (block $two (block $one (block $zero
                (br_table $zero $one $two $out (local.get $x)))
                (local.set $acc (i32.const 10)) (br $out))
                (local.set $acc (i32.const 20)) (br $out))
              (local.set $acc (i32.load offset=8 (local.get $x))))
            (loop $again
              (local.set $acc (i32.add (local.get $acc) (i32.const 1)))
              (br_if $again (i32.lt_s (local.get $acc) (i32.const 100))))
            (if (result i32) (local.get $x)
              (then (call $divide (local.get $acc) (local.get $x)))
              (else (call_indirect (type $binary) (local.get $acc) (i32.const 1) (i32.const 0))))
            (call $log (local.get $acc))
            (global.set $total (local.get $acc)))
        )
        """

    static func loadSample(options: Compiler.Options = .debugging) throws -> LoadedModule {
        let bytes = try wat2wasm(moduleText, options: EncodeOptions(nameSection: true))
        return try LoadedModule(engine: engine, bytes: bytes, name: "sample.wasm", options: options)
    }

    /// The original code of `module`, as the compiler emitted it.
    static func compiledCode(of module: LoadedModule) -> (UInt, Int) -> [UInt8] {
        { address, count in
            let offset = Int(address - module.codeBaseAddress)
            return Array(module.compiledModule.code[offset..<(offset + count)])
        }
    }

    static func opOffsets(_ listing: FunctionDisassembly) -> [Int] {
        listing.lines.compactMap { if case .op(let offset, _, _, _) = $0.kind { offset } else { nil } }
    }

    // MARK: Structure

    @Test(arguments: [Compiler.Options(), Compiler.Options.debugging])
    func everyOpAppearsOnceOverItsMachineCode(options: Compiler.Options) throws {
        let module = try Self.loadSample(options: options)
        for compiled in module.compiledModule.functions {
            let listing = try FunctionDisassembly(module: module, functionIndex: compiled.functionIndex)
            try Self.expectWellFormed(listing, of: compiled, in: module)
            #expect(!listing.lines.contains { $0.isSource }, "a module without DWARF has no source lines")
        }
    }

    /// The same over every function of a C program, libc included.
    @Test func everyFunctionOfADemoIsWellFormed() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: try Demos.wasm("crash"))))
        let module = try LoadedModule(engine: engine, bytes: bytes, name: "crash.wasm", options: .debugging)
        let debugInfo = try #require(try DebugInfo(moduleBytes: bytes, module: module.module))
        #expect(module.compiledModule.functions.count > 50)
        for compiled in module.compiledModule.functions {
            let listing = try FunctionDisassembly(
                module: module, functionIndex: compiled.functionIndex, debugInfo: debugInfo,
                sourceLine: { _, _ in nil })
            try Self.expectWellFormed(listing, of: compiled, in: module)
        }
    }

    /// Every op once, in order; machine code covering the function without
    /// gaps or overlaps, in address order; code under an op inside the op's
    /// range in the op map; the prologue before the first op and owned by it.
    static func expectWellFormed(
        _ listing: FunctionDisassembly, of compiled: CompiledFunction, in module: LoadedModule
    ) throws {
        let body = module.module.functionBodies[Int(compiled.functionIndex) - module.module.importedFunctionCount]
        let walked = try OperatorWalker.instructions(of: body, in: module.module)
        #expect(opOffsets(listing) == walked.map(\.moduleOffset))
        let opOffsetSet = Set(walked.map(\.moduleOffset))

        let base = module.codeBaseAddress
        let opRanges = Dictionary(
            uniqueKeysWithValues: compiled.opMap.map {
                (Int($0.wasmOffset), (base + UInt($0.machineStart))..<(base + UInt($0.machineEnd)))
            })
        var expectedAddress = base + UInt(compiled.codeRange.lowerBound)
        var currentOp: Int?
        for line in listing.lines {
            switch line.kind {
            case .op(let offset, _, _, _):
                currentOp = offset
                #expect(line.moduleOffset == offset)
            case .machine(let address, let bytes, _, let owner):
                #expect(address == expectedAddress)
                expectedAddress = address + UInt(bytes.count)
                #expect(line.moduleOffset == owner)
                #expect(opOffsetSet.contains(owner))
                if listing.bodyAddresses.contains(address) {
                    #expect(owner == currentOp)
                    let range = try #require(opRanges[owner])
                    #expect(range.lowerBound <= address && address + UInt(bytes.count) <= range.upperBound)
                } else if address < listing.bodyAddresses.lowerBound {
                    #expect(currentOp == nil, "the prologue comes before the first op")
                    #expect(owner == walked.first?.moduleOffset)
                }
            case .source:
                #expect(opOffsetSet.contains(line.moduleOffset))
            }
        }
        #expect(expectedAddress == listing.codeAddresses.upperBound)
        #expect(listing.codeAddresses.count == compiled.codeRange.count)
    }

    @Test func trapStubsBelongToTheOpsThatTrap() throws {
        let module = try Self.loadSample()
        let listing = try FunctionDisassembly(module: module, functionIndex: 1)
        let outOfLine = listing.lines.filter {
            guard let address = $0.machineAddress else { return false }
            return address >= listing.bodyAddresses.upperBound
        }
        let division = try #require(
            listing.lines.first { if case .op(_, _, "i32.div_s", _) = $0.kind { true } else { false } })
        let stubs = outOfLine.filter {
            if case .machine(_, _, let text, _) = $0.kind { text.hasPrefix("ud2") } else { false }
        }
        #expect(!stubs.isEmpty)
        #expect(stubs.contains { line in
            guard case .machine(_, _, let text, let owner) = line.kind else { return false }
            return owner == division.moduleOffset && text == "ud2 ; trap: integer divide by zero"
        })
    }

    @Test func opsHaveTheirTextDepthAndAnnotations() throws {
        let module = try Self.loadSample()
        let listing = try FunctionDisassembly(module: module, functionIndex: 2)
        #expect(listing.name == "classify")
        let ops = listing.lines.compactMap { line -> (depth: Int, text: String, annotation: String?)? in
            if case .op(_, let depth, let text, let annotation) = line.kind { (depth, text, annotation) } else { nil }
        }
        #expect(ops.first?.text == "block")
        #expect(ops.contains { $0.text == "br_table 0 1 2 3" && $0.depth == 4 })
        #expect(ops.contains { $0.text == "i32.load offset=8" && $0.annotation == nil })
        #expect(ops.contains { $0.text == "local.get 2" && $0.annotation == "$acc" })
        #expect(ops.contains { $0.text == "call 1" && $0.annotation == "divide" })
        #expect(ops.contains { $0.text == "call 0" && $0.annotation == "log" })
        #expect(ops.contains { $0.text == "call_indirect (type 0)" && $0.annotation == "(i32 i32) -> (i32)" })
        #expect(ops.last.map { $0.text == "end" && $0.depth == 0 } == true)
        // A direct call's machine code names its callee.
        #expect(listing.lines.contains { line in
            guard case .machine(_, _, let text, _) = line.kind else { return false }
            return text.hasPrefix("call ") && text.hasSuffix(" <divide>")
        })
    }

    @Test func importedAndUnknownFunctionsHaveNoListing() throws {
        let module = try Self.loadSample()
        #expect(throws: DisassemblyError.self) { try FunctionDisassembly(module: module, functionIndex: 0) }
        #expect(throws: DisassemblyError.self) { try FunctionDisassembly(module: module, functionIndex: 3) }
    }

    // MARK: Lookups

    @Test func lookupsAgreeWithTheLines() throws {
        let module = try Self.loadSample()
        let listing = try FunctionDisassembly(module: module, functionIndex: 2)
        for (index, line) in listing.lines.enumerated() {
            switch line.kind {
            case .op(let offset, _, _, _):
                let block = try #require(listing.lines(forModuleOffset: offset))
                #expect(block.lowerBound == index)
                #expect(block.dropFirst().allSatisfy {
                    listing.lines[$0].isMachine && listing.lines[$0].moduleOffset == offset
                })
            case .machine(let address, let bytes, _, _):
                #expect(listing.index(ofMachineAddress: address) == index)
                #expect(listing.index(ofMachineAddress: address + UInt(bytes.count) - 1) == index)
            case .source:
                break
            }
        }
        // An offset inside an op's immediates belongs to that op.
        let load = try #require(listing.lines.first {
            if case .op(_, _, "i32.load offset=8", _) = $0.kind { true } else { false }
        })
        let loadLines = listing.lines(forModuleOffset: load.moduleOffset)
        #expect(listing.lines(forModuleOffset: load.moduleOffset + 1) == loadLines)
        #expect(listing.lines(forModuleOffset: listing.moduleOffsets.upperBound) == nil)
        #expect(listing.index(ofMachineAddress: listing.codeAddresses.upperBound) == nil)
        #expect(listing.index(ofMachineAddress: listing.codeAddresses.lowerBound) == 0)
        #expect(listing.index(ofSourceLine: 1) == nil)
    }

    // MARK: Patched code

    @Test func int3PatchesAreHiddenByTheOriginalCodeReader() throws {
        let module = try Self.loadSample()
        let compiled = module.compiledModule.functions[1]
        let original = try FunctionDisassembly(
            module: module, functionIndex: 2, originalCode: Self.compiledCode(of: module))
        let patchOffset = Int(try #require(compiled.opMap.first { $0.machineEnd > $0.machineStart }).machineStart)
        module.codeMemory.write([0xCC], atOffset: patchOffset)
        defer { module.codeMemory.write([module.compiledModule.code[patchOffset]], atOffset: patchOffset) }
        let patchAddress = module.codeBaseAddress + UInt(patchOffset)

        let patched = try FunctionDisassembly(module: module, functionIndex: 2)
        let patchedLine = try #require(patched.index(ofMachineAddress: patchAddress))
        let owner = patched.lines[patchedLine].moduleOffset
        #expect(
            patched.lines[patchedLine].kind
                == .machine(address: patchAddress, bytes: [0xCC], text: "int3", moduleOffset: owner))

        let hidden = try FunctionDisassembly(
            module: module, functionIndex: 2, originalCode: Self.compiledCode(of: module))
        #expect(hidden.lines == original.lines)
        #expect(!hidden.lines.contains { if case .machine(_, _, "int3", _) = $0.kind { true } else { false } })
    }

    // MARK: Rendering

    @Test func renderingMarksTheCurrentInstructionAndBreakpoints() throws {
        let module = try Self.loadSample()
        let listing = try FunctionDisassembly(module: module, functionIndex: 2)
        let machine = listing.lines.compactMap(\.machineAddress)
        let current = machine[machine.count / 2]
        let breakpoint = machine[machine.count / 3]
        let text = listing.render(currentPC: current + 1, breakpoints: [breakpoint])
        #expect(text.first == "Dump of assembler code for function classify (wasm function 2):")
        #expect(text.last == "End of assembler dump.")
        #expect(text.filter { $0.hasPrefix("=>") }.count == 1)
        #expect(text.first { $0.hasPrefix("=>") }?.contains("0x\(String(current, radix: 16)) <+") == true)
        #expect(text.filter { $0.hasPrefix("  * ") }.count == 1)
        #expect(text.first { $0.hasPrefix("  * ") }?.contains("0x\(String(breakpoint, radix: 16)) <+") == true)
        #expect(text.contains("    <prologue>"))
        #expect(text.contains("    <out-of-line code>"))
        #expect(text.count == listing.lines.count + 4)
        #expect(text.allSatisfy { $0.count <= 120 })

        // Without machine code the marker moves to the op that holds the pc.
        let opsOnly = listing.render(
            currentPC: current, options: FunctionDisassembly.RenderOptions(showsMachineCode: false))
        let marked = try #require(opsOnly.first { $0.hasPrefix("=>") })
        let owner = try #require(listing.index(ofMachineAddress: current))
        let ownerOffset = listing.lines[owner].moduleOffset
        #expect(marked.hasPrefix("=>  0x\(String(ownerOffset, radix: 16)) "))
        #expect(opsOnly.count == listing.lines.filter(\.isOp).count + 2)
    }

    // MARK: Source lines from a demo

    @Test func demoFunctionShowsItsSourceLines() throws {
        let path = try Demos.wasm("crash")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let module = try LoadedModule(engine: engine, bytes: bytes, name: "crash.wasm", options: .debugging)
        let debugInfo = try #require(try DebugInfo(moduleBytes: bytes, module: module.module))
        let names = try #require(module.module.names)
        let average = try #require(names.functionNames.first { $0.value == "average" }?.key)
        let listing = try FunctionDisassembly(module: module, functionIndex: average, debugInfo: debugInfo)

        let trapLine = try Demos.line(of: "TRAP: div", in: "crash", file: "crash.c")
        let sourceLines = try String(contentsOfFile: Demos.source("crash", "crash.c"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        let sources = listing.lines.compactMap { line -> (file: String, line: Int, text: String?)? in
            if case .source(let file, let number, let text) = line.kind { (file, number, text) } else { nil }
        }
        #expect(!sources.isEmpty)
        for source in sources {
            #expect(source.file.hasSuffix("crash/crash.c"))
            #expect(source.text == String(sourceLines[source.line - 1]))
        }
        let trapIndex = try #require(listing.index(ofSourceLine: trapLine, file: "crash.c"))
        #expect(listing.index(ofSourceLine: trapLine, file: "other.c") == nil)
        // The division the trap marker names is among the ops of that line.
        let nextSource = listing.lines[(trapIndex + 1)...].firstIndex(where: \.isSource) ?? listing.lines.endIndex
        #expect(listing.lines[trapIndex..<nextSource].contains {
            if case .op(_, _, "i32.div_s", _) = $0.kind { true } else { false }
        })

        let text = listing.render()
        #expect(text.first == "Dump of assembler code for function average (wasm function \(average)):")
        #expect(text.contains("crash.c:\(trapLine)  " + String(sourceLines[trapLine - 1])))
    }
}
