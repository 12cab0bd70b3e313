import WasmRuntime

/// One engine for the whole test process: it installs the signal handlers
/// and holds the stubs; each test makes its own store.
let sharedEngine = Engine()
