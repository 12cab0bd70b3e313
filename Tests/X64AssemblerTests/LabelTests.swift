// Labels: forward and backward jumps, calls and RIP-relative operands resolve
// to the bound offsets, whichever order uses and binding come in.

import Disassembler
import Testing
import X64Assembler

@Suite struct LabelTests {
    let disassembler = Disassembler()

    /// The decoded instructions of `assembler`'s code, loaded at `address`.
    func decode(_ assembler: Assembler, address: UInt64 = 0x1000) -> [DisassembledInstruction] {
        disassembler.instructions(in: assembler.finish(), address: address)
    }

    @Test func forwardJumpsAndCallsResolveWhenTheLabelIsBound() {
        var assembler = Assembler()
        let target = assembler.newLabel()
        assembler.jmp(target)
        for condition in Condition.allCases { assembler.jcc(condition, target) }
        assembler.call(target)
        #expect(assembler.hasUnboundLabelUses)
        assembler.nop(length: 300)
        assembler.bind(target)
        #expect(!assembler.hasUnboundLabelUses)
        assembler.ret()
        let targetAddress = UInt64(0x1000 + assembler.offset(of: target)!)
        let branches = decode(assembler).filter { $0.branchTarget != nil }
        #expect(branches.count == 18)
        #expect(branches.allSatisfy { $0.branchTarget == targetAddress })
        #expect(branches[0].text == "jmp \(Text.hex(targetAddress))")
        for (condition, branch) in zip(Condition.allCases, branches.dropFirst()) {
            #expect(branch.text == "j\(condition.mnemonicSuffix) \(Text.hex(targetAddress))")
            #expect(branch.length == 6)
        }
        #expect(branches.last?.text == "call \(Text.hex(targetAddress))")
    }

    @Test func backwardJumpsUseTheShortFormWhenInRange() {
        var assembler = Assembler()
        let top = assembler.newLabel()
        assembler.bind(top)
        assembler.nop(length: 100)
        assembler.jmp(top)
        assembler.jcc(.equal, top)
        assembler.nop(length: 100)
        assembler.jmp(top)
        assembler.jcc(.greater, top)
        let branches = decode(assembler).filter { $0.branchTarget != nil }
        #expect(branches.map(\.length) == [2, 2, 5, 6])
        #expect(branches.allSatisfy { $0.branchTarget == 0x1000 })
        #expect(branches.map(\.text) == ["jmp 0x1000", "jz 0x1000", "jmp 0x1000", "jnle 0x1000"])
    }

    @Test func longFormsKeepTheirSizeForPatching() {
        var assembler = Assembler()
        let top = assembler.newLabel()
        assembler.bind(top)
        assembler.jmpLong(top)
        assembler.jccLong(.below, top)
        #expect(decode(assembler).map(\.length) == [5, 6])
        #expect(decode(assembler).map(\.text) == ["jmp 0x1000", "jb 0x1000"])
    }

    @Test func everyUseOfALabelIsPatchedAndLabelsAreIndependent() {
        var assembler = Assembler()
        let first = assembler.newLabel()
        let second = assembler.newLabel()
        for _ in 0..<5 {
            assembler.jmp(first)
            assembler.jcc(.sign, second)
        }
        assembler.bind(second)
        assembler.nop()
        assembler.bind(first)
        assembler.ret()
        let secondAddress = UInt64(0x1000 + assembler.offset(of: second)!)
        let firstAddress = UInt64(0x1000 + assembler.offset(of: first)!)
        let branches = decode(assembler).filter { $0.branchTarget != nil }
        #expect(branches.count == 10)
        for (index, branch) in branches.enumerated() {
            #expect(branch.branchTarget == (index.isMultiple(of: 2) ? firstAddress : secondAddress))
        }
    }

    @Test func ripRelativeOperandsAccountForTrailingImmediates() {
        var assembler = Assembler()
        let constant = assembler.newLabel()
        assembler.leaq(.rax, Memory(label: constant))
        assembler.cmpl(Memory(label: constant), 5)
        assembler.cmpl(Memory(label: constant), 0x1234)
        assembler.movsd(.xmm3, Memory(label: constant))
        assembler.movw(Memory(label: constant, displacement: 2), Int16(7))
        assembler.bind(constant)
        assembler.emitUInt64(0x4000_0000_0000_0000)
        let address = 0x1000 + assembler.offset(of: constant)!
        let texts = decode(assembler).prefix(5).map(\.text)
        #expect(
            texts == [
                "lea rax, [\(Text.hex(UInt64(address)))]",
                "cmp dword ptr [\(Text.hex(UInt64(address)))], 0x5",
                "cmp dword ptr [\(Text.hex(UInt64(address)))], 0x1234",
                "movsd xmm3, qword ptr [\(Text.hex(UInt64(address)))]",
                "mov word ptr [\(Text.hex(UInt64(address + 2)))], 0x7",
            ])
    }

    @Test func ripRelativeOperandsReachBackwardLabels() {
        var assembler = Assembler()
        let data = assembler.newLabel()
        assembler.bind(data)
        assembler.emitUInt32(0xDEAD_BEEF)
        assembler.movl(.rcx, Memory(label: data))
        assembler.addq(Memory(label: data), -1)
        let code = Array(assembler.finish().dropFirst(4))
        #expect(
            disassembler.texts(of: code, address: 0x1004) == [
                "mov ecx, dword ptr [0x1000]", "add qword ptr [0x1000], 0xffffffffffffffff",
            ])
    }

    @Test func jumpTableEntriesHoldOffsetsFromTheTable() {
        var assembler = Assembler()
        let table = assembler.newLabel()
        let cases = (0..<3).map { _ in assembler.newLabel() }
        assembler.jmp(cases[2])
        assembler.align(to: 4)
        assembler.bind(table)
        for label in cases { assembler.emitLabelOffset32(label, relativeTo: table) }
        for label in cases {
            assembler.bind(label)
            assembler.nop(length: 7)
        }
        let code = assembler.finish()
        let tableOffset = assembler.offset(of: table)!
        for (index, label) in cases.enumerated() {
            let entry = code[(tableOffset + 4 * index)..<(tableOffset + 4 * index + 4)]
            let value = entry.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            #expect(Int(Int32(bitPattern: value)) == assembler.offset(of: label)! - tableOffset)
        }
    }

    @Test func callPlaceholdersReportTheirDisplacementField() {
        var assembler = Assembler()
        assembler.nop()
        let field = assembler.callPlaceholder()
        #expect(field == 2)
        assembler.patchInt32(at: field, 0x100)
        #expect(decode(assembler, address: 0).last?.text == "call 0x106")
        let jumpField = assembler.jmpPlaceholder()
        #expect(jumpField == 7)
    }

    @Test func labelsCanBeBoundToAnEarlierOffset() {
        var assembler = Assembler()
        let label = assembler.newLabel()
        assembler.nop(length: 4)
        assembler.jmp(label)
        assembler.bind(label, to: 2)
        #expect(decode(assembler, address: 0).last?.branchTarget == 2)
    }

    @Test func resetForgetsCodeAndLabels() {
        var assembler = Assembler()
        let label = assembler.newLabel()
        assembler.jmp(label)
        assembler.reset()
        #expect(assembler.bytes.isEmpty)
        #expect(!assembler.hasUnboundLabelUses)
        let fresh = assembler.newLabel()
        #expect(fresh.id == 0)
    }
}
