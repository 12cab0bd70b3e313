// Locals pinned to rbx, r12, r13 and xmm12-xmm14 (Compiler.Options.pinsLocals,
// on outside debug sessions). Each function here runs pinned and unpinned and must give
// the same results: pinned registers must survive calls into functions that
// pin the same registers (recursion), builtins and host calls; be restored on
// every way out (return, br to the function's label, br_if, br_table); and a
// trap in a pinning function must leave the caller's registers to the entry
// stub, so later calls still work.
import Testing
import WasmCore
import WasmJIT

@testable import WasmRuntime

@Suite struct PinnedLocalsTests {
    static let module = """
        (module
          (import "host" "twice" (func $twice (param i32) (result i32)))
          (memory 1)
          ;; recursion inside a loop: the callee pins the same registers for its own locals
          (func $sum (export "sum") (param i32) (result i32) (local i32 i32)
            (block (loop
              (br_if 1 (i32.ge_u (local.get 1) (local.get 0)))
              (local.set 2 (i32.add (local.get 2) (local.get 1)))
              (if (i32.and (local.get 1) (i32.const 1))
                (then (local.set 2 (i32.add (local.get 2) (call $sum (i32.shr_u (local.get 1) (i32.const 1)))))))
              (local.set 1 (i32.add (local.get 1) (i32.const 1)))
              (br 0)))
            (local.get 2))
          ;; host calls and builtins inside the loop
          (func (export "host") (param i32) (result i32) (local i32 i64)
            (block (loop
              (br_if 1 (i32.eqz (local.get 0)))
              (local.set 1 (i32.add (local.get 1) (call $twice (local.get 0))))
              (drop (memory.grow (i32.const 0)))
              (local.set 2 (i64.add (local.get 2) (i64.extend_i32_u (local.get 1))))
              (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
              (br 0)))
            (i32.wrap_i64 (i64.add (local.get 2) (i64.shl (i64.extend_i32_u (local.get 1)) (i64.const 20)))))
          ;; every way out of a loop: br_if, br_table and return to the function's label
          (func (export "exits") (param i32) (result i32) (local i32 i32)
            (block $out
              (loop $again
                (local.set 1 (i32.add (local.get 1) (i32.const 3)))
                (local.set 2 (i32.add (local.get 2) (local.get 1)))
                (br_if 2 (local.get 2) (i32.eq (local.get 2) (local.get 0)))
                (if (i32.gt_u (local.get 2) (i32.const 1000)) (then (return (i32.const -1))))
                (br_table $again $again $out (i32.and (local.get 1) (i32.const 3)))))
            (i32.add (local.get 2) (i32.const 77)))
          ;; a trap in the loop
          (func (export "trap") (param i32) (result i32) (local i32)
            (loop
              (local.set 1 (i32.add (local.get 1) (i32.const 1)))
              (drop (i32.div_u (i32.const 1) (i32.sub (local.get 0) (local.get 1))))
              (br 0))
            (i32.const 0))
          ;; float accumulators (xmm12-xmm14) across host calls, builtins and recursion
          (func $floats (export "floats") (param i32 f64) (result f64) (local f64 f32 f64)
            (local.set 2 (f64.const 0.5))
            (block (loop
              (br_if 1 (i32.eqz (local.get 0)))
              (local.set 2 (f64.add (f64.mul (local.get 2) (local.get 1)) (f64.convert_i32_u (call $twice (local.get 0)))))
              (memory.fill (i32.const 0) (i32.const 7) (i32.const 4096))
              (local.set 3 (f32.add (local.get 3) (f32.demote_f64 (local.get 2))))
              (if (i32.eq (local.get 0) (i32.const 3))
                (then (local.set 4 (call $floats (i32.const 2) (f64.const 1.25)))))
              (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
              (br 0)))
            (f64.add (f64.add (local.get 2) (f64.promote_f32 (local.get 3))) (local.get 4)))
          ;; more integer locals than registers to pin them to, across wasm
          ;; calls, host calls and builtins with five arguments
          (data $bytes "abcdefghijklmnop")
          (func (export "many") (param i32) (result i32) (local i32 i32 i32 i32 i32)
            (block (loop
              (br_if 1 (i32.eqz (local.get 0)))
              (local.set 1 (i32.add (local.get 1) (local.get 0)))
              (local.set 2 (i32.xor (local.get 2) (call $twice (local.get 1))))
              (local.set 3 (i32.add (local.get 3) (call $sum (i32.and (local.get 0) (i32.const 7)))))
              (memory.init $bytes (local.get 4) (i32.const 0) (i32.const 16))
              (memory.copy (i32.add (local.get 4) (i32.const 100)) (local.get 4) (i32.const 16))
              (local.set 4 (i32.add (local.get 4) (i32.const 3)))
              (local.set 5 (i32.add (local.get 5) (i32.load8_u offset=105 (local.get 5))))
              (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
              (br 0)))
            (i32.add (i32.add (local.get 1) (local.get 2)) (i32.add (i32.add (local.get 3) (local.get 4)) (local.get 5))))
          ;; i64 locals, tee and set from memory
          (func (export "wide") (param i64) (result i64) (local i64 i64)
            (i64.store (i32.const 64) (i64.const 0x100000001))
            (block (loop
              (br_if 1 (i64.eqz (local.get 0)))
              (local.set 1 (i64.add (local.tee 2 (i64.load (i32.const 64))) (local.get 1)))
              (local.set 0 (i64.sub (local.get 0) (i64.const 1)))
              (br 0)))
            (i64.add (local.get 1) (local.get 2)))
        )
        """

