/// Where a function is, as reports and views show it beside its name.
extension ProfileFunction {
    /// `hotspots.c:20` where DWARF defines it, else its module; `host` for an
    /// import, `runtime` for a builtin; inlined functions say so.
    public var locationText: String {
        switch kind {
        case .wasm, .inlined:
            let source = ReportFormatting.shortLocation(definition)
            let inlined = kind == .inlined ? " (inlined)" : ""
            return (source.isEmpty ? moduleName ?? "" : source) + inlined
        case .hostImport: return "host"
        case .builtin: return "runtime"
        case .engineStub, .outsideGuest: return ""
        }
    }
}
