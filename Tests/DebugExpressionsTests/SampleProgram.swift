import DWARF
import DebugExpressions

/// A small stopped "program" over hand-built types, laid out in a fake memory.
enum SampleProgram {
    static let point = Types.structure("point", size: 8, [Types.member("x", Types.int, 0), Types.member("y", Types.int, 4)])
    static let pointType = Types.typedef("point_t", point)
    static let item = Types.structure(
        "item", size: 16,
        [
            Types.member("id", Types.int, 0), Types.member("name", Types.array(Types.char, 8), 4),
            Types.member("where", Types.pointer(point), 12),
        ])
    /// `struct flags { unsigned ready : 1; unsigned mode : 3; int level : 4; char tag; }`
    static let flags = Types.structure(
        "flags", size: 4,
        [
            Types.bitField("ready", Types.unsignedInt, bits: 1, at: 0), Types.bitField("mode", Types.unsignedInt, bits: 3, at: 1),
            Types.bitField("level", Types.int, bits: 4, at: 4), Types.member("tag", Types.char, 1),
        ])
    static let color = Types.enumeration("color", [("RED", 0), ("GREEN", 2), ("BLUE", 4)])
    static let permission = Types.enumeration("permission", [("READ", 1), ("WRITE", 2), ("EXECUTE", 4)])
    static let operation = Types.typedef("binary_operation", Types.pointer(Types.function(returning: Types.int, [Types.int, Types.int])))

    static func make() -> FakeContext {
        let context = FakeContext()
        context.types["struct point"] = point
        context.types["point_t"] = pointType
        context.types["struct item"] = item
        context.types["struct flags"] = flags
        context.types["enum color"] = color
        context.types["binary_operation"] = operation

        context.place("counter", Types.int, at: 0x1000, bytes(Int32(42)))
        context.place("numbers", Types.array(Types.int, 5), at: 0x1010, [10, 20, 30, 40, 50].flatMap { bytes(Int32($0)) })
        context.place("origin", point, at: 0x1030, bytes(Int32(1)) + bytes(Int32(2)))
        context.place("item", item, at: 0x1040, bytes(Int32(7)) + Array("bolt".utf8) + [0, 0, 0, 0] + bytes(UInt32(0x1030)))
        context.place("greeting", Types.pointer(Types.const(Types.char)), at: 0x1060, bytes(UInt32(0x1100)))
        context.store(Array("hello".utf8) + [0], at: 0x1100)
        // ready = 1, mode = 5, level = -3 (0b1101): 0b1101_101_1 = 0xdb; tag = 'z'.
        context.place("status", flags, at: 0x1070, [0xdb, 0x7a, 0, 0])
        context.place("favorite", color, at: 0x1080, bytes(UInt32(2)))
        context.place("ratio", Types.double, at: 0x1088, bytes(0.5.bitPattern))
        context.place("buffer", Types.array(Types.char, 16), at: 0x1090, Array("abc".utf8))
        context.place("operation", operation, at: 0x10a0, bytes(UInt32(1)))
        context.place("opaque", Types.pointer(Types.void), at: 0x10a4, bytes(UInt32(0)))
        context.place("where", Types.pointer(point), at: 0x10a8, bytes(UInt32(0x1030)))
        context.place("letter", Types.char, at: 0x10ac, [UInt8(ascii: "q")])
        context.place("small", Types.unsignedChar, at: 0x10ad, [200])
        context.place("enabled", Types.bool, at: 0x10ae, [1])
        context.place("big", Types.longLong, at: 0x10b0, bytes(Int64(-1_234_567_890_123)))
        context.place("half", Types.float, at: 0x10b8, bytes(Float(0.1).bitPattern))
        context.place("access", permission, at: 0x10bc, bytes(UInt32(3)))
        context.place("matrix", Types.array(Types.int, 2, 3), at: 0x10c0, (1...6).flatMap { bytes(Int32($0)) })
        context.functionNames[1] = "add"
        context.variables["add"] = DebugValue(type: Types.function(returning: Types.int, [Types.int, Types.int]), address: 1)
        context.variables["fast"] = DebugValue(type: Types.int, storage: .location(id: 1, bytes: bytes(Int32(5))))
        context.variables["pair"] = DebugValue(type: point, storage: .location(id: 2, bytes: bytes(Int32(3)) + bytes(Int32(4))))
        context.variables["constant"] = DebugValue(type: point, bytes: bytes(Int32(8)) + bytes(Int32(9)))
        context.variables["gone"] = DebugValue(type: Types.int, storage: .unavailable(reason: "optimized out"))
        context.registers = ["pc": 0x1234, "sp": 0xff00, "local0": 7]
        return context
    }
}
