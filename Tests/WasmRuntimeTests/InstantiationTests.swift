/// Instantiation per the spec: import resolution and type matching, globals,
/// element and data segments (in order, each bounds-checked, earlier ones
/// staying written), the start function, and linking instances together.
import Testing
import WAT
import WasmCore
import WasmJIT

@testable import WasmRuntime

private let engine = Engine()

@Suite struct InstantiationTests {
    let store = Store(engine: engine)

    private func load(_ wat: String, functions: [MachineFunction] = []) throws -> LoadedModule {
        try HandWrittenModule.load(engine: engine, wat: wat, functions: functions)
    }

    private func instantiate(_ wat: String, _ imports: Imports = Imports(), functions: [MachineFunction] = []) throws -> Instance {
        try Instance(store: store, module: load(wat, functions: functions), imports: imports)
    }

    private func failure(_ wat: String, _ imports: Imports = Imports(), functions: [MachineFunction] = []) throws -> InstantiationError? {
        let module = try load(wat, functions: functions)
        do {
            _ = try Instance(store: store, module: module, imports: imports)
            return nil
        } catch {
            return error
        }
    }

    private var spectest: Imports {
        var imports = Imports()
        imports.define(module: "spectest", name: "memory", .memory(Memory(store: store, type: MemoryType(limits: Limits(minimum: 1, maximum: 2)))))
        imports.define(module: "spectest", name: "table", .table(Table(store: store, type: TableType(elementType: .funcref, limits: Limits(minimum: 10, maximum: 20)))))
        imports.define(module: "spectest", name: "global_i32", .global(Global(store: store, type: GlobalType(valueType: .i32, isMutable: false), value: .i32(666))))
        imports.define(module: "spectest", name: "print_i32", .function(Function(store: store, type: FunctionType(parameters: [.i32], results: [])) { _ in [] }))
        return imports
    }

    @Test func aMissingImportIsAnUnknownImport() throws {
        let error = try #require(try failure(#"(module (import "spectest" "nothing" (func)))"#, spectest))
        #expect(error.message.hasPrefix("unknown import"))
        #expect("\(error)".contains("unknown import"))
    }

    @Test(arguments: [
        #"(module (import "spectest" "memory" (func)))"#,
        #"(module (import "spectest" "print_i32" (func (param i64))))"#,
        #"(module (import "spectest" "global_i32" (global (mut i32))))"#,
        #"(module (import "spectest" "global_i32" (global i64)))"#,
        #"(module (import "spectest" "memory" (memory 2)))"#,
        #"(module (import "spectest" "memory" (memory 1 1)))"#,
        #"(module (import "spectest" "memory" (memory 0 1)))"#,
        #"(module (import "spectest" "table" (table 10 15 funcref)))"#,
        #"(module (import "spectest" "table" (table 10 externref)))"#,
        #"(module (import "spectest" "table" (table 11 funcref)))"#,
    ])
    func aMismatchedImportIsAnIncompatibleImportType(wat: String) throws {
        let error = try #require(try failure(wat, spectest))
        #expect(error.message.hasPrefix("incompatible import type"), "\(error)")
    }

