// The engine stubs (entry from C, host calls) and what the compiler refuses.
import Disassembler
import Testing
import WasmCore
import WasmJIT

@Suite struct StubTests {
    @Test func entryStubSavesCalleeSavedRegistersAndKeepsItsStateInTheFrame() {
        let text = Disassembler().instructions(in: Stubs.entry().code).map(\.text)
        #expect(Array(text.prefix(9)) == [
            "push rbp", "mov rbp, rsp", "push rbx", "push r12", "push r13", "push r14", "push r15", "push rdx", "push rcx",
        ])
        // Wasm code clobbers rbx, r12 and r13: the stub reloads the slot pointer and count after the call.
        let call = text.firstIndex(of: "call r13")!
        #expect(text[call - 1] == "mov rdi, rsi")
        #expect(Array(text[(call + 1)...(call + 2)]) == ["mov rbx, qword ptr [rbp-0x30]", "mov r12, qword ptr [rbp-0x38]"])
        #expect(Array(text.suffix(8)) == [
            "lea rsp, [rbp-0x28]", "pop r15", "pop r14", "pop r13", "pop r12", "pop rbx", "pop rbp", "ret",
        ])
        #expect(Stubs.entry().trapSites.isEmpty)
    }

    @Test func hostCallStubRecordsTheExitFrameAndTrapsOnError() {
        let stub = Stubs.hostCall()
        let instructions = Disassembler().instructions(in: stub.code)
        #expect(instructions.map(\.text) == [
            "push rbp",
            "mov rbp, rsp",
            "mov rax, qword ptr [rbp]",
            "mov qword ptr [r14+0x48], rax",
            "mov rax, qword ptr [rbp+0x8]",
            "mov qword ptr [r14+0x50], rax",
            "lea rsi, [rbp+0x10]",
            // The pinned float registers, which C code may change, kept across the host function.
            "sub rsp, 0x20",
            "movsd qword ptr [rsp], xmm12",
            "movsd qword ptr [rsp+0x8], xmm13",
            "movsd qword ptr [rsp+0x10], xmm14",
            "call qword ptr [rdi]",
            "movsd xmm12, qword ptr [rsp]",
            "movsd xmm13, qword ptr [rsp+0x8]",
            "movsd xmm14, qword ptr [rsp+0x10]",
            "mov rsp, rbp",
            "test eax, eax",
            "jnz 0x53",
            "pop rbp",
            "ret",
            "ud2",
        ])
        #expect(stub.trapSites == [TrapSite(machineOffset: UInt32(instructions.last!.address), code: .hostError, wasmOffset: 0)])
    }
}

@Suite struct UnsupportedFeatureTests {
    @Test func simdOperatorsAreRefusedByName() throws {
        do {
            _ = try CompiledTestModule("(module (func (drop (i32x4.splat (i32.const 1)))))", simd: true)
            Issue.record("SIMD compiled")
        } catch let error as CompileError {
            #expect(error.message == "SIMD is not supported yet (i32x4.splat)")
            #expect(error.functionIndex == 0)
            #expect(error.offset != nil)
        }
    }

    @Test func simdTypesAreRefused() throws {
        for text in [
            "(module (func (param v128)))",
            "(module (func (local v128)))",
            "(module (func (drop (v128.const i64x2 0 0))))",
            "(module (memory 1) (func (drop (v128.load (i32.const 0)))))",
        ] {
            #expect(throws: CompileError.self) { try CompiledTestModule(text, simd: true) }
        }
    }

    @Test func simdInDeadCodeIsRefusedToo() throws {
        #expect(throws: CompileError.self) {
            try CompiledTestModule("(module (func unreachable (drop (i8x16.splat (i32.const 1)))))", simd: true)
        }
    }
}
