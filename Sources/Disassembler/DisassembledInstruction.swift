// One decoded machine instruction as the debugger, the profiler and the JIT
// tests see it: where it is, its bytes, and its text.

/// A decoded x86-64 instruction, or a one-byte `(bad)` entry for bytes that do not decode.
public struct DisassembledInstruction: Sendable, Hashable {
    /// The runtime address of the first byte.
    public var address: UInt64
    /// The instruction's bytes (one byte for `(bad)`).
    public var bytes: [UInt8]
    /// The formatted instruction, e.g. `mov eax, [rbx+0x10]`, or `(bad)`.
    public var text: String
    /// Whether the bytes decoded; false for a `(bad)` entry.
    public var isValid: Bool
    /// The absolute target of a relative jump or call, if this is one.
    public var branchTarget: UInt64?

    /// The number of bytes the instruction occupies.
    public var length: Int { bytes.count }

    /// The address of the next instruction.
    public var nextAddress: UInt64 { address &+ UInt64(bytes.count) }

    public init(address: UInt64, bytes: [UInt8], text: String, isValid: Bool = true, branchTarget: UInt64? = nil) {
        self.address = address
        self.bytes = bytes
        self.text = text
        self.isValid = isValid
        self.branchTarget = branchTarget
    }

    /// The bytes as space-separated lowercase hex, e.g. `48 89 c3`.
    public var hexBytes: String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
    }
}

extension DisassembledInstruction: CustomStringConvertible {
    /// `address: bytes  text`, as objdump lays out a line.
    public var description: String {
        "0x\(String(address, radix: 16)): \(hexBytes)  \(text)"
    }
}
