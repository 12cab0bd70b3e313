import CDwarf

/// The lexical nesting at an address: the function's DIE, then each lexical
/// block and inlined subroutine that holds the address, outermost first.
///
/// Built by walking down from the function's own DIE (found through our
/// address index) instead of `dwarf_getscopes`, which continues an inlined
/// subroutine through its abstract origin's scopes rather than the caller's.
struct ScopeChain {
    let function: FunctionInfo
    let unit: UnitRecord
    /// Outermost (the subprogram) first.
    let scopes: [DIE]

    init?(reader: DWARFReader, address: UInt32) {
        guard let function = reader.functionTable.function(containing: address),
            let die = reader.entry(at: function.dieOffset),
            let unit = reader.units.indices.contains(function.compilationUnitIndex)
                ? reader.units[function.compilationUnitIndex] : nil
        else { return nil }
        self.function = function
        self.unit = unit
        scopes = [die] + Self.innerScopes(of: die, address: UInt64(address), depth: 0)
    }

    private static func innerScopes(of parent: DIE, address: UInt64, depth: Int) -> [DIE] {
        guard depth < DIE.maximumDepth else { return [] }
        var found: [DIE] = []
        parent.forEachChild { child in
            guard found.isEmpty else { return }
            let tag = child.tag
            guard tag == DW_TAG_lexical_block || tag == DW_TAG_inlined_subroutine else { return }
            if child.hasAddressAttributes {
                if child.contains(address: address) {
                    found = [child] + innerScopes(of: child, address: address, depth: depth + 1)
                }
            } else if tag == DW_TAG_lexical_block {
                // A block without addresses only groups; it holds the address if something inside does.
                let inner = innerScopes(of: child, address: address, depth: depth + 1)
                if !inner.isEmpty { found = [child] + inner }
            }
        }
        return found
    }

    /// Indices into `scopes` that start a frame: the subprogram and each inlined subroutine.
    var frameStarts: [Int] {
        scopes.indices.filter { $0 == 0 || scopes[$0].tag == DW_TAG_inlined_subroutine }
    }
}
