// The two pieces of machine code the engine makes once, not per module
// (docs/jit-abi.md, "Stubs"):
//
// - entry: called from the C entry trampoline with the System V ABI; builds
//   the argument slots on the stack, calls wasm code with the wasm
//   convention, and copies the result slots back;
// - host call: the `code` of every host function's FunctionReference; it
//   records the calling wasm frame as the instance's last exit and calls the
//   host record's C dispatch function with a pointer to the argument slots.
//
// Both keep an rbp frame, so frame walks pass through them.
import WasmCore
import X64Assembler

/// A stub's machine code (position-independent) and its trap sites, with
/// machine offsets relative to the start of `code`.
public struct StubCode: Sendable {
    public var code: [UInt8]
    public var trapSites: [TrapSite]

    public init(code: [UInt8], trapSites: [TrapSite]) {
        self.code = code
        self.trapSites = trapSites
    }
}

public enum Stubs {
    /// `void entry(const void *code, void *vmContext, uint64_t *slots, uint64_t slotCount)`.
    ///
    /// Saves the System V callee-saved registers (wasm code restores rbx,
    /// r12–r15 when it returns, but a trap leaves them changed, so the stub
    /// does not rely on that), reserves `slotCount` slots with rsp 16-byte aligned at the call,
    /// copies them in, calls `code` with rdi = vmContext, and copies them back.
    public static func entry() -> StubCode {
        var assembler = Assembler(capacity: 256)
        assembler.pushq(.rbp)
        assembler.movq(.rbp, .rsp)
        assembler.pushq(.rbx)
        assembler.pushq(.r12)
        assembler.pushq(.r13)
        assembler.pushq(.r14)
        assembler.pushq(.r15)
        // Wasm code clobbers every other register: what must outlive the
        // call is kept in the frame, at rbp - 48 and rbp - 56.
        assembler.pushq(.rdx)  // slots
        assembler.pushq(.rcx)  // slot count
        assembler.movq(.r13, .rdi)  // code
        assembler.movq(.rbx, .rdx)
        assembler.movq(.r12, .rcx)
        // rsp is 8 mod 16 after seven pushes: reserve the slots rounded to 16, plus 8.
        assembler.leaq(.rax, Memory(base: nil, index: .rcx, scale: 8, displacement: 15))
        assembler.andq(.rax, -16)
        assembler.addq(.rax, 8)
        assembler.subq(.rsp, .rax)

        let call = assembler.newLabel()
        let copyIn = assembler.newLabel()
        assembler.xorl(.rax, .rax)
        assembler.testq(.r12, .r12)
        assembler.jcc(.equal, call)
        assembler.bind(copyIn)
        assembler.movq(.rdx, Memory(base: .rbx, index: .rax, scale: 8))
        assembler.movq(Memory(base: .rsp, index: .rax, scale: 8), .rdx)
        assembler.incq(.rax)
        assembler.cmpq(.rax, .r12)
        assembler.jcc(.below, copyIn)

        assembler.bind(call)
        assembler.movq(.rdi, .rsi)
        assembler.call(.r13)
        assembler.movq(.rbx, Memory(base: .rbp, displacement: -48))
        assembler.movq(.r12, Memory(base: .rbp, displacement: -56))

        let done = assembler.newLabel()
        let copyOut = assembler.newLabel()
        assembler.xorl(.rax, .rax)
        assembler.testq(.r12, .r12)
        assembler.jcc(.equal, done)
        assembler.bind(copyOut)
        assembler.movq(.rdx, Memory(base: .rsp, index: .rax, scale: 8))
        assembler.movq(Memory(base: .rbx, index: .rax, scale: 8), .rdx)
        assembler.incq(.rax)
        assembler.cmpq(.rax, .r12)
        assembler.jcc(.below, copyOut)

        assembler.bind(done)
        assembler.leaq(.rsp, Memory(base: .rbp, displacement: -40))
        assembler.popq(.r15)
        assembler.popq(.r14)
        assembler.popq(.r13)
        assembler.popq(.r12)
        assembler.popq(.rbx)
        assembler.popq(.rbp)
        assembler.ret()
        return StubCode(code: assembler.finish(), trapSites: [])
    }

    /// Called with the wasm convention: rdi = the host record
    /// `{ dispatch: uint32_t (*)(void *record, uint64_t *slots), context }`,
    /// the argument slots at [rsp + 8], r14 = the calling instance's VM context.
    /// A nonzero dispatch result raises `hostError` at the stub's `ud2`.
    public static func hostCall() -> StubCode {
        var assembler = Assembler(capacity: 128)
        assembler.pushq(.rbp)
        assembler.movq(.rbp, .rsp)
        assembler.movq(.rax, Memory(base: .rbp))
        assembler.movq(Memory(base: .r14, displacement: VMContextLayout.lastExitFramePointer), .rax)
        assembler.movq(.rax, Memory(base: .rbp, displacement: 8))
        assembler.movq(Memory(base: .r14, displacement: VMContextLayout.lastExitPC), .rax)
        assembler.leaq(.rsi, Memory(base: .rbp, displacement: 16))
        // The registers of pinned float locals are callee-saved for wasm code,
        // not for C: keep them here. rsp is 16-byte aligned before this (the
        // caller aligned it, the call and the push added 16) and after it.
        assembler.subq(.rsp, 32)
        for (position, register) in PinnedLocals.vectorRegisters.enumerated() {
            assembler.movsd(Memory(base: .rsp, displacement: Int32(position) * 8), register)
        }
        assembler.call(Memory(base: .rdi))
        for (position, register) in PinnedLocals.vectorRegisters.enumerated() {
            assembler.movsd(register, Memory(base: .rsp, displacement: Int32(position) * 8))
        }
        assembler.movq(.rsp, .rbp)
        let failed = assembler.newLabel()
        assembler.testl(.rax, .rax)
        assembler.jcc(.notEqual, failed)
        assembler.popq(.rbp)
        assembler.ret()
        assembler.bind(failed)
        let trapOffset = assembler.offset
        assembler.ud2()
        let trap = TrapSite(machineOffset: UInt32(trapOffset), code: .hostError, wasmOffset: 0)
        return StubCode(code: assembler.finish(), trapSites: [trap])
    }
}
