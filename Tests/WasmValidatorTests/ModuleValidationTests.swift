import Testing
import WAT
import WasmCore
import WasmValidator

/// Whole modules, from text through WasmKit's encoder and our decoder.
@Suite struct ModuleValidationTests {
    static func validate(_ text: String) throws -> ValidatedModule {
        let module = try Module(decoding: try wat2wasm(text, features: [.referenceTypes, .simd]))
        return try ModuleValidator.validate(module)
    }

    static func expectInvalid(_ text: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let module = try Module(decoding: try wat2wasm(text, features: [.referenceTypes, .simd]))
            _ = try ModuleValidator.validate(module)
            Issue.record("expected \"\(message)\", but the module is valid", sourceLocation: sourceLocation)
        } catch let error as ModuleCheckError {
            guard case .invalid(let invalid) = error else {
                Issue.record("expected invalid, got \(error)", sourceLocation: sourceLocation)
                return
            }
            #expect(invalid.message.hasPrefix(message), "got \(invalid)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("could not build the module: \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func aValidModuleGetsOneSummaryPerDefinedFunction() throws {
        let validated = try Self.validate("""
            (module
              (import "env" "f" (func $f (param i32) (result i32)))
              (memory 1)
              (func $double (export "double") (param i32) (result i32)
                (i32.mul (local.get 0) (i32.const 2)))
              (func (param i64) (local f32 f32)
                (block (loop (br_if 1 (i32.const 0)) (br 0)))
                (drop (call $f (i32.load (i32.const 0))))))
            """)
        #expect(validated.functionSummaries.count == 2)
        #expect(validated.functionSummaries[0].maxOperandStackHeight == 2)
        #expect(validated.functionSummaries[1].localRuns == [LocalRun(count: 1, type: .i64), LocalRun(count: 2, type: .f32)])
        #expect(validated.functionSummaries[1].blocks.map(\.kind) == [.block, .loop])
    }

    @Test func errorOffsetsPointAtTheInstructionInTheModule() throws {
        let bytes = try wat2wasm("(module (func (result i32) (i64.const 0)))")
        let module = try Module(decoding: bytes)
        #expect(throws: ModuleCheckError.self) { try ModuleValidator.validate(module) }
        do {
            _ = try ModuleValidator.validate(module)
        } catch {
            // The final `end` finds an i64 where the function returns an i32.
            #expect(error.offset == module.functionBodies[0].codeRange.upperBound - 1)
            #expect(error.description.hasPrefix("invalid: type mismatch"))
        }
    }

