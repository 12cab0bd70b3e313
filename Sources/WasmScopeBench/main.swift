// wasmscope-bench: decode throughput of the binary decoder.
//
//   wasmscope-bench [MODULE.wasm] [--runs N] [--units N] [--functions-per-unit N] [--save PATH]
//   wasmscope-bench jit ...   JIT compile throughput and run times (JITBenchmark.swift)
//   wasmscope-bench dwarf ... DWARF load time for a million line rows (DWARFBenchmark.swift)
//   wasmscope-bench profile ... profiler overhead on Demos/build/hotspots.wasm (ProfilerBenchmark.swift)
//   wasmscope-bench debug ...  breakpoint hit and single-step costs, run time under the debugger (DebuggerBenchmark.swift)
//   wasmscope-bench tui ...    the TUI's time to open and key-to-screen latency (TUIBenchmark.swift)
//
// Without a module it compiles a generated C corpus with clang-16 (-O0 -g, the
// shape of a debug build). Prints one figure per line; the best of N runs
// counts. "Code" is the code section's function bodies, what the walk reads.
import Foundation
import WasmCore
import WasmValidator

if CommandLine.arguments.dropFirst().first == "jit" {
    do {
        try JITBenchmark.run(arguments: Array(CommandLine.arguments.dropFirst(2)))
        exit(0)
    } catch {
        FileHandle.standardError.write("wasmscope-bench jit: \(error)\n".data(using: .utf8)!)
        exit(1)
    }
}

if CommandLine.arguments.dropFirst().first == "dwarf" {
    do {
        try DWARFBenchmark.run(arguments: Array(CommandLine.arguments.dropFirst(2)))
        exit(0)
    } catch {
        FileHandle.standardError.write("wasmscope-bench dwarf: \(error)\n".data(using: .utf8)!)
        exit(1)
    }
}

if CommandLine.arguments.dropFirst().first == "debug" {
    do {
        try DebuggerBenchmark.run(arguments: Array(CommandLine.arguments.dropFirst(2)))
        exit(0)
    } catch {
        FileHandle.standardError.write("wasmscope-bench debug: \(error)\n".data(using: .utf8)!)
        exit(1)
    }
}

if CommandLine.arguments.dropFirst().first == "tui" {
    do {
        try TUIBenchmark.run(arguments: Array(CommandLine.arguments.dropFirst(2)))
        exit(0)
    } catch {
        FileHandle.standardError.write("wasmscope-bench tui: \(error)\n".data(using: .utf8)!)
        exit(1)
    }
}

if CommandLine.arguments.dropFirst().first == "profile" {
    do {
        try ProfilerBenchmark.run(arguments: Array(CommandLine.arguments.dropFirst(2)))
        exit(0)
    } catch {
        FileHandle.standardError.write("wasmscope-bench profile: \(error)\n".data(using: .utf8)!)
        exit(1)
    }
}

struct Options {
    var modulePath: String?
    var runs = 15
    var unitCount = 40
    var functionsPerUnit = 250
    /// Where to write the module, to run other tools on the same bytes.
    var savePath: String?

    init(arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--runs": runs = Int(iterator.next() ?? "") ?? runs
            case "--units": unitCount = Int(iterator.next() ?? "") ?? unitCount
            case "--functions-per-unit": functionsPerUnit = Int(iterator.next() ?? "") ?? functionsPerUnit
            case "--save": savePath = iterator.next()
            default: modulePath = argument
            }
        }
    }
}

/// Seconds taken by the fastest of `runs` calls of `body`.
func bestTime(runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        best = min(best, elapsed)
    }
    return best
}

func megabytesPerSecond(_ byteCount: Int, _ seconds: Double) -> String {
    String(format: "%.0f MB/s", Double(byteCount) / seconds / 1e6)
}

