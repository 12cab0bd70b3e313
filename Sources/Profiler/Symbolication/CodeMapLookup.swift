/// Binary searches over a compiled function's code maps (WasmJIT's
/// CompiledFunction): which wasm op a machine offset belongs to, and which
/// call op a return address comes back to.
import WasmJIT

enum CodeMapLookup {
    /// The op whose machine code contains `offset`.
    static func op(in function: CompiledFunction, containing offset: Int) -> OpMapEntry? {
        let ops = function.opMap
        var low = 0
        var high = ops.count
        // The last op starting at or before the offset.
        while low < high {
            let middle = (low + high) / 2
            if Int(ops[middle].machineStart) <= offset { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        let op = ops[low - 1]
        return offset < Int(op.machineEnd) ? op : nil
    }

    /// The call whose return address is `returnOffset`.
    static func callSite(in function: CompiledFunction, returnOffset: Int) -> CallSite? {
        let sites = function.callSites
        var low = 0
        var high = sites.count
        while low < high {
            let middle = (low + high) / 2
            if Int(sites[middle].returnOffset) < returnOffset { low = middle + 1 } else { high = middle }
        }
        return low < sites.count && Int(sites[low].returnOffset) == returnOffset ? sites[low] : nil
    }
}
