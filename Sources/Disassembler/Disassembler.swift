// Machine code to text over Zydis 4, for the debugger's disassembly view, the
// profiler's annotated listings and the JIT's golden tests. Decoding never
// fails: bytes that are not an instruction become a one-byte `(bad)` entry and
// decoding resumes after them, as objdump does. The formatter is set up for
// clean, stable text: lowercase, hex numbers without padding (`0x10`), branch
// and RIP-relative targets as absolute addresses.

import CZydis

/// The text syntax of disassembled instructions.
public enum AssemblySyntax: Sendable, Hashable {
    /// `mov eax, [rbx+0x10]`.
    case intel
    /// `movl 0x10(%rbx), %eax`.
    case att
}

/// An x86-64 (long mode) disassembler.
public struct Disassembler: @unchecked Sendable {
    // Both are plain C structs (the formatter holds pointers to static
    // functions only), so copies are independent and safe to share read-only.
    private var decoder = ZydisDecoder()
    private var formatter = ZydisFormatter()

    /// The syntax this disassembler prints.
    public let syntax: AssemblySyntax

    /// A disassembler for 64-bit code printing `syntax`.
    public init(syntax: AssemblySyntax = .intel) {
        self.syntax = syntax
        let decoderStatus = ZydisDecoderInit(&decoder, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64)
        precondition(wsc_zyan_success(decoderStatus) != 0, "ZydisDecoderInit failed")
        let style = syntax == .intel ? ZYDIS_FORMATTER_STYLE_INTEL : ZYDIS_FORMATTER_STYLE_ATT
        let formatterStatus = ZydisFormatterInit(&formatter, style)
        precondition(wsc_zyan_success(formatterStatus) != 0, "ZydisFormatterInit failed")
        let properties: [(ZydisFormatterProperty, Int)] = [
            (ZYDIS_FORMATTER_PROP_HEX_UPPERCASE, 0),
            // Zydis 4.0 omits the size of a lone memory operand (`neg [rax]`); always print it, as objdump does.
            (ZYDIS_FORMATTER_PROP_FORCE_SIZE, 1),
            (ZYDIS_FORMATTER_PROP_ADDR_PADDING_ABSOLUTE, Int(ZYDIS_PADDING_DISABLED.rawValue)),
            (ZYDIS_FORMATTER_PROP_ADDR_PADDING_RELATIVE, Int(ZYDIS_PADDING_DISABLED.rawValue)),
            (ZYDIS_FORMATTER_PROP_DISP_PADDING, Int(ZYDIS_PADDING_DISABLED.rawValue)),
            (ZYDIS_FORMATTER_PROP_IMM_PADDING, Int(ZYDIS_PADDING_DISABLED.rawValue)),
        ]
        for (property, value) in properties {
            let status = ZydisFormatterSetProperty(&formatter, property, ZyanUPointer(bitPattern: value))
            precondition(wsc_zyan_success(status) != 0, "ZydisFormatterSetProperty failed")
        }
    }

    /// Decodes every instruction in `bytes`, the first at runtime `address`.
    public func instructions(in bytes: [UInt8], address: UInt64 = 0) -> [DisassembledInstruction] {
        bytes.withUnsafeBytes { instructions(in: $0, address: address) }
    }

    /// Decodes every instruction in `buffer`, the first at runtime `address`.
    public func instructions(in buffer: UnsafeRawBufferPointer, address: UInt64 = 0) -> [DisassembledInstruction] {
        var result: [DisassembledInstruction] = []
        var position = 0
        var operands = [ZydisDecodedOperand](repeating: ZydisDecodedOperand(), count: Int(ZYDIS_MAX_OPERAND_COUNT))
        var text = [CChar](repeating: 0, count: 256)
        var decoder = self.decoder
        var formatter = self.formatter
        operands.withUnsafeMutableBufferPointer { operands in
            text.withUnsafeMutableBufferPointer { text in
                while position < buffer.count {
                    let runtimeAddress = address &+ UInt64(position)
                    result.append(
                        decodeOne(
                            buffer, at: position, runtimeAddress: runtimeAddress, decoder: &decoder,
                            formatter: &formatter, operands: operands, text: text))
                    position += result[result.count - 1].length
                }
            }
        }
        return result
    }

    /// Decodes the single instruction at the start of `bytes`, or nil if there is none.
    public func instruction(at bytes: [UInt8], address: UInt64 = 0) -> DisassembledInstruction? {
        guard !bytes.isEmpty else { return nil }
        return bytes.withUnsafeBytes { buffer in
            var operands = [ZydisDecodedOperand](
                repeating: ZydisDecodedOperand(), count: Int(ZYDIS_MAX_OPERAND_COUNT))
            var text = [CChar](repeating: 0, count: 256)
            var decoder = self.decoder
            var formatter = self.formatter
            return operands.withUnsafeMutableBufferPointer { operands in
                text.withUnsafeMutableBufferPointer { text in
                    decodeOne(
                        buffer, at: 0, runtimeAddress: address, decoder: &decoder, formatter: &formatter,
                        operands: operands, text: text)
                }
            }
        }
    }

    /// The instructions as text, one per element (tests and golden files).
    public func texts(of bytes: [UInt8], address: UInt64 = 0) -> [String] {
        instructions(in: bytes, address: address).map(\.text)
    }

    private func decodeOne(
        _ buffer: UnsafeRawBufferPointer, at position: Int, runtimeAddress: UInt64,
        decoder: inout ZydisDecoder, formatter: inout ZydisFormatter,
        operands: UnsafeMutableBufferPointer<ZydisDecodedOperand>, text: UnsafeMutableBufferPointer<CChar>
    ) -> DisassembledInstruction {
        let start = buffer.baseAddress! + position
        let remaining = buffer.count - position
        var instruction = ZydisDecodedInstruction()
        let decoded = ZydisDecoderDecodeFull(&decoder, start, remaining, &instruction, operands.baseAddress)
        guard wsc_zyan_success(decoded) != 0 else {
            return DisassembledInstruction(
                address: runtimeAddress, bytes: [buffer[position]], text: "(bad)", isValid: false)
        }
        let length = Int(instruction.length)
        let bytes = Array(UnsafeRawBufferPointer(start: start, count: length))
        let formatted = ZydisFormatterFormatInstruction(
            &formatter, &instruction, operands.baseAddress, instruction.operand_count_visible, text.baseAddress,
            text.count, runtimeAddress, nil)
        let string = wsc_zyan_success(formatted) != 0 ? String(cString: text.baseAddress!) : "(bad)"

        var branchTarget: UInt64?
        if instruction.meta.branch_type != ZYDIS_BRANCH_TYPE_NONE {
            for index in 0..<Int(instruction.operand_count_visible) {
                var operand = operands[index]
                guard operand.type == ZYDIS_OPERAND_TYPE_IMMEDIATE, operand.imm.is_relative != 0 else { continue }
                var target: UInt64 = 0
                if wsc_zyan_success(ZydisCalcAbsoluteAddress(&instruction, &operand, runtimeAddress, &target)) != 0 {
                    branchTarget = target
                }
            }
        }
        return DisassembledInstruction(
            address: runtimeAddress, bytes: bytes, text: string, isValid: true, branchTarget: branchTarget)
    }
}