    @Test func exportNamesMustBeUniqueAsBytes() throws {
        Self.expectInvalid(#"(module (func) (export "a" (func 0)) (export "a" (func 0)))"#, "duplicate export name")
        // names.wast: the same letter in two Unicode normal forms is two names.
        _ = try Self.validate(#"(module (func) (export "\c3\85" (func 0)) (export "A\cc\8a" (func 0)))"#)
    }

    @Test func exportsMustNameSomethingThatExists() {
        Self.expectInvalid(#"(module (func) (export "a" (func 1)))"#, "unknown function 1")
        Self.expectInvalid(#"(module (global i32 (i32.const 0)) (export "a" (global 1)))"#, "unknown global 1")
    }

    @Test func memoriesAreLimitedInNumberAndSize() {
        Self.expectInvalid("(module (memory 0) (memory 0))", "multiple memories")
        Self.expectInvalid(#"(module (import "" "" (memory 1)) (memory 0))"#, "multiple memories")
        Self.expectInvalid("(module (memory 65537))", "memory size must be at most 65536 pages (4GiB)")
        Self.expectInvalid("(module (memory 0 65537))", "memory size must be at most 65536 pages (4GiB)")
        Self.expectInvalid("(module (memory 1 0))", "size minimum must not be greater than maximum")
        Self.expectInvalid("(module (table 1 0 funcref))", "size minimum must not be greater than maximum")
    }

    @Test func theStartFunctionTakesAndReturnsNothing() throws {
        _ = try Self.validate("(module (func $main) (start $main))")
        Self.expectInvalid("(module (func $main (param i32)) (start $main))", "start function")
        Self.expectInvalid("(module (func $main (result i32) (i32.const 0)) (start $main))", "start function")
    }

    @Test func globalInitializersAreConstant() throws {
        _ = try Self.validate(#"(module (import "m" "g" (global i32)) (global i32 (global.get 0)))"#)
        Self.expectInvalid("(module (global i32 (i32.ctz (i32.const 0))))", "constant expression required")
        Self.expectInvalid("(module (global i32 (i32.const 0)) (global i32 (global.get 0)))", "unknown global 0")
        Self.expectInvalid(#"(module (import "m" "g" (global (mut i32))) (global i32 (global.get 0)))"#, "constant expression required")
        Self.expectInvalid("(module (global i32 (i64.const 0)))", "type mismatch")
    }

    @Test func globalSetNeedsAMutableGlobal() {
        Self.expectInvalid("(module (global i32 (i32.const 0)) (func (global.set 0 (i32.const 1))))", "global is immutable")
    }

    @Test func elementSegmentsMatchTheirTable() throws {
        _ = try Self.validate("(module (table 1 funcref) (func $f) (elem (i32.const 0) $f))")
        Self.expectInvalid("(module (func $f) (elem (i32.const 0) $f))", "unknown table 0")
        Self.expectInvalid("(module (table 1 funcref) (elem (i32.const 0) externref (ref.null extern)))", "type mismatch")
        Self.expectInvalid("(module (table 1 funcref) (elem (i64.const 0)))", "type mismatch")
    }

    @Test func activeDataSegmentsNeedTheMemory() throws {
        _ = try Self.validate(#"(module (memory 1) (data (i32.const 0) "hi"))"#)
        Self.expectInvalid(#"(module (data (i32.const 0) "hi"))"#, "unknown memory 0")
    }

    @Test func refFuncNeedsAReferenceOutsideFunctionBodies() throws {
        Self.expectInvalid("(module (func $f (drop (ref.func $f))))", "undeclared function reference")
        _ = try Self.validate("(module (func $f (drop (ref.func $f))) (elem declare func $f))")
        _ = try Self.validate(#"(module (func $f (export "f") (drop (ref.func $f))))"#)
        _ = try Self.validate("(module (func $f (drop (ref.func $f))) (global funcref (ref.func $f)))")
    }

    @Test func bulkMemoryNamesDataSegments() throws {
        _ = try Self.validate(#"(module (memory 1) (data "x") (func (data.drop 0)))"#)
    }

    @Test func vectorInstructionsValidateInsideModules() throws {
        _ = try Self.validate("""
            (module (memory 1)
              (func (result i32)
                (i32x4.extract_lane 3 (i32x4.add (v128.load (i32.const 0)) (v128.const i32x4 1 2 3 4)))))
            """)
        Self.expectInvalid("(module (memory 1) (func (drop (v128.load align=32 (i32.const 0)))))", "alignment must not be larger than natural")
    }
}

/// Modules written byte by byte, for what the text format cannot express.
@Suite struct BinaryModuleValidationTests {
    /// One type, `[] -> []`; the given functions and bodies; with `passiveDataSegments`,
    /// a memory, a data count section and that many empty passive segments.
    static func module(functionTypes: [UInt8], bodies: [[UInt8]], passiveDataSegments: UInt32? = nil) -> [UInt8] {
        func section(_ id: UInt8, _ payload: [UInt8]) -> [UInt8] { [id] + leb(UInt32(payload.count)) + payload }
        let code = leb(UInt32(bodies.count)) + bodies.flatMap { leb(UInt32($0.count)) + $0 }
        var bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
        bytes += section(1, [0x01, 0x60, 0x00, 0x00])
        bytes += section(3, leb(UInt32(functionTypes.count)) + functionTypes)
        if let passiveDataSegments {
            bytes += section(5, [0x01, 0x00, 0x01])
            bytes += section(12, leb(passiveDataSegments))
        }
        bytes += section(10, code)
        if let passiveDataSegments {
            bytes += section(11, leb(passiveDataSegments) + Array(repeating: [0x01, 0x00], count: Int(passiveDataSegments)).flatMap { $0 })
        }
        return bytes
    }

    @Test func dataSegmentIndicesAreCheckedAgainstTheDataCount() throws {
        let valid = try Module(decoding: Self.module(functionTypes: [0], bodies: [[0x00, 0xFC, 0x09, 0x00, 0x0B]], passiveDataSegments: 1))
        _ = try ModuleValidator.validate(valid)
        let invalid = try Module(decoding: Self.module(functionTypes: [0], bodies: [[0x00, 0xFC, 0x09, 0x01, 0x0B]], passiveDataSegments: 1))
        #expect {
            _ = try ModuleValidator.validate(invalid)
        } throws: { error in
            guard let error = error as? ModuleCheckError, case .invalid(let invalid) = error else { return false }
            return invalid.message == "unknown data segment 1"
        }
    }

    @Test func aMalformedLaterBodyWinsOverAnInvalidEarlierOne() throws {
        // Body 0 drops from an empty stack; body 1 holds opcode 0xFF, which does not exist.
        let bytes = Self.module(functionTypes: [0, 0], bodies: [[0x00, 0x1A, 0x0B], [0x00, 0xFF, 0x0B]])
        let module = try Module(decoding: bytes)
        #expect {
            _ = try ModuleValidator.validate(module)
        } throws: { error in
            guard let error = error as? ModuleCheckError, case .malformed = error else { return false }
            return true
        }
    }

    @Test func anInvalidBodyIsReportedWhenEveryBodyDecodes() throws {
        let bytes = Self.module(functionTypes: [0, 0], bodies: [[0x00, 0x1A, 0x0B], [0x00, 0x01, 0x0B]])
        let module = try Module(decoding: bytes)
        #expect {
            _ = try ModuleValidator.validate(module)
        } throws: { error in
            guard let error = error as? ModuleCheckError, case .invalid(let invalid) = error else { return false }
            return invalid.message.hasPrefix("type mismatch") && invalid.offset == module.functionBodies[0].codeRange.lowerBound
        }
    }

    @Test func typedSelectNeedsExactlyOneType() throws {
        // (i32.const 0) (i32.const 0) (i32.const 1) (select (result)) drop
        let body: [UInt8] = [0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x01, 0x1C, 0x00, 0x1A, 0x0B]
        let module = try Module(decoding: Self.module(functionTypes: [0], bodies: [body]))
        #expect {
            _ = try ModuleValidator.validate(module)
        } throws: { error in
            guard let error = error as? ModuleCheckError, case .invalid(let invalid) = error else { return false }
            return invalid.message.hasPrefix("invalid result arity")
        }
    }

    @Test func aFunctionWithAnUnknownTypeIsInvalid() throws {
        let module = try Module(decoding: Self.module(functionTypes: [3], bodies: [[0x00, 0x0B]]))
        #expect {
            _ = try ModuleValidator.validate(module)
        } throws: { error in
            guard let error = error as? ModuleCheckError, case .invalid(let invalid) = error else { return false }
            return invalid.message == "unknown type 3"
        }
    }
}
