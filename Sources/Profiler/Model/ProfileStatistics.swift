/// Sums over a profile that several reports share: weight per stack node,
/// self and total weight per function, weight per leaf frame, and the call
/// tree merged by function.
public struct FunctionCost: Sendable, Hashable {
    /// Index into `Profile.functions`.
    public var function: Int
    /// Weight of the samples whose innermost frame is in this function.
    public var selfWeight: Int
    /// Weight of the samples with this function anywhere on the stack (counted once per sample).
    public var totalWeight: Int
}

/// A node of the call tree: one path of functions from the root.
public final class CallTreeNode {
    public let function: Int?
    public private(set) var children: [CallTreeNode] = []
    private var childIndex: [Int: Int] = [:]
    public internal(set) var totalWeight = 0
    public internal(set) var selfWeight = 0

    init(function: Int?) {
        self.function = function
    }

    func child(_ function: Int) -> CallTreeNode {
        if let index = childIndex[function] { return children[index] }
        let node = CallTreeNode(function: function)
        childIndex[function] = children.count
        children.append(node)
        return node
    }

    /// Children, heaviest first (ties by function index, so output is stable).
    public var sortedChildren: [CallTreeNode] {
        children.sorted { ($0.totalWeight, -($0.function ?? 0)) > ($1.totalWeight, -($1.function ?? 0)) }
    }
}

extension Profile {
    /// Sample weight per stack node, for nodes that end some sample.
    public func weightByStack() -> [Int: Int] {
        var weights: [Int: Int] = [:]
        for sample in samples { weights[sample.stack, default: 0] += sample.weight }
        return weights
    }

    /// Sample weight per innermost frame.
    public func weightByLeafFrame() -> [Int: Int] {
        var weights: [Int: Int] = [:]
        for (stack, weight) in weightByStack() { weights[stacks[stack].frame, default: 0] += weight }
        return weights
    }

    /// Self and total weight of every function that has either, heaviest self first.
    public func functionCosts() -> [FunctionCost] {
        var selfWeights = [Int](repeating: 0, count: functions.count)
        var totalWeights = [Int](repeating: 0, count: functions.count)
        for (stack, weight) in weightByStack() {
            let path = frameIndices(ofStack: stack).map { frames[$0].function }
            selfWeights[path[0]] += weight
            for function in Set(path) { totalWeights[function] += weight }
        }
        return functions.indices
            .filter { totalWeights[$0] > 0 }
            .map { FunctionCost(function: $0, selfWeight: selfWeights[$0], totalWeight: totalWeights[$0]) }
            .sorted { ($0.selfWeight, $0.totalWeight, -$0.function) > ($1.selfWeight, $1.totalWeight, -$1.function) }
    }

    /// The call tree by function, from a synthetic root (function nil) holding everything.
    public func callTree() -> CallTreeNode {
        let root = CallTreeNode(function: nil)
        for (stack, weight) in weightByStack() {
            root.totalWeight += weight
            var node = root
            for function in functionPath(ofStack: stack) {
                node = node.child(function)
                node.totalWeight += weight
            }
            node.selfWeight += weight
        }
        return root
    }

    /// `part` of the whole profile's weight, in percent.
    public func percent(_ part: Int) -> Double {
        let total = totalWeight
        return total == 0 ? 0 : Double(part) * 100 / Double(total)
    }
}
