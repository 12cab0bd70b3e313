/// Exact call counts from the JIT's prologue hook (`Compiler.Options.countsCalls`),
/// read through `LoadedModule.callCounts()`: known call patterns, traps,
/// stack exhaustion, calls from the host and through tables, several instances.
import Testing
import WAT
import WasmCore
import WasmJIT

@testable import WasmRuntime

private let engine = Engine()

@Suite struct CallCountTests {
    let store = Store(engine: engine)

    static let program = """
        (module
          (import "host" "tick" (func $tick))
          (table 1 funcref)
          (elem (i32.const 0) $leaf)
          (func $fib (export "fib") (param i32) (result i32)
            (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
              (then (local.get 0))
              (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                             (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
          (func $leaf (result i32) (i32.const 1))
          (func (export "loop") (param i32) (result i32) (local i32)
            (block (loop
              (br_if 1 (i32.eqz (local.get 0)))
              (local.set 1 (i32.add (local.get 1) (call $leaf)))
              (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
              (br 0)))
            (local.get 1))
          (func (export "indirect") (result i32) (call_indirect (result i32) (i32.const 0)))
          (func (export "trapAfterThreeLeaves")
            (drop (call $leaf)) (drop (call $leaf)) (drop (call $leaf)) (call $tick) unreachable)
          (func $forever (export "forever") (call $forever)))
        """

    /// Function indices: the import is 0, so fib 1, leaf 2, loop 3, indirect 4, trap 5, forever 6.
    enum Index {
        static let fib: UInt32 = 1
        static let leaf: UInt32 = 2
        static let loop: UInt32 = 3
        static let trap: UInt32 = 5
        static let forever: UInt32 = 6
    }

    private func load(counting: Bool = true) throws -> LoadedModule {
        try LoadedModule(engine: engine, bytes: try wat2wasm(Self.program), options: Compiler.Options(countsCalls: counting))
    }

    private func instantiate(_ module: LoadedModule) throws -> Instance {
        var imports = Imports()
        imports.define(module: "host", name: "tick", .function(Function(store: store, type: FunctionType(parameters: [], results: [])) { _ in [] }))
        return try Instance(store: store, module: module, imports: imports)
    }

    @Test func recursionCountsEveryCall() throws {
        let module = try load()
        let instance = try instantiate(module)
        #expect(try instance.function("fib")?.call([.i32(10)]) == [.i32(55)])
        // fib(n) makes 2 * fib(n + 1) - 1 calls: 177 for n = 10.
        #expect(module.callCounts()?[Index.fib] == 177)
        #expect(module.callCounts()?[Index.leaf] == 0)
        #expect(module.callCounters?.count(ofFunction: 0) == nil, "an import has no counter")
    }

    @Test func aLoopCountsItsCalleeOncePerIteration() throws {
        let module = try load()
        let instance = try instantiate(module)
        #expect(try instance.function("loop")?.call([.i32(1000)]) == [.i32(1000)])
        #expect(module.callCounts()?[Index.loop] == 1)
        #expect(module.callCounts()?[Index.leaf] == 1000)
        _ = try instance.function("indirect")?.call([])
        #expect(module.callCounts()?[Index.leaf] == 1001, "call_indirect counts too")
    }

    @Test func countsSurviveTraps() throws {
        let module = try load()
        let instance = try instantiate(module)
        #expect(throws: Trap.self) { try instance.function("trapAfterThreeLeaves")?.call([]) }
        #expect(module.callCounts()?[Index.trap] == 1)
        #expect(module.callCounts()?[Index.leaf] == 3)
    }

    @Test func stackExhaustionCountsOnlyTheCallsThatGotAFrame() throws {
        let module = try load()
        let instance = try instantiate(module)
        var trap: Trap?
        do { _ = try instance.function("forever")?.call([]) } catch { trap = error }
        #expect(trap?.code == .callStackExhausted)
        let calls = try #require(module.callCounts()?[Index.forever])
        #expect(calls > 1000)
        // The frames the trap unwound are the counted calls, less the ones its backtrace leaves out.
        #expect(calls >= UInt64(trap?.frames.count ?? 0))
    }

    @Test func instancesOfAModuleShareItsCounters() throws {
        let module = try load()
        _ = try instantiate(module).function("fib")?.call([.i32(3)])
        _ = try instantiate(module).function("fib")?.call([.i32(3)])
        #expect(module.callCounts()?[Index.fib] == 10)
        module.callCounters?.reset()
        #expect(module.callCounts()?[Index.fib] == 0)
    }

    @Test func aModuleCompiledWithoutCountingHasNoCounts() throws {
        let module = try load(counting: false)
        #expect(module.callCounters == nil)
        #expect(module.callCounts() == nil)
        #expect(try instantiate(module).function("fib")?.call([.i32(10)]) == [.i32(55)])
    }
}
