// Known byte sequences (from compilers and the Intel manual, not from our
// assembler) decode to the expected text in both syntaxes; invalid or
// truncated bytes become one-byte `(bad)` entries; addresses, lengths and
// branch targets come out right.

import Disassembler
import Testing

@Suite struct DisassemblerTests {
    static let intelSamples: [([UInt8], String)] = [
        ([0x55], "push rbp"),
        ([0x48, 0x89, 0xE5], "mov rbp, rsp"),
        ([0x48, 0x83, 0xEC, 0x20], "sub rsp, 0x20"),
        ([0x8B, 0x45, 0xFC], "mov eax, dword ptr [rbp-0x4]"),
        ([0xC7, 0x45, 0xF8, 0x0A, 0x00, 0x00, 0x00], "mov dword ptr [rbp-0x8], 0xa"),
        ([0x0F, 0x0B], "ud2"),
        ([0xCC], "int3"),
        ([0xC3], "ret"),
        ([0xF2, 0x0F, 0x58, 0xC1], "addsd xmm0, xmm1"),
        ([0x41, 0xFF, 0xD3], "call r11"),
        ([0x48, 0xB8, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08], "mov rax, 0x807060504030201"),
        ([0x48, 0xC7, 0xC0, 0xFF, 0xFF, 0xFF, 0xFF], "mov rax, 0xffffffffffffffff"),
        ([0x41, 0x0F, 0xB6, 0x04, 0x24], "movzx eax, byte ptr [r12]"),
        ([0xF3, 0x0F, 0x10, 0x44, 0x24, 0x08], "movss xmm0, dword ptr [rsp+0x8]"),
        ([0x48, 0x63, 0xC1], "movsxd rax, ecx"),
        ([0xFF, 0x24, 0xC5, 0x00, 0x10, 0x00, 0x00], "jmp qword ptr [rax*8+0x1000]"),
        ([0x66, 0x0F, 0x1F, 0x44, 0x00, 0x00], "nop word ptr [rax+rax*1], ax"),
        ([0xF7, 0x18], "neg dword ptr [rax]"),
        ([0x43, 0x8B, 0x04, 0xFE], "mov eax, dword ptr [r14+r15*8]"),
        ([0x40, 0x0F, 0x94, 0xC6], "setz sil"),
        ([0xF3, 0x48, 0x0F, 0xB8, 0xC1], "popcnt rax, rcx"),
    ]

    static let attSamples: [([UInt8], String)] = [
        ([0x55], "push %rbp"),
        ([0x48, 0x89, 0xE5], "mov %rsp, %rbp"),
        ([0x48, 0x83, 0xEC, 0x20], "sub $0x20, %rsp"),
        ([0x8B, 0x45, 0xFC], "movl -0x4(%rbp), %eax"),
        ([0xC7, 0x45, 0xF8, 0x0A, 0x00, 0x00, 0x00], "movl $0xa, -0x8(%rbp)"),
        ([0xF2, 0x0F, 0x58, 0xC1], "addsd %xmm1, %xmm0"),
        ([0x41, 0xFF, 0xD3], "call %r11"),
    ]

    @Test func intelSyntaxMatchesKnownEncodings() {
        let disassembler = Disassembler()
        for (bytes, text) in Self.intelSamples {
            let decoded = disassembler.instructions(in: bytes, address: 0x1000)
            #expect(decoded.map(\.text) == [text])
            #expect(decoded.first?.length == bytes.count)
            #expect(decoded.first?.bytes == bytes)
            #expect(decoded.first?.isValid == true)
        }
    }

    @Test func attSyntaxIsAvailable() {
        let disassembler = Disassembler(syntax: .att)
        #expect(disassembler.syntax == .att)
        for (bytes, text) in Self.attSamples {
            #expect(disassembler.texts(of: bytes, address: 0x1000) == [text])
        }
    }

