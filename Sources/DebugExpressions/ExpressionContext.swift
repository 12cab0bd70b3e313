import DWARF

/// Everything an expression learns about the stopped program comes through
/// here: the debugger implements it for the selected frame, tests over a byte
/// array. Implementations bounds-check memory and throw `.memory(address:)`.
public protocol ExpressionContext {
    /// A variable visible in the selected frame (locals of the innermost scope
    /// first, then parameters, then globals), or nil. A function may be
    /// returned too, as a value of subroutine type in `.memory(address:)`
    /// whose address is what a function pointer to it holds (a table index on wasm).
    func variable(named name: String) -> DebugValue?
    /// `count` bytes of linear memory at `address`; throws `.memory(address:)` when out of bounds.
    func readMemory(address: UInt64, count: Int) throws(ExpressionError) -> [UInt8]
    func writeMemory(address: UInt64, bytes: [UInt8]) throws(ExpressionError)
    /// Stores a new value into a value living outside memory: `storage` is the
    /// `.location(id:bytes:)` the context handed out (with its old bytes),
    /// `bytes` the whole new value (assigning a member rewrites its whole).
    func write(bytes: [UInt8], to storage: ValueStorage) throws(ExpressionError)
    /// A type as a cast names it, without pointers or qualifiers: "int",
    /// "unsigned char", "struct node", "node_t". C's base types that the
    /// program never uses may be nil; the evaluator then makes them up.
    func type(named name: String) -> DebugType?
    /// `$pc`, `$sp`, `$local0`… without the `$`; nil when unknown (gdb then gives `void`).
    /// `pc` is typed as a code address (shown in hex), `sp` and `fp` as `void *`,
    /// everything else as `long long`.
    func register(named name: String) -> UInt64?
    /// An enumerator constant by name (`RED`), for when no variable has the name.
    /// Optional: without it, enumerators still resolve against the enum on the
    /// other side of a comparison, an assignment or a cast (`color == RED`).
    func enumerator(named name: String) -> DebugValue?
    /// The function a function pointer designates, for `0x5 <add>`; nil when unknown.
    func functionName(forPointer value: UInt64) -> String?
    /// The global at (or containing) a data address, as gdb shows it after a
    /// pointer: `counter` or `table+8`; nil when unknown.
    func dataSymbol(at address: UInt64) -> String?
}

extension ExpressionContext {
    public func register(named name: String) -> UInt64? { nil }
    public func enumerator(named name: String) -> DebugValue? { nil }
    public func functionName(forPointer value: UInt64) -> String? { nil }
    public func dataSymbol(at address: UInt64) -> String? { nil }
}
