/// The exact call counts of a module compiled with
/// `Compiler.Options.countsCalls`: one `UInt64` per defined function, which
/// that function's prologue increments on every call (docs/jit-abi.md). The
/// loaded module owns them and every instance's VM context points at them,
/// so a module's counts add up over all its instances.
///
/// Counts live in plain memory, so they survive traps and interrupts and stay
/// readable after the run. JIT code increments them without a lock: read
/// while guest code runs on another thread, a count may be a moment old (each
/// 8-byte load is whole on x86-64, so it is never torn), which is what a live
/// view needs; read after the run, counts are exact.
public final class CallCounters: @unchecked Sendable {
    // Unchecked Sendable: the memory is written only by JIT code; reads from
    // other threads are the approximate live reads described above.

    /// What `VMContextLayout.callCounts` holds: the counter of defined function i at index i.
    let base: UnsafeMutablePointer<UInt64>
    /// Defined functions: one counter each.
    public let definedFunctionCount: Int
    /// Function indices of defined functions start after the imports.
    public let importedFunctionCount: Int

    private static let cacheLineSize = 64

    init(definedFunctionCount: Int, importedFunctionCount: Int) {
        self.definedFunctionCount = definedFunctionCount
        self.importedFunctionCount = importedFunctionCount
        // Whole cache lines of their own: every call writes a counter, and a
        // line shared with heap data other threads write would bounce between cores.
        let lines = (max(definedFunctionCount, 1) * 8 + Self.cacheLineSize - 1) / Self.cacheLineSize
        base = UnsafeMutableRawPointer.allocate(byteCount: lines * Self.cacheLineSize, alignment: Self.cacheLineSize)
            .initializeMemory(as: UInt64.self, repeating: 0, count: lines * Self.cacheLineSize / 8)
    }

    deinit {
        UnsafeMutableRawPointer(base).deallocate()
    }

    /// Calls to the function with index `functionIndex` (imports first) so
    /// far; nil for an import (host functions have no prologue to count in).
    public func count(ofFunction functionIndex: UInt32) -> UInt64? {
        let defined = Int(functionIndex) - importedFunctionCount
        guard defined >= 0 && defined < definedFunctionCount else { return nil }
        return base[defined]
    }

    /// Every defined function's count by function index (imports first), zeros included.
    public func counts() -> [UInt32: UInt64] {
        var result: [UInt32: UInt64] = [:]
        result.reserveCapacity(definedFunctionCount)
        for defined in 0..<definedFunctionCount {
            result[UInt32(importedFunctionCount + defined)] = base[defined]
        }
        return result
    }

    /// Sets every count back to zero (between runs of the same module).
    public func reset() {
        base.update(repeating: 0, count: definedFunctionCount)
    }
}
