// The wasmscope executable: everything lives in WasmScopeCommands so tests can drive it.
import WasmScopeCommands

WasmScope.main()
