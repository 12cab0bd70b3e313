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
            "mov esi, dword ptr [rbp+0x10]",
            "cmp esi, dword ptr [rbp+0x18]",
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
            "mov esi, dword ptr [rbp+0x10]",
            "add esi, 0x2a",
            "mov qword ptr [rbp+0x10], rsi",
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
        #expect(Array(module.body(0).prefix(3)) == ["mov ecx, dword ptr [rbp+0x18]", "mov esi, dword ptr [rbp+0x10]", "shl esi, cl"])
        #expect(Array(module.body(1).prefix(2)) == ["mov rsi, qword ptr [rbp+0x10]", "ror rsi, 0x1"])
    }

    @Test func memoryAccessesAddressFromR15WithTheOffsetAsDisplacement() throws {
        let module = try CompiledTestModule("""
            (module (memory 1)
              (func (param i32) (result i32) (i32.load offset=16 (local.get 0)))
              (func (param i32) (result i64) (i64.load8_s offset=0x80000000 (local.get 0)))
              (func (param i32) (i32.store16 (local.get 0) (i32.const 0x12345))))
            """)
        #expect(Array(module.body(0).prefix(2)) == ["mov r11d, dword ptr [rbp+0x10]", "mov esi, dword ptr [r15+r11*1+0x10]"])
        // 2^31 does not fit a displacement: it is added in positive steps.
        #expect(Array(module.body(1).prefix(4)) == [
            "mov r11d, dword ptr [rbp+0x10]",
            "add r11, 0x7fffffff",
            "add r11, 0x1",
            "movsx rsi, byte ptr [r15+r11*1]",
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

    @Test func aLoopsIntegerLocalsLiveInCalleeSavedRegisters() throws {
        // Sums 0..<n: the loop's counter and sum (locals 1 and 2, used most
        // inside the loop) are pinned to rbx and r12, and the bound n
        // (parameter 0, read once per iteration) to r13, loaded from its slot.
        let source = """
            (module (func (param i32) (result i32) (local i32 i32)
              (block (loop
                (br_if 1 (i32.ge_u (local.get 1) (local.get 0)))
                (local.set 2 (i32.add (local.get 2) (local.get 1)))
                (local.set 1 (i32.add (local.get 1) (i32.const 1)))
                (local.set 2 (i32.add (local.get 2) (local.get 1)))
                (br 0)))
              (local.get 2)))
            """
        let module = try CompiledTestModule(source)
        let prologue = module.prologue()
        #expect(Array(prologue.suffix(9)) == [
            "mov qword ptr [rbp-0x38], rbx",
            "xor ebx, ebx",
            "mov qword ptr [rbp-0x40], r12",
            "xor r12d, r12d",
            "mov qword ptr [rbp-0x48], r13",
            "mov r13d, dword ptr [rbp+0x10]",
            "mov r11, qword ptr [r14+0x38]",
            "cmp dword ptr [r11], 0x0",
            "jnz trap(interrupted)",
        ])
        let body = module.body()
        // Inside the loop nothing reads or writes the locals' slots.
        #expect(!body.contains { $0.contains("[rbp-0x18]") || $0.contains("[rbp-0x20]") }, "\(body)")
        // The parameter's slot is written once: the result, at the return.
        #expect(body.filter { $0.contains("[rbp+0x10]") } == ["mov qword ptr [rbp+0x10], rsi"], "\(body)")
        #expect(body.contains("mov ebx, esi") && body.contains("mov r12d, esi"), "\(body)")
        // The caller's rbx and r12 come back before the return.
        #expect(Array(body.suffix(8)) == [
            "mov rbx, qword ptr [rbp-0x38]",
            "mov r12, qword ptr [rbp-0x40]",
            "mov r13, qword ptr [rbp-0x48]",
            "mov r14, qword ptr [rbp-0x8]",
            "mov r15, qword ptr [rbp-0x10]",
            "mov rsp, rbp",
            "pop rbp",
            "ret",
        ])
        // The debug side table says where each local is.
        let locals = module.function().debugSideTable.locals
        #expect(locals.map(\.kind) == [.generalRegister(13), .generalRegister(3), .generalRegister(12)])

        #expect(module.function().debugSideTable.pinnedRegisters.map(\.register) == [
            .generalRegister(3), .generalRegister(12), .generalRegister(13),
        ])

        // A debug compile pins the same locals; the side table names the
        // slots, where callers' locals are during calls, and lists the registers.
        let debugging = try CompiledTestModule(source, options: .debugging)
        #expect(debugging.function().debugSideTable.locals.allSatisfy {
            if case .frameSlot = $0.kind { true } else { false }
        })
        #expect(debugging.function().debugSideTable.pinnedRegisters.map(\.local) == [1, 2, 0])
        let debugBody = debugging.body()
        #expect(debugBody.contains("mov ebx, esi") && !debugBody.contains { $0.contains("[rbp-0x18]") }, "\(debugBody)")
        // Declared locals' slots start at zero: the debugger may read them before the first write.
        #expect(debugging.prologue().contains("mov qword ptr [rbp-0x18], rax"))
    }

    @Test func aLoopsFloatLocalsLiveInXmm12Onward() throws {
        // sum += x, n times: the sum (local 2, used most) in xmm12, x (parameter 1) in xmm13.
        let module = try CompiledTestModule("""
            (module (func (param i32 f64) (result f64) (local f64)
              (block (loop
                (br_if 1 (i32.eqz (local.get 0)))
                (local.set 2 (f64.add (local.get 2) (local.get 1)))
                (local.set 2 (f64.mul (local.get 2) (f64.const 0.5)))
                (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                (br 0)))
              (local.get 2)))
            """)
        let locals = module.function().debugSideTable.locals.map(\.kind)
        #expect(locals == [.generalRegister(3), .vectorRegister(13), .vectorRegister(12)])
        #expect(module.prologue().contains("movsd qword ptr [rbp-0x30], xmm12"), "\(module.prologue())")
    }

    @Test func debugCodeKeepsPinnedLocalsInTheirSlotsDuringCalls() throws {
        let source = """
            (module
              (func $callee)
              (func (param i32) (local i32)
                (loop
                  (call $callee)
                  (local.set 1 (i32.add (local.get 1) (local.get 0)))
                  (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))))
            """
        let debugging = try CompiledTestModule(source, options: .debugging)
        let callOffset = try #require(debugging.opOffsets(1).first { debugging.code(ofOpAt: $0, function: 1).contains { $0.hasPrefix("call ") } })
        #expect(debugging.code(ofOpAt: callOffset, function: 1) == [
            "mov qword ptr [rbp+0x10], rbx",
            "mov qword ptr [rbp-0x18], r12",
            "mov rdi, r14",
            "call @-\(debugging.function(1).bodyStartOffset - debugging.function(0).codeRange.lowerBound)",
            "mov ebx, dword ptr [rbp+0x10]",
            "mov r12d, dword ptr [rbp-0x18]",
        ])
        // Code for run: the registers are callee-saved, nothing moves around the call.
        let run = try CompiledTestModule(source)
        let runCall = try #require(run.opOffsets(1).first { run.code(ofOpAt: $0, function: 1).contains { $0.hasPrefix("call ") } })
        #expect(run.code(ofOpAt: runCall, function: 1).count == 2)
    }

    @Test func aBranchTableOfFourOrMoreCasesJumpsThroughATableOfJumps() throws {
        let module = try CompiledTestModule("""
            (module (func (param i32) (result i32)
              (block (block (block (block (block
                (br_table 0 1 2 3 4 (local.get 0)))
                (return (i32.const 10))) (return (i32.const 11))) (return (i32.const 12))) (return (i32.const 13)))
              (i32.const 14)))
            """)
        let body = module.body()
        let dispatch = try #require(body.firstIndex(of: "cmp esi, 0x4"))
        // Past the cases, the default; else the index times 5 (one `jmp rel32`) into the table.
        #expect(body[dispatch + 1].hasPrefix("jnb @"))
        #expect(Array(body[(dispatch + 2)...(dispatch + 5)]) == [
            "lea rsi, [rsi+rsi*4]",
            "lea r11, [0x4a]",
            "add r11, rsi",
            "jmp r11",
        ])
        // The table starts right after the indirect jump (0x4a: RIP-relative, shown absolute).
        #expect(body[dispatch - 1] == "mov esi, dword ptr [rbp+0x10]")
        // One `jmp rel32` per case, right after the indirect jump.
        #expect(body[(dispatch + 6)...(dispatch + 9)].allSatisfy { $0.hasPrefix("jmp @") })
        // Fewer cases: compares.
        let small = try CompiledTestModule("""
            (module (func (param i32) (block (block (block (br_table 0 1 2 (local.get 0)))))))
            """)
        #expect(!small.body().contains("jmp r11"))
    }

    @Test func integerSelectIsACmovFedByTheFusedCompare() throws {
        let module = try CompiledTestModule("""
            (module (func (param i64 i64) (result i64)
              (select (local.get 0) (local.get 1) (i64.gt_u (local.get 0) (local.get 1)))))
            """)
        #expect(Array(module.body().prefix(4)) == [
            "mov rsi, qword ptr [rbp+0x10]",
            "cmp rsi, qword ptr [rbp+0x18]",
            "mov rsi, qword ptr [rbp+0x10]",
            "cmovbe rsi, qword ptr [rbp+0x18]",
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
        #expect(body[5] == "mov esi, dword ptr [rsp]")
    }
}
