// Jumps, calls and miscellaneous instructions: register and memory targets
// over the matrices, and the one-off instructions (ret, ud2, fences, nops).

import Disassembler
import Testing
import X64Assembler

@Suite struct ControlEncodingTests {
    @Test func indirectJumpsAndCallsEncodeRegisterAndMemoryTargets() {
        EncodingCheck.verify(
            Cases.register("jmp", bits: 64) { $0.jmp($1) }
                + Cases.register("call", bits: 64) { $0.call($1) }
                + Cases.memory("jmp", bits: 64) { $0.jmp($1) }
                + Cases.memory("call", bits: 64) { $0.call($1) })
    }

    @Test func singleInstructionsEncode() {
        EncodingCheck.verify([
            EncodingCase("ret") { $0.ret() },
            EncodingCase("ud2") { $0.ud2() },
            EncodingCase("int3") { $0.int3() },
            EncodingCase("hlt") { $0.hlt() },
            EncodingCase("nop") { $0.nop() },
            EncodingCase("mfence") { $0.mfence() },
            EncodingCase("lfence") { $0.lfence() },
            EncodingCase("sfence") { $0.sfence() },
            EncodingCase("pause") { $0.pause() },
        ])
    }

    @Test func multiByteNopsFillExactlyTheRequestedLength() {
        let disassembler = Disassembler()
        for length in 1...40 {
            var assembler = Assembler()
            assembler.nop(length: length)
            #expect(assembler.bytes.count == length)
            let decoded = disassembler.instructions(in: assembler.bytes)
            #expect(decoded.count == (length + 8) / 9, "nop(length: \(length))")
            #expect(decoded.allSatisfy { $0.isValid && $0.text.hasPrefix("nop") }, "nop(length: \(length))")
        }
    }

    @Test func alignmentPadsToTheNextMultiple() {
        var assembler = Assembler()
        assembler.ret()
        assembler.align(to: 16)
        #expect(assembler.offset == 16)
        assembler.align(to: 16)
        #expect(assembler.offset == 16)
        assembler.int3()
        assembler.align(to: 8)
        #expect(assembler.offset == 24)
    }

    @Test func instructionBoundariesMatchDecodingInAMixedStream() {
        var assembler = Assembler()
        var boundaries: [Int] = []
        func record(_ assembler: Assembler) { boundaries.append(assembler.offset) }
        let top = assembler.newLabel()
        assembler.bind(top)
        for (index, register) in Register.allCases.enumerated() {
            let address = Operands.addresses[index * 3 % Operands.addresses.count]
            record(assembler)
            assembler.movq(register, address)
            record(assembler)
            assembler.addl(register, Int32(index * 40))
            record(assembler)
            assembler.movsd(XMMRegister(rawValue: register.rawValue)!, address)
            record(assembler)
            assembler.setcc(.less, register)
            record(assembler)
            assembler.cmpq(address, 1000)
            record(assembler)
            assembler.jcc(.notEqual, top)
        }
        record(assembler)
        assembler.ret()
        let decoded = Disassembler().instructions(in: assembler.finish())
        #expect(decoded.map { Int($0.address) } == boundaries)
        #expect(decoded.allSatisfy { $0.isValid })
    }
}
