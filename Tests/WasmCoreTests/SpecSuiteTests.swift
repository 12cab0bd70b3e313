import Foundation
import Testing
import WAT
@testable import WasmCore

/// Runs every module of the Wasm 2.0 spec scripts through the decoder: the
/// ones the scripts expect to decode must, and the binary ones they expect to
/// be malformed must fail with the scripts' message.
@Suite struct SpecSuiteTests {
    static let suiteDirectory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/spec-testsuite/wasm-2.0")

    static var scriptNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: suiteDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".wast") }.sorted()
    }

    struct Outcome {
        var checked = 0
        var failures: [String] = []
    }

    static func run(script name: String) throws -> Outcome {
        let text = try String(contentsOf: suiteDirectory.appendingPathComponent(name), encoding: .utf8)
        var wast = try parseWAST(text, features: [.referenceTypes, .simd])
        var outcome = Outcome()
        while let (directive, location) = try wast.nextDirective() {
            let line = "\(name):\(location.computeLineAndColumn().line)"
            switch directive {
            case .module(let module):
                guard let bytes = try binary(of: module.source) else { continue }
                outcome.checked += 1
                if let error = BinaryBuilder.decodeError(bytes) {
                    outcome.failures.append("\(line): valid module rejected: \(error)")
                }
            case .assertInvalid(let module, let message):
                guard let bytes = try? binary(of: module.source) else { continue }
                outcome.checked += 1
                // Invalid, not malformed: it decodes, unless our decoder speaks for the validator.
                if let error = BinaryBuilder.decodeError(bytes), !error.message.contains(message) {
                    outcome.failures.append("\(line): invalid module (\(message)) rejected by the decoder: \(error)")
                }
            case .assertMalformed(let module, let message):
                guard case .binary(let bytes) = module.source else { continue }
                outcome.checked += 1
                if let error = BinaryBuilder.decodeError(bytes) {
                    if !error.message.contains(message) {
                        outcome.failures.append("\(line): expected \"\(message)\", got \"\(error)\"")
                    }
                } else {
                    outcome.failures.append("\(line): malformed module accepted, expected \"\(message)\"")
                }
            default:
                continue
            }
        }
        return outcome
    }

    static func binary(of source: ModuleSource) throws -> [UInt8]? {
        switch source {
        case .binary(let bytes): bytes
        case .text(let wat): try wat.encode()
        case .quote: nil
        }
    }

    /// The scripts with modules in binary form: every `assert_malformed` of the decoder's is there.
    static let binaryScripts = [
        "align.wast", "binary-leb128.wast", "binary.wast", "custom.wast", "data.wast", "float_literals.wast",
        "global.wast", "simd_const.wast", "utf8-custom-section-id.wast", "utf8-import-field.wast",
        "utf8-import-module.wast",
    ]

    /// Text scripts whose modules together use every instruction family (WAT encodes them
    /// first), short enough for a debug build; the long bulk-memory scripts add nothing new.
    static let textScripts = [
        "block.wast", "br_table.wast", "bulk.wast", "call_indirect.wast", "conversions.wast", "elem.wast",
        "imports.wast", "memory_fill.wast", "memory_grow.wast", "memory_init.wast", "names.wast", "ref_func.wast",
        "select.wast", "simd_lane.wast", "simd_load.wast", "simd_store.wast", "table_fill.wast", "table_grow.wast",
    ]

    @Test(arguments: binaryScripts)
    func binaryModulesOfTheScriptDecodeOrFailWithTheScriptsMessage(script: String) throws {
        let outcome = try Self.run(script: script)
        #expect(outcome.checked > 0)
        #expect(outcome.failures.isEmpty, "\(outcome.failures.joined(separator: "\n"))")
    }

    @Test(arguments: textScripts)
    func textModulesOfTheScriptDecode(script: String) throws {
        let outcome = try Self.run(script: script)
        #expect(outcome.checked > 0)
        #expect(outcome.failures.isEmpty, "\(outcome.failures.joined(separator: "\n"))")
    }

    @Test func theScriptsAreThere() {
        let names = Set(Self.scriptNames)
        #expect((Self.binaryScripts + Self.textScripts).allSatisfy(names.contains))
    }
}
