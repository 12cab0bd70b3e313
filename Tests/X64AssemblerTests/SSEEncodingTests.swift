// SSE2/SSE4.1 instructions encoded over all XMM register pairs, GPR/XMM
// pairs and the address matrix, checked against Zydis text.

import Testing
import X64Assembler

/// An SSE operation with register and memory source forms.
struct SSEForm {
    var mnemonic: String
    var memoryBits: Int
    var registerForm: EmitXX
    var memoryForm: EmitXM

    init(_ mnemonic: String, _ memoryBits: Int, _ registerForm: @escaping EmitXX, _ memoryForm: @escaping EmitXM) {
        self.mnemonic = mnemonic
        self.memoryBits = memoryBits
        self.registerForm = registerForm
        self.memoryForm = memoryForm
    }
}

@Suite struct SSEEncodingTests {
    static var arithmeticForms: [SSEForm] {
        [
            SSEForm("addss", 32, { $0.addss($1, $2) }, { $0.addss($1, $2) }),
            SSEForm("addsd", 64, { $0.addsd($1, $2) }, { $0.addsd($1, $2) }),
            SSEForm("subss", 32, { $0.subss($1, $2) }, { $0.subss($1, $2) }),
            SSEForm("subsd", 64, { $0.subsd($1, $2) }, { $0.subsd($1, $2) }),
            SSEForm("mulss", 32, { $0.mulss($1, $2) }, { $0.mulss($1, $2) }),
            SSEForm("mulsd", 64, { $0.mulsd($1, $2) }, { $0.mulsd($1, $2) }),
            SSEForm("divss", 32, { $0.divss($1, $2) }, { $0.divss($1, $2) }),
            SSEForm("divsd", 64, { $0.divsd($1, $2) }, { $0.divsd($1, $2) }),
            SSEForm("sqrtss", 32, { $0.sqrtss($1, $2) }, { $0.sqrtss($1, $2) }),
            SSEForm("sqrtsd", 64, { $0.sqrtsd($1, $2) }, { $0.sqrtsd($1, $2) }),
            SSEForm("minss", 32, { $0.minss($1, $2) }, { $0.minss($1, $2) }),
            SSEForm("minsd", 64, { $0.minsd($1, $2) }, { $0.minsd($1, $2) }),
            SSEForm("maxss", 32, { $0.maxss($1, $2) }, { $0.maxss($1, $2) }),
            SSEForm("maxsd", 64, { $0.maxsd($1, $2) }, { $0.maxsd($1, $2) }),
            SSEForm("ucomiss", 32, { $0.ucomiss($1, $2) }, { $0.ucomiss($1, $2) }),
            SSEForm("ucomisd", 64, { $0.ucomisd($1, $2) }, { $0.ucomisd($1, $2) }),
            SSEForm("comiss", 32, { $0.comiss($1, $2) }, { $0.comiss($1, $2) }),
            SSEForm("comisd", 64, { $0.comisd($1, $2) }, { $0.comisd($1, $2) }),
            SSEForm("cvtss2sd", 32, { $0.cvtss2sd($1, $2) }, { $0.cvtss2sd($1, $2) }),
            SSEForm("cvtsd2ss", 64, { $0.cvtsd2ss($1, $2) }, { $0.cvtsd2ss($1, $2) }),
        ]
    }

