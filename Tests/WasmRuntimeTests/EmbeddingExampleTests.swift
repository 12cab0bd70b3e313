/// The example of docs/embedding.md, kept compiling and passing here so the
/// page cannot drift from the API.
import Testing
import WAT
import WasmCore
import WasmJIT
import WasmRuntime

@Suite struct EmbeddingExampleTests {
    @Test func theDocumentedExampleRuns() throws {
        var printed: [String] = []
        let lines = try runExample { printed.append($0) }
        #expect(lines == printed)
        #expect(Array(printed.prefix(4)) == ["log: 7", "average = 5", "log: 0", "trap: integer divide by zero"])
        #expect(printed.count == 5)
        #expect(printed.last?.hasPrefix("  #0 0x") == true)
        #expect(printed.last?.hasSuffix(" stats.wasm!average") == true)
    }

    /// docs/embedding.md, "A complete example" (with `print` passed in).
    private func runExample(print: @escaping (String) -> Void) throws -> [String] {
        var output: [String] = []
        let print = { (line: String) in
            output.append(line)
            print(line)
        }

        // --- example begins ---
        let wat = """
            (module
              (import "env" "log" (func $log (param i32)))
              (memory (export "memory") 1)
              (func $average (export "average") (param $sum i32) (param $count i32) (result i32)
                (call $log (local.get $count))
                (i32.div_u (local.get $sum) (local.get $count))))
            """
        let engine = Engine()
        let module = try LoadedModule(engine: engine, bytes: try wat2wasm(wat), name: "stats.wasm")
        let store = Store(engine: engine)

        var imports = Imports()
        let log = Function(store: store, type: FunctionType(parameters: [.i32], results: [])) { arguments in
            print("log: \(arguments[0].i32!)")
            return []
        }
        imports.define(module: "env", name: "log", .function(log))

        let instance = try Instance(store: store, module: module, imports: imports)
        let average = instance.function("average")!

        let results = try average.call([.i32(35), .i32(7)])
        print("average = \(results[0].i32!)")

        do {
            _ = try average.call([.i32(1), .i32(0)])
        } catch {
            print("trap: \(error.message)")
            for (index, frame) in error.frames.enumerated() {
                print("  #\(index) \(frame)")
            }
        }
        // --- example ends ---
        return output
    }
}