    /// `xorps xmm12, xmm12; xorps xmm13, xmm13; xorps xmm14, xmm14; ret`: what
    /// any C function may do to the registers of pinned float locals.
    private static let clobberFloatRegisters = try! CodeMemory(code: [
        0x45, 0x0F, 0x57, 0xE4, 0x45, 0x0F, 0x57, 0xED, 0x45, 0x0F, 0x57, 0xF6, 0xC3,
    ])

    private func instance(pinned: Bool) throws -> CompiledInstance {
        try CompiledInstance(Self.module, options: Compiler.Options(pinsLocals: pinned)) { store in
            let twice = Function(store: store, type: FunctionType(parameters: [.i32], results: [.i32])) { arguments in
                guard case .i32(let value) = arguments[0] else { return [] }
                let clobber = Self.clobberFloatRegisters.executableAddress(ofOffset: 0)
                unsafeBitCast(clobber, to: (@convention(c) () -> Void).self)()
                return [.i32(value &* 2)]
            }
            var imports = Imports()
            imports.define(module: "host", name: "twice", .function(twice))
            return imports
        }
    }

    @Test func pinnedAndUnpinnedCodeAgree() throws {
        let pinned = try instance(pinned: true)
        let unpinned = try instance(pinned: false)
        let calls: [(String, [Value])] = [
            ("sum", [.i32(0)]), ("sum", [.i32(7)]), ("sum", [.i32(40)]),
            ("host", [.i32(0)]), ("host", [.i32(9)]),
            ("exits", [.i32(3)]), ("exits", [.i32(9)]), ("exits", [.i32(30)]), ("exits", [.i32(999)]),
            ("wide", [.i64(0)]), ("wide", [.i64(5)]),
            ("many", [.i32(0)]), ("many", [.i32(1)]), ("many", [.i32(25)]),
            ("floats", [.i32(0), .f64((2.0 as Double).bitPattern)]), ("floats", [.i32(6), .f64((1.5 as Double).bitPattern)]),
        ]
        for (name, arguments) in calls {
            #expect(try pinned.call(name, arguments) == unpinned.call(name, arguments), "\(name)(\(arguments))")
        }
        #expect(try pinned.call("sum", [.i32(7)]) == [.i32(22)])
        #expect(try pinned.call("wide", [.i64(2)]) == [.i64(0x300000003)])
    }

    @Test func aTrapInAPinningFunctionLeavesLaterCallsWorking() throws {
        let pinned = try instance(pinned: true)
        #expect(pinned.trapCode("trap", [.i32(5)]) == .integerDivideByZero)
        #expect(try pinned.call("sum", [.i32(7)]) == [.i32(22)])
        #expect(pinned.trapCode("trap", [.i32(2)]) == .integerDivideByZero)
        #expect(try pinned.call("host", [.i32(9)]) == instance(pinned: false).call("host", [.i32(9)]))
    }
}
