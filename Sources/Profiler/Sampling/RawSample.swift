/// One sample as the signal handler recorded it: machine addresses only,
/// before symbolization. Decoded from the ring buffer's record layout
/// (CSampler.h, "Record layout").
import CSampler

public struct RawSample: Sendable, Hashable {
    public enum Kind: UInt8, Sendable, Hashable {
        /// The guest thread was running JIT code; `pc` is where.
        case jit = 1
        /// It was in host code called from wasm (a WASI function, a builtin);
        /// `pc` is the return address into the wasm function that called out.
        case host = 2
        /// It was neither in guest code nor in a call the guest made.
        case outside = 3
    }

    public var kind: Kind
    /// CLOCK_MONOTONIC nanoseconds.
    public var timestamp: UInt64
    /// See `Kind`.
    public var pc: UInt64
    /// rip at the signal (differs from `pc` in host samples).
    public var machinePC: UInt64
    /// How many timer intervals this sample stands for (more than 1 when the
    /// kernel delivered several expirations as one signal).
    public var weight: Int
    /// The words at [rsp] and [rsp + 8] for JIT samples: the return address
    /// of a function caught in its prologue or epilogue is there.
    public var stackWords: [UInt64]
    /// Return addresses of the RBP chain above `pc`, innermost first.
    public var returnAddresses: [UInt64]
    /// The chain was longer than the handler keeps.
    public var isTruncated: Bool

    public init(
        kind: Kind, timestamp: UInt64, pc: UInt64, machinePC: UInt64? = nil, weight: Int = 1,
        stackWords: [UInt64] = [0, 0], returnAddresses: [UInt64] = [], isTruncated: Bool = false
    ) {
        self.kind = kind
        self.timestamp = timestamp
        self.pc = pc
        self.machinePC = machinePC ?? pc
        self.weight = weight
        self.stackWords = stackWords
        self.returnAddresses = returnAddresses
        self.isTruncated = isTruncated
    }

    /// Every record in `words`, which holds whole records back to back.
    static func decode(_ words: UnsafeBufferPointer<UInt64>) -> [RawSample] {
        var samples: [RawSample] = []
        var position = 0
        let headerWords = Int(WSC_SAMPLE_HEADER_WORDS)
        while position + headerWords <= words.count {
            let header = words[position]
            guard wsc_sample_header_is_valid(header) != 0 else { break }
            let frameCount = Int(wsc_sample_frame_count(header))
            guard position + headerWords + frameCount <= words.count else { break }
            let kind = Kind(rawValue: UInt8(wsc_sample_kind_of(header))) ?? .outside
            let frames = Array(words[(position + headerWords)..<(position + headerWords + frameCount)])
            samples.append(
                RawSample(
                    kind: kind, timestamp: words[position + 1], pc: words[position + 2],
                    machinePC: words[position + 3], weight: Int(max(1, min(words[position + 4], 1 << 20))),
                    stackWords: [words[position + 5], words[position + 6]], returnAddresses: frames,
                    isTruncated: wsc_sample_flags_of(header) & WSC_SAMPLE_FLAG_TRUNCATED != 0))
            position += headerWords + frameCount
        }
        return samples
    }
}
