// The machinery of the table-driven encoding tests: a case is a closure that
// emits one instruction plus the text Zydis should print for it. Each case is
// assembled on its own and decoded; the test fails on a text mismatch, on
// trailing or missing bytes (Zydis length != bytes emitted), or on bytes that
// do not decode. Expected text is built here from the operands, independently
// of the encoder, in Zydis's Intel style.

import Disassembler
import Testing
import X64Assembler

/// One instruction to encode and the text it must decode to.
struct EncodingCase {
    var expected: String
    var emit: (inout Assembler) -> Void

    init(_ expected: String, _ emit: @escaping (inout Assembler) -> Void) {
        self.expected = expected
        self.emit = emit
    }
}

enum EncodingCheck {
    static let disassembler = Disassembler()

    /// Checks every case and records one issue per failing case (the first 25);
    /// returns how many cases were checked.
    @discardableResult
    static func verify(_ cases: [EncodingCase], sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        var failures: [String] = []
        for encodingCase in cases {
            var assembler = Assembler(capacity: 32)
            encodingCase.emit(&assembler)
            let bytes = assembler.finish()
            let decoded = disassembler.instructions(in: bytes, address: 0)
            let hex = bytes.map { String($0, radix: 16) }.joined(separator: " ")
            if decoded.count != 1 || !decoded[0].isValid {
                failures.append("expected `\(encodingCase.expected)`, bytes [\(hex)] decode as \(decoded.map(\.text))")
            } else if decoded[0].length != bytes.count {
                failures.append("`\(encodingCase.expected)`: Zydis length \(decoded[0].length) != \(bytes.count) bytes")
            } else if decoded[0].text != encodingCase.expected {
                failures.append("expected `\(encodingCase.expected)`, got `\(decoded[0].text)` from [\(hex)]")
            }
        }
        for failure in failures.prefix(25) {
            Issue.record(Comment(rawValue: failure), sourceLocation: sourceLocation)
        }
        if failures.count > 25 {
            Issue.record("… and \(failures.count - 25) more failures", sourceLocation: sourceLocation)
        }
        #expect(!cases.isEmpty, sourceLocation: sourceLocation)
        return cases.count
    }
}

// MARK: Operand matrices

enum Operands {
    static let registers = Register.allCases
    static let xmmRegisters = XMMRegister.allCases

    /// Every ordered pair of general-purpose registers.
    static let registerPairs: [(Register, Register)] = registers.flatMap { first in
        registers.map { (first, $0) }
    }

    /// Every ordered pair of SSE registers.
    static let xmmPairs: [(XMMRegister, XMMRegister)] = xmmRegisters.flatMap { first in
        xmmRegisters.map { (first, $0) }
    }

    /// 16 pairs in which each register appears once in each position, mixing
    /// low and extended registers (for forms repeated per condition code).
    static let diagonalPairs: [(Register, Register)] = registers.enumerated().map { index, register in
        (register, registers[(index * 7 + 3) % 16])
    }

    static let displacements: [Int32] = [
        0, 8, -8, 127, -128, 128, -129, 0x1234_5678, -0x1234_5678, 0x7fff_ffff, Int32.min,
    ]

    /// Addresses covering the ModRM/SIB corner cases: every base (rsp/r12 need a
    /// SIB, rbp/r13 need a displacement even when it is zero), every index and
    /// scale, 8- and 32-bit and negative displacements, index without base,
    /// and absolute addresses.
    static let addresses: [Memory] = {
        var list: [Memory] = []
        for (index, base) in registers.enumerated() {
            list.append(Memory(base: base))
            list.append(Memory(base: base, displacement: displacements[(index % (displacements.count - 1)) + 1]))
        }
        let scales: [UInt8] = [1, 2, 4, 8]
        for (position, index) in registers.enumerated() where index != .rsp {
            let base = registers[(position * 5 + 4) % 16]
            list.append(
                Memory(
                    base: base, index: index, scale: scales[position % 4],
                    displacement: displacements[position % displacements.count]))
        }
        for base in [Register.rsp, .rbp, .r12, .r13] {
            list.append(Memory(base: base, index: .r12, scale: 2))
            list.append(Memory(base: base, index: .rbp, scale: 8, displacement: -0x40))
        }
        list.append(Memory(base: nil, index: .rcx, scale: 8))
        list.append(Memory(base: nil, index: .r13, scale: 4, displacement: 0x40))
        list.append(Memory(base: nil, index: .rbp, scale: 1, displacement: -0x10))
        list.append(Memory(absolute: 0x1000))
        list.append(Memory(absolute: 0x7fff_fff0))
        list.append(Memory(absolute: -0x10))
        return list
    }()

    /// Immediates around the imm8/imm32 boundaries.
    static let immediates: [Int32] = [0, 1, -1, 127, -128, 128, -129, 255, 0x1234_5678, Int32.max, Int32.min]

    /// Each address paired with a register, rotating through all sixteen.
    static func addressesWithRegisters() -> [(Memory, Register)] {
        addresses.enumerated().map { index, address in (address, registers[(index * 5 + 1) % 16]) }
    }

    /// Each address paired with an SSE register, rotating through all sixteen.
    static func addressesWithXMMRegisters() -> [(Memory, XMMRegister)] {
        addresses.enumerated().map { index, address in (address, xmmRegisters[(index * 3 + 2) % 16]) }
    }
}

// MARK: Expected text in Zydis's Intel style

enum Text {
    /// Lowercase hex with a 0x prefix and no padding.
    static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

    /// An immediate as Zydis prints it: the value truncated to the operand width, unsigned.
    static func immediate(_ value: Int64, bits: Int) -> String {
        let mask: UInt64 = bits == 64 ? .max : (1 << UInt64(bits)) - 1
        return hex(UInt64(bitPattern: value) & mask)
    }

    static func register(_ register: Register, bits: Int) -> String { register.name(width: bits / 8) }

    static func xmm(_ register: XMMRegister) -> String { "xmm\(register.rawValue)" }

    /// `[base+index*scale+disp]`; a no-register address prints as its
    /// sign-extended 64-bit value.
    static func memory(_ memory: Memory) -> String {
        var text = "["
        var hasRegister = false
        if let base = memory.base {
            text += base.name(width: 8)
            hasRegister = true
        }
        if let index = memory.index {
            if hasRegister { text += "+" }
            text += index.name(width: 8)
            text += "*\(memory.scale)"
            hasRegister = true
        }
        let displacement = Int64(memory.displacement)
        if !hasRegister {
            text += hex(UInt64(bitPattern: displacement))
        } else if displacement > 0 {
            text += "+" + hex(UInt64(displacement))
        } else if displacement < 0 {
            text += "-" + hex(displacement.magnitude)
        }
        return text + "]"
    }

    /// A memory operand with a size cast, e.g. `dword ptr [rax]`; bits 0 means none.
    static func memory(_ memory: Memory, bits: Int) -> String {
        bits == 0 ? Text.memory(memory) : sizeName(bits) + " ptr " + Text.memory(memory)
    }

    static func sizeName(_ bits: Int) -> String {
        switch bits {
        case 8: "byte"
        case 16: "word"
        case 32: "dword"
        case 64: "qword"
        default: "xmmword"
        }
    }
}
