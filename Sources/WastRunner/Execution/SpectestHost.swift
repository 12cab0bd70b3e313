/// The `spectest` host module every spec script may import: print functions
/// that do nothing, four globals, a table and a memory, with the values given
/// in the suite's SOURCE.md.
import WasmCore
import WasmRuntime

enum SpectestHost {
    static func define(in imports: inout Imports, store: Store) {
        let printTypes: [(String, [ValueType])] = [
            ("print", []), ("print_i32", [.i32]), ("print_i64", [.i64]), ("print_f32", [.f32]),
            ("print_f64", [.f64]), ("print_i32_f32", [.i32, .f32]), ("print_f64_f64", [.f64, .f64]),
        ]
        for (name, parameters) in printTypes {
            let function = Function(store: store, type: FunctionType(parameters: parameters, results: [])) { _ in [] }
            imports.define(module: "spectest", name: name, .function(function))
        }
        let globals: [(String, ValueType, Value)] = [
            ("global_i32", .i32, .i32(666)),
            ("global_i64", .i64, .i64(666)),
            ("global_f32", .f32, .f32(Float(666.6).bitPattern)),
            ("global_f64", .f64, .f64(Double(666.6).bitPattern)),
        ]
        for (name, type, value) in globals {
            let global = Global(store: store, type: GlobalType(valueType: type, isMutable: false), value: value)
            imports.define(module: "spectest", name: name, .global(global))
        }
        let table = Table(store: store, type: TableType(elementType: .funcref, limits: Limits(minimum: 10, maximum: 20)))
        imports.define(module: "spectest", name: "table", .table(table))
        let memory = Memory(store: store, type: MemoryType(limits: Limits(minimum: 1, maximum: 2)))
        imports.define(module: "spectest", name: "memory", .memory(memory))
    }
}
