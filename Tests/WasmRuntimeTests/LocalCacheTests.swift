// The JIT's local cache (Compiler.Options.cachesLocals, on outside debug
// sessions): a local.get after a local.set/tee in straight-line code takes the
// value from the register it was stored from. These functions read locals
// where the cache must forget them: after if/else arms, merges, loop back
// edges, calls and builtins (which clobber registers), instructions that
// claim fixed registers (division, shifts), register pressure beyond the
// allocatable registers, and br_if/br_table targets.
import Testing
import WasmCore

@testable import WasmRuntime

@Suite struct LocalCacheTests {
    static let module = """
            (module
              (func $clobber (param i32 i32 i32) (result i32)
                (i32.add (i32.mul (local.get 0) (local.get 1)) (i32.div_u (local.get 2) (i32.const 3))))
              ;; if/else: the else arm must not see the then arm's cached value
              (func (export "ifelse") (param i32) (result i32) (local i32)
                (local.set 1 (i32.const 5))
                (if (local.get 0)
                  (then (local.set 1 (i32.add (local.get 0) (i32.const 100))))
                  (else (local.set 1 (i32.add (local.get 1) (i32.const 7)))))
                (local.get 1))
              ;; then arm sets, merge reads
              (func (export "merge") (param i32) (result i32) (local i32)
                (local.set 1 (i32.mul (local.get 0) (i32.const 3)))
                (if (i32.gt_u (local.get 0) (i32.const 10)) (then (local.set 1 (i32.const 1))))
                (i32.add (local.get 1) (local.get 1)))
              ;; loop-carried locals
              (func (export "loop") (param i32) (result i32) (local i32 i32)
                (local.set 1 (i32.const 0))
                (local.set 2 (i32.const 1))
                (block (loop
                  (br_if 1 (i32.eqz (local.get 0)))
                  (local.set 2 (i32.add (local.tee 1 (i32.add (local.get 1) (local.get 2))) (local.get 1)))
                  (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                  (br 0)))
                (i32.xor (local.get 1) (local.get 2)))
              ;; calls clobber registers
              (func (export "call") (param i32) (result i32) (local i32 i32)
                (local.set 1 (i32.add (local.get 0) (i32.const 11)))
                (local.set 2 (i32.mul (local.get 0) (i32.const 13)))
                (drop (call $clobber (i32.const 17) (i32.const 19) (i32.const 23)))
                (i32.add (i32.mul (local.get 1) (i32.const 1000)) (local.get 2)))
              ;; division claims rax and rdx, shifts claim rcx
              (func (export "divshift") (param i32 i32) (result i32) (local i32 i32 i32 i32)
                (local.set 2 (i32.add (local.get 0) (i32.const 1)))
                (local.set 3 (i32.add (local.get 0) (i32.const 2)))
                (local.set 4 (i32.add (local.get 0) (i32.const 3)))
                (local.set 5 (i32.add (local.get 1) (i32.const 4)))
                (i32.add
                  (i32.add (i32.div_u (local.get 2) (local.get 5)) (i32.rem_s (local.get 3) (local.get 5)))
                  (i32.add (i32.shl (local.get 4) (local.get 1)) (i32.add (local.get 2) (i32.add (local.get 3) (local.get 4))))))
              ;; register pressure: more cached locals and live values than registers
              (func (export "pressure") (param i32) (result i32)
                (local i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)
                (local.set 1 (i32.add (local.get 0) (i32.const 1)))
                (local.set 2 (i32.add (local.get 0) (i32.const 2)))
                (local.set 3 (i32.add (local.get 0) (i32.const 3)))
                (local.set 4 (i32.add (local.get 0) (i32.const 4)))
                (local.set 5 (i32.add (local.get 0) (i32.const 5)))
                (local.set 6 (i32.add (local.get 0) (i32.const 6)))
                (local.set 7 (i32.add (local.get 0) (i32.const 7)))
                (local.set 8 (i32.add (local.get 0) (i32.const 8)))
                (local.set 9 (i32.add (local.get 0) (i32.const 9)))
                (local.set 10 (i32.add (local.get 0) (i32.const 10)))
                (local.set 11 (i32.add (local.get 0) (i32.const 11)))
                (local.set 12 (i32.add (local.get 0) (i32.const 12)))
                (local.set 13 (i32.add (local.get 0) (i32.const 13)))
                (local.set 14 (i32.add (local.get 0) (i32.const 14)))
                (i32.add (local.get 1) (i32.add (local.get 2) (i32.add (local.get 3) (i32.add (local.get 4)
                (i32.add (local.get 5) (i32.add (local.get 6) (i32.add (local.get 7) (i32.add (local.get 8)
                (i32.add (local.get 9) (i32.add (local.get 10) (i32.add (local.get 11) (i32.add (local.get 12)
                (i32.add (local.get 13) (i32.add (local.get 14)
                  (i32.add (local.get 1) (i32.add (local.get 7) (local.get 14))))))))))))))))))
              ;; a br_if out while the fallthrough changes the local: the target reads the slot
              (func (export "brif") (param i32) (result i32) (local i32)
                (block
                  (local.set 1 (i32.add (local.get 0) (i32.const 1)))
                  (br_if 0 (i32.gt_u (local.get 0) (i32.const 5)))
                  (local.set 1 (i32.mul (local.get 1) (i32.const 10))))
                (local.get 1))
              ;; tee, self-assignment, reads
              (func (export "tee") (param i32) (result i32) (local i32 i32)
                (local.set 2 (i32.mul (local.tee 1 (i32.add (local.get 0) (i32.const 3))) (i32.const 2)))
                (local.set 1 (local.get 1))
                (local.set 2 (local.get 2))
                (i32.add (i32.mul (local.get 1) (i32.const 100)) (local.get 2)))
              ;; tee kept on the stack and modified in place: the cache's copy must not change
              (func (export "inplace") (param i32) (result i32) (local i32)
                (i32.add (i32.mul (local.tee 1 (i32.add (local.get 0) (i32.const 1))) (i32.const 7)) (local.get 1)))
              ;; floats
              (func (export "float") (param f64) (result f64) (local f64 f64 f32)
                (local.set 2 (f64.mul (local.tee 1 (f64.add (local.get 0) (f64.const 1.5))) (local.get 1)))
                (local.set 3 (f32.demote_f64 (local.get 2)))
                (f64.add (f64.add (local.get 2) (local.get 1)) (f64.promote_f32 (f32.mul (local.get 3) (local.get 3)))))
              ;; select and i64, constants
              (func (export "sel") (param i32 i64) (result i64) (local i64 i64)
                (local.set 2 (i64.add (local.get 1) (i64.const 0x100000000)))
                (local.set 3 (i64.const 42))
                (select (local.get 2) (local.get 3) (local.get 0)))
              ;; memory grow between set and get (a builtin call)
              (memory 1)
              (func (export "grow") (param i32) (result i32) (local i32)
                (local.set 1 (i32.add (local.get 0) (i32.const 9)))
                (drop (memory.grow (i32.const 0)))
                (local.get 1))
              ;; br_table leaves; the target reads the slot
              (func (export "table") (param i32) (result i32) (local i32)
                (local.set 1 (i32.const 1))
                (block (block (block
                  (local.set 1 (i32.add (local.get 0) (i32.const 20)))
                  (br_table 0 1 2 (local.get 0)))
                  (local.set 1 (i32.add (local.get 1) (i32.const 300))))
                  (local.set 1 (i32.add (local.get 1) (i32.const 4000))))
                (local.get 1))
            )
        """

