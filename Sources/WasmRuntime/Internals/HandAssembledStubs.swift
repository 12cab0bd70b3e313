/// The two engine stubs of docs/jit-abi.md ("Stubs"), assembled by hand: a
/// second implementation of the contract, independent of the compiler's
/// `WasmJIT.Stubs`, that the runtime's tests can run against to tell a
/// runtime bug from a stub bug.
import WasmJIT

/// Machine code for the engine's stubs, position-independent, and where the host-call stub can trap.
struct EngineStubs {
    var entry: [UInt8]
    var hostCall: [UInt8]
    /// Offsets in `hostCall` of instructions that trap, with their codes.
    var hostCallTrapSites: [TrapSite]
}

enum HandAssembledStubs {
    /// `void entry(const void *code, void *vmContext, uint64_t *slots, uint64_t slotCount)`, System V.
    static let entry: [UInt8] = [
        0x55,  // push rbp
        0x48, 0x89, 0xE5,  // mov rbp, rsp
        0x53,  // push rbx
        0x41, 0x54,  // push r12
        0x41, 0x55,  // push r13
        0x41, 0x56,  // push r14
        0x41, 0x57,  // push r15
        0x49, 0x89, 0xD4,  // mov r12, rdx            ; slots
        0x49, 0x89, 0xCD,  // mov r13, rcx            ; slot count
        0x48, 0x89, 0xFB,  // mov rbx, rdi            ; code
        0x49, 0x89, 0xF7,  // mov r15, rsi            ; vm context
        0x48, 0x8D, 0x04, 0xCD, 0x0F, 0x00, 0x00, 0x00,  // lea rax, [rcx*8 + 15]
        0x48, 0x83, 0xE0, 0xF0,  // and rax, -16
        0x48, 0x29, 0xC4,  // sub rsp, rax
        0x48, 0x83, 0xEC, 0x08,  // sub rsp, 8              ; rsp 16-aligned at the call
        0x4C, 0x89, 0xE6,  // mov rsi, r12
        0x48, 0x89, 0xE7,  // mov rdi, rsp
        0xF3, 0x48, 0xA5,  // rep movsq                ; slots → stack
        0x4C, 0x89, 0xFF,  // mov rdi, r15
        0xFF, 0xD3,  // call rbx
        0x48, 0x89, 0xE6,  // mov rsi, rsp
        0x4C, 0x89, 0xE7,  // mov rdi, r12
        0x4C, 0x89, 0xE9,  // mov rcx, r13
        0xF3, 0x48, 0xA5,  // rep movsq                ; stack → slots
        0x48, 0x8D, 0x65, 0xD8,  // lea rsp, [rbp - 40]
        0x41, 0x5F,  // pop r15
        0x41, 0x5E,  // pop r14
        0x41, 0x5D,  // pop r13
        0x41, 0x5C,  // pop r12
        0x5B,  // pop rbx
        0x5D,  // pop rbp
        0xC3,  // ret
    ]

    /// Wasm convention; rdi = host record `{ dispatch, context }`, r14 = caller's VM context.
    static let hostCall: [UInt8] = [
        0x55,  // push rbp
        0x48, 0x89, 0xE5,  // mov rbp, rsp
        0x48, 0x8B, 0x45, 0x00,  // mov rax, [rbp]          ; caller's frame
        0x49, 0x89, 0x46, UInt8(VMContextLayout.lastExitFramePointer),  // mov [r14 + lastExitFramePointer], rax
        0x48, 0x8B, 0x45, 0x08,  // mov rax, [rbp + 8]      ; return address into the caller
        0x49, 0x89, 0x46, UInt8(VMContextLayout.lastExitPC),  // mov [r14 + lastExitPC], rax
        0x48, 0x8D, 0x75, 0x10,  // lea rsi, [rbp + 16]     ; the caller's slots
        0xFF, 0x17,  // call [rdi]              ; dispatch(record, slots)
        0x85, 0xC0,  // test eax, eax
        0x75, 0x02,  // jnz trap
        0x5D,  // pop rbp
        0xC3,  // ret
        0x0F, 0x0B,  // trap: ud2               ; hostError
    ]

    static var code: EngineStubs {
        EngineStubs(
            entry: entry, hostCall: hostCall,
            hostCallTrapSites: [TrapSite(machineOffset: UInt32(hostCall.count - 2), code: .hostError, wasmOffset: 0)]
        )
    }
}

extension EngineStubs {
    /// The compiler's stubs (the engine's default).
    static var compiled: EngineStubs {
        let entry = Stubs.entry()
        let hostCall = Stubs.hostCall()
        return EngineStubs(entry: entry.code, hostCall: hostCall.code, hostCallTrapSites: hostCall.trapSites)
    }
}
