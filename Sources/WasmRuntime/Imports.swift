/// What an instantiation may import: values by (module, name), as a linker's
/// namespace. Names are compared as UTF-8 bytes, not as Swift strings, whose
/// equality would make canonically equivalent names ("\u{C5}", "A\u{30A}")
/// the same import; wasm keeps them apart.
import WasmCore

public enum ExternalValue {
    case function(Function)
    case table(Table)
    case memory(Memory)
    case global(Global)

    /// "function", "table", "memory" or "global", for messages.
    var kindName: String {
        switch self {
        case .function: "function"
        case .table: "table"
        case .memory: "memory"
        case .global: "global"
        }
    }
}

public struct Imports {
    private var values: [[UInt8]: [[UInt8]: ExternalValue]] = [:]

    public init() {}

    public mutating func define(module: String, name: String, _ value: ExternalValue) {
        values[Array(module.utf8), default: [:]][Array(name.utf8)] = value
    }

    /// Defines every export of `instance` under `module` (the spec's `register`).
    public mutating func define(module: String, instance: Instance) {
        for (name, value) in instance.exports {
            define(module: module, name: name, value)
        }
    }

    public func lookup(module: String, name: String) -> ExternalValue? {
        values[Array(module.utf8)]?[Array(name.utf8)]
    }
}
