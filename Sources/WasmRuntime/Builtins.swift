/// The runtime entry points JIT code calls (`WasmJIT.Builtin`): C-convention
/// Swift functions reached through the builtin table of every VM context.
/// Each finds its instance from the VM context (`runtimeInstance`), does the
/// spec's bounds checks, and returns a trap code (0 = none) instead of
/// unwinding: only the JIT code that called it may raise the trap.
///
/// i32 operands arrive zero-extended to 64 bits; they are truncated back to
/// 32 bits here so stray high bits can never widen an access.
import Glibc
import WasmJIT

enum Builtins {
    typealias Entry2 = @convention(c) (UnsafeMutableRawPointer?, UInt64) -> UInt64
    typealias Entry3 = @convention(c) (UnsafeMutableRawPointer?, UInt64, UInt64) -> UInt64
    typealias Entry4 = @convention(c) (UnsafeMutableRawPointer?, UInt64, UInt64, UInt64) -> UInt64
    typealias Entry5 = @convention(c) (UnsafeMutableRawPointer?, UInt64, UInt64, UInt64, UInt64) -> UInt64
    typealias Entry6 = @convention(c) (UnsafeMutableRawPointer?, UInt64, UInt64, UInt64, UInt64, UInt64) -> UInt64

    /// The table for `VMContextLayout.builtins`, in `Builtin` order.
    static func makeTable() -> UnsafeMutableRawPointer {
        let table = UnsafeMutableRawPointer.allocate(byteCount: 8 * Builtin.allCases.count, alignment: 8)
        for builtin in Builtin.allCases {
            table.storeBytes(of: address(of: builtin), toByteOffset: Int(builtin.tableOffset), as: UnsafeRawPointer.self)
        }
        return table
    }

    static func address(of builtin: Builtin) -> UnsafeRawPointer {
        switch builtin {
        case .memoryGrow: unsafeBitCast(memoryGrow, to: UnsafeRawPointer.self)
        case .memoryFill: unsafeBitCast(memoryFill, to: UnsafeRawPointer.self)
        case .memoryCopy: unsafeBitCast(memoryCopy, to: UnsafeRawPointer.self)
        case .memoryInit: unsafeBitCast(memoryInit, to: UnsafeRawPointer.self)
        case .dataDrop: unsafeBitCast(dataDrop, to: UnsafeRawPointer.self)
        case .tableGrow: unsafeBitCast(tableGrow, to: UnsafeRawPointer.self)
        case .tableFill: unsafeBitCast(tableFill, to: UnsafeRawPointer.self)
        case .tableCopy: unsafeBitCast(tableCopy, to: UnsafeRawPointer.self)
        case .tableInit: unsafeBitCast(tableInit, to: UnsafeRawPointer.self)
        case .elemDrop: unsafeBitCast(elemDrop, to: UnsafeRawPointer.self)
        }
    }

    static let noTrap: UInt64 = 0
    static let memoryOutOfBounds = UInt64(TrapCode.memoryOutOfBounds.rawValue)
    static let tableOutOfBounds = UInt64(TrapCode.tableOutOfBounds.rawValue)

    /// Whether `[start, start + count)` fits in `size` (all operands are u32, so no overflow in 64 bits).
    static func fits(_ start: UInt64, _ count: UInt64, in size: UInt64) -> Bool { start + count <= size }

    static func u32(_ value: UInt64) -> UInt64 { value & 0xFFFF_FFFF }

    static func instance(_ context: UnsafeMutableRawPointer?) -> InstanceState {
        InstanceState.from(context: context!)
    }

    // MARK: - Memory

    static let memoryGrow: Entry3 = { context, memoryIndex, delta in
        let memory = Builtins.instance(context).memories[Int(memoryIndex)]
        return memory.grow(by: Builtins.u32(delta)) ?? UInt64.max
    }

    static let memoryFill: Entry5 = { context, memoryIndex, destination, value, count in
        let memory = Builtins.instance(context).memories[Int(memoryIndex)]
        let (destination, count) = (Builtins.u32(destination), Builtins.u32(count))
        guard Builtins.fits(destination, count, in: UInt64(memory.byteCount)) else { return Builtins.memoryOutOfBounds }
        memset(memory.baseAddress + Int(destination), Int32(value & 0xFF), Int(count))
        return Builtins.noTrap
    }

