import DWARF
import DebugExpressions
import Foundation
import Synchronization

/// A C program compiled with clang-16 to wasm32 at -O0, stopped before it ran:
/// linear memory is its data segments, its globals are variables, its DWARF
/// types answer `type(named:)`. The real types of real C, for the evaluator and
/// the formatter.
final class WasmFixture: Sendable {
    static let compiler = "/usr/bin/clang-16"
    static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: compiler)
            && FileManager.default.isExecutableFile(atPath: "/usr/lib/llvm-16/bin/wasm-ld")
    }

    let debugInfo: DebugInfo
    let memory: [UInt8]
    /// Addresses of the globals, from their DW_OP_addr locations.
    let globals: [String: (type: DebugType, address: UInt64)]

    private static let shared = Mutex<WasmFixture?>(nil)

    /// Built once per test process.
    static func program() throws -> WasmFixture {
        try shared.withLock { fixture in
            if let fixture { return fixture }
            let built = try WasmFixture(source: FixtureSource.text)
            fixture = built
            return built
        }
    }

    init(source: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wasmscope-expressions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sourcePath = directory.appendingPathComponent("program.c")
        let outputPath = directory.appendingPathComponent("program.wasm")
        try source.write(to: sourcePath, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.compiler)
        process.arguments = ["--target=wasm32-wasi", "-g", "-O0", "-o", outputPath.path, sourcePath.path]
        // clang runs wasm-opt (which drops DWARF) when it finds one on PATH.
        process.environment = ["PATH": "/usr/lib/llvm-16/bin:/usr/bin:/bin"]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixtureError(description: "clang failed: " + String(decoding: message, as: UTF8.self))
        }
        let module = try WasmSections([UInt8](Data(contentsOf: outputPath)))
        guard let info = try DebugInfo(sections: module.debugSections, codeSize: module.codeSize) else {
            throw FixtureError(description: "no DWARF")
        }
        debugInfo = info
        memory = module.memory
        var globals: [String: (DebugType, UInt64)] = [:]
        let reader = MemoryReader(memory: module.memory)
        for variable in info.globalVariables {
            guard let location = variable.location, case .memory(let address) = try location.evaluate(in: reader) else { continue }
            globals[variable.name] = (variable.type, address)
        }
        self.globals = globals
    }

    /// A fresh context over a copy of the memory, so tests may write.
    func context() -> FixtureContext { FixtureContext(fixture: self) }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
}

private struct MemoryReader: LocationContext {
    let memory: [UInt8]
    func wasmLocal(_ index: UInt32) -> UInt64? { nil }
    func readMemory(address: UInt64, count: Int) -> [UInt8]? {
        guard address + UInt64(count) <= UInt64(memory.count) else { return nil }
        return Array(memory[Int(address)..<(Int(address) + count)])
    }
}

/// The context a debugger would give at a stop: globals, DWARF types, and
/// `<name+offset>` for addresses inside globals.
final class FixtureContext: ExpressionContext {
    let fixture: WasmFixture
    var memory: [UInt8]
    var functionNames: [UInt64: String] = [:]

    init(fixture: WasmFixture) {
        self.fixture = fixture
        memory = fixture.memory
    }

    func variable(named name: String) -> DebugValue? {
        fixture.globals[name].map { DebugValue(type: $0.type, address: $0.address) }
    }

    func type(named name: String) -> DebugType? { fixture.debugInfo.type(named: name) }
    func functionName(forPointer value: UInt64) -> String? { functionNames[value] }

    func dataSymbol(at address: UInt64) -> String? {
        for (name, global) in fixture.globals {
            let size = UInt64(max(global.type.byteSize ?? 1, 1))
            if address >= global.address && address < global.address + size {
                return address == global.address ? name : "\(name)+\(address - global.address)"
            }
        }
        return nil
    }

    func readMemory(address: UInt64, count: Int) throws(ExpressionError) -> [UInt8] {
        guard count >= 0, address <= UInt64(memory.count), UInt64(count) <= UInt64(memory.count) - address else {
            throw .memory(address: address)
        }
        return Array(memory[Int(address)..<(Int(address) + count)])
    }

    func writeMemory(address: UInt64, bytes: [UInt8]) throws(ExpressionError) {
        guard address <= UInt64(memory.count), UInt64(bytes.count) <= UInt64(memory.count) - address else {
            throw .memory(address: address)
        }
        memory.replaceSubrange(Int(address)..<(Int(address) + bytes.count), with: bytes)
    }

    func write(bytes: [UInt8], to storage: ValueStorage) throws(ExpressionError) { throw .notLValue }

    func print(_ text: String, _ format: ValueFormat = .natural) throws -> String {
        try ValueFormatter.printed(try Expression.parse(text).evaluate(in: self), as: format, in: self)
    }

    func address(of name: String) -> UInt64 { fixture.globals[name]?.address ?? 0 }
    func hex(_ name: String) -> String { "0x" + String(address(of: name), radix: 16) }
}

