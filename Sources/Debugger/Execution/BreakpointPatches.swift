/// The execution's breakpoints: machine addresses in module code where an
/// int3 is patched in. Set semantics: inserting an address twice patches it
/// once, one removal removes it. The patch table itself is CDebuggerSupport's
/// (process-wide, so an address patched by two executions over one module
/// keeps its true original byte); this keeps the execution's own set.
import WasmRuntime

struct BreakpointPatches {
    private(set) var addresses: Set<UInt> = []

    /// Patches `address` if it lies in one of `modules`' code. Returns false otherwise.
    mutating func insert(_ address: UInt, modules: [LoadedModule], channel: DebugChannel) -> Bool {
        if addresses.contains(address) { return true }
        guard let module = modules.first(where: { $0.codeRange.contains(address) }) else { return false }
        let writable = module.codeMemory.writableBase + Int(address - module.codeBaseAddress)
        guard channel.insertBreakpoint(at: address, writable: writable) else { return false }
        addresses.insert(address)
        return true
    }

    mutating func remove(_ address: UInt, channel: DebugChannel) {
        guard addresses.remove(address) != nil else { return }
        channel.removeBreakpoint(at: address)
    }

    /// Every int3 of the execution, internal ones (step targets) included.
    mutating func removeAll(channel: DebugChannel) {
        addresses.removeAll()
        channel.removeAllBreakpoints()
    }
}
