/// Compiled wasm running end to end: the baseline compiler's code through the
/// runtime's entry path, traps and builtins. The spec suite covers operator
/// semantics; these cover what is the compiler's own: values spilled under
/// register pressure, merges carrying values, calls with many arguments and
/// results, large br_tables, frames with many locals, offsets beyond a
/// displacement, trap codes and interrupts.
import Foundation
import Testing
import WAT
import WasmCore
import WasmJIT

@testable import WasmRuntime

private let compiledCodeEngine = Engine()

/// A WAT module compiled by the JIT and instantiated in a fresh store.
struct CompiledInstance {
    let store: Store
    let instance: Instance

    init(_ text: String, imports: Imports = Imports(), options: Compiler.Options = Compiler.Options()) throws {
        try self.init(text, options: options) { _ in imports }
    }

    /// With imports made for the instance's store (host functions belong to one).
    init(_ text: String, options: Compiler.Options = Compiler.Options(), imports: (Store) -> Imports) throws {
        store = Store(engine: compiledCodeEngine)
        let module = try LoadedModule(
            engine: compiledCodeEngine, bytes: try wat2wasm(text), name: "test.wasm", options: options)
        instance = try Instance(store: store, module: module, imports: imports(store))
    }

    func call(_ name: String, _ arguments: [Value] = []) throws(Trap) -> [Value] {
        try instance.function(name)!.call(arguments)
    }

    func trapCode(_ name: String, _ arguments: [Value] = []) -> TrapCode? {
        do {
            _ = try call(name, arguments)
            return nil
        } catch {
            return error.code
        }
    }
}

@Suite struct CompiledCodeTests {
    @Test(arguments: 0..<40)
    func randomIntegerProgramsMatchTheirExpectedValues(seed: Int) throws {
        var program = RandomIntegerProgram(seed: UInt64(seed) &* 7919 &+ 1)
        let parameters = program.parameters
        let (body, expected) = program.generate(width: 6 + seed % 20, depth: 2 + seed % 3)
        let text = """
            (module (func (export "run") (param $a i64) (param $b i64) (param $c i32) (param $d i32) (result i64)
              (local $t0 i64) (local $t1 i64) (local $t2 i32)
              \(body)))
            """
        let instance = try CompiledInstance(text)
        let result = try instance.call("run", [.i64(parameters.a), .i64(parameters.b), .i32(parameters.c), .i32(parameters.d)])
        #expect(result == [.i64(expected)], "seed \(seed):\n\(text)")
    }

    @Test(arguments: 0..<20)
    func randomFloatProgramsMatchTheirExpectedValues(seed: Int) throws {
        var program = RandomFloatProgram(seed: UInt64(seed) &* 104_729 &+ 3)
        let (body, expected) = program.generate(width: 8 + seed, depth: 3)
        let text = """
            (module (func (export "run") (param $x f64) (param $y f64) (result f64)
              \(body)))
            """
        let instance = try CompiledInstance(text)
        let result = try instance.call("run", [.f64(program.x.bitPattern), .f64(program.y.bitPattern)])
        guard case .f64(let bits) = result.first else {
            Issue.record("no f64 result")
            return
        }
        let actual = Double(bitPattern: bits)
        #expect(expected.isNaN ? actual.isNaN : bits == expected.bitPattern, "seed \(seed): \(actual) != \(expected)\n\(text)")
    }

