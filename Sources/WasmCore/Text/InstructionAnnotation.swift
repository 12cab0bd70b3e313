/// What an instruction's indices mean, for listings that print them beside the
/// text: `call 12 <average>`, `local.get 3 <$stats>`,
/// `call_indirect (type 3) <(i32 i32) -> (i32)>`.
///
/// The instruction text keeps the bare indices (they are what the binary
/// holds and what text-format input accepts); the names come from the name
/// section and are only a reading aid, so they live apart from it.
extension InstructionText {
    /// The annotation for `instruction` inside function `functionIndex`, or nil
    /// when it has none: names of called and referenced functions, names of
    /// locals (as `$name`, the way the text format spells identifiers), and the
    /// signature an indirect call expects.
    ///
    /// `functionName` lets a caller supply better names (demangled ones, or
    /// DWARF's); where it returns nil the name section's name is used, then an
    /// export's name.
    public static func annotation(
        _ instruction: Instruction, module: Module, functionIndex: UInt32?,
        functionName: (UInt32) -> String? = { _ in nil }
    ) -> String? {
        switch instruction {
        case .call(let callee), .refFunc(let callee):
            return functionName(callee) ?? nameOfFunction(callee, in: module)
        case .localGet(let local), .localSet(let local), .localTee(let local):
            guard let functionIndex, let name = module.names?.localNames[functionIndex]?[local] else { return nil }
            return "$" + name
        case .callIndirect(let typeIndex, _):
            guard Int(typeIndex) < module.types.count else { return nil }
            return module.types[Int(typeIndex)].description
        default:
            return nil
        }
    }

    /// The name section's name for a function, else the name it is exported under.
    static func nameOfFunction(_ index: UInt32, in module: Module) -> String? {
        if let name = module.names?.functionNames[index] { return name }
        for export in module.exports {
            if case .function(index) = export.descriptor { return export.name }
        }
        return nil
    }
}
