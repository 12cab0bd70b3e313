/// Whole modules through the whole pipeline: WAT → bytes → decode, validate,
/// compile → instantiate → call, with host functions, linking, traps and
/// backtraces, and the runtime's builtins reached from compiled code.
import Foundation
import Testing
import WAT
import WasmCore
import WasmJIT

@testable import WasmRuntime

private let engine = Engine()

@Suite struct EndToEndTests {
    let store = Store(engine: engine)

    private func instantiate(_ wat: String, _ imports: Imports = Imports(), name: String? = nil) throws -> Instance {
        let module = try LoadedModule(engine: engine, bytes: try wat2wasm(wat), name: name)
        return try Instance(store: store, module: module, imports: imports)
    }

    private func trapOf(_ body: () throws(Trap) -> [Value]) -> Trap? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    @Test func arithmeticAndLocals() throws {
        let instance = try instantiate(
            """
            (module
              (func (export "factorial") (param i64) (result i64)
                (if (result i64) (i64.eqz (local.get 0))
                  (then (i64.const 1))
                  (else (i64.mul (local.get 0) (call 0 (i64.sub (local.get 0) (i64.const 1)))))))
              (func (export "swap") (param i32 f64) (result f64 i32) (local.get 1) (local.get 0)))
            """)
        #expect(try instance.function("factorial")?.call([.i64(20)]) == [.i64(2_432_902_008_176_640_000)])
        #expect(try instance.function("swap")?.call([.i32(7), .f64(Double(2.5).bitPattern)]) == [.f64(Double(2.5).bitPattern), .i32(7)])
    }

    @Test func trapsCarryTheSpecMessageAndABacktraceWithModuleOffsets() throws {
        let instance = try instantiate(
            """
            (module
              (func $divide (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
              (func (export "outer") (param i32) (result i32) (call $divide (i32.const 10) (local.get 0))))
            """, name: "demo.wasm")
        let outer = try #require(instance.function("outer"))
        #expect(try outer.call([.i32(2)]) == [.i32(5)])
        let trap = try #require(trapOf { () throws(Trap) in try outer.call([.i32(0)]) })
        #expect(trap.code == .integerDivideByZero)
        #expect(trap.message == "integer divide by zero")
        #expect(trap.frames.map(\.functionIndex) == [0, 1])
        #expect(trap.frames.allSatisfy { $0.moduleOffset != nil })
        #expect(trap.frames.allSatisfy { $0.module.name == "demo.wasm" })
        let divideOp = try #require(trap.frames.first?.moduleOffset)
        #expect(instance.module.module.bytes[divideOp] == 0x6D)  // i32.div_s
        let callOp = try #require(trap.frames.last?.moduleOffset)
        #expect(instance.module.module.bytes[callOp] == 0x10)  // call
    }

    @Test func hostFunctionsAreCalledWithArgumentsAndTheirErrorsTrap() throws {
        let log = Locked<[UInt64]>([])
        var imports = Imports()
        imports.define(
            module: "env", name: "record",
            .function(Function(store: store, type: FunctionType(parameters: [.i64, .i32], results: [.i64])) { (arguments) throws(HostError) in
                guard case .i64(let value) = arguments[0], case .i32(let fail) = arguments[1] else { return [] }
                if fail != 0 { throw HostError("record refused \(value)") }
                log.value.append(value)
                return [.i64(value * 10)]
            }))
        let instance = try instantiate(
            """
            (module (import "env" "record" (func $record (param i64 i32) (result i64)))
              (func (export "run") (param i64 i32) (result i64)
                (i64.add (call $record (local.get 0) (local.get 1)) (i64.const 1))))
            """, imports)
        let run = try #require(instance.function("run"))
        #expect(try run.call([.i64(4), .i32(0)]) == [.i64(41)])
        #expect(log.value == [4])
        let trap = try #require(trapOf { () throws(Trap) in try run.call([.i64(5), .i32(1)]) })
        #expect(trap.code == .hostError)
        #expect(trap.message == "record refused 5")
        #expect(trap.frames.map(\.functionIndex) == [1])
    }

