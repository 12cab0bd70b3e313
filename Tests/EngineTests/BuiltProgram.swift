/// A test program built for wasm and loaded into the shared engine.
import WasmRuntime

struct BuiltProgram {
    let program: TestProgram
    let level: OptimizationLevel
    let module: LoadedModule

    init(_ program: TestProgram, _ level: OptimizationLevel) throws {
        self.program = program
        self.level = level
        let bytes = try Toolchain.buildWasm(program, level: level)
        module = try LoadedModule(engine: sharedEngine, bytes: bytes, name: "\(program.name)\(level.rawValue).wasm")
    }

    /// A fresh store and instance; `imports` gets the store to make host functions in.
    func instantiate(imports: (Store) -> Imports = { _ in Imports() }) throws -> Instance {
        let store = Store(engine: sharedEngine)
        return try Instance(store: store, module: module, imports: imports(store))
    }

    var label: String { "\(program.name).c \(level.rawValue)" }
}
