// The registers the baseline compiler hands out to operand-stack values, and
// the free list it takes them from (Winch's regalloc.rs: a bitset, nothing
// more). Choosing which value to spill when none is free needs the value
// stack, so that lives in FunctionCompiler; this file only knows which
// registers are free.
//
// r14 (VM context), r15 (memory base), rsp and rbp are pinned by the ABI;
// rbx, r12, r13 and xmm12-xmm14 hold pinned locals
// (FunctionCompiler+PinnedLocals), in every compile, so that no function
// clobbers another's;
// r11 and xmm15 are never allocated so that any instruction sequence can use
// them as scratch without asking (moves between two memory slots, large
// immediates, address arithmetic).
import WasmCore
import X64Assembler

/// A general-purpose or SSE register, as one small number so both classes
/// share one bitset: 0...15 are rax...r15, 16...31 are xmm0...xmm15.
struct ValueRegister: Hashable {
    let rawValue: UInt8

    init(_ register: Register) { rawValue = register.rawValue }
    init(_ register: XMMRegister) { rawValue = register.rawValue | 16 }
    init(rawValue: UInt8) { self.rawValue = rawValue }

    var isVector: Bool { rawValue >= 16 }

    /// The general-purpose register; only valid when `!isVector`.
    var gpr: Register { Register(rawValue: rawValue)! }
    /// The SSE register; only valid when `isVector`.
    var xmm: XMMRegister { XMMRegister(rawValue: rawValue & 15)! }

    var bit: UInt32 { 1 << UInt32(rawValue) }

    /// How the code maps name this register.
    var locationKind: ValueLocation.Kind {
        isVector ? .vectorRegister(rawValue & 15) : .generalRegister(rawValue)
    }
}

/// Which register file a value type lives in.
enum RegisterClass {
    case general, vector
}

/// The scratch registers: free for any emitted sequence, never holding a stack value.
enum Scratch {
    static let gpr = Register.r11
    static let xmm = XMMRegister.xmm15
}

/// A bitset of free registers.
struct RegisterAllocator {
    /// rax, rcx, rdx, rsi, rdi, r8, r9, r10.
    static let allocatableGeneral: UInt32 = 0b0000_0111_1100_0111
    /// xmm0...xmm11.
    static let allocatableVector: UInt32 = 0x0FFF << 16
    /// Registers some instructions need for themselves (rax/rdx for division,
    /// rcx for shift counts): handed out last so they are usually free when needed.
    static let lastResort: UInt32 = 0b0111

    private(set) var free: UInt32 = allocatableGeneral | allocatableVector

    mutating func reset() {
        free = Self.allocatableGeneral | Self.allocatableVector
    }

    func isFree(_ register: ValueRegister) -> Bool { free & register.bit != 0 }

    /// Registers handed out and not released.
    var allocatedCount: Int { (~free & (Self.allocatableGeneral | Self.allocatableVector)).nonzeroBitCount }

    /// A free register of the class, or nil when all are taken.
    mutating func allocate(_ registerClass: RegisterClass) -> ValueRegister? {
        let candidates = free & (registerClass == .general ? Self.allocatableGeneral : Self.allocatableVector)
        if candidates == 0 { return nil }
        let preferred = candidates & ~Self.lastResort
        let chosen = preferred != 0 ? preferred : candidates
        let register = ValueRegister(rawValue: UInt8(chosen.trailingZeroBitCount))
        free &= ~register.bit
        return register
    }

    /// Takes a specific register, which must be free.
    mutating func take(_ register: ValueRegister) {
        assert(isFree(register), "register \(register.rawValue) is not free")
        free &= ~register.bit
    }

    mutating func release(_ register: ValueRegister) {
        assert(!isFree(register), "register \(register.rawValue) released twice")
        free |= register.bit
    }
}

extension ValueType {
    var registerClass: RegisterClass {
        switch self {
        case .f32, .f64, .v128: .vector
        default: .general
        }
    }

    /// Whether the value is 64 bits wide in a general-purpose register.
    var isWide: Bool { self == .i64 || self == .funcref || self == .externref }
}
