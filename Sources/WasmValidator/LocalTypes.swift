import WasmCore

/// The types of a function's parameters and locals, looked up by index on
/// every `local.get`, `local.set` and `local.tee`.
///
/// The first locals (up to `flatLimit`) get one entry each so the common case
/// is one load; the rest are found by binary search over the runs, since a
/// valid body may declare billions of locals and a table for all of them
/// could not be allocated. The buffer is kept from one function to the next.
struct LocalTypes: ~Copyable {
    static let flatLimit = 1 << 17

    private(set) var flat: UnsafeMutablePointer<ValueType>
    private var flatCapacity: Int
    private(set) var flatCount = 0
    /// Parameters plus declared locals.
    private(set) var count = 0
    /// Only for functions with more than `flatLimit` locals: every run's
    /// type and the index one past its last local.
    private var runEnds: [Int] = []
    private var runTypes: [ValueType] = []

    init() {
        flatCapacity = 256
        flat = .allocate(capacity: flatCapacity)
    }

    deinit { flat.deallocate() }

    mutating func reset(parameters: UnsafeBufferPointer<ValueType>, declared: [LocalRun]) {
        count = parameters.count
        for run in declared { count += Int(run.count) }
        flatCount = min(count, Self.flatLimit)
        if flatCount > flatCapacity {
            flat.deallocate()
            flatCapacity = max(flatCount, flatCapacity * 2)
            flat = .allocate(capacity: flatCapacity)
        }
        let parameterCount = min(parameters.count, flatCount)
        if parameterCount > 0 { flat.update(from: parameters.baseAddress!, count: parameterCount) }
        var filled = parameterCount
        for run in declared where filled < flatCount {
            let length = min(Int(run.count), flatCount - filled)
            (flat + filled).update(repeating: run.type, count: length)
            filled += length
        }

        runEnds.removeAll(keepingCapacity: true)
        runTypes.removeAll(keepingCapacity: true)
        if count > flatCount {
            var end = 0
            for parameter in parameters {
                end += 1
                runEnds.append(end)
                runTypes.append(parameter)
            }
            for run in declared where run.count > 0 {
                end += Int(run.count)
                runEnds.append(end)
                runTypes.append(run.type)
            }
        }
    }

    @inline(__always)
    func type(_ index: UInt32) -> ValueType? {
        let position = Int(index)
        if _fastPath(position < flatCount) { return flat[position] }
        return position < count ? searchRuns(position) : nil
    }

    func searchRuns(_ position: Int) -> ValueType {
        var low = 0
        var high = runEnds.count - 1
        while low < high {
            let middle = (low + high) / 2
            if runEnds[middle] <= position { low = middle + 1 } else { high = middle }
        }
        return runTypes[low]
    }
}