    @Test func deepRecursionWorksAndInfiniteRecursionExhaustsTheStack() throws {
        let instance = try instantiate(
            """
            (module
              (func $depth (export "depth") (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                  (else (i32.add (i32.const 1) (call $depth (i32.sub (local.get 0) (i32.const 1)))))))
              (func $forever (export "forever") (call $forever)))
            """)
        #expect(try instance.function("depth")?.call([.i32(10000)]) == [.i32(10000)])
        let trap = try #require(trapOf { () throws(Trap) in try instance.function("forever")!.call([]) })
        #expect(trap.message == "call stack exhausted")
        #expect(try instance.function("depth")?.call([.i32(3)]) == [.i32(3)])
    }

    @Test func anInterruptStopsAGuestLoop() throws {
        let instance = try instantiate(#"(module (func (export "spin") (loop $again (br $again))))"#)
        let store = self.store
        // A thread of its own: spinning guests can starve the global queue on two cores.
        Thread.detachNewThread { Thread.sleep(forTimeInterval: 0.05); store.interrupt() }
        let trap = try #require(trapOf { () throws(Trap) in try instance.function("spin")!.call([]) })
        #expect(trap.code == .interrupted)
        store.clearInterrupt()
    }

    @Test func memoryOperationsAndBuiltins() throws {
        let instance = try instantiate(
            """
            (module (memory (export "memory") 1 4)
              (data $greeting "hello")
              (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
              (func (export "size") (result i32) (memory.size))
              (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
              (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
              (func (export "init") (param i32 i32 i32) (memory.init $greeting (local.get 0) (local.get 1) (local.get 2)))
              (func (export "drop") (data.drop $greeting)))
            """)
        let memory = try #require(instance.memory("memory"))
        let call = { (name: String, arguments: [Value]) throws(Trap) -> [Value] in try instance.function(name)!.call(arguments) }
        #expect(try call("init", [.i32(100), .i32(0), .i32(5)]) == [])
        #expect(try memory.read(at: 100, count: 5) == Array("hello".utf8))
        #expect(try call("copy", [.i32(200), .i32(100), .i32(5)]) == [])
        #expect(try memory.read(at: 200, count: 5) == Array("hello".utf8))
        #expect(try call("fill", [.i32(200), .i32(0x21), .i32(2)]) == [])
        #expect(try memory.read(at: 200, count: 3) == Array("!!l".utf8))
        #expect(trapOf { () throws(Trap) in try call("fill", [.i32(65535), .i32(0), .i32(2)]) }?.message == "out of bounds memory access")
        #expect(trapOf { () throws(Trap) in try call("load", [.i32(65533)]) }?.message == "out of bounds memory access")
        #expect(try call("grow", [.i32(1)]) == [.i32(1)])
        #expect(try call("size", []) == [.i32(2)])
        #expect(try call("load", [.i32(65533)]) == [.i32(0)])
        #expect(try call("grow", [.i32(3)]) == [.i32(0xFFFF_FFFF)])
        #expect(try call("drop", []) == [])
        #expect(trapOf { () throws(Trap) in try call("init", [.i32(0), .i32(0), .i32(1)]) }?.message == "out of bounds memory access")
        #expect(try call("init", [.i32(0), .i32(0), .i32(0)]) == [])
    }

    @Test func tablesAndIndirectCalls() throws {
        let instance = try instantiate(
            """
            (module
              (type $unary (func (param i32) (result i32)))
              (table $table (export "table") 3 10 funcref)
              (elem (table $table) (i32.const 0) func $double $negate)
              (func $double (type $unary) (i32.mul (local.get 0) (i32.const 2)))
              (func $negate (type $unary) (i32.sub (i32.const 0) (local.get 0)))
              (func $nothing)
              (elem declare func $nothing)
              (func (export "apply") (param i32 i32) (result i32)
                (call_indirect $table (type $unary) (local.get 1) (local.get 0)))
              (func (export "grow") (param i32) (result i32) (table.grow $table (ref.null func) (local.get 0)))
              (func (export "setNothing") (param i32) (table.set $table (local.get 0) (ref.func $nothing))))
            """)
        let apply = try #require(instance.function("apply"))
        #expect(try apply.call([.i32(0), .i32(21)]) == [.i32(42)])
        #expect(try apply.call([.i32(1), .i32(5)]) == [.i32(0xFFFF_FFFB)])
        #expect(trapOf { () throws(Trap) in try apply.call([.i32(2), .i32(0)]) }?.code == .uninitializedElement)
        #expect(trapOf { () throws(Trap) in try apply.call([.i32(3), .i32(0)]) }?.code == .undefinedElement)
        #expect(try instance.function("setNothing")?.call([.i32(2)]) == [])
        #expect(trapOf { () throws(Trap) in try apply.call([.i32(2), .i32(0)]) }?.message == "indirect call type mismatch")
        #expect(try instance.function("grow")?.call([.i32(2)]) == [.i32(3)])
        #expect(instance.table("table")?.size == 5)
    }

    @Test func instancesShareImportedGlobalsMemoriesAndFunctions() throws {
        let first = try instantiate(
            """
            (module (memory (export "memory") 1) (global (export "counter") (mut i32) (i32.const 0))
              (func (export "bump") (result i32)
                (global.set 0 (i32.add (global.get 0) (i32.const 1)))
                (i32.store (i32.const 0) (global.get 0))
                (global.get 0)))
            """)
        var imports = Imports()
        imports.define(module: "first", instance: first)
        let second = try instantiate(
            """
            (module (import "first" "bump" (func $bump (result i32)))
              (import "first" "memory" (memory 1)) (import "first" "counter" (global $counter (mut i32)))
              (table 1 funcref) (elem (i32.const 0) $bump)
              (func (export "twice") (result i32) (drop (call $bump)) (call_indirect (result i32) (i32.const 0)))
              (func (export "peek") (result i32 i32) (i32.load (i32.const 0)) (global.get $counter)))
            """, imports)
        #expect(try second.function("twice")?.call([]) == [.i32(2)])
        #expect(try first.function("bump")?.call([]) == [.i32(3)])
        #expect(try second.function("peek")?.call([]) == [.i32(3), .i32(3)])
        #expect(first.global("counter")?.value == .i32(3))
    }

    @Test func aTrapInAStartFunctionFailsInstantiation() throws {
        let module = try LoadedModule(engine: engine, bytes: try wat2wasm("(module (func $start unreachable) (start $start))"))
        do {
            _ = try Instance(store: store, module: module, imports: Imports())
            Issue.record("instantiated")
        } catch {
            guard case .trap(let trap) = error else {
                Issue.record("expected a trap, got \(error)")
                return
            }
            #expect(trap.message == "unreachable")
        }
    }

    @Test func referencesPassThroughGuestCode() throws {
        let instance = try instantiate(
            """
            (module (func $f) (elem declare func $f)
              (func (export "identity") (param externref) (result externref) (local.get 0))
              (func (export "isNull") (param externref) (result i32) (ref.is_null (local.get 0)))
              (func (export "function") (result funcref) (ref.func $f)))
            """)
        #expect(try instance.function("identity")?.call([.externref(0)]) == [.externref(0)])
        #expect(try instance.function("isNull")?.call([.externref(0)]) == [.i32(0)])
        #expect(try instance.function("isNull")?.call([.externref(nil)]) == [.i32(1)])
        guard case .funcref(let reference?) = try instance.function("function")?.call([]).first else {
            Issue.record("no function reference")
            return
        }
        #expect(try Function(store: store, reference: reference)?.call([]) == [])
    }
}