let options = Options(arguments: CommandLine.arguments)
let moduleBytes: [UInt8]
do {
    if let path = options.modulePath {
        moduleBytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    } else {
        moduleBytes = try CorpusBuilder.build(unitCount: options.unitCount, functionsPerUnit: options.functionsPerUnit)
    }
} catch {
    FileHandle.standardError.write("wasmscope-bench: cannot get a module: \(error)\n".data(using: .utf8)!)
    exit(1)
}

if let path = options.savePath {
    _ = FileManager.default.createFile(atPath: path, contents: Data(moduleBytes))
}

/// Walks every body from this module, as the validator and the JIT do, through the inlinable
/// `next()`, and looks at each instruction as they would, so that none of the decoding is dead code.
func countInstructions(of module: Module) throws(DecodeError) -> (count: Int, checksum: UInt64) {
    var count = 0
    var checksum: UInt64 = 0
    for body in module.functionBodies {
        var decoder = InstructionDecoder(module: module, body: body)
        while let instruction = try decoder.next() {
            count += 1
            checksum = checksum &* 31 &+ summary(of: instruction)
        }
    }
    return (count, checksum)
}

/// A number from each instruction's kind and immediates, the way a consumer switches on them.
func summary(of instruction: Instruction) -> UInt64 {
    switch instruction {
    case .localGet(let index), .localSet(let index), .localTee(let index), .globalGet(let index), .globalSet(let index):
        UInt64(index)
    case .i32Const(let value): UInt64(UInt32(bitPattern: value))
    case .i64Const(let value): UInt64(bitPattern: value)
    case .memory(let memoryOperator, let memoryArgument): UInt64(memoryOperator.rawValue) &+ memoryArgument.offset
    case .numeric(let numericOperator): UInt64(numericOperator.rawValue)
    case .call(let functionIndex): UInt64(functionIndex) << 8
    case .br(let depth), .brIf(let depth): UInt64(depth) << 16
    case .brTable(let table): UInt64(table.targetCount)
    case .block(let type), .loop(let type), .if(let type): type == .empty ? 5 : 6
    case .end: 7
    default: 1
    }
}

do {
    let bytes = ModuleBytes(moduleBytes)
    let module = try Module(decoding: bytes)
    let codeSize = module.functionBodies.reduce(0) { $0 + $1.entryRange.count }
    let (instructionCount, checksum) = try countInstructions(of: module)

    let decodeTime = try bestTime(runs: options.runs) { _ = try Module(decoding: bytes) }
    let walkTime = try bestTime(runs: options.runs) { _ = try countInstructions(of: module) }
    let totalTime = try bestTime(runs: options.runs) { _ = try countInstructions(of: try Module(decoding: bytes)) }
    let validateTime = try bestTime(runs: options.runs) { _ = try ModuleValidator.validate(module) }
    let decodeAndValidateTime = try bestTime(runs: options.runs) {
        _ = try ModuleValidator.validate(try Module(decoding: bytes))
    }

    print("module size: \(moduleBytes.count) bytes")
    print("code size (function bodies): \(codeSize) bytes")
    print("functions: \(module.functionBodies.count)")
    print("instructions: \(instructionCount) (checksum \(String(checksum, radix: 16)))")
    print("module decode: \(megabytesPerSecond(moduleBytes.count, decodeTime)) of module")
    print("instruction walk: \(megabytesPerSecond(codeSize, walkTime)) of code")
    print("instruction walk: \(String(format: "%.0f", Double(instructionCount) / walkTime / 1e6)) M instructions/s")
    print("decode + walk: \(megabytesPerSecond(moduleBytes.count, totalTime)) of module")
    print("decode + walk: \(megabytesPerSecond(codeSize, totalTime)) of code")
    print("validate (decoding bodies included): \(megabytesPerSecond(codeSize, validateTime)) of code")
    print("decode + validate: \(megabytesPerSecond(moduleBytes.count, decodeAndValidateTime)) of module")
    print(String(format: "validation cost / decode cost: %.2f", (validateTime - walkTime) / totalTime))
} catch {
    FileHandle.standardError.write("wasmscope-bench: \(error)\n".data(using: .utf8)!)
    exit(1)
}
