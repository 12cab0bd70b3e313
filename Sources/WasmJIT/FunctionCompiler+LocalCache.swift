// The local cache (non-debugging compiles only): after `local.set`/`local.tee`
// the value just written to a local's slot is often read back by the next
// few ops. Locals stay in their frame slots (every write still stores), but
// the compiler also remembers, until the next merge point, the register or
// constant the local's value was in, so a `local.get` can take the value from
// there instead of reloading it from the slot it was just stored to (a store
// forward on the critical path).
//
// A cached register is allocated to the cache: no other value uses it, so it
// keeps the local's bits until the cache lets it go. The cache gives way to
// any demand for registers (allocation, a claim of a fixed register) before a
// stack value is spilled, and forgets everything where control flow merges
// (loop headers, else, end), where the code becomes dead, and before calls
// (which clobber every register). Only `local.set`/`local.tee` write locals,
// and they update the cache.
//
// Debug sessions (`Compiler.Options.cachesLocals` off) see no difference in
// the slots either way; the cache is off for them because a debugger may
// write a local's slot while the guest is stopped.
import WasmCore
import X64Assembler

/// What the compiler knows a local holds, besides its slot.
enum CachedLocal {
    case register(ValueRegister)
    case constant(UInt64)
}

struct LocalCache {
    /// Per local, the cached copy of its value, if any.
    private(set) var entries: [CachedLocal?] = []
    /// The locals with an entry, so flushing costs nothing when there are none.
    private(set) var cachedLocals: [UInt32] = []
    /// Per register (ValueRegister.rawValue), the local whose value it holds, or -1.
    private var owners = [Int32](repeating: -1, count: 32)
    /// Registers the cache holds.
    private(set) var registerCount = 0

    mutating func reset(localCount: Int) {
        entries.removeAll(keepingCapacity: true)
        entries.append(contentsOf: repeatElement(nil, count: localCount))
        cachedLocals.removeAll(keepingCapacity: true)
        for index in owners.indices { owners[index] = -1 }
        registerCount = 0
    }

    var isEmpty: Bool { cachedLocals.isEmpty }

    subscript(local: UInt32) -> CachedLocal? { entries[Int(local)] }

    /// The local whose value `register` holds, if the cache holds it.
    func owner(of register: ValueRegister) -> UInt32? {
        let owner = owners[Int(register.rawValue)]
        return owner < 0 ? nil : UInt32(owner)
    }

    /// Records `entry` for `local`, which must have none.
    mutating func set(_ local: UInt32, _ entry: CachedLocal) {
        assert(entries[Int(local)] == nil, "local \(local) cached twice")
        entries[Int(local)] = entry
        cachedLocals.append(local)
        if case .register(let register) = entry {
            owners[Int(register.rawValue)] = Int32(local)
            registerCount += 1
        }
    }

    /// Forgets `local`'s entry; returns the register it held, which the caller
    /// now owns (to release or to use).
    mutating func remove(_ local: UInt32) -> ValueRegister? {
        guard let entry = entries[Int(local)] else { return nil }
        entries[Int(local)] = nil
        if let position = cachedLocals.lastIndex(of: local) { cachedLocals.remove(at: position) }
        if case .register(let register) = entry {
            owners[Int(register.rawValue)] = -1
            registerCount -= 1
            return register
        }
        return nil
    }
}

extension FunctionCompiler {
    /// Forgets every cached local, releasing their registers. Emits no code.
    @inline(__always)
    mutating func flushLocalCache() {
        if localCache.isEmpty { return }
        forgetCachedLocals()
    }

    private mutating func forgetCachedLocals() {
        while let local = localCache.cachedLocals.last {
            if let register = localCache.remove(local) { registers.release(register) }
        }
    }

    /// Forgets `local`'s cached value, releasing its register.
    mutating func uncacheLocal(_ local: UInt32) {
        if let register = localCache.remove(local) { registers.release(register) }
    }

    /// Gives up one cached register of the class, for an allocation; false if the cache holds none.
    mutating func releaseCachedRegister(_ registerClass: RegisterClass) -> Bool {
        if localCache.registerCount == 0 { return false }
        for local in localCache.cachedLocals {
            if case .register(let register)? = localCache[local], register.isVector == (registerClass == .vector) {
                uncacheLocal(local)
                return true
            }
        }
        return false
    }

    /// A free register of the class, taking one from the cache if need be, never spilling.
    mutating func allocateWithoutSpilling(_ registerClass: RegisterClass) -> ValueRegister? {
        if let register = registers.allocate(registerClass) { return register }
        if releaseCachedRegister(registerClass) { return registers.allocate(registerClass) }
        return nil
    }
}