    @Test func localsReadAfterEveryKindOfMergeAndClobber() throws {
        let instance = try CompiledInstance(Self.module)
        #expect(try instance.call("ifelse", [.i32(0)]) == [.i32(12)])
        #expect(try instance.call("ifelse", [.i32(3)]) == [.i32(103)])
        #expect(try instance.call("merge", [.i32(4)]) == [.i32(24)])
        #expect(try instance.call("merge", [.i32(11)]) == [.i32(2)])
        #expect(try instance.call("loop", [.i32(0)]) == [.i32(1)])
        #expect(try instance.call("loop", [.i32(1)]) == [.i32(3)])
        #expect(try instance.call("loop", [.i32(2)]) == [.i32(5)])
        #expect(try instance.call("loop", [.i32(3)]) == [.i32(27)])
        #expect(try instance.call("call", [.i32(2)]) == [.i32(13026)])
        #expect(try instance.call("divshift", [.i32(10), .i32(2)]) == [.i32(89)])
        #expect(try instance.call("pressure", [.i32(1)]) == [.i32(144)])
        #expect(try instance.call("brif", [.i32(7)]) == [.i32(8)])
        #expect(try instance.call("brif", [.i32(2)]) == [.i32(30)])
        #expect(try instance.call("tee", [.i32(1)]) == [.i32(408)])
        #expect(try instance.call("inplace", [.i32(1)]) == [.i32(16)])
        #expect(try instance.call("float", [.f64((0.5 as Double).bitPattern)]) == [.f64((22.0 as Double).bitPattern)])
        #expect(try instance.call("sel", [.i32(1), .i64(5)]) == [.i64(0x100000005)])
        #expect(try instance.call("sel", [.i32(0), .i64(5)]) == [.i64(42)])
        #expect(try instance.call("grow", [.i32(1)]) == [.i32(10)])
        #expect(try instance.call("table", [.i32(0)]) == [.i32(4320)])
        #expect(try instance.call("table", [.i32(1)]) == [.i32(4021)])
        #expect(try instance.call("table", [.i32(2)]) == [.i32(22)])
        #expect(try instance.call("table", [.i32(7)]) == [.i32(27)])
    }
}
