// `wasmscope-bench jit`: how fast the JIT compiles, and how fast its code runs.
//
//   wasmscope-bench jit [MODULE.wasm] [--runs N] [--units N] [--functions-per-unit N] [--save PATH]
//                       [--programs DIR] [--workload-runs N] [--skip-workloads]
//
// Compile throughput is measured on the same large module the decode figures
// use (the generated corpus unless a module is given), in MB of function
// bodies per second. Then each C workload runs at -O2 under the JIT and
// natively, best of N runs each, printed with the ratio wasm/native.
import Foundation
import WasmCore
import WasmJIT
import WasmRuntime
import WasmValidator

enum JITBenchmark {
    static func run(arguments: [String]) throws {
        let options = JITBenchmarkOptions(arguments: arguments)
        let moduleBytes: [UInt8]
        if let path = options.corpus.modulePath {
            moduleBytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        } else {
            moduleBytes = try CorpusBuilder.build(
                unitCount: options.corpus.unitCount, functionsPerUnit: options.corpus.functionsPerUnit)
        }
        if let path = options.corpus.savePath {
            _ = FileManager.default.createFile(atPath: path, contents: Data(moduleBytes))
        }
        let engine = Engine()
        try measureCompilation(moduleBytes, runs: options.corpus.runs, engine: engine)
        if !options.skipWorkloads {
            try measureWorkloads(options, engine: engine)
        }
    }

    private static func measureCompilation(_ moduleBytes: [UInt8], runs: Int, engine: Engine) throws {
        let module = try Module(decoding: ModuleBytes(moduleBytes))
        let validated = try ModuleValidator.validate(module)
        let codeSize = module.functionBodies.reduce(0) { $0 + $1.entryRange.count }
        let compiled = try Compiler().compile(validated)
        let compileTime = try bestTime(runs: runs) { _ = try Compiler().compile(validated) }
        let loadTime = try bestTime(runs: runs) { _ = try LoadedModule(engine: engine, bytes: moduleBytes) }

        let functionCount = module.functionBodies.count
        let expansion = String(format: "%.1f", Double(compiled.code.count) / Double(codeSize))
        print("jit module: \(moduleBytes.count) bytes, \(codeSize) bytes of code, \(functionCount) functions")
        print("jit machine code: \(compiled.code.count) bytes (\(expansion) per byte of wasm code)")
        print("jit compile: \(megabytesPerSecond(codeSize, compileTime)) of code")
        print("jit compile: \(String(format: "%.0f", Double(functionCount) / compileTime)) functions/s")
        print("load (decode + validate + compile + map): \(megabytesPerSecond(codeSize, loadTime)) of code")
    }

    private static func measureWorkloads(_ options: JITBenchmarkOptions, engine: Engine) throws {
        for workload in JITWorkload.all {
            let directory = URL(fileURLWithPath: options.programsDirectory)
            let source = directory.appendingPathComponent("\(workload.program).c").path
            let flags = [JITWorkload.arenaDefine]

            let bytes = try JITToolchain.buildWasm(source: source, extraFlags: flags)
            let module = try LoadedModule(engine: engine, bytes: bytes, name: "\(workload.program).wasm")
            let instance = try Instance(store: Store(engine: engine), module: module, imports: Imports())
            guard let function = instance.function(workload.function) else {
                throw JITToolchain.Failure(description: "\(workload.program).c does not export \(workload.function)")
            }
            let arguments = workload.arguments.map { Value.i32($0) }
            var results: [Value] = []
            let wasmTime = try bestTime(runs: options.workloadRuns) { results = try function.call(arguments) }

            let nativeOutput = try JITToolchain.runNative(
                source: source, driver: workload.nativeDriver(runs: options.workloadRuns), extraFlags: flags)
            let fields = nativeOutput.split(whereSeparator: \.isWhitespace)
            guard fields.count == 2, let nativeTime = Double(fields[0]) else {
                throw JITToolchain.Failure(description: "unexpected native output: \(nativeOutput)")
            }
            let agrees = results.count == 1 && checksumText(results[0]) == fields[1]
            let figures = String(
                format: "jit %.3f s, native %.3f s, wasm/native %.2f", wasmTime, nativeTime, wasmTime / nativeTime)
            let disagreement = agrees ? "" : " (RESULTS DIFFER: jit \(results), native \(fields[1]))"
            print("\(workload.program).c \(workload.call): \(figures)\(disagreement)")
        }
    }

    private static func checksumText(_ value: Value) -> String {
        switch value {
        case .i32(let bits), .f32(let bits): String(bits)
        case .i64(let bits), .f64(let bits): String(bits)
        default: "\(value)"
        }
    }
}