    static let memoryCopy: Entry6 = { context, destinationIndex, sourceIndex, destination, source, count in
        let instance = Builtins.instance(context)
        let target = instance.memories[Int(destinationIndex)]
        let origin = instance.memories[Int(sourceIndex)]
        let (destination, source, count) = (Builtins.u32(destination), Builtins.u32(source), Builtins.u32(count))
        guard Builtins.fits(destination, count, in: UInt64(target.byteCount)),
            Builtins.fits(source, count, in: UInt64(origin.byteCount))
        else { return Builtins.memoryOutOfBounds }
        memmove(target.baseAddress + Int(destination), origin.baseAddress + Int(source), Int(count))
        return Builtins.noTrap
    }

    static let memoryInit: Entry6 = { context, memoryIndex, dataIndex, destination, source, count in
        let instance = Builtins.instance(context)
        let memory = instance.memories[Int(memoryIndex)]
        let data = instance.dataBytes(Int(dataIndex))
        let (destination, source, count) = (Builtins.u32(destination), Builtins.u32(source), Builtins.u32(count))
        guard Builtins.fits(destination, count, in: UInt64(memory.byteCount)),
            Builtins.fits(source, count, in: UInt64(data.count))
        else { return Builtins.memoryOutOfBounds }
        if count > 0, let dataBase = data.baseAddress {
            memmove(memory.baseAddress + Int(destination), dataBase + Int(source), Int(count))
        }
        return Builtins.noTrap
    }

    static let dataDrop: Entry2 = { context, dataIndex in
        let instance = Builtins.instance(context)
        let range = instance.dataSegments[Int(dataIndex)]
        instance.dataSegments[Int(dataIndex)] = range.lowerBound..<range.lowerBound
        return Builtins.noTrap
    }

    // MARK: - Tables

    static let tableGrow: Entry4 = { context, tableIndex, initialValue, delta in
        let table = Builtins.instance(context).tables[Int(tableIndex)]
        return table.growRaw(by: Builtins.u32(delta), initialRaw: initialValue) ?? UInt64.max
    }

    static let tableFill: Entry5 = { context, tableIndex, destination, value, count in
        let table = Builtins.instance(context).tables[Int(tableIndex)]
        let (destination, count) = (Builtins.u32(destination), Builtins.u32(count))
        guard Builtins.fits(destination, count, in: table.size) else { return Builtins.tableOutOfBounds }
        (table.elements + Int(destination)).update(repeating: value, count: Int(count))
        return Builtins.noTrap
    }

    static let tableCopy: Entry6 = { context, destinationIndex, sourceIndex, destination, source, count in
        let instance = Builtins.instance(context)
        let target = instance.tables[Int(destinationIndex)]
        let origin = instance.tables[Int(sourceIndex)]
        let (destination, source, count) = (Builtins.u32(destination), Builtins.u32(source), Builtins.u32(count))
        guard Builtins.fits(destination, count, in: target.size), Builtins.fits(source, count, in: origin.size) else {
            return Builtins.tableOutOfBounds
        }
        memmove(target.elements + Int(destination), origin.elements + Int(source), Int(count) * 8)
        return Builtins.noTrap
    }

    static let tableInit: Entry6 = { context, tableIndex, elementIndex, destination, source, count in
        let instance = Builtins.instance(context)
        let table = instance.tables[Int(tableIndex)]
        let segment = instance.elementSegments[Int(elementIndex)]
        let (destination, source, count) = (Builtins.u32(destination), Builtins.u32(source), Builtins.u32(count))
        guard Builtins.fits(destination, count, in: table.size), Builtins.fits(source, count, in: UInt64(segment.count))
        else { return Builtins.tableOutOfBounds }
        for index in 0..<Int(count) {
            table.elements[Int(destination) + index] = segment[Int(source) + index]
        }
        return Builtins.noTrap
    }

    static let elemDrop: Entry2 = { context, elementIndex in
        Builtins.instance(context).elementSegments[Int(elementIndex)] = []
        return Builtins.noTrap
    }
}
