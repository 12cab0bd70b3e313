import DWARF
import Dispatch
import Testing
import WasmCore

/// Anything a module can hold must give an error or less information, never a crash.
@Suite(.enabled(if: Toolchain.isInstalled, "needs clang-16, wasm-ld and llvm-dwarfdump-16"))
struct RobustnessTests {
    @Test func noDebugInfoMeansNil() throws {
        let empty: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
        #expect(try DebugInfo(moduleBytes: empty, module: Module(decoding: empty)) == nil)
        #expect(try DebugInfo(sections: [:], codeSize: 100) == nil)
        #expect(try DebugInfo(sections: [".debug_line": [1, 2, 3]], codeSize: 100) == nil)
    }

    /// libdw is not thread-safe; DebugInfo's lock must make sharing one safe.
    @Test func concurrentQueriesAreSerialized() throws {
        let fixture = try Fixtures.program(.optimized)
        let info = try #require(try DebugInfo(sections: fixture.debugSections, codeSize: fixture.codeSize))
        let codeSize = fixture.codeSize
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for address in stride(from: worker, to: codeSize, by: 8) {
                _ = info.sourceLocation(at: UInt32(address))
                _ = info.frames(at: UInt32(address))
                _ = info.variables(at: UInt32(address)).map { $0.variables.map(\.type.description) }
            }
            _ = info.type(named: "struct node")?.description
        }
        #expect(info.lineTable.count > 50)
    }

    @Test func garbageDebugInfoIsAnErrorOrEmpty() {
        var generator = SeededGenerator(seed: 7)
        for length in [0, 1, 11, 64, 4096] {
            let garbage = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            do {
                if let info = try DebugInfo(sections: [".debug_info": garbage, ".debug_abbrev": garbage], codeSize: 1000) {
                    exercise(info, codeSize: 1000)
                }
            } catch {
                // An error is a fine answer to garbage.
            }
        }
    }

    static let cases: [(FixtureBuild, String)] =
        [".debug_info", ".debug_line", ".debug_abbrev", ".debug_loc", ".debug_ranges", ".debug_str"].map { (.optimized, $0) }
        + [".debug_info", ".debug_loclists", ".debug_rnglists", ".debug_str_offsets", ".debug_addr", ".debug_line_str"]
        .map { (.dwarf5, $0) }

    /// Truncates and mutates one section of a real module at a time, then uses every part of the API.
    /// (Run with thousands of variants while writing the readers; a few dozen keep guard here.)
    @Test(arguments: cases)
    func truncatedAndMutatedSections(build: FixtureBuild, section: String) throws {
        let fixture = try Fixtures.program(build)
        let original = fixture.debugSections
        let bytes = try #require(original[section])
        var variants: [[UInt8]] = [0, 1, 7, 11, bytes.count / 4, bytes.count / 2, bytes.count - 1].map {
            Array(bytes.prefix(max(0, $0)))
        }
        var generator = SeededGenerator(seed: UInt64(section.utf8.reduce(0) { $0 &* 31 &+ Int($1) }.magnitude))
        for _ in 0..<40 {
            var mutated = bytes
            for _ in 0..<Int.random(in: 1...24, using: &generator) {
                mutated[Int.random(in: 0..<mutated.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            variants.append(mutated)
        }
        for variant in variants {
            var sections = original
            sections[section] = variant
            do {
                guard let info = try DebugInfo(sections: sections, codeSize: fixture.codeSize) else { continue }
                exercise(info, codeSize: fixture.codeSize)
            } catch {
                // Refusing a broken section is fine; crashing is not.
            }
        }
    }

    private func exercise(_ info: DebugInfo, codeSize: Int) {
        _ = info.compilationUnits
        _ = info.sourceFiles
        let rows = info.lineTable
        for row in rows.prefix(200) { _ = info.file(of: row) }
        let frame = PermissiveFrame()
        var addresses = stride(from: 0, to: codeSize, by: max(1, codeSize / 40)).map { UInt32($0) }
        for function in info.functions.prefix(64) {
            addresses.append(function.lowPC)
            addresses.append(info.breakpointAddress(of: function))
            _ = info.function(named: function.name)
            _ = info.frameBase(of: function, at: function.lowPC).map { try? $0.evaluate(in: frame) }
        }
        for address in addresses {
            _ = info.sourceLocation(at: address)
            _ = info.frames(at: address).map(\.description)
            _ = info.function(containing: address)
            for scope in info.variables(at: address) {
                for variable in scope.variables {
                    _ = variable.description
                    _ = variable.type.byteSize
                    _ = try? variable.location?.evaluate(in: frame, frameBase: nil)
                    _ = info.locationList(of: variable)
                }
            }
        }
        for global in info.globalVariables.prefix(200) {
            _ = global.description
            _ = try? global.location?.evaluate(in: frame)
        }
        for name in ["int", "struct node", "point_t", "enum color", "union number", "struct node *"] {
            _ = info.type(named: name)?.description
        }
        _ = info.addresses(file: "program.c", line: 27)
        _ = info.addresses(file: "shapes.h", line: 1)
    }
}

/// Answers every question, so that evaluation goes as far as the expression allows.
private struct PermissiveFrame: LocationContext {
    func wasmLocal(_ index: UInt32) -> UInt64? { 0x1000 }
    func wasmGlobal(_ index: UInt32) -> UInt64? { 0x2000 }
    func wasmOperand(_ index: UInt32) -> UInt64? { 0x3000 }
    func readMemory(address: UInt64, count: Int) -> [UInt8]? { count <= 64 ? [UInt8](repeating: 0, count: count) : nil }
}

/// xorshift64*: the same mutations on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed
    }

    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
}
