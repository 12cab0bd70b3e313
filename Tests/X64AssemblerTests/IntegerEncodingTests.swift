// Integer instructions encoded over the register, address and immediate
// matrices and checked against Zydis text.

import Testing
import X64Assembler

/// One width of a group-1 operation and its five operand shapes.
struct Group1Form {
    var mnemonic: String
    var bits: Int
    var registerRegister: EmitRR
    var registerMemory: EmitRM
    var memoryRegister: EmitMR
    var registerImmediate: EmitRI
    var memoryImmediate: EmitMI

    init(
        _ mnemonic: String, _ bits: Int, _ registerRegister: @escaping EmitRR, _ registerMemory: @escaping EmitRM,
        _ memoryRegister: @escaping EmitMR, _ registerImmediate: @escaping EmitRI,
        _ memoryImmediate: @escaping EmitMI
    ) {
        self.mnemonic = mnemonic
        self.bits = bits
        self.registerRegister = registerRegister
        self.registerMemory = registerMemory
        self.memoryRegister = memoryRegister
        self.registerImmediate = registerImmediate
        self.memoryImmediate = memoryImmediate
    }
}

@Suite struct IntegerEncodingTests {
    static var group1Forms: [Group1Form] {
        [
            Group1Form(
                "add", 32, { $0.addl($1, $2) }, { $0.addl($1, $2) }, { $0.addl($1, $2) }, { $0.addl($1, $2) },
                { $0.addl($1, $2) }),
            Group1Form(
                "add", 64, { $0.addq($1, $2) }, { $0.addq($1, $2) }, { $0.addq($1, $2) }, { $0.addq($1, $2) },
                { $0.addq($1, $2) }),
            Group1Form(
                "or", 32, { $0.orl($1, $2) }, { $0.orl($1, $2) }, { $0.orl($1, $2) }, { $0.orl($1, $2) },
                { $0.orl($1, $2) }),
            Group1Form(
                "or", 64, { $0.orq($1, $2) }, { $0.orq($1, $2) }, { $0.orq($1, $2) }, { $0.orq($1, $2) },
                { $0.orq($1, $2) }),
            Group1Form(
                "adc", 32, { $0.adcl($1, $2) }, { $0.adcl($1, $2) }, { $0.adcl($1, $2) }, { $0.adcl($1, $2) },
                { $0.adcl($1, $2) }),
            Group1Form(
                "adc", 64, { $0.adcq($1, $2) }, { $0.adcq($1, $2) }, { $0.adcq($1, $2) }, { $0.adcq($1, $2) },
                { $0.adcq($1, $2) }),
            Group1Form(
                "sbb", 32, { $0.sbbl($1, $2) }, { $0.sbbl($1, $2) }, { $0.sbbl($1, $2) }, { $0.sbbl($1, $2) },
                { $0.sbbl($1, $2) }),
            Group1Form(
                "sbb", 64, { $0.sbbq($1, $2) }, { $0.sbbq($1, $2) }, { $0.sbbq($1, $2) }, { $0.sbbq($1, $2) },
                { $0.sbbq($1, $2) }),
            Group1Form(
                "and", 32, { $0.andl($1, $2) }, { $0.andl($1, $2) }, { $0.andl($1, $2) }, { $0.andl($1, $2) },
                { $0.andl($1, $2) }),
            Group1Form(
                "and", 64, { $0.andq($1, $2) }, { $0.andq($1, $2) }, { $0.andq($1, $2) }, { $0.andq($1, $2) },
                { $0.andq($1, $2) }),
            Group1Form(
                "sub", 32, { $0.subl($1, $2) }, { $0.subl($1, $2) }, { $0.subl($1, $2) }, { $0.subl($1, $2) },
                { $0.subl($1, $2) }),
            Group1Form(
                "sub", 64, { $0.subq($1, $2) }, { $0.subq($1, $2) }, { $0.subq($1, $2) }, { $0.subq($1, $2) },
                { $0.subq($1, $2) }),
            Group1Form(
                "xor", 32, { $0.xorl($1, $2) }, { $0.xorl($1, $2) }, { $0.xorl($1, $2) }, { $0.xorl($1, $2) },
                { $0.xorl($1, $2) }),
            Group1Form(
                "xor", 64, { $0.xorq($1, $2) }, { $0.xorq($1, $2) }, { $0.xorq($1, $2) }, { $0.xorq($1, $2) },
                { $0.xorq($1, $2) }),
            Group1Form(
                "cmp", 32, { $0.cmpl($1, $2) }, { $0.cmpl($1, $2) }, { $0.cmpl($1, $2) }, { $0.cmpl($1, $2) },
                { $0.cmpl($1, $2) }),
            Group1Form(
                "cmp", 64, { $0.cmpq($1, $2) }, { $0.cmpq($1, $2) }, { $0.cmpq($1, $2) }, { $0.cmpq($1, $2) },
                { $0.cmpq($1, $2) }),
        ]
    }

