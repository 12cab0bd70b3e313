import Foundation
import Testing
@testable import WasmCore

/// Malformed input must give a module or a `DecodeError`: never a crash, a
/// hang or a range that points outside the bytes.
@Suite struct RobustnessTests {
    typealias B = BinaryBuilder

    /// Mutation counts scale with WASMCORE_MUTATION_SCALE, for a long run under a sanitizer.
    static let scale = Int(ProcessInfo.processInfo.environment["WASMCORE_MUTATION_SCALE"] ?? "") ?? 1

    /// Decodes `bytes` in full and checks that everything the decoder hands out stays inside them.
    static func decodeCompletely(_ bytes: [UInt8]) {
        let module: Module
        do {
            module = try Module(decoding: bytes)
        } catch {
            #expect(error.offset >= 0 && error.offset <= bytes.count, "\(error)")
            return
        }
        let whole = 0..<bytes.count
        for body in module.functionBodies {
            #expect(whole.contains(body.entryRange.lowerBound) && body.entryRange.upperBound <= bytes.count)
            #expect(body.codeRange.lowerBound >= body.entryRange.lowerBound && body.codeRange.upperBound == body.entryRange.upperBound)
            var decoder = InstructionDecoder(module: module, body: body)
            do {
                while let instruction = try decoder.next() {
                    #expect(body.codeRange.contains(decoder.instructionOffset))
                    // Reads the labels without checks: they must have been checked.
                    if case .brTable(let table) = instruction { _ = module.bytes.branchTargets(table) }
                }
            } catch {
                #expect(error.offset >= 0 && error.offset <= bytes.count, "\(error)")
            }
        }
        for segment in module.dataSegments { #expect(segment.dataRange.upperBound <= bytes.count) }
        for section in module.customSections { #expect(section.payloadRange.upperBound <= bytes.count) }
    }

    static func truncateAtEveryLength(_ bytes: [UInt8]) {
        for length in 0..<bytes.count {
            decodeCompletely(Array(bytes[..<length]))
        }
    }

    /// Flips bits, overwrites, inserts and deletes bytes, a few at a time.
    static func mutate(_ bytes: [UInt8], count: Int, seed: UInt64) {
        var random = SeededRandom(seed: seed)
        for _ in 0..<(count * scale) {
            var mutated = bytes
            for _ in 0..<(1 + random.next(below: 4)) where !mutated.isEmpty {
                // Past the header most of the time: a bad header ends the decoding at once.
                let position = random.next(below: 10) == 0 ? random.next(below: mutated.count)
                    : min(8 + random.next(below: max(mutated.count - 8, 1)), mutated.count - 1)
                switch random.next(below: 5) {
                case 0: mutated[position] ^= UInt8(1 << random.next(below: 8))
                case 1: mutated[position] = UInt8(truncatingIfNeeded: random.next())
                case 2: mutated[position] = [0x00, 0x0B, 0x80, 0xFF, 0x7F, 0x05, 0x40][random.next(below: 7)]
                case 3: mutated.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
                default: mutated.remove(at: position)
                }
            }
            decodeCompletely(mutated)
        }
    }

    @Test func everyTruncationOfAFeatureRichModuleIsHandled() throws {
        Self.truncateAtEveryLength(try TestModules.featureRich())
    }

    @Test func randomMutationsOfAFeatureRichModuleAreHandled() throws {
        Self.mutate(try TestModules.featureRich(), count: 4_000, seed: 1)
    }

    @Test(.enabled(if: TestModules.clangIsInstalled))
    func everyTruncationOfAClangModuleIsHandled() throws {
        let bytes = try TestModules.clangModule()
        let module = try Module(decoding: bytes)
        #expect(module.functionBodies.count >= 8)
        try module.decodeAllFunctionBodies()
        Self.truncateAtEveryLength(bytes)
    }

    @Test(.enabled(if: TestModules.clangIsInstalled))
    func randomMutationsOfAClangModuleAreHandled() throws {
        Self.mutate(try TestModules.clangModule(), count: 3_000, seed: 2)
        // A debug build: DWARF custom sections, a name section, and -O0's verbose code.
        let debugBuild = try TestModules.clangModule(flags: ["-O0", "-g"])
        let module = try Module(decoding: debugBuild)
        #expect(module.customSections.contains { $0.name == ".debug_info" })
        #expect(module.names?.functionNames.values.contains("collatz") == true)
        Self.mutate(debugBuild, count: 1_000, seed: 4)
    }

    @Test func randomBytesAfterAHeaderAreHandled() {
        var random = SeededRandom(seed: 3)
        for _ in 0..<(3_000 * Self.scale) {
            let tail = (0..<random.next(below: 64)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            Self.decodeCompletely(B.header + tail)
        }
    }
}
