// Builders that expand one instruction form over the operand matrices of
// EncodingCase.swift into encoding cases with their expected Zydis text.

import X64Assembler

typealias EmitRR = (inout Assembler, Register, Register) -> Void
typealias EmitRM = (inout Assembler, Register, Memory) -> Void
typealias EmitMR = (inout Assembler, Memory, Register) -> Void
typealias EmitRI = (inout Assembler, Register, Int32) -> Void
typealias EmitMI = (inout Assembler, Memory, Int32) -> Void
typealias EmitR = (inout Assembler, Register) -> Void
typealias EmitM = (inout Assembler, Memory) -> Void
typealias EmitXX = (inout Assembler, XMMRegister, XMMRegister) -> Void
typealias EmitXM = (inout Assembler, XMMRegister, Memory) -> Void
typealias EmitMX = (inout Assembler, Memory, XMMRegister) -> Void
typealias EmitXR = (inout Assembler, XMMRegister, Register) -> Void
typealias EmitRX = (inout Assembler, Register, XMMRegister) -> Void

enum Cases {
    /// `op dst, src` over all 256 register pairs.
    static func registerRegister(
        _ mnemonic: String, bits: Int, sourceBits: Int? = nil, pairs: [(Register, Register)] = Operands.registerPairs,
        _ emit: @escaping EmitRR
    ) -> [EncodingCase] {
        pairs.map { destination, source in
            EncodingCase(
                "\(mnemonic) \(Text.register(destination, bits: bits)), \(Text.register(source, bits: sourceBits ?? bits))"
            ) { emit(&$0, destination, source) }
        }
    }

    /// `op reg, size ptr [m]`; the size defaults to the register's, 0 prints none (lea).
    static func registerMemory(
        _ mnemonic: String, bits: Int, memoryBits: Int? = nil, _ emit: @escaping EmitRM
    ) -> [EncodingCase] {
        Operands.addressesWithRegisters().map { address, register in
            let memoryText = Text.memory(address, bits: memoryBits ?? bits)
            return EncodingCase("\(mnemonic) \(Text.register(register, bits: bits)), \(memoryText)") {
                emit(&$0, register, address)
            }
        }
    }

    /// `op size ptr [m], reg`.
    static func memoryRegister(
        _ mnemonic: String, bits: Int, memoryBits: Int? = nil, _ emit: @escaping EmitMR
    ) -> [EncodingCase] {
        Operands.addressesWithRegisters().map { address, register in
            let memoryText = Text.memory(address, bits: memoryBits ?? bits)
            return EncodingCase("\(mnemonic) \(memoryText), \(Text.register(register, bits: bits))") {
                emit(&$0, address, register)
            }
        }
    }

    /// `op reg, imm` for every register and every boundary immediate.
    static func registerImmediate(
        _ mnemonic: String, bits: Int, immediateBits: Int? = nil, immediates: [Int32] = Operands.immediates,
        _ emit: @escaping EmitRI
    ) -> [EncodingCase] {
        Operands.registers.flatMap { register in
            immediates.map { immediate in
                EncodingCase(
                    "\(mnemonic) \(Text.register(register, bits: bits)), \(Text.immediate(Int64(immediate), bits: immediateBits ?? bits))"
                ) { emit(&$0, register, immediate) }
            }
        }
    }

    /// `op size ptr [m], imm`, immediates rotating over the boundary values.
    static func memoryImmediate(
        _ mnemonic: String, bits: Int, immediates: [Int32] = Operands.immediates, _ emit: @escaping EmitMI
    ) -> [EncodingCase] {
        Operands.addresses.enumerated().map { index, address in
            let immediate = immediates[index % immediates.count]
            return EncodingCase(
                "\(mnemonic) \(Text.memory(address, bits: bits)), \(Text.immediate(Int64(immediate), bits: bits))"
            ) { emit(&$0, address, immediate) }
        }
    }

    /// `op reg` for every register.
    static func register(_ mnemonic: String, bits: Int, _ emit: @escaping EmitR) -> [EncodingCase] {
        Operands.registers.map { register in
            EncodingCase("\(mnemonic) \(Text.register(register, bits: bits))") { emit(&$0, register) }
        }
    }

    /// `op size ptr [m]` for every address.
    static func memory(_ mnemonic: String, bits: Int, _ emit: @escaping EmitM) -> [EncodingCase] {
        Operands.addresses.map { address in
            let memoryText = Text.memory(address, bits: bits)
            return EncodingCase("\(mnemonic) \(memoryText)") { emit(&$0, address) }
        }
    }

    /// `op xmm, xmm` over all 256 pairs.
    static func xmmXMM(_ mnemonic: String, _ emit: @escaping EmitXX) -> [EncodingCase] {
        Operands.xmmPairs.map { destination, source in
            EncodingCase("\(mnemonic) \(Text.xmm(destination)), \(Text.xmm(source))") { emit(&$0, destination, source) }
        }
    }

    /// `op xmm, [m]`.
    static func xmmMemory(_ mnemonic: String, memoryBits: Int, _ emit: @escaping EmitXM) -> [EncodingCase] {
        Operands.addressesWithXMMRegisters().map { address, register in
            let memoryText = Text.memory(address, bits: memoryBits)
            return EncodingCase("\(mnemonic) \(Text.xmm(register)), \(memoryText)") { emit(&$0, register, address) }
        }
    }

    /// `op [m], xmm`.
    static func memoryXMM(_ mnemonic: String, memoryBits: Int, _ emit: @escaping EmitMX) -> [EncodingCase] {
        Operands.addressesWithXMMRegisters().map { address, register in
            let memoryText = Text.memory(address, bits: memoryBits)
            return EncodingCase("\(mnemonic) \(memoryText), \(Text.xmm(register))") { emit(&$0, address, register) }
        }
    }

    /// `op xmm, gpr` over all 256 pairs.
    static func xmmRegister(_ mnemonic: String, bits: Int, _ emit: @escaping EmitXR) -> [EncodingCase] {
        Operands.xmmRegisters.flatMap { destination in
            Operands.registers.map { source in
                EncodingCase("\(mnemonic) \(Text.xmm(destination)), \(Text.register(source, bits: bits))") {
                    emit(&$0, destination, source)
                }
            }
        }
    }

    /// `op gpr, xmm` over all 256 pairs.
    static func registerXMM(_ mnemonic: String, bits: Int, _ emit: @escaping EmitRX) -> [EncodingCase] {
        Operands.registers.flatMap { destination in
            Operands.xmmRegisters.map { source in
                EncodingCase("\(mnemonic) \(Text.register(destination, bits: bits)), \(Text.xmm(source))") {
                    emit(&$0, destination, source)
                }
            }
        }
    }
}
