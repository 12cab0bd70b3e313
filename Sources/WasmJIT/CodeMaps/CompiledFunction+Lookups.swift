/// The lookups every reader of the code maps needs (trap handling, the
/// debugger's frame walker, the profiler's symbolization): binary searches
/// over a function's op map, call sites and trap sites, by machine offset
/// (offsets in `CompiledModule.code`, as the maps store them).
extension CompiledFunction {
    /// The op whose machine code contains `offset`: the last op starting at or
    /// before it (ops without code share their start with the op after them).
    public func op(containingMachineOffset offset: Int) -> OpMapEntry? {
        let low = opMap.partitionPoint(where: { Int($0.machineStart) <= offset })
        guard low > 0 else { return nil }
        let op = opMap[low - 1]
        return offset < Int(op.machineEnd) ? op : nil
    }

    /// The call whose return address is at `returnOffset`.
    public func callSite(returningTo returnOffset: Int) -> CallSite? {
        let low = callSites.partitionPoint(where: { Int($0.returnOffset) < returnOffset })
        return low < callSites.count && Int(callSites[low].returnOffset) == returnOffset ? callSites[low] : nil
    }

    /// The trap site at exactly `offset`.
    public func trapSite(atMachineOffset offset: Int) -> TrapSite? {
        let low = trapSites.partitionPoint(where: { Int($0.machineOffset) < offset })
        return low < trapSites.count && Int(trapSites[low].machineOffset) == offset ? trapSites[low] : nil
    }
}
