// The machine code of key shapes, instruction by instruction: the prologue
// the ABI prescribes, a compare fused into its branch, constants folded into
// immediates, division with its explicit trap checks, large memory offsets,
// loop headers and select. A change here is a change of the code the JIT
// makes; update the expectation when it is intended.
import Testing
import WasmJIT

@Suite struct GoldenCodeTests {
    @Test func prologueSavesPinnedRegistersReservesTheFrameAndChecksTheStackAndInterrupts() throws {
        let module = try CompiledTestModule("(module (func (param i32) (result i32) (local i64 f64) local.get 0))")
        // Two declared locals and one operand slot: 24 bytes, rounded to 32.
        #expect(module.prologue() == [
            "push rbp",
            "mov rbp, rsp",
            "push r14",
            "push r15",
            "mov r14, rdi",
            "mov r15, qword ptr [r14]",
            "sub rsp, 0x20",
            "cmp rsp, qword ptr [r14+0x30]",
            "jb trap(call stack exhausted)",
            "xor eax, eax",
            "mov qword ptr [rbp-0x18], rax",
            "mov qword ptr [rbp-0x20], rax",
            "mov r11, qword ptr [r14+0x38]",
            "cmp dword ptr [r11], 0x0",
            "jnz trap(interrupted)",
        ])
        // The parameter is its own result slot: returning it moves nothing.
        #expect(module.body() == [
            "mov r14, qword ptr [rbp-0x8]",
            "mov r15, qword ptr [rbp-0x10]",
            "mov rsp, rbp",
            "pop rbp",
            "ret",
        ])
    }

    @Test func manyLocalsAreZeroedByALoop() throws {
        let module = try CompiledTestModule("(module (func (local i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)))")
        let prologue = module.prologue()
        #expect(prologue.contains("lea rdi, [rbp-0xb0]"))
        #expect(prologue.contains("mov ecx, 0x14"))
        #expect(prologue.contains("mov qword ptr [rdi+rcx*8-0x8], rax"))
    }

    @Test func compareFusesWithTheIfThatConsumesIt() throws {
        let module = try CompiledTestModule("""
            (module (func (param i32 i32) (result i32)
              (if (result i32) (i32.lt_s (local.get 0) (local.get 1)) (then (i32.const 1)) (else (i32.const 2)))))
            """)
        #expect(module.body() == [
            "mov ebx, dword ptr [rbp+0x10]",
            "cmp ebx, dword ptr [rbp+0x18]",
            "jnl @24",
            "mov dword ptr [rbp-0x18], 0x1",
            "jmp @31",
            "mov dword ptr [rbp-0x18], 0x2",
            "mov r11, qword ptr [rbp-0x18]",
            "mov qword ptr [rbp+0x10], r11",
            "mov r14, qword ptr [rbp-0x8]",
            "mov r15, qword ptr [rbp-0x10]",
            "mov rsp, rbp",
            "pop rbp",
            "ret",
        ])
    }

    @Test func compareFusesWithBrIfAndConstantsBecomeImmediates() throws {
        let module = try CompiledTestModule("""
            (module (func (param i32) (result i32)
              (block (br_if 0 (i32.eq (local.get 0) (i32.const 7))) (return (i32.const 1)))
              (i32.const 0)))
            """)
        let body = module.body()
        #expect(Array(body.prefix(2)) == ["cmp dword ptr [rbp+0x10], 0x7", "jz @30"])
        #expect(!body.contains { $0.hasPrefix("set") })
    }

    @Test func floatCompareBranchesOnParityToo() throws {
        let module = try CompiledTestModule("""
            (module (func (param f64 f64) (result i32)
              (if (f64.eq (local.get 0) (local.get 1)) (then (return (i32.const 1))))
              (i32.const 0)))
            """)
        let body = module.body()
        #expect(Array(body.prefix(4)) == [
            "movsd xmm0, qword ptr [rbp+0x10]",
            "ucomisd xmm0, qword ptr [rbp+0x18]",
            "jp @42",
            "jnz @42",
        ])
    }

    @Test func constantOperandsFoldAtCompileTime() throws {
        let module = try CompiledTestModule("""
            (module (func (param i32) (result i32) (i32.add (i32.mul (i32.const 6) (i32.const 7)) (local.get 0))))
            """)
        #expect(Array(module.body().prefix(3)) == [
            "mov ebx, dword ptr [rbp+0x10]",
            "add ebx, 0x2a",
            "mov qword ptr [rbp+0x10], rbx",
        ])
    }

    @Test func signedDivisionChecksZeroAndOverflowBeforeIdiv() throws {
        let module = try CompiledTestModule("(module (func (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1))))")
        #expect(Array(module.body().prefix(8)) == [
            "mov eax, dword ptr [rbp+0x10]",
            "cmp dword ptr [rbp+0x18], 0x0",
            "jz trap(integer divide by zero)",
            "cmp dword ptr [rbp+0x18], 0xffffffff",
            "jnz @32",
            "cmp eax, 0x1",
            "jo trap(integer overflow)",
            "cdq",
        ])
        #expect(module.body()[8] == "idiv dword ptr [rbp+0x18]")
    }

    @Test func signedRemainderOfMinusOneIsZeroWithoutDividing() throws {
        let module = try CompiledTestModule("(module (func (param i64 i64) (result i64) (i64.rem_s (local.get 0) (local.get 1))))")
        #expect(Array(module.body().prefix(9)) == [
            "mov rax, qword ptr [rbp+0x10]",
            "cmp qword ptr [rbp+0x18], 0x0",
            "jz trap(integer divide by zero)",
            "cmp qword ptr [rbp+0x18], 0xffffffffffffffff",
            "jnz @36",
            "mov edx, 0x0",
            "jmp @42",
            "cqo",
            "idiv qword ptr [rbp+0x18]",
        ])
    }

    @Test func shiftCountsGoThroughClOrAnImmediate() throws {
        let module = try CompiledTestModule("""
            (module
              (func (param i32 i32) (result i32) (i32.shl (local.get 0) (local.get 1)))
              (func (param i64) (result i64) (i64.rotr (local.get 0) (i64.const 65))))
            """)
        #expect(Array(module.body(0).prefix(3)) == ["mov ecx, dword ptr [rbp+0x18]", "mov ebx, dword ptr [rbp+0x10]", "shl ebx, cl"])
        #expect(Array(module.body(1).prefix(2)) == ["mov rbx, qword ptr [rbp+0x10]", "ror rbx, 0x1"])
    }

    @Test func memoryAccessesAddressFromR15WithTheOffsetAsDisplacement() throws {
        let module = try CompiledTestModule("""
            (module (memory 1)
              (func (param i32) (result i32) (i32.load offset=16 (local.get 0)))
              (func (param i32) (result i64) (i64.load8_s offset=0x80000000 (local.get 0)))
              (func (param i32) (i32.store16 (local.get 0) (i32.const 0x12345))))
            """)
        #expect(Array(module.body(0).prefix(2)) == ["mov r11d, dword ptr [rbp+0x10]", "mov ebx, dword ptr [r15+r11*1+0x10]"])
        // 2^31 does not fit a displacement: it is added in positive steps.
        #expect(Array(module.body(1).prefix(4)) == [
            "mov r11d, dword ptr [rbp+0x10]",
            "add r11, 0x7fffffff",
            "add r11, 0x1",
            "movsx rbx, byte ptr [r15+r11*1]",
        ])
        #expect(Array(module.body(2).prefix(2)) == ["mov r11d, dword ptr [rbp+0x10]", "mov word ptr [r15+r11*1], 0x2345"])
    }

    @Test func loopHeadersCheckTheInterruptFlag() throws {
        let module = try CompiledTestModule("(module (func (loop (br 0))))")
        // The loop never falls through: nothing follows the back edge.
        #expect(module.body() == [
            "mov r11, qword ptr [r14+0x38]",
            "cmp dword ptr [r11], 0x0",
            "jnz trap(interrupted)",
            "jmp @0",
        ])
    }

    @Test func integerSelectIsACmovFedByTheFusedCompare() throws {
        let module = try CompiledTestModule("""
            (module (func (param i64 i64) (result i64)
              (select (local.get 0) (local.get 1) (i64.gt_u (local.get 0) (local.get 1)))))
            """)
        #expect(Array(module.body().prefix(4)) == [
            "mov rbx, qword ptr [rbp+0x10]",
            "cmp rbx, qword ptr [rbp+0x18]",
            "mov rbx, qword ptr [rbp+0x10]",
            "cmovbe rbx, qword ptr [rbp+0x18]",
        ])
    }

    @Test func directCallsArePcRelativeAndPassArgumentsInSlots() throws {
        let module = try CompiledTestModule("""
            (module
              (func $callee (param i32 i64) (result i32) (local.get 0))
              (func (result i32) (call $callee (i32.const 5) (i64.const 0x1122334455))))
            """)
        let body = module.body(1)
        #expect(Array(body.prefix(5)) == [
            "mov dword ptr [rsp], 0x5",
            "mov r11, 0x1122334455",
            "mov qword ptr [rsp+0x8], r11",
            "mov rdi, r14",
            "call @\(module.function(0).codeRange.lowerBound - module.function(1).bodyStartOffset)",
        ])
        #expect(body[5] == "mov ebx, dword ptr [rsp]")
    }
}