    @Test func callsPassManyArgumentsAndResultsOfEveryType() throws {
        // The callee returns its parameters shuffled; the caller weighs each result.
        let parameters: [(type: String, value: Int)] = [
            ("i32", 1), ("i64", 2), ("f32", 3), ("f64", 4), ("i32", 5), ("i64", 6), ("f32", 7), ("f64", 8), ("i32", 9),
            ("i64", 10), ("f32", 11), ("f64", 12), ("i32", 13), ("i64", 14),
        ]
        let order = [3, 1, 0, 2, 13, 12, 7, 8, 9, 4, 5, 10, 1, 0]
        let weights = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43]
        func toI64(_ type: String, _ local: Int) -> String {
            switch type {
            case "i32": "(i64.extend_i32_u (local.get \(local)))"
            case "f32": "(i64.trunc_f32_s (local.get \(local)))"
            case "f64": "(i64.trunc_f64_s (local.get \(local)))"
            default: "(local.get \(local))"
            }
        }
        let results = order.map { parameters[$0].type }
        var run = "(call $shuffle \(parameters.map { "(\($0.type).const \($0.value))" }.joined(separator: " ")))\n"
        for index in stride(from: order.count - 1, through: 0, by: -1) { run += "(local.set \(index))\n" }
        run += "(i64.const 0)\n"
        for (index, weight) in weights.enumerated() {
            run += "(i64.add (i64.mul \(toI64(results[index], index)) (i64.const \(weight))))\n"
        }
        let instance = try CompiledInstance("""
            (module
              (func $shuffle (param \(parameters.map(\.type).joined(separator: " "))) (result \(results.joined(separator: " ")))
                \(order.map { "(local.get \($0))" }.joined(separator: " ")))
              (func (export "run") (result i64) (local \(results.joined(separator: " ")))
                \(run)))
            """)
        let expected = zip(order, weights).reduce(0) { $0 + parameters[$1.0].value * $1.1 }
        #expect(try instance.call("run") == [.i64(UInt64(expected))])
    }

    @Test func recursionKeepsEachFramesValues() throws {
        let instance = try CompiledInstance("""
            (module (func $fib (export "fib") (param i32) (result i64)
              (if (result i64) (i32.lt_u (local.get 0) (i32.const 2))
                (then (i64.extend_i32_u (local.get 0)))
                (else (i64.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                               (call $fib (i32.sub (local.get 0) (i32.const 2))))))))
            """)
        #expect(try instance.call("fib", [.i32(25)]) == [.i64(75025)])
    }

    @Test func brTableCarriesValuesToEveryTarget() throws {
        var targets = ""
        var blocks = ""
        for index in 0..<40 {
            targets += " $b\(index)"
            blocks = "(block $b\(index) (result i64) " + blocks
        }
        var ends = ""
        for index in 0..<40 {
            // Each block's end adds its own weight to the value that arrives there.
            ends += ") (i64.add (i64.const \(index * 1000))) (return)\n"
        }
        let text = """
            (module (func (export "run") (param i32) (result i64)
              \(blocks)
                (br_table \(targets) $b7 (i64.mul (i64.extend_i32_u (local.get 0)) (i64.const 3)) (local.get 0))
              \(ends)))
            """
        let instance = try CompiledInstance(text)
        for selector in [0, 1, 2, 17, 31, 39, 40, 1000, 0xFFFF_FFFF] as [UInt32] {
            let target = selector < 40 ? Int(selector) : 7
            let expected = UInt64(selector) &* 3 &+ UInt64(target * 1000)
            #expect(try instance.call("run", [.i32(selector)]) == [.i64(expected)], "selector \(selector)")
        }
    }

    @Test func loopsCarryParametersAcrossBackEdges() throws {
        let instance = try CompiledInstance("""
            (module (func (export "sum") (param i32) (result i32 i32) (local i32 i32)
              (i32.const 0) (i32.const 0)
              ;; (count, sum) -> (count + 1, sum + n), n -= 1, until n is 0.
              (loop $again (param i32 i32) (result i32 i32)
                (local.set 1)
                (local.set 2)
                (if (result i32 i32) (i32.eqz (local.get 0))
                  (then (local.get 2) (local.get 1))
                  (else
                    (i32.add (local.get 2) (i32.const 1))
                    (i32.add (local.get 1) (local.get 0))
                    (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                    (br $again))))))
            """)
        #expect(try instance.call("sum", [.i32(10)]) == [.i32(10), .i32(55)])
    }

    @Test func manyLocalsStartAtZero() throws {
        let locals = String(repeating: "i64 ", count: 300)
        var sum = ""
        for index in 0..<300 { sum += "(local.get \(index)) " + (index > 0 ? "i64.or " : "") }
        let instance = try CompiledInstance("""
            (module
              (func $dirty (param i64) (result i64) (local \(locals))
                \((0..<300).map { "(local.set \($0) (i64.const -1))" }.joined(separator: " ")) (local.get 299))
              (func $clean (result i64) (local \(locals)) \(sum))
              (func (export "run") (result i64) (drop (call $dirty (i64.const 0))) (call $clean)))
            """)
        #expect(try instance.call("run") == [.i64(0)])
    }

    @Test func extremeShapesCompileAndRun() throws {
        let depth = 2000
        let nested = String(repeating: "(block ", count: depth) + "(br \(depth - 1))" + String(repeating: ")", count: depth)
        let targets = (0..<10_000).map { " \($0 % 3)" }.joined()
        let parameters = String(repeating: "i64 ", count: 200)
        let instance = try CompiledInstance("""
            (module
              (func (export "nested") (result i32) \(nested) (i32.const 5))
              (func (export "table") (param i32) (result i32)
                (block (block (block (br_table \(targets) 2 (local.get 0))) (return (i32.const 10))) (return (i32.const 11)))
                (i32.const 12))
              (func (export "locals") (result i64) (local \(String(repeating: "i64 ", count: 20_000)))
                (local.set 19_999 (i64.const 3)) (i64.add (local.get 19_998) (local.get 19_999)))
              (func $wide (param \(parameters)) (result i64) (i64.sub (local.get 199) (local.get 0)))
              (func (export "wide") (result i64)
                (call $wide \((0..<200).map { "(i64.const \($0 * 2))" }.joined(separator: " ")))))
            """)
        #expect(try instance.call("nested") == [.i32(5)])
        #expect(try instance.call("table", [.i32(0)]) == [.i32(10)])
        #expect(try instance.call("table", [.i32(1)]) == [.i32(11)])
        #expect(try instance.call("table", [.i32(9_998)]) == [.i32(12)])
        #expect(try instance.call("table", [.i32(9_999)]) == [.i32(10)])
        #expect(try instance.call("table", [.i32(10_000)]) == [.i32(12)])
        #expect(try instance.call("locals") == [.i64(3)])
        #expect(try instance.call("wide") == [.i64(398)])
    }

    @Test func divisionTrapsAndTheRemainderOfMinusOne() throws {
        let instance = try CompiledInstance("""
            (module
              (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
              (func (export "rem_s") (param i64 i64) (result i64) (i64.rem_s (local.get 0) (local.get 1)))
              (func (export "div_u_const") (param i32) (result i32) (i32.div_u (local.get 0) (i32.const 0)))
              (func (export "rem_s_const") (param i32) (result i32) (i32.rem_s (local.get 0) (i32.const -1))))
            """)
        #expect(instance.trapCode("div_s", [.i32(1), .i32(0)]) == .integerDivideByZero)
        #expect(instance.trapCode("div_s", [.i32(0x8000_0000), .i32(0xFFFF_FFFF)]) == .integerOverflow)
        #expect(try instance.call("div_s", [.i32(0xFFFF_FFF9), .i32(2)]) == [.i32(0xFFFF_FFFD)])
        #expect(try instance.call("rem_s", [.i64(1 << 63), .i64(UInt64.max)]) == [.i64(0)])
        #expect(instance.trapCode("rem_s", [.i64(5), .i64(0)]) == .integerDivideByZero)
        #expect(instance.trapCode("div_u_const", [.i32(5)]) == .integerDivideByZero)
        #expect(try instance.call("rem_s_const", [.i32(0x8000_0000)]) == [.i32(0)])
    }

    @Test func truncationsTrapAndSaturateAtTheirExactBounds() throws {
        let instance = try CompiledInstance("""
            (module
              (func (export "i32_f64_s") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
              (func (export "u64_f32") (param f32) (result i64) (i64.trunc_f32_u (local.get 0)))
              (func (export "sat_u32_f64") (param f64) (result i32) (i32.trunc_sat_f64_u (local.get 0)))
              (func (export "u64_to_f32") (param i64) (result f32) (f32.convert_i64_u (local.get 0))))
            """)
        #expect(try instance.call("i32_f64_s", [.f64((-2_147_483_648.9).bitPattern)]) == [.i32(0x8000_0000)])
        #expect(instance.trapCode("i32_f64_s", [.f64((-2_147_483_649.0).bitPattern)]) == .integerOverflow)
        #expect(instance.trapCode("i32_f64_s", [.f64(Double.nan.bitPattern)]) == .invalidConversionToInteger)
        #expect(try instance.call("u64_f32", [.f32(Float(1.8446743e19).bitPattern)]) == [.i64(18_446_742_974_197_923_840)])
        #expect(instance.trapCode("u64_f32", [.f32(Float(1.8446744e19).bitPattern)]) == .integerOverflow)
        #expect(try instance.call("u64_f32", [.f32(Float(-0.9).bitPattern)]) == [.i64(0)])
        #expect(try instance.call("sat_u32_f64", [.f64((4_294_967_296.0).bitPattern)]) == [.i32(0xFFFF_FFFF)])
        #expect(try instance.call("sat_u32_f64", [.f64((-5.0).bitPattern)]) == [.i32(0)])
        #expect(try instance.call("u64_to_f32", [.i64(0xFFFF_FFFF_FFFF_FFFF)]) == [.f32(Float(1.8446744e19).bitPattern)])
        #expect(try instance.call("u64_to_f32", [.i64(0x8000_0080_0000_0001)]) == [.f32(Float(9.223373e18).bitPattern)])
    }

    @Test func memoryOffsetsBeyondADisplacementReachTheGuardRegion() throws {
        let instance = try CompiledInstance("""
            (module (memory 1)
              (func (export "load") (param i32) (result i32) (i32.load offset=0x80000000 (local.get 0)))
              (func (export "store") (param i32) (i64.store offset=0xfffffff0 (local.get 0) (i64.const 1)))
              (func (export "near") (param i32) (result i32)
                (i32.store offset=65532 (local.get 0) (i32.const 0x01020304))
                (i32.load8_u offset=65535 (local.get 0))))
            """)
        #expect(instance.trapCode("load", [.i32(0)]) == .memoryOutOfBounds)
        #expect(instance.trapCode("load", [.i32(0x8000_0000)]) == .memoryOutOfBounds)
        #expect(instance.trapCode("store", [.i32(0xFFFF_FFFF)]) == .memoryOutOfBounds)
        #expect(try instance.call("near", [.i32(0)]) == [.i32(1)])
        #expect(instance.trapCode("near", [.i32(1)]) == .memoryOutOfBounds)
    }

    @Test func indirectCallsCheckBoundsNullAndType() throws {
        let instance = try CompiledInstance("""
            (module
              (type $unary (func (param i32) (result i32)))
              (table 3 funcref)
              (elem (i32.const 0) $double $other)
              (func $double (type $unary) (i32.mul (local.get 0) (i32.const 2)))
              (func $other (param i64) (result i64) (local.get 0))
              (func (export "call") (param i32 i32) (result i32)
                (call_indirect (type $unary) (local.get 1) (local.get 0))))
            """)
        #expect(try instance.call("call", [.i32(0), .i32(21)]) == [.i32(42)])
        #expect(instance.trapCode("call", [.i32(1), .i32(21)]) == .indirectCallTypeMismatch)
        #expect(instance.trapCode("call", [.i32(2), .i32(21)]) == .uninitializedElement)
        #expect(instance.trapCode("call", [.i32(3), .i32(21)]) == .undefinedElement)
    }

    @Test func bulkMemoryAndTableBuiltinsKeepLiveValues() throws {
        let instance = try CompiledInstance("""
            (module (memory 1 2) (table 2 10 funcref)
              (func (export "run") (param i32) (result i32)
                (local.get 0) (i32.const 7) (i32.mul)          ;; a value live across the builtins
                (memory.fill (i32.const 16) (local.get 0) (i32.const 8))
                (memory.copy (i32.const 100) (i32.const 16) (i32.const 8))
                (drop (memory.grow (i32.const 1)))
                (drop (table.grow (ref.null func) (i32.const 3)))
                (i32.add (i32.load8_u (i32.const 107)))
                (i32.add (memory.size))
                (i32.add (table.size 0))))
            """)
        // 5 * 7 + 5 + 2 pages + 5 elements.
        #expect(try instance.call("run", [.i32(5)]) == [.i32(47)])
    }

    @Test func aLoopIsInterruptedFromAnotherThread() throws {
        let instance = try CompiledInstance("(module (func (export \"spin\") (loop (br 0))))")
        let store = instance.store
        // A thread of its own: a Dispatch worker could be starved by guests spinning on the others.
        let interrupter = Thread {
            Thread.sleep(forTimeInterval: 0.05)
            store.interrupt()
        }
        interrupter.start()
        #expect(instance.trapCode("spin") == .interrupted)
        store.clearInterrupt()
    }

    @Test func hostFunctionsAreCalledWithTheirArguments() throws {
        let store = Store(engine: compiledCodeEngine)
        let host = Function(store: store, type: FunctionType(parameters: [.i32, .i64, .f64], results: [.i64])) { arguments in
            [.i64(UInt64(arguments[0].i32!) &+ arguments[1].i64! &+ UInt64(arguments[2].f64!))]
        }
        var imports = Imports()
        imports.define(module: "env", name: "host", .function(host))
        let module = try LoadedModule(engine: compiledCodeEngine, bytes: try wat2wasm("""
            (module (import "env" "host" (func $host (param i32 i64 f64) (result i64)))
              (func (export "run") (param i64) (result i64)
                (i64.add (local.get 0) (call $host (i32.const 1) (i64.const 20) (f64.const 300)))))
            """), name: "test.wasm")
        let instance = try Instance(store: store, module: module, imports: imports)
        #expect(try instance.function("run")!.call([.i64(4000)]) == [.i64(4321)])
    }
}
