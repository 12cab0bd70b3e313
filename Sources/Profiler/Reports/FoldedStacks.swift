/// `--format folded`: collapsed stacks, the input of flame graph tools
/// (Brendan Gregg's flamegraph.pl, inferno, speedscope's importer): one line
/// per distinct stack, functions from the root down separated by `;`, a
/// space, and the stack's sample count. The counts sum to the profile's
/// total weight.
///
///     _start;__main_void;main;count_primes 2321
public struct FoldedStacks: Sendable {
    public var profile: Profile

    public init(profile: Profile) {
        self.profile = profile
    }

    /// The stacks and their weights, sorted by their text.
    public var lines: [(stack: [String], weight: Int)] {
        var weights: [[String]: Int] = [:]
        for (stack, weight) in profile.weightByStack() {
            let names = profile.functionPath(ofStack: stack).map { Self.frameName(profile.functions[$0]) }
            weights[names, default: 0] += weight
        }
        return weights.map { (stack: $0.key, weight: $0.value) }
            .sorted { $0.stack.joined(separator: ";") < $1.stack.joined(separator: ";") }
    }

    public var text: String {
        lines.map { $0.stack.joined(separator: ";") + " \($0.weight)\n" }.joined()
    }

    /// A function's name as one folded frame: `;` separates frames and a
    /// newline ends the line, so neither may appear inside one.
    static func frameName(_ function: ProfileFunction) -> String {
        var name = function.displayName
        if function.kind == .inlined { name += " [inlined]" }
        return String(name.map { $0 == ";" ? ":" : ($0.isNewline ? " " : $0) })
    }
}
