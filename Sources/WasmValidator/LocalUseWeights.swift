import WasmCore

/// How much each local is used, uses inside loops weighing more the deeper
/// they are, so a compiler can keep the locals of hot loops in registers.
/// The validator counts as it goes (it sees every local op with the loop
/// depth around it), which spares the compiler a second walk of the body.
///
/// Only the first `trackedLocalCount` locals are counted: a function with
/// more rarely keeps its hot locals beyond them, and the buffer stays small.
struct LocalUseWeights {
    static let trackedLocalCount = 256
    /// At most this many candidates go into a summary.
    static let candidateCount = 8

    private var weights = [UInt32](repeating: 0, count: trackedLocalCount)
    private var countedLocals = 0
    /// Loops open around the current op.
    private(set) var loopDepth = 0
    private var weightPerUse: UInt32 = 1

    mutating func reset(localCount: Int) {
        for index in 0..<countedLocals { weights[index] = 0 }
        countedLocals = min(localCount, Self.trackedLocalCount)
        loopDepth = 0
        weightPerUse = 1
    }

    @inline(__always)
    mutating func use(_ local: UInt32) {
        if Int(local) < countedLocals { weights[Int(local)] &+= weightPerUse }
    }

    mutating func enterLoop() {
        loopDepth += 1
        updateWeight()
    }

    mutating func leaveLoop() {
        loopDepth -= 1
        updateWeight()
    }

    /// 16 per use in a loop, 256 in a loop in a loop…, saturating.
    private mutating func updateWeight() {
        weightPerUse = 1 << UInt32(min(4 * loopDepth, 24))
    }

    /// The locals used inside loops, most used first.
    func candidates() -> [UInt32] {
        var chosen: [(local: UInt32, weight: UInt32)] = []
        for index in 0..<countedLocals where weights[index] >= 16 {
            chosen.append((UInt32(index), weights[index]))
        }
        if chosen.isEmpty { return [] }
        chosen.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.local < $1.local }
        return chosen.prefix(Self.candidateCount).map(\.local)
    }
}