/// Just enough of the wasm binary format for the fixture: custom sections,
/// the code section's size, memory's initial size and active data segments.
struct WasmSections {
    var debugSections: [String: [UInt8]] = [:]
    var codeSize = 0
    var memory: [UInt8] = []

    init(_ bytes: [UInt8]) throws {
        var cursor = 8
        var pages = 2
        var segments: [(offset: Int, bytes: ArraySlice<UInt8>)] = []
        func leb(_ position: inout Int) -> Int {
            var result = 0
            var shift = 0
            while true {
                let byte = bytes[position]
                position += 1
                result |= Int(byte & 0x7f) << shift
                shift += 7
                if byte & 0x80 == 0 { return result }
            }
        }
        while cursor < bytes.count {
            let id = bytes[cursor]
            cursor += 1
            let size = leb(&cursor)
            let end = cursor + size
            var position = cursor
            switch id {
            case 0:
                let nameLength = leb(&position)
                let name = String(decoding: bytes[position..<(position + nameLength)], as: UTF8.self)
                position += nameLength
                if name.hasPrefix(".debug_") { debugSections[name] = Array(bytes[position..<end]) }
            case 5:
                _ = leb(&position)
                _ = leb(&position)
                pages = leb(&position)
            case 10:
                codeSize = size
            case 11:
                for _ in 0..<leb(&position) {
                    let flags = leb(&position)
                    guard flags == 0, bytes[position] == 0x41 else {
                        throw FixtureError(description: "unexpected data segment form \(flags)")
                    }
                    position += 1
                    let offset = leb(&position)  // small positive offsets: no sign bits to worry about
                    position += 1  // end
                    let length = leb(&position)
                    segments.append((offset, bytes[position..<(position + length)]))
                    position += length
                }
            default:
                break
            }
            cursor = end
        }
        memory = [UInt8](repeating: 0, count: pages * 65536)
        for segment in segments {
            memory.replaceSubrange(segment.offset..<(segment.offset + segment.bytes.count), with: segment.bytes)
        }
    }
}

enum FixtureSource {
    static let text = #"""
        #include <stdbool.h>
        #include <stdint.h>

        struct point { int x; int y; };
        typedef struct point point_t;
        enum color { RED, GREEN = 2, BLUE = 4 };
        enum level { LOW = 1, MIDDLE = 2, HIGH = 3 };
        struct flags { unsigned ready : 1; unsigned mode : 3; int level : 4; char tag; };
        union number { int integer; float real; unsigned char bytes[4]; };
        struct node { int id; char name[8]; struct node *next; };
        typedef struct node node_t;
        typedef int (*binary_operation)(int, int);
        struct shape { const char *label; struct point corners[2]; enum color color; union { int radius; float side; }; };

        int counter = 42;
        unsigned char small = 200;
        signed char negative = -1;
        char letter = 'q';
        short shorty = -300;
        long long big = -1234567890123LL;
        unsigned long long huge = 18446744073709551615ULL;
        float ratio = 0.5f;
        double pi = 3.141592653589793;
        long double precise = 1.5L;
        bool enabled = true;
        enum color favorite = GREEN;
        enum level loudness = (enum level)7;
        struct point origin = {1, 2};
        point_t corners[2][3] = {{{1, 2}, {3, 4}, {5, 6}}, {{7, 8}, {9, 10}, {11, 12}}};
        struct flags status = {1, 5, -3, 'z'};
        union number pun = {.integer = 0x3f800000};
        node_t third = {3, "bolt", 0};
        node_t second = {2, "nut", &third};
        node_t first = {1, "washer", &second};
        node_t *head = &first;
        const char *greeting = "hello, world";
        char buffer[16] = "abc";
        int numbers[5] = {10, 20, 30, 40, 50};
        int zeros[16];
        int mixed[20] = {1, 2, [15] = 3};
        static int add(int a, int b) { return a + b; }
        binary_operation operation = add;
        void *opaque;
        int *counter_pointer = &counter;
        int **pointer_pointer = &counter_pointer;
        struct shape square = {"square", {{0, 0}, {2, 2}}, BLUE, {.radius = 7}};
        char escapes[6] = "a\n\t\"\\";
        uint8_t raw[4] = {1, 2, 3, 255};
        const int limits[3] = {-1, 0, 1};

        /* Referenced from main so that the linker keeps every global. */
        void *volatile keep[] = {
            &counter, &small, &negative, &letter, &shorty, &big, &huge, &ratio, &pi, &precise, &enabled, &favorite,
            &loudness, &origin, &corners, &status, &pun, &head, &greeting, &buffer, &numbers, &zeros, &mixed,
            &operation, &opaque, &pointer_pointer, &square, &escapes, &raw, (void *)&limits,
        };

        int main(void) { return keep[0] == 0; }
        """#
}
