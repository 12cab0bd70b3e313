/// `disassemble`: a function's wasm ops interleaved with the JIT's machine
/// code and the source lines. The bytes come from the compiler's output, not
/// from executable memory, so breakpoint int3s never show.
extension DebugSession {
    public func disassemblyListing(ofFunction index: UInt32) throws(DebuggerError) -> FunctionDisassembly {
        let module = codeMap.module
        let code = module.compiledModule.code
        let base = module.codeBaseAddress
        do {
            return try FunctionDisassembly(
                symbolizer: codeMap.symbolizer, functionIndex: index,
                sourceLine: { [sourceText] file, line in sourceText.line(line, of: file) },
                originalCode: { address, count in
                    guard address >= base, Int(address - base) < code.count else { return [] }
                    let start = Int(address - base)
                    return Array(code[start..<min(code.count, start + count)])
                })
        } catch {
            throw DebuggerError(error.description)
        }
    }

    /// The listing as text, with the current instruction and breakpoints marked.
    public func disassembly(ofFunction index: UInt32) throws(DebuggerError) -> [String] {
        let listing = try disassemblyListing(ofFunction: index)
        let current = state.isStopped ? selectedFrame?.pc : nil
        let breakpointAddresses = Set(breakpoints.filter(\.isEnabled).flatMap { $0.sites.map(\.machineAddress) })
        return listing.render(currentPC: current, breakpoints: breakpointAddresses)
    }
}
