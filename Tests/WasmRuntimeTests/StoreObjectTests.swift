/// Memories, tables and globals on their own: reservation and growth,
/// bounds-checked access, reference encoding, mutability.
import Testing
import WasmCore

@testable import WasmRuntime

@Suite struct StoreObjectTests {
    @Test func aReservationCommitsOnlyItsSizeAndGrowsInPlace() throws {
        let reservation = try LinearMemoryReservation(committing: 65536)
        let base = reservation.base
        base.storeBytes(of: 0xAB, toByteOffset: 65535, as: UInt8.self)
        try reservation.grow(to: 3 * 65536)
        #expect(reservation.base == base)
        #expect(reservation.committedByteCount == 3 * 65536)
        #expect(base.load(fromByteOffset: 65535, as: UInt8.self) == 0xAB)
        #expect(base.load(fromByteOffset: 3 * 65536 - 1, as: UInt8.self) == 0)
    }

    @Test func memoryGrowsUpToItsMaximum() throws {
        let memory = try Memory(type: MemoryType(limits: Limits(minimum: 1, maximum: 2)))
        #expect(memory.size == 1)
        #expect(memory.grow(by: 0) == 1)
        #expect(memory.grow(by: 2) == nil)
        #expect(memory.grow(by: 1) == 1)
        #expect(memory.size == 2)
        #expect(memory.byteCount == 131072)
        #expect(memory.grow(by: 1) == nil)
        #expect(memory.grow(by: UInt64.max) == nil)
    }

    @Test func memoryWithoutMaximumStopsAt65536Pages() throws {
        let memory = try Memory(type: MemoryType(limits: Limits(minimum: 0)))
        #expect(memory.size == 0)
        #expect(memory.maximumPages == 65536)
        #expect(memory.grow(by: 65537) == nil)
    }

    @Test func memoryReadsAndWritesAreBoundsChecked() throws {
        let memory = try Memory(type: MemoryType(limits: Limits(minimum: 1)))
        try memory.write([1, 2, 3], at: 65533)
        #expect(try memory.read(at: 65533, count: 3) == [1, 2, 3])
        #expect(throws: Trap.self) { try memory.write([1, 2, 3, 4], at: 65533) }
        #expect(throws: Trap.self) { try memory.read(at: UInt64.max, count: 1) }
        #expect(try memory.read(at: 65536, count: 0) == [])
        do {
            _ = try memory.read(at: 65536, count: 1)
        } catch {
            #expect(error.code == .memoryOutOfBounds)
        }
    }

    @Test func tablesHoldReferencesAndGrow() throws {
        let table = Table(type: TableType(elementType: .externref, limits: Limits(minimum: 2, maximum: 4)))
        #expect(table.size == 2)
        #expect(try table.get(0) == .externref(nil))
        try table.set(1, .externref(0))
        #expect(try table.get(1) == .externref(0))
        #expect(table.elements[1] == 1)  // host value + 1; 0 is null
        #expect(table.grow(by: 2, initialValue: .externref(9)) == 2)
        #expect(try table.get(3) == .externref(9))
        #expect(try table.get(1) == .externref(0))
        #expect(table.grow(by: 1) == nil)
        #expect(throws: Trap.self) { try table.get(4) }
        #expect(throws: Trap.self) { try table.set(0, .funcref(nil)) }
    }

    @Test func globalsKeepTheirTypeAndMutability() throws {
        let constant = Global(type: GlobalType(valueType: .i32, isMutable: false), value: .i32(666))
        #expect(constant.value == .i32(666))
        #expect(throws: Trap.self) { try constant.set(.i32(1)) }
        let variable = Global(type: GlobalType(valueType: .f64, isMutable: true), value: .f64(0))
        try variable.set(.f64(Double(1.5).bitPattern))
        #expect(variable.value.f64 == 1.5)
        #expect(throws: Trap.self) { try variable.set(.i64(1)) }
        let vector = Global(type: GlobalType(valueType: .v128, isMutable: true), value: .v128(V128(low: 1, high: 2)))
        #expect(vector.value == .v128(V128(low: 1, high: 2)))
    }

    @Test func valuesRoundTripThroughSlots() {
        let values: [Value] = [
            .i32(0xFFFF_FFFF), .i64(UInt64.max), .f32(0x7FC0_0001), .f64(0x7FF8_0000_0000_0001),
            .v128(V128(low: 3, high: 4)), .funcref(nil), .externref(nil), .externref(0), .externref(77),
        ]
        let slots = UnsafeMutablePointer<UInt64>.allocate(capacity: 10)
        defer { slots.deallocate() }
        Value.store(values, to: slots)
        #expect(Value.load(values.map(\.type), from: slots) == values)
    }
}