    @Test(arguments: 0..<16)
    func group1OperationsEncodeEveryOperandShape(form index: Int) {
        let form = Self.group1Forms[index]
        let (name, bits) = (form.mnemonic, form.bits)
        EncodingCheck.verify(
            Cases.registerRegister(name, bits: bits, form.registerRegister)
                + Cases.registerMemory(name, bits: bits, form.registerMemory)
                + Cases.memoryRegister(name, bits: bits, form.memoryRegister)
                + Cases.registerImmediate(name, bits: bits, form.registerImmediate)
                + Cases.memoryImmediate(name, bits: bits, form.memoryImmediate))
    }

    @Test func group1ImmediatesUseTheShortestForm() {
        var assembler = Assembler()
        assembler.addl(.rcx, 127)
        #expect(assembler.bytes == [0x83, 0xC1, 0x7F])
        assembler.reset()
        assembler.addl(.rcx, 128)
        #expect(assembler.bytes == [0x81, 0xC1, 0x80, 0x00, 0x00, 0x00])
        assembler.reset()
        assembler.subq(.rax, 1000)
        #expect(assembler.bytes == [0x48, 0x2D, 0xE8, 0x03, 0x00, 0x00])
        assembler.reset()
        assembler.cmpl(.rax, -128)
        #expect(assembler.bytes == [0x83, 0xF8, 0x80])
    }

    @Test func movesEncodeEveryOperandShape() {
        EncodingCheck.verify(
            Cases.registerRegister("mov", bits: 32) { $0.movl($1, $2) }
                + Cases.registerMemory("mov", bits: 32) { $0.movl($1, $2) }
                + Cases.memoryRegister("mov", bits: 32) { $0.movl($1, $2) }
                + Cases.registerImmediate("mov", bits: 32) { $0.movl($1, $2) }
                + Cases.memoryImmediate("mov", bits: 32) { $0.movl($1, $2) }
                + Cases.registerRegister("mov", bits: 64) { $0.movq($1, $2) }
                + Cases.registerMemory("mov", bits: 64) { $0.movq($1, $2) }
                + Cases.memoryRegister("mov", bits: 64) { $0.movq($1, $2) }
                + Cases.registerImmediate("mov", bits: 64) { $0.movq($1, $2) }
                + Cases.memoryImmediate("mov", bits: 64) { $0.movq($1, $2) })
    }

    @Test func movabsCarriesAFullSixtyFourBitImmediate() {
        let values: [UInt64] = [0, 1, 0xFFFF_FFFF, 0x1_0000_0000, 0x1234_5678_9ABC_DEF0, .max]
        EncodingCheck.verify(
            Operands.registers.flatMap { register in
                values.map { value in
                    EncodingCase("mov \(register), \(Text.hex(value))") { $0.movq(register, imm64: value) }
                }
            })
        var assembler = Assembler()
        assembler.movq(.r11, imm64: 1)
        #expect(assembler.bytes.count == 10)
    }

    @Test func loadImmediatePicksTheShortestMove() {
        let cases: [(UInt64, String, Int)] = [
            (0, "mov r9d, 0x0", 6), (0xFFFF_FFFF, "mov r9d, 0xffffffff", 6),
            (0xFFFF_FFFF_FFFF_FFFE, "mov r9, 0xfffffffffffffffe", 7),
            (0x1_0000_0000, "mov r9, 0x100000000", 10),
        ]
        for (value, text, length) in cases {
            EncodingCheck.verify([EncodingCase(text) { $0.loadImmediate(.r9, value) }])
            var assembler = Assembler()
            assembler.loadImmediate(.r9, value)
            #expect(assembler.bytes.count == length, "loadImmediate(\(value))")
        }
    }

    @Test func byteAndWordStoresAndLoadsEncode() {
        EncodingCheck.verify(
            Cases.memoryRegister("mov", bits: 8) { $0.movb($1, $2) }
                + Cases.registerMemory("mov", bits: 8) { $0.movb($1, $2) }
                + Cases.memoryImmediate("mov", bits: 8) { $0.movb($1, Int8(truncatingIfNeeded: $2)) }
                + Cases.memoryRegister("mov", bits: 16) { $0.movw($1, $2) }
                + Cases.registerMemory("mov", bits: 16) { $0.movw($1, $2) }
                + Cases.memoryImmediate("mov", bits: 16) { $0.movw($1, Int16(truncatingIfNeeded: $2)) }
                + Cases.memoryImmediate("cmp", bits: 8) { $0.cmpb($1, Int8(truncatingIfNeeded: $2)) }
                + Cases.memoryImmediate("test", bits: 8) { $0.testb($1, UInt8(truncatingIfNeeded: $2)) }
                + Cases.registerRegister("test", bits: 8) { $0.testb($1, $2) })
    }

