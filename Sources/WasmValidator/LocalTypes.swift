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

    private var flat: UnsafeMutablePointer<ValueType>
    private var flatCapacity: Int
    private var flatCount = 0
    /// For every run: the index one past its last local, counted from the first parameter.
    private var runEnds: [Int] = []
    /// Parameters then declared locals, as runs, for the summary.
    private(set) var runs: [LocalRun] = []
    private(set) var count = 0

    init() {
        flatCapacity = 64
        flat = .allocate(capacity: flatCapacity)
    }

    deinit { flat.deallocate() }

    mutating func reset(parameters: UnsafeBufferPointer<ValueType>, declared: [LocalRun]) {
        runEnds.removeAll(keepingCapacity: true)
        runs = []
        runs.reserveCapacity(parameters.count + declared.count)
        for parameter in parameters {
            if let last = runs.last, last.type == parameter {
                runs[runs.count - 1].count += 1
            } else {
                runs.append(LocalRun(count: 1, type: parameter))
            }
        }
        for run in declared where run.count > 0 { runs.append(run) }

        count = 0
        for run in runs {
            count += Int(run.count)
            runEnds.append(count)
        }
        flatCount = min(count, Self.flatLimit)
        if flatCount > flatCapacity {
            flat.deallocate()
            flatCapacity = max(flatCount, flatCapacity * 2)
            flat = .allocate(capacity: flatCapacity)
        }
        var filled = 0
        for run in runs where filled < flatCount {
            let length = min(Int(run.count), flatCount - filled)
            (flat + filled).initialize(repeating: run.type, count: length)
            filled += length
        }
    }

    @inline(__always)
    func type(_ index: UInt32) -> ValueType? {
        let position = Int(index)
        if _fastPath(position < flatCount) { return flat[position] }
        return position < count ? searchRuns(position) : nil
    }

    private func searchRuns(_ position: Int) -> ValueType {
        var low = 0
        var high = runEnds.count - 1
        while low < high {
            let middle = (low + high) / 2
            if runEnds[middle] <= position { low = middle + 1 } else { high = middle }
        }
        return runs[low].type
    }
}
