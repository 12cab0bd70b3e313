/// Where one wasm function's samples landed: the weight of each source line,
/// wasm op and machine instruction its leaf frames point at. The annotate
/// report prints it and the live view colors listings with it.
///
/// A wasm function here is a unit of machine code: samples in code the
/// compiler inlined into it count towards it, and its lines include the
/// inlined callees' lines (in their own files).
import Symbolication

public struct FunctionHeat: Sendable {
    /// Index into `Profile.functions` of the wasm function.
    public var function: Int
    /// The function's own (self) weight: every sample whose pc is in its machine code.
    public var weight: Int
    /// Heaviest first (ties: earlier line first). Columns are zero: a line is the unit.
    public var lines: [(source: SourcePosition, weight: Int)]
    /// Heaviest first (ties: lower offset first). `source` is the line the
    /// op's samples count for (see `ProfileSymbolication` on line 0).
    public var ops: [(moduleOffset: Int, weight: Int, source: SourcePosition?)]
    /// In address order.
    public var instructions: [(address: UInt64, weight: Int)]

    /// Weight of a source line (column ignored), zero when it has no samples.
    public func weight(ofLine line: Int, in file: String) -> Int {
        lines.first { $0.source.line == line && $0.source.file == file }?.weight ?? 0
    }

    public func weight(ofModuleOffset offset: Int) -> Int {
        ops.first { $0.moduleOffset == offset }?.weight ?? 0
    }

    public func weight(ofAddress address: UInt64) -> Int {
        instructions.first { $0.address == address }?.weight ?? 0
    }

    /// `part` as a fraction (0…1) of this function's weight.
    public func share(_ part: Int) -> Double {
        weight == 0 ? 0 : Double(part) / Double(weight)
    }

    /// The heat of every wasm function with samples of its own, heaviest first
    /// (ties: lower function index first).
    public static func all(in profile: Profile) -> [FunctionHeat] {
        var byFunction: [Int: Accumulator] = [:]
        for (frameIndex, weight) in profile.weightByLeafFrame() {
            let frame = profile.frames[frameIndex]
            guard let wasmFunction = frame.wasmFunction else { continue }
            byFunction[wasmFunction, default: Accumulator()].add(frame, weight: weight)
        }
        return byFunction.map { $0.value.heat(of: $0.key) }
            .sorted { ($0.weight, -$0.function) > ($1.weight, -$1.function) }
    }

    /// The heat of one wasm function (`Profile.functions` index); nil when it has no samples of its own.
    public static func of(function: Int, in profile: Profile) -> FunctionHeat? {
        var accumulator = Accumulator()
        for (frameIndex, weight) in profile.weightByLeafFrame() {
            let frame = profile.frames[frameIndex]
            guard frame.wasmFunction == function else { continue }
            accumulator.add(frame, weight: weight)
        }
        return accumulator.weight > 0 ? accumulator.heat(of: function) : nil
    }

    private struct Accumulator {
        var weight = 0
        var lines: [SourcePosition: Int] = [:]
        var ops: [Int: Int] = [:]
        var opSources: [Int: SourcePosition] = [:]
        var instructions: [UInt64: Int] = [:]

        mutating func add(_ frame: ProfileFrame, weight: Int) {
            self.weight += weight
            if let source = frame.source {
                lines[SourcePosition(file: source.file, line: source.line, column: 0), default: 0] += weight
            }
            if let offset = frame.moduleOffset {
                ops[offset, default: 0] += weight
                if let source = frame.source { opSources[offset] = source }
            }
            if let address = frame.address { instructions[address, default: 0] += weight }
        }

        func heat(of function: Int) -> FunctionHeat {
            FunctionHeat(
                function: function, weight: weight,
                lines: lines.map { ($0.key, $0.value) }.sorted { ($0.1, -$0.0.line) > ($1.1, -$1.0.line) },
                ops: ops.map { ($0.key, $0.value, opSources[$0.key]) }.sorted { ($0.1, -$0.0) > ($1.1, -$1.0) },
                instructions: instructions.map { ($0.key, $0.value) }.sorted { $0.0 < $1.0 })
        }
    }
}