    @Test func zeroAndSignExtensionsEncode() {
        EncodingCheck.verify(
            Cases.registerRegister("movzx", bits: 32, sourceBits: 8) { $0.movzxbl($1, $2) }
                + Cases.registerRegister("movzx", bits: 64, sourceBits: 8) { $0.movzxbq($1, $2) }
                + Cases.registerRegister("movzx", bits: 32, sourceBits: 16) { $0.movzxwl($1, $2) }
                + Cases.registerRegister("movzx", bits: 64, sourceBits: 16) { $0.movzxwq($1, $2) }
                + Cases.registerRegister("movsx", bits: 32, sourceBits: 8) { $0.movsxbl($1, $2) }
                + Cases.registerRegister("movsx", bits: 64, sourceBits: 8) { $0.movsxbq($1, $2) }
                + Cases.registerRegister("movsx", bits: 32, sourceBits: 16) { $0.movsxwl($1, $2) }
                + Cases.registerRegister("movsx", bits: 64, sourceBits: 16) { $0.movsxwq($1, $2) }
                + Cases.registerRegister("movsxd", bits: 64, sourceBits: 32) { $0.movsxlq($1, $2) }
                + Cases.registerMemory("movzx", bits: 32, memoryBits: 8) { $0.movzxbl($1, $2) }
                + Cases.registerMemory("movzx", bits: 64, memoryBits: 8) { $0.movzxbq($1, $2) }
                + Cases.registerMemory("movzx", bits: 32, memoryBits: 16) { $0.movzxwl($1, $2) }
                + Cases.registerMemory("movzx", bits: 64, memoryBits: 16) { $0.movzxwq($1, $2) }
                + Cases.registerMemory("movsx", bits: 32, memoryBits: 8) { $0.movsxbl($1, $2) }
                + Cases.registerMemory("movsx", bits: 64, memoryBits: 8) { $0.movsxbq($1, $2) }
                + Cases.registerMemory("movsx", bits: 32, memoryBits: 16) { $0.movsxwl($1, $2) }
                + Cases.registerMemory("movsx", bits: 64, memoryBits: 16) { $0.movsxwq($1, $2) }
                + Cases.registerMemory("movsxd", bits: 64, memoryBits: 32) { $0.movsxlq($1, $2) })
    }

    @Test func leaPushPopAndExchangeEncode() {
        EncodingCheck.verify(
            Cases.registerMemory("lea", bits: 64, memoryBits: 0) { $0.leaq($1, $2) }
                + Cases.registerMemory("lea", bits: 32, memoryBits: 0) { $0.leal($1, $2) }
                + Cases.register("push", bits: 64) { $0.pushq($1) }
                + Cases.register("pop", bits: 64) { $0.popq($1) }
                + Cases.memory("push", bits: 64) { $0.pushq($1) }
                + Cases.memory("pop", bits: 64) { $0.popq($1) }
                + Operands.immediates.map { immediate in
                    EncodingCase("push \(Text.immediate(Int64(immediate), bits: 64))") { $0.pushq(immediate) }
                }
                + Cases.registerRegister("xchg", bits: 32) { $0.xchgl($1, $2) }
                + Cases.registerRegister("xchg", bits: 64) { $0.xchgq($1, $2) }
                + Cases.memoryRegister("xchg", bits: 32) { $0.xchgl($1, $2) }
                + Cases.memoryRegister("xchg", bits: 64) { $0.xchgq($1, $2) })
    }

    @Test func atomicReadModifyWritesEncodeWithTheLockPrefix() {
        EncodingCheck.verify(
            Cases.memoryRegister("lock xadd", bits: 32) {
                $0.lock()
                $0.xaddl($1, $2)
            }
                + Cases.memoryRegister("lock xadd", bits: 64) {
                    $0.lock()
                    $0.xaddq($1, $2)
                }
                + Cases.memoryRegister("lock cmpxchg", bits: 32) {
                    $0.lock()
                    $0.cmpxchgl($1, $2)
                }
                + Cases.memoryRegister("lock cmpxchg", bits: 64) {
                    $0.lock()
                    $0.cmpxchgq($1, $2)
                }
                + Cases.memoryImmediate("lock add", bits: 32) {
                    $0.lock()
                    $0.addl($1, $2)
                })
    }

