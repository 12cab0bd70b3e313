/// The runtime entry points JIT code calls with the System V C ABI, through
/// the table at `VMContextLayout.builtins` (8-byte function pointers, in
/// the order of the raw values). Each takes the caller's VM context first.
/// Builtins never unwind: a builtin that can trap returns a `TrapCode` raw
/// value (0 = no trap) and the JIT code jumps to its own trap stub.
///
/// Signatures (all integers are zero-extended to 64 bits):
public enum Builtin: Int32, CaseIterable, Sendable {
    /// `(vmctx, memoryIndex, deltaPages) -> UInt64`: old size in pages, or UInt64.max (i32 -1) on failure.
    case memoryGrow
    /// `(vmctx, memoryIndex, destination, value, count) -> trap code`
    case memoryFill
    /// `(vmctx, destinationMemory, sourceMemory, destination, source, count) -> trap code`
    case memoryCopy
    /// `(vmctx, memoryIndex, dataIndex, destination, source, count) -> trap code`
    case memoryInit
    /// `(vmctx, dataIndex) -> 0`
    case dataDrop
    /// `(vmctx, tableIndex, initialValue, delta) -> UInt64`: old size, or UInt64.max (i32 -1) on failure.
    case tableGrow
    /// `(vmctx, tableIndex, destination, value, count) -> trap code`
    case tableFill
    /// `(vmctx, destinationTable, sourceTable, destination, source, count) -> trap code`
    case tableCopy
    /// `(vmctx, tableIndex, elementIndex, destination, source, count) -> trap code`
    case tableInit
    /// `(vmctx, elementIndex) -> 0`
    case elemDrop

    /// Byte offset of the entry in the builtin table.
    public var tableOffset: Int32 { rawValue * 8 }
}