    static var bitwiseForms: [SSEForm] {
        [
            SSEForm("andps", 128, { $0.andps($1, $2) }, { $0.andps($1, $2) }),
            SSEForm("andpd", 128, { $0.andpd($1, $2) }, { $0.andpd($1, $2) }),
            SSEForm("andnps", 128, { $0.andnps($1, $2) }, { $0.andnps($1, $2) }),
            SSEForm("andnpd", 128, { $0.andnpd($1, $2) }, { $0.andnpd($1, $2) }),
            SSEForm("orps", 128, { $0.orps($1, $2) }, { $0.orps($1, $2) }),
            SSEForm("orpd", 128, { $0.orpd($1, $2) }, { $0.orpd($1, $2) }),
            SSEForm("xorps", 128, { $0.xorps($1, $2) }, { $0.xorps($1, $2) }),
            SSEForm("xorpd", 128, { $0.xorpd($1, $2) }, { $0.xorpd($1, $2) }),
            SSEForm("pand", 128, { $0.pand($1, $2) }, { $0.pand($1, $2) }),
            SSEForm("pandn", 128, { $0.pandn($1, $2) }, { $0.pandn($1, $2) }),
            SSEForm("por", 128, { $0.por($1, $2) }, { $0.por($1, $2) }),
            SSEForm("pxor", 128, { $0.pxor($1, $2) }, { $0.pxor($1, $2) }),
            SSEForm("pcmpeqb", 128, { $0.pcmpeqb($1, $2) }, { $0.pcmpeqb($1, $2) }),
            SSEForm("pcmpeqw", 128, { $0.pcmpeqw($1, $2) }, { $0.pcmpeqw($1, $2) }),
            SSEForm("pcmpeqd", 128, { $0.pcmpeqd($1, $2) }, { $0.pcmpeqd($1, $2) }),
            SSEForm("paddd", 128, { $0.paddd($1, $2) }, { $0.paddd($1, $2) }),
            SSEForm("paddq", 128, { $0.paddq($1, $2) }, { $0.paddq($1, $2) }),
            SSEForm("psubd", 128, { $0.psubd($1, $2) }, { $0.psubd($1, $2) }),
            SSEForm("psubq", 128, { $0.psubq($1, $2) }, { $0.psubq($1, $2) }),
        ]
    }

    @Test(arguments: 0..<20)
    func scalarArithmeticEncodesRegisterAndMemorySources(form index: Int) {
        let form = Self.arithmeticForms[index]
        EncodingCheck.verify(
            Cases.xmmXMM(form.mnemonic, form.registerForm)
                + Cases.xmmMemory(form.mnemonic, memoryBits: form.memoryBits, form.memoryForm))
    }

    @Test(arguments: 0..<19)
    func bitwiseOperationsEncodeRegisterAndMemorySources(form index: Int) {
        let form = Self.bitwiseForms[index]
        EncodingCheck.verify(
            Cases.xmmXMM(form.mnemonic, form.registerForm)
                + Cases.xmmMemory(form.mnemonic, memoryBits: form.memoryBits, form.memoryForm))
    }

    @Test func registerMovesLoadsAndStoresEncode() {
        EncodingCheck.verify(
            Cases.xmmXMM("movss") { $0.movss($1, $2) }
                + Cases.xmmMemory("movss", memoryBits: 32) { $0.movss($1, $2) }
                + Cases.memoryXMM("movss", memoryBits: 32) { $0.movss($1, $2) }
                + Cases.xmmXMM("movsd") { $0.movsd($1, $2) }
                + Cases.xmmMemory("movsd", memoryBits: 64) { $0.movsd($1, $2) }
                + Cases.memoryXMM("movsd", memoryBits: 64) { $0.movsd($1, $2) }
                + Cases.xmmXMM("movaps") { $0.movaps($1, $2) }
                + Cases.xmmMemory("movaps", memoryBits: 128) { $0.movaps($1, $2) }
                + Cases.memoryXMM("movaps", memoryBits: 128) { $0.movaps($1, $2) }
                + Cases.xmmXMM("movapd") { $0.movapd($1, $2) }
                + Cases.xmmMemory("movapd", memoryBits: 128) { $0.movapd($1, $2) }
                + Cases.memoryXMM("movapd", memoryBits: 128) { $0.movapd($1, $2) }
                + Cases.xmmXMM("movups") { $0.movups($1, $2) }
                + Cases.xmmMemory("movups", memoryBits: 128) { $0.movups($1, $2) }
                + Cases.memoryXMM("movups", memoryBits: 128) { $0.movups($1, $2) }
                + Cases.xmmXMM("movdqa") { $0.movdqa($1, $2) }
                + Cases.xmmMemory("movdqa", memoryBits: 128) { $0.movdqa($1, $2) }
                + Cases.memoryXMM("movdqa", memoryBits: 128) { $0.movdqa($1, $2) }
                + Cases.xmmXMM("movdqu") { $0.movdqu($1, $2) }
                + Cases.xmmMemory("movdqu", memoryBits: 128) { $0.movdqu($1, $2) }
                + Cases.memoryXMM("movdqu", memoryBits: 128) { $0.movdqu($1, $2) }
                + Cases.xmmXMM("movq") { $0.movq($1, $2) }
                + Cases.xmmMemory("movq", memoryBits: 64) { $0.movq($1, $2) }
                + Cases.memoryXMM("movq", memoryBits: 64) { $0.movq($1, $2) }
                + Cases.xmmMemory("movd", memoryBits: 32) { $0.movd($1, $2) }
                + Cases.memoryXMM("movd", memoryBits: 32) { $0.movd($1, $2) })
    }