    @Test func relativeBranchesPrintAndReportAbsoluteTargets() {
        let disassembler = Disassembler()
        let call = disassembler.instructions(in: [0xE8, 0x00, 0x00, 0x00, 0x00], address: 0x1000)
        #expect(call.first?.text == "call 0x1005")
        #expect(call.first?.branchTarget == 0x1005)
        let loop = disassembler.instructions(in: [0x74, 0xFE], address: 0x2000)
        #expect(loop.first?.text == "jz 0x2000")
        #expect(loop.first?.branchTarget == 0x2000)
        let backward = disassembler.instructions(in: [0x0F, 0x85, 0xF0, 0xFF, 0xFF, 0xFF], address: 0x3000)
        #expect(backward.first?.text == "jnz 0x2ff6")
        let indirect = disassembler.instructions(in: [0x41, 0xFF, 0xD3], address: 0)
        #expect(indirect.first?.branchTarget == nil)
        let arithmetic = disassembler.instructions(in: [0x48, 0x89, 0xE5], address: 0)
        #expect(arithmetic.first?.branchTarget == nil)
    }

    @Test func ripRelativeOperandsPrintAbsoluteAddresses() {
        let disassembler = Disassembler()
        #expect(
            disassembler.texts(of: [0x48, 0x8D, 0x05, 0x10, 0x00, 0x00, 0x00], address: 0x1000) == ["lea rax, [0x1017]"]
        )
    }

    @Test func invalidBytesBecomeOneByteBadEntries() {
        let disassembler = Disassembler()
        // 06 (push es) does not exist in long mode; decoding resumes at the next byte.
        let decoded = disassembler.instructions(in: [0x06, 0x06, 0xC3], address: 0x10)
        #expect(decoded.map(\.text) == ["(bad)", "(bad)", "ret"])
        #expect(decoded.map(\.address) == [0x10, 0x11, 0x12])
        #expect(decoded.map(\.isValid) == [false, false, true])
        #expect(decoded.map(\.length) == [1, 1, 1])
    }

    @Test func truncatedInstructionsAtTheEndAreBad() {
        let disassembler = Disassembler()
        let decoded = disassembler.instructions(in: [0x90, 0x48, 0x8B], address: 0)
        #expect(decoded.map(\.text) == ["nop", "(bad)", "(bad)"])
    }

    @Test func addressesAdvanceByInstructionLength() {
        let disassembler = Disassembler()
        let code: [UInt8] = [0x55, 0x48, 0x89, 0xE5, 0x8B, 0x45, 0xFC, 0x5D, 0xC3]
        let decoded = disassembler.instructions(in: code, address: 0x7000)
        #expect(decoded.map(\.address) == [0x7000, 0x7001, 0x7004, 0x7007, 0x7008])
        #expect(decoded.map(\.nextAddress) == [0x7001, 0x7004, 0x7007, 0x7008, 0x7009])
        #expect(decoded.reduce(0) { $0 + $1.length } == code.count)
    }

    @Test func rawBufferInputDecodesLikeAnArray() {
        let disassembler = Disassembler()
        let code: [UInt8] = [0x48, 0x83, 0xEC, 0x20, 0xC3]
        let fromBuffer = code.withUnsafeBytes { disassembler.instructions(in: $0, address: 0x40) }
        #expect(fromBuffer == disassembler.instructions(in: code, address: 0x40))
    }

    @Test func singleInstructionDecodingStopsAfterTheFirst() {
        let disassembler = Disassembler()
        #expect(disassembler.instruction(at: [0x5D, 0xC3])?.text == "pop rbp")
        #expect(disassembler.instruction(at: []) == nil)
    }

    @Test func instructionsDescribeThemselvesLikeObjdump() {
        let instruction = Disassembler().instructions(in: [0x48, 0x89, 0xE5], address: 0x401000)[0]
        #expect(instruction.hexBytes == "48 89 e5")
        #expect(instruction.description == "0x401000: 48 89 e5  mov rbp, rsp")
    }

    @Test func emptyInputDecodesToNothing() {
        #expect(Disassembler().instructions(in: [], address: 0).isEmpty)
    }
}