    @Test func testEncodesEveryOperandShape() {
        EncodingCheck.verify(
            Cases.registerRegister("test", bits: 32) { $0.testl($1, $2) }
                + Cases.registerRegister("test", bits: 64) { $0.testq($1, $2) }
                + Cases.memoryRegister("test", bits: 32) { $0.testl($1, $2) }
                + Cases.memoryRegister("test", bits: 64) { $0.testq($1, $2) }
                + Cases.registerImmediate("test", bits: 32) { $0.testl($1, $2) }
                + Cases.registerImmediate("test", bits: 64) { $0.testq($1, $2) }
                + Cases.memoryImmediate("test", bits: 32) { $0.testl($1, $2) }
                + Cases.memoryImmediate("test", bits: 64) { $0.testq($1, $2) })
    }

    @Test func multiplyAndDivideEncode() {
        var cases =
            Cases.registerRegister("imul", bits: 32) { $0.imull($1, $2) }
            + Cases.registerRegister("imul", bits: 64) { $0.imulq($1, $2) }
            + Cases.registerMemory("imul", bits: 32) { $0.imull($1, $2) }
            + Cases.registerMemory("imul", bits: 64) { $0.imulq($1, $2) }
            + Cases.register("idiv", bits: 32) { $0.idivl($1) }
            + Cases.register("idiv", bits: 64) { $0.idivq($1) }
            + Cases.register("div", bits: 32) { $0.divl($1) }
            + Cases.register("div", bits: 64) { $0.divq($1) }
            + Cases.register("mul", bits: 32) { $0.mull($1) }
            + Cases.register("mul", bits: 64) { $0.mulq($1) }
            + Cases.register("imul", bits: 64) { $0.imulq($1) }
            + Cases.memory("idiv", bits: 32) { $0.idivl($1) }
            + Cases.memory("idiv", bits: 64) { $0.idivq($1) }
            + Cases.memory("div", bits: 32) { $0.divl($1) }
            + Cases.memory("div", bits: 64) { $0.divq($1) }
        for bits in [32, 64] {
            for (index, (destination, source)) in Operands.diagonalPairs.enumerated() {
                for immediate in [Operands.immediates[index % 11], 3, -1000] {
                    let operands = [
                        Text.register(destination, bits: bits), Text.register(source, bits: bits),
                        Text.immediate(Int64(immediate), bits: bits),
                    ]
                    cases.append(
                        EncodingCase("imul " + operands.joined(separator: ", ")) {
                            if bits == 32 {
                                $0.imull(destination, source, immediate)
                            } else {
                                $0.imulq(destination, source, immediate)
                            }
                        })
                }
            }
        }
        cases.append(EncodingCase("cdq") { $0.cdq() })
        cases.append(EncodingCase("cqo") { $0.cqo() })
        EncodingCheck.verify(cases)
    }

    @Test func oneOperandArithmeticEncodes() {
        EncodingCheck.verify(
            Cases.register("neg", bits: 32) { $0.negl($1) } + Cases.register("neg", bits: 64) { $0.negq($1) }
                + Cases.register("not", bits: 32) { $0.notl($1) } + Cases.register("not", bits: 64) { $0.notq($1) }
                + Cases.register("inc", bits: 32) { $0.incl($1) } + Cases.register("inc", bits: 64) { $0.incq($1) }
                + Cases.register("dec", bits: 32) { $0.decl($1) } + Cases.register("dec", bits: 64) { $0.decq($1) }
                + Cases.memory("neg", bits: 32) { $0.negl($1) } + Cases.memory("neg", bits: 64) { $0.negq($1) }
                + Cases.memory("not", bits: 32) { $0.notl($1) } + Cases.memory("not", bits: 64) { $0.notq($1) }
                + Cases.memory("inc", bits: 32) { $0.incl($1) } + Cases.memory("inc", bits: 64) { $0.incq($1) }
                + Cases.memory("dec", bits: 32) { $0.decl($1) } + Cases.memory("dec", bits: 64) { $0.decq($1) })
    }

