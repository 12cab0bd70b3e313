// Byte-exact checks of the ModRM/SIB corner cases, so a disassembler that
// accepted a non-canonical encoding could not hide a mistake: rsp/r12 as base
// need a SIB, rbp/r13 as base need a displacement byte, no-base addresses need
// SIB base 101, and 8-bit registers 4...7 need an empty REX prefix.

import Testing
import X64Assembler

@Suite struct MemoryOperandTests {
    func bytes(_ emit: (inout Assembler) -> Void) -> [UInt8] {
        var assembler = Assembler()
        emit(&assembler)
        return assembler.finish()
    }

    @Test func stackPointerAndR12AsBaseTakeASIBByte() {
        #expect(bytes { $0.movl(.rax, Memory(base: .rsp)) } == [0x8B, 0x04, 0x24])
        #expect(bytes { $0.movl(.rax, Memory(base: .r12)) } == [0x41, 0x8B, 0x04, 0x24])
        #expect(bytes { $0.movl(.rax, Memory(base: .rsp, displacement: 8)) } == [0x8B, 0x44, 0x24, 0x08])
        #expect(
            bytes { $0.movq(.r9, Memory(base: .r12, displacement: 0x100)) } == [
                0x4D, 0x8B, 0x8C, 0x24, 0x00, 0x01, 0x00, 0x00,
            ])
    }

    @Test func framePointerAndR13AsBaseTakeADisplacement() {
        #expect(bytes { $0.movl(.rax, Memory(base: .rbp)) } == [0x8B, 0x45, 0x00])
        #expect(bytes { $0.movl(.rax, Memory(base: .r13)) } == [0x41, 0x8B, 0x45, 0x00])
        #expect(bytes { $0.movl(.rax, Memory(base: .rbp, index: .rcx, scale: 2)) } == [0x8B, 0x44, 0x4D, 0x00])
        #expect(bytes { $0.movl(.rax, Memory(base: .rbp, displacement: -8)) } == [0x8B, 0x45, 0xF8])
    }

    @Test func displacementsUseEightBitsWhenTheyFit() {
        #expect(bytes { $0.movl(.rax, Memory(base: .rbx, displacement: 127)) } == [0x8B, 0x43, 0x7F])
        #expect(bytes { $0.movl(.rax, Memory(base: .rbx, displacement: -128)) } == [0x8B, 0x43, 0x80])
        #expect(bytes { $0.movl(.rax, Memory(base: .rbx, displacement: 128)) } == [0x8B, 0x83, 0x80, 0x00, 0x00, 0x00])
        #expect(
            bytes { $0.movl(.rax, Memory(base: .rbx, displacement: -129)) } == [0x8B, 0x83, 0x7F, 0xFF, 0xFF, 0xFF])
    }

    @Test func addressesWithoutABaseUseSIBBase101() {
        #expect(bytes { $0.movl(.rax, Memory(absolute: 0x1000)) } == [0x8B, 0x04, 0x25, 0x00, 0x10, 0x00, 0x00])
        #expect(
            bytes { $0.movl(.rax, Memory(base: nil, index: .rcx, scale: 8, displacement: 0)) } == [
                0x8B, 0x04, 0xCD, 0x00, 0x00, 0x00, 0x00,
            ])
        #expect(
            bytes { $0.movl(.rax, Memory(base: nil, index: .r13, scale: 1, displacement: 4)) } == [
                0x42, 0x8B, 0x04, 0x2D, 0x04, 0x00, 0x00, 0x00,
            ])
    }

    @Test func extendedRegistersSetTheMatchingREXBits() {
        // REX.R for the reg field, REX.X for the index, REX.B for the base.
        #expect(bytes { $0.movq(.r8, Memory(base: .rax, index: .rcx)) } == [0x4C, 0x8B, 0x04, 0x08])
        #expect(bytes { $0.movq(.rax, Memory(base: .rax, index: .r9)) } == [0x4A, 0x8B, 0x04, 0x08])
        #expect(bytes { $0.movq(.rax, Memory(base: .r10, index: .rcx)) } == [0x49, 0x8B, 0x04, 0x0A])
        #expect(bytes { $0.movl(.r15, Memory(base: .r15, index: .r15, scale: 8)) } == [0x47, 0x8B, 0x3C, 0xFF])
    }

    @Test func byteRegistersFourToSevenGetAnEmptyREX() {
        #expect(bytes { $0.setcc(.equal, .rax) } == [0x0F, 0x94, 0xC0])
        #expect(bytes { $0.setcc(.equal, .rbx) } == [0x0F, 0x94, 0xC3])
        #expect(bytes { $0.setcc(.equal, .rsp) } == [0x40, 0x0F, 0x94, 0xC4])
        #expect(bytes { $0.setcc(.equal, .rdi) } == [0x40, 0x0F, 0x94, 0xC7])
        #expect(bytes { $0.setcc(.equal, .r8) } == [0x41, 0x0F, 0x94, 0xC0])
        #expect(bytes { $0.movb(Memory(base: .rax), .rsi) } == [0x40, 0x88, 0x30])
        #expect(bytes { $0.movb(Memory(base: .rax), .rdx) } == [0x88, 0x10])
        #expect(bytes { $0.movzxbl(.rax, .rbp) } == [0x40, 0x0F, 0xB6, 0xC5])
    }

    @Test func mandatoryPrefixesPrecedeREX() {
        #expect(bytes { $0.popcntq(.r8, .r9) } == [0xF3, 0x4D, 0x0F, 0xB8, 0xC1])
        #expect(bytes { $0.movsd(.xmm9, .xmm1) } == [0xF2, 0x44, 0x0F, 0x10, 0xC9])
        #expect(bytes { $0.movq(.xmm1, .rax) } == [0x66, 0x48, 0x0F, 0x6E, 0xC8])
        #expect(bytes { $0.movw(Memory(base: .r8), .rax) } == [0x66, 0x41, 0x89, 0x00])
    }

    @Test func memoryDescribesItselfInIntelSyntax() {
        #expect(Memory(base: .rbp, index: .rax, scale: 4, displacement: -8).description == "[rbp+rax*4-0x8]")
        #expect(Memory(base: .r14, displacement: 0x40).description == "[r14+0x40]")
        #expect(Memory(absolute: 0x1000).description == "[0x1000]")
    }
}
