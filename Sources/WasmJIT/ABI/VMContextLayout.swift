/// The contract between JIT code and the runtime: where JIT code finds an
/// instance's state. The runtime allocates one VM context per instance with
/// exactly this layout; JIT code holds its address in r14 for the whole
/// function. All offsets are bytes from the start of the VM context; every
/// field is 8 bytes. See docs/jit-abi.md for the calling convention.
public enum VMContextLayout {
    /// `UnsafeMutableRawPointer`: base of linear memory 0 (nil/0 if none). JIT
    /// code keeps it in r15. It never moves: memories reserve 8 GiB up front
    /// and grow in place, so no reload is needed after calls.
    public static let memoryBase: Int32 = 0
    /// `UInt64`: current size of memory 0 in bytes (memory.size, bulk-memory bounds).
    public static let memorySize: Int32 = 8
    /// `UnsafeMutablePointer<UnsafeMutablePointer<GlobalCell>>`: one pointer per
    /// global index (imports first) to its 16-byte cell. Imported globals point
    /// into the exporting instance's cells, so reads and writes are shared.
    public static let globals: Int32 = 16
    /// `UnsafeMutablePointer<UnsafeMutablePointer<TableStorage>>`: one per table index (imports first).
    public static let tables: Int32 = 24
    /// `UnsafeMutablePointer<FunctionReference>`: one record per function index
    /// (imports first), 32 bytes each. A funcref value is the address of one of these.
    public static let functions: Int32 = 32
    /// `UnsafeMutablePointer<UInt32>`: the canonical type id of each of the
    /// module's type indices. Equal ids mean equal function types engine-wide,
    /// which is what call_indirect compares.
    public static let typeIDs: Int32 = 40
    /// `UInt64`: the lowest address rsp may reach; prologues compare against it
    /// and trap with `callStackExhausted` below it.
    public static let stackLimit: Int32 = 48
    /// `UnsafeMutablePointer<UInt32>`: the interrupt flag, shared by every
    /// instance of a store. Nonzero means stop: JIT code tests it at function
    /// entries and loop headers and traps with `interrupted`.
    public static let interruptFlag: Int32 = 56
    /// `UnsafePointer<BuiltinTable>`: C-ABI entry points into the runtime.
    public static let builtins: Int32 = 64
    /// `UInt64`s written by host-call stubs before calling out: the frame pointer
    /// and return address of the last wasm frame, so a profiler sample or a
    /// backtrace taken inside host code can walk the guest frames (wasmtime's
    /// "last wasm exit fp/pc").
    public static let lastExitFramePointer: Int32 = 72
    public static let lastExitPC: Int32 = 80
    /// `UnsafeMutableRawPointer`: the runtime's own per-instance data (host side); JIT code never reads it.
    public static let runtimeInstance: Int32 = 88
    /// `UnsafeMutablePointer<UInt64>`: one call counter per defined function
    /// (function-section order), shared by every instance of the module. Only
    /// code compiled with `Compiler.Options.countsCalls` reads it: its
    /// prologues increment their function's counter. Null otherwise.
    public static let callCounts: Int32 = 96
    /// Size of the fixed part.
    public static let size: Int32 = 104
}

/// A function reference record: what `VMContextLayout.functions` holds per
/// function index, what a funcref value points to, and what table elements hold.
public enum FunctionReferenceLayout {
    /// `UnsafeRawPointer`: entry point with the wasm calling convention.
    /// For host functions this is a JIT-made stub that calls into the host.
    public static let code: Int32 = 0
    /// `UnsafeMutableRawPointer`: the VM context to pass in rdi.
    public static let vmContext: Int32 = 8
    /// `UInt32`: canonical type id (see `VMContextLayout.typeIDs`).
    public static let typeID: Int32 = 16
    public static let size: Int32 = 32
}

/// Storage of one table, pointed to from `VMContextLayout.tables`.
public enum TableStorageLayout {
    /// `UnsafeMutablePointer<UInt64>`: the elements. A funcref element is the
    /// address of a FunctionReference record or 0 for null; an externref element
    /// is the host's opaque 64-bit value, 0 for null.
    public static let elements: Int32 = 0
    /// `UInt64`: current element count.
    public static let count: Int32 = 8
    public static let size: Int32 = 16
}

/// A global's cell: 16 bytes so a v128 fits; scalars use the low bytes
/// (little-endian), references are stored like table elements.
public enum GlobalCellLayout {
    public static let size: Int32 = 16
}