    @Test func shiftsAndRotatesEncodeByImmediateAndByCL() {
        let counts: [Int32] = [0, 1, 5, 31, 63]
        let byImmediate: [(String, Int, EmitRI)] = [
            ("rol", 32, { $0.roll($1, UInt8($2)) }), ("rol", 64, { $0.rolq($1, UInt8($2)) }),
            ("ror", 32, { $0.rorl($1, UInt8($2)) }), ("ror", 64, { $0.rorq($1, UInt8($2)) }),
            ("shl", 32, { $0.shll($1, UInt8($2)) }), ("shl", 64, { $0.shlq($1, UInt8($2)) }),
            ("shr", 32, { $0.shrl($1, UInt8($2)) }), ("shr", 64, { $0.shrq($1, UInt8($2)) }),
            ("sar", 32, { $0.sarl($1, UInt8($2)) }), ("sar", 64, { $0.sarq($1, UInt8($2)) }),
        ]
        let byCL: [(String, Int, EmitR)] = [
            ("rol", 32, { $0.rollCL($1) }), ("rol", 64, { $0.rolqCL($1) }),
            ("ror", 32, { $0.rorlCL($1) }), ("ror", 64, { $0.rorqCL($1) }),
            ("shl", 32, { $0.shllCL($1) }), ("shl", 64, { $0.shlqCL($1) }),
            ("shr", 32, { $0.shrlCL($1) }), ("shr", 64, { $0.shrqCL($1) }),
            ("sar", 32, { $0.sarlCL($1) }), ("sar", 64, { $0.sarqCL($1) }),
        ]
        var cases: [EncodingCase] = []
        for (mnemonic, bits, emit) in byImmediate {
            cases += Cases.registerImmediate(mnemonic, bits: bits, immediateBits: 8, immediates: counts, emit)
        }
        for (mnemonic, bits, emit) in byCL {
            cases += Operands.registers.map { register in
                EncodingCase("\(mnemonic) \(Text.register(register, bits: bits)), cl") { emit(&$0, register) }
            }
        }
        EncodingCheck.verify(cases)
    }

    @Test func bitCountsAndBitTestsEncode() {
        EncodingCheck.verify(
            Cases.registerRegister("lzcnt", bits: 32) { $0.lzcntl($1, $2) }
                + Cases.registerRegister("lzcnt", bits: 64) { $0.lzcntq($1, $2) }
                + Cases.registerRegister("tzcnt", bits: 32) { $0.tzcntl($1, $2) }
                + Cases.registerRegister("tzcnt", bits: 64) { $0.tzcntq($1, $2) }
                + Cases.registerRegister("popcnt", bits: 32) { $0.popcntl($1, $2) }
                + Cases.registerRegister("popcnt", bits: 64) { $0.popcntq($1, $2) }
                + Cases.registerRegister("bsr", bits: 32) { $0.bsrl($1, $2) }
                + Cases.registerRegister("bsr", bits: 64) { $0.bsrq($1, $2) }
                + Cases.registerRegister("bsf", bits: 32) { $0.bsfl($1, $2) }
                + Cases.registerRegister("bsf", bits: 64) { $0.bsfq($1, $2) }
                + Cases.registerRegister("bt", bits: 32) { $0.btl($1, $2) }
                + Cases.registerRegister("bt", bits: 64) { $0.btq($1, $2) }
                + Cases.registerImmediate("bt", bits: 32, immediateBits: 8, immediates: [0, 5, 31]) {
                    $0.btl($1, UInt8($2))
                }
                + Cases.registerImmediate("bt", bits: 64, immediateBits: 8, immediates: [0, 33, 63]) {
                    $0.btq($1, UInt8($2))
                })
    }

    @Test func setccAndCmovccEncodeEveryCondition() {
        var cases: [EncodingCase] = []
        for condition in Condition.allCases {
            let suffix = condition.mnemonicSuffix
            cases += Cases.register("set\(suffix)", bits: 8) { $0.setcc(condition, $1) }
            cases += Cases.memory("set\(suffix)", bits: 8) { $0.setcc(condition, $1) }
            cases += Cases.registerRegister("cmov\(suffix)", bits: 32, pairs: Operands.diagonalPairs) {
                $0.cmovl(condition, $1, $2)
            }
            cases += Cases.registerRegister("cmov\(suffix)", bits: 64, pairs: Operands.diagonalPairs) {
                $0.cmovq(condition, $1, $2)
            }
        }
        cases += Cases.registerMemory("cmovz", bits: 32) { $0.cmovl(.equal, $1, $2) }
        cases += Cases.registerMemory("cmovnbe", bits: 64) { $0.cmovq(.above, $1, $2) }
        EncodingCheck.verify(cases)
    }

    @Test func conditionsInvertToTheirComplements() {
        #expect(Condition.equal.inverted == .notEqual)
        #expect(Condition.less.inverted == .greaterOrEqual)
        #expect(Condition.above.inverted == .belowOrEqual)
        #expect(Condition.parity.inverted == .notParity)
        for condition in Condition.allCases { #expect(condition.inverted.inverted == condition) }
    }
}
