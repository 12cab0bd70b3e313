/// The guest thread's registers at a stop, as the signal context holds them.
import WasmCore

/// A register `GuestExecution.setRegister` can write.
public enum MachineRegister: Hashable, Sendable, CustomStringConvertible {
    case rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi
    case r8, r9, r10, r11, r12, r13, r14, r15
    case rip, eflags
    /// The low 64 bits of an xmm register (0...15); the high half is kept.
    case xmm(Int)

    /// The general registers in x86 encoding order (rax = 0 … r15 = 15),
    /// the numbering `ValueLocation.Kind.generalRegister` uses.
    public static let generalRegisters: [MachineRegister] = [
        .rax, .rcx, .rdx, .rbx, .rsp, .rbp, .rsi, .rdi, .r8, .r9, .r10, .r11, .r12, .r13, .r14, .r15,
    ]

    /// The general register with this x86 encoding number.
    public static func general(encoding: Int) -> MachineRegister? {
        generalRegisters.indices.contains(encoding) ? generalRegisters[encoding] : nil
    }

    /// CDebuggerSupport's number (`wsd_register`); nil for xmm.
    var number: Int32? {
        switch self {
        case .rip: 16
        case .eflags: 17
        case .xmm: nil
        default: Int32(Self.generalRegisters.firstIndex(of: self)!)
        }
    }

    public var description: String {
        switch self {
        case .xmm(let index): "xmm\(index)"
        case .rip: "rip"
        case .eflags: "eflags"
        default:
            // Not "\(self)": that is this very property, and would recurse.
            ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"][
                Self.generalRegisters.firstIndex(of: self) ?? 0]
        }
    }
}

public struct MachineRegisters: Sendable, Hashable {
    /// rax … r15 in x86 encoding order.
    public var general: [UInt64]
    public var rip: UInt64
    public var eflags: UInt64
    /// xmm0 … xmm15, all 128 bits.
    public var xmm: [V128]
    /// Whether these are the stopped context's registers, which
    /// `setRegister` writes: false for a stop inside a host call (a copy of
    /// host code's registers, or only the call's frame when there is none).
    public var isWritable: Bool

    public init(general: [UInt64], rip: UInt64, eflags: UInt64, xmm: [V128], isWritable: Bool) {
        self.general = general
        self.rip = rip
        self.eflags = eflags
        self.xmm = xmm
        self.isWritable = isWritable
    }

    /// All zero: no stop.
    public static let none = MachineRegisters(
        general: Array(repeating: 0, count: 16), rip: 0, eflags: 0, xmm: Array(repeating: V128(low: 0, high: 0), count: 16),
        isWritable: false)

    public subscript(register: MachineRegister) -> UInt64 {
        switch register {
        case .rip: rip
        case .eflags: eflags
        case .xmm(let index): xmm.indices.contains(index) ? xmm[index].low : 0
        default: general[Int(register.number!)]
        }
    }

    public var rax: UInt64 { general[0] }
    public var rcx: UInt64 { general[1] }
    public var rdx: UInt64 { general[2] }
    public var rbx: UInt64 { general[3] }
    public var rsp: UInt64 { general[4] }
    public var rbp: UInt64 { general[5] }
    public var rsi: UInt64 { general[6] }
    public var rdi: UInt64 { general[7] }
    public var r8: UInt64 { general[8] }
    public var r9: UInt64 { general[9] }
    public var r10: UInt64 { general[10] }
    public var r11: UInt64 { general[11] }
    public var r12: UInt64 { general[12] }
    public var r13: UInt64 { general[13] }
    /// The VM context of the running function's instance (docs/jit-abi.md).
    public var r14: UInt64 { general[14] }
    /// The base of linear memory 0.
    public var r15: UInt64 { general[15] }
}