    @Test func generalPurposeRegisterMovesAndConversionsEncode() {
        EncodingCheck.verify(
            Cases.xmmRegister("movd", bits: 32) { $0.movd($1, $2) }
                + Cases.xmmRegister("movq", bits: 64) { $0.movq($1, $2) }
                + Cases.registerXMM("movd", bits: 32) { $0.movd($1, $2) }
                + Cases.registerXMM("movq", bits: 64) { $0.movq($1, $2) }
                + Cases.registerXMM("movmskps", bits: 32) { $0.movmskps($1, $2) }
                + Cases.registerXMM("movmskpd", bits: 32) { $0.movmskpd($1, $2) }
                + Cases.xmmRegister("cvtsi2ss", bits: 32) { $0.cvtsi2ssl($1, $2) }
                + Cases.xmmRegister("cvtsi2ss", bits: 64) { $0.cvtsi2ssq($1, $2) }
                + Cases.xmmRegister("cvtsi2sd", bits: 32) { $0.cvtsi2sdl($1, $2) }
                + Cases.xmmRegister("cvtsi2sd", bits: 64) { $0.cvtsi2sdq($1, $2) }
                + Cases.registerXMM("cvttss2si", bits: 32) { $0.cvttss2sil($1, $2) }
                + Cases.registerXMM("cvttss2si", bits: 64) { $0.cvttss2siq($1, $2) }
                + Cases.registerXMM("cvttsd2si", bits: 32) { $0.cvttsd2sil($1, $2) }
                + Cases.registerXMM("cvttsd2si", bits: 64) { $0.cvttsd2siq($1, $2) })
    }

    @Test func roundingTakesItsModeAsAnImmediate() {
        var cases: [EncodingCase] = []
        for (index, (destination, source)) in Operands.xmmPairs.enumerated() where index % 5 == 0 {
            for mode: UInt8 in [0, 1, 2, 3, 8, 9, 10, 11] {
                cases.append(
                    EncodingCase("roundss \(Text.xmm(destination)), \(Text.xmm(source)), \(Text.hex(UInt64(mode)))") {
                        $0.roundss(destination, source, mode)
                    })
                cases.append(
                    EncodingCase("roundsd \(Text.xmm(destination)), \(Text.xmm(source)), \(Text.hex(UInt64(mode)))") {
                        $0.roundsd(destination, source, mode)
                    })
            }
        }
        EncodingCheck.verify(cases)
    }

    @Test func packedShiftsByImmediateEncode() {
        let shifts: [(String, (inout Assembler, XMMRegister, UInt8) -> Void)] = [
            ("psrlw", { $0.psrlw($1, $2) }), ("psraw", { $0.psraw($1, $2) }), ("psllw", { $0.psllw($1, $2) }),
            ("psrld", { $0.psrld($1, $2) }), ("psrad", { $0.psrad($1, $2) }), ("pslld", { $0.pslld($1, $2) }),
            ("psrlq", { $0.psrlq($1, $2) }), ("psllq", { $0.psllq($1, $2) }),
        ]
        var cases: [EncodingCase] = []
        for (mnemonic, emit) in shifts {
            for register in Operands.xmmRegisters {
                for count: UInt8 in [1, 15, 31, 63] {
                    cases.append(
                        EncodingCase("\(mnemonic) \(Text.xmm(register)), \(Text.hex(UInt64(count)))") {
                            emit(&$0, register, count)
                        })
                }
            }
        }
        EncodingCheck.verify(cases)
    }
}
