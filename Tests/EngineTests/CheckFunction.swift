/// A program's `check_*` exports: no parameters, one numeric result, the
/// checksum of some piece of work. Both builds print each one as the decimal
/// value of its bits, one `name value` line per function, so that the two
/// outputs compare as text and floats compare bit for bit.
import WasmCore
import WasmRuntime

struct CheckFunction: Sendable, Hashable {
    let name: String
    let result: ValueType

    static let prefix = "check_"

    /// The module's check functions in export order.
    static func all(in module: LoadedModule) -> [CheckFunction] {
        module.exports.compactMap { export in
            guard export.name.hasPrefix(prefix), case .function(let type) = export.type, type.parameters.isEmpty,
                type.results.count == 1, [.i32, .i64, .f32, .f64].contains(type.results[0])
            else { return nil }
            return CheckFunction(name: export.name, result: type.results[0])
        }
    }

    /// The C type the native driver declares the function with.
    var cType: String {
        switch result {
        case .i32: "unsigned int"
        case .i64: "unsigned long long"
        case .f32: "float"
        default: "double"
        }
    }

    /// The driver's statement that prints this function's line.
    var printStatement: String {
        switch result {
        case .i32: #"printf("%s %u\n", "\#(name)", \#(name)());"#
        case .i64: #"printf("%s %llu\n", "\#(name)", \#(name)());"#
        case .f32:
            #"{ float value = \#(name)(); unsigned int bits; memcpy(&bits, &value, 4); printf("%s %u\n", "\#(name)", bits); }"#
        default:
            #"{ double value = \#(name)(); unsigned long long bits; memcpy(&bits, &value, 8); printf("%s %llu\n", "\#(name)", bits); }"#
        }
    }

    /// A result as the driver prints it.
    static func text(of value: Value) -> String {
        switch value {
        case .i32(let bits), .f32(let bits): String(bits)
        case .i64(let bits), .f64(let bits): String(bits)
        default: "\(value)"
        }
    }

    /// A `main` that calls every check in order and prints its line.
    static func nativeDriver(for checks: [CheckFunction]) -> String {
        var source = "#include <stdio.h>\n#include <string.h>\n\n"
        for check in checks {
            source += "\(check.cType) \(check.name)(void);\n"
        }
        source += "\nint main(void) {\n"
        for check in checks {
            source += "    \(check.printStatement)\n"
        }
        source += "    return 0;\n}\n"
        return source
    }

    /// `name value` lines back into a dictionary.
    static func parse(_ output: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 1)
            if fields.count == 2 { values[String(fields[0])] = String(fields[1]) }
        }
        return values
    }
}