    @Test func matchingImportsLink() throws {
        _ = try instantiate(
            #"""
            (module
              (import "spectest" "memory" (memory 1))
              (import "spectest" "table" (table 5 30 funcref))
              (import "spectest" "global_i32" (global i32))
              (import "spectest" "print_i32" (func (param i32))))
            """#, spectest)
    }

    @Test func dataSegmentsAreCopiedAndPassiveOnesKept() throws {
        let instance = try instantiate(
            #"(module (memory (export "m") 1) (data (i32.const 10) "hi") (data "later") (data (i32.const 12) "!"))"#)
        let memory = try #require(instance.memory("m"))
        #expect(try memory.read(at: 10, count: 3) == Array("hi!".utf8))
        #expect(instance.state.dataSegments.map(\.count) == [0, 5, 0])
    }

    @Test func anOutOfBoundsDataSegmentTrapsAfterEarlierSegmentsAreWritten() throws {
        let imports = spectest
        let error = try #require(
            try failure(
                #"""
                (module (import "spectest" "memory" (memory 1))
                  (data (i32.const 0) "abc")
                  (data (i32.const 65534) "xyz")
                  (data (i32.const 3) "def"))
                """#, imports))
        guard case .trap(let trap) = error else {
            Issue.record("expected a trap, got \(error)")
            return
        }
        #expect(trap.message == "out of bounds memory access")
        guard case .memory(let memory) = imports.lookup(module: "spectest", name: "memory") else { return }
        #expect(try memory.read(at: 0, count: 6) == Array("abc".utf8) + [0, 0, 0])
    }

    @Test func elementSegmentsFillTablesWithCallableReferences() throws {
        let calls = Locked(0)
        var imports = Imports()
        let host = Function(store: store, type: FunctionType(parameters: [], results: [.i32])) { _ in
            calls.value += 1
            return [.i32(5)]
        }
        imports.define(module: "host", name: "five", .function(host))
        let instance = try instantiate(
            #"""
            (module (import "host" "five" (func $five (result i32)))
              (table (export "t") 3 funcref)
              (elem (i32.const 1) func $five)
              (elem declare func $five)
              (elem $passive func $five $five))
            """#, imports)
        let table = try #require(instance.table("t"))
        #expect(try table.get(0) == .funcref(nil))
        guard case .funcref(let reference?) = try table.get(1) else {
            Issue.record("element 1 is not a function")
            return
        }
        let function = try #require(Function(store: store, reference: reference))
        #expect(function.type == FunctionType(parameters: [], results: [.i32]))
        #expect(try function.call([]) == [.i32(5)])
        #expect(calls.value == 1)
        #expect(instance.state.elementSegments.map(\.count) == [0, 0, 2])
    }

    @Test func anOutOfBoundsElementSegmentTrapsAfterEarlierSegmentsAreWritten() throws {
        var imports = spectest
        imports.define(module: "host", name: "f", .function(Function(store: store, type: FunctionType(parameters: [], results: [])) { _ in [] }))
        let error = try #require(
            try failure(
                #"""
                (module (import "spectest" "table" (table 10 funcref)) (import "host" "f" (func $f))
                  (elem (i32.const 0) $f)
                  (elem (i32.const 9) $f $f))
                """#, imports))
        guard case .trap(let trap) = error else {
            Issue.record("expected a trap, got \(error)")
            return
        }
        #expect(trap.code == .tableOutOfBounds)
        guard case .table(let table) = imports.lookup(module: "spectest", name: "table") else { return }
        #expect(try table.get(0) != .funcref(nil))
        #expect(try table.get(9) == .funcref(nil))
    }

    @Test func globalsAreInitializedFromImportsAndReferences() throws {
        let instance = try instantiate(
            #"""
            (module (import "spectest" "global_i32" (global $g i32))
              (import "spectest" "print_i32" (func $p (param i32)))
              (global (export "copy") i32 (global.get $g))
              (global (export "wide") (mut i64) (i64.const -1))
              (global (export "function") funcref (ref.func $p))
              (global (export "nothing") externref (ref.null extern)))
            """#, spectest)
        #expect(instance.global("copy")?.value == .i32(666))
        #expect(instance.global("wide")?.value == .i64(UInt64.max))
        #expect(instance.global("nothing")?.value == .externref(nil))
        guard case .funcref(let reference?) = instance.global("function")?.value else {
            Issue.record("no function reference")
            return
        }
        #expect(Function(store: store, reference: reference)?.type == FunctionType(parameters: [.i32], results: []))
    }

    @Test func instancesLinkThroughRegisteredExports() throws {
        let first = try instantiate(
            #"""
            (module (memory (export "memory") 1) (global (export "counter") (mut i32) (i32.const 1))
              (func (export "answer") (result i32) unreachable))
            """#, functions: [MachineFunction(code: X64.prologue + X64.storeResult(42) + X64.epilogue)])
        var imports = Imports()
        imports.define(module: "first", instance: first)
        // Calls its import (function 0) and returns what it returned.
        let call = X64.callFunction(0)
        let second = try instantiate(
            #"""
            (module (import "first" "answer" (func $answer (result i32)))
              (import "first" "memory" (memory 1)) (import "first" "counter" (global (mut i32)))
              (export "memory" (memory 0)) (export "counter" (global 0)) (export "reexported" (func $answer))
              (func (export "callAnswer") (result i32) unreachable))
            """#, imports, functions: [MachineFunction(code: X64.prologue + call.code + X64.storeEAXResult + X64.epilogue)])
        #expect(second.memory("memory") === first.memory("memory"))
        #expect(second.global("counter") === first.global("counter"))
        #expect(try second.function("reexported")?.call([]) == [.i32(42)])
        #expect(try second.function("callAnswer")?.call([]) == [.i32(42)])
        #expect(try first.function("answer")?.call([]) == [.i32(42)])
    }

    @Test func theStartFunctionRunsAfterTheSegments() throws {
        // mov eax, [r15]; add eax, 1; mov [r15], eax: increments the byte the data segment wrote.
        let start = MachineFunction(code: X64.prologue + [0x41, 0x8B, 0x07, 0x83, 0xC0, 0x01, 0x41, 0x89, 0x07] + X64.epilogue)
        let instance = try instantiate(
            #"(module (memory (export "m") 1) (data (i32.const 0) "\29") (func $start unreachable) (start $start))"#,
            functions: [start])
        #expect(try instance.memory("m")?.read(at: 0, count: 1) == [0x2A])
    }

    @Test func aTrappingStartFunctionFailsInstantiation() throws {
        let start = MachineFunction(code: X64.prologue + X64.ud2, trapSites: [(X64.prologue.count, .unreachable, 0x40)])
        let error = try #require(try failure(#"(module (func $start unreachable) (start $start))"#, functions: [start]))
        guard case .trap(let trap) = error else {
            Issue.record("expected a trap, got \(error)")
            return
        }
        #expect(trap.message == "unreachable")
        #expect(trap.frames.map(\.functionIndex) == [0])
    }

    @Test func malformedAndInvalidModulesAreLoadErrors() throws {
        #expect(throws: LoadError.self) { try LoadedModule(engine: engine, bytes: [0, 0x61, 0x73]) }
        do {
            _ = try LoadedModule(engine: engine, bytes: [0, 0x61, 0x73, 0x6D, 2, 0, 0, 0])
        } catch {
            guard case .malformed = error else {
                Issue.record("expected malformed, got \(error)")
                return
            }
        }
        let invalid = try wat2wasm("(module (func (result i32) i64.const 0))")
        do {
            _ = try LoadedModule(engine: engine, bytes: invalid)
            Issue.record("an invalid module loaded")
        } catch {
            guard case .invalid(let message, _) = error else {
                Issue.record("expected invalid, got \(error)")
                return
            }
            #expect(message.contains("type mismatch"))
        }
    }

    @Test func loadedModulesDescribeTheirImportsAndExports() throws {
        let module = try load(#"(module (import "a" "b" (global i64)) (memory (export "m") 1 2) (func (export "f") (param i32) unreachable))"#,
            functions: [MachineFunction(code: [0xC3])])
        #expect(module.imports == [ImportType(module: "a", name: "b", type: .global(GlobalType(valueType: .i64, isMutable: false)))])
        #expect(module.exports.map(\.name) == ["m", "f"])
        #expect(module.exports[1].type == .function(FunctionType(parameters: [.i32], results: [])))
        #expect(engine.module(containing: module.codeBaseAddress) === module)
    }
}
