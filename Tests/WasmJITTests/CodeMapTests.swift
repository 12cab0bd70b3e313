// The code maps the runtime, debugger and profiler rely on: an op map entry
// for every op in order with contiguous machine ranges, trap sites on `ud2`s
// and memory accesses only, call sites right after calls.
import Disassembler
import Testing
import WasmCore
import WasmJIT

@Suite struct CodeMapTests {
    static let mixed = """
        (module
          (type $binary (func (param i32 i32) (result i32)))
          (import "env" "host" (func $host (param i32) (result i32)))
          (memory 1)
          (table 4 funcref)
          (global $counter (mut i32) (i32.const 0))
          (func $main (param i32 f64) (result i32) (local i64)
            (local.set 2 (i64.extend_i32_u (local.get 0)))
            (block $out
              (loop $again
                (br_if $out (i32.eqz (local.get 0)))
                (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                (global.set $counter (i32.add (global.get $counter) (i32.load offset=4 (local.get 0))))
                (i32.store8 (local.get 0) (i32.div_u (local.get 0) (global.get $counter)))
                (br $again)
                (unreachable)))
            (drop (memory.grow (i32.const 1)))
            (drop (call $host (i32.trunc_f64_s (local.get 1))))
            (drop (call_indirect (type $binary) (i32.const 1) (i32.const 2) (i32.const 0)))
            (drop (table.get 0 (i32.const 3)))
            (if (result i32) (local.get 0) (then (unreachable)) (else (i32.rem_s (local.get 0) (i32.const 7)))))
        )
        """

    @Test func everyOpHasAnOpMapEntryInOrderWithContiguousRanges() throws {
        let module = try CompiledTestModule(Self.mixed)
        let function = module.function()
        #expect(function.opMap.map { Int($0.wasmOffset) } == (try module.opOffsets()))
        #expect(Int(function.opMap[0].machineStart) == function.bodyStartOffset)
        for (previous, next) in zip(function.opMap, function.opMap.dropFirst()) {
            #expect(previous.machineEnd == next.machineStart)
        }
        for entry in function.opMap {
            #expect(entry.machineStart <= entry.machineEnd)
            #expect(function.codeRange.contains(Int(entry.machineStart)))
        }
        #expect(function.functionIndex == 1)
    }

    @Test func trapSitesAreUd2sAndMemoryAccessesSortedByOffset() throws {
        let module = try CompiledTestModule(Self.mixed)
        let function = module.function()
        let offsets = function.trapSites.map(\.machineOffset)
        #expect(offsets == offsets.sorted())
        let opOffsets = Set(try module.opOffsets())
        var codes = Set<TrapCode>()
        for site in function.trapSites {
            codes.insert(site.code)
            #expect(opOffsets.contains(Int(site.wasmOffset)))
            let instruction = try #require(module.instruction(at: Int(site.machineOffset)))
            if site.code == .memoryOutOfBounds {
                #expect(instruction.text.contains("[r15+"), "\(instruction.text)")
            } else {
                #expect(instruction.text == "ud2")
            }
        }
        #expect(codes == [
            .callStackExhausted, .interrupted, .memoryOutOfBounds, .integerDivideByZero, .integerOverflow,
            .invalidConversionToInteger, .undefinedElement, .uninitializedElement, .indirectCallTypeMismatch,
            .tableOutOfBounds, .unreachable,
        ])
    }

    @Test func everyLoadAndStoreIsATrapSiteOfItsOp() throws {
        let module = try CompiledTestModule(Self.mixed)
        let function = module.function()
        let memoryOps = try module.ops().filter { if case .memory = $0.instruction { true } else { false } }
        let sites = function.trapSites.filter { $0.code == .memoryOutOfBounds }
        #expect(sites.map { Int($0.wasmOffset) } == memoryOps.map(\.offset))
        for site in sites {
            let op = try #require(function.opMap.first { $0.wasmOffset == site.wasmOffset })
            #expect((op.machineStart..<op.machineEnd).contains(site.machineOffset))
        }
    }

    @Test func callSitesFollowTheirCallInstructions() throws {
        let module = try CompiledTestModule(Self.mixed)
        let function = module.function()
        let ops = try module.ops()
        let instructions = module.instructions()
        #expect(function.callSites.count == 3)
        for site in function.callSites {
            let call = try #require(instructions.first { Int($0.nextAddress) == Int(site.returnOffset) })
            #expect(call.text.hasPrefix("call "), "\(call.text)")
            let op = try #require(ops.first { $0.offset == Int(site.wasmOffset) })
            switch op.instruction {
            case .call, .callIndirect, .memoryGrow: break
            default: Issue.record("call site at \(op.instruction)")
            }
        }
    }

    @Test func functionsAreFoundByMachineOffset() throws {
        let module = try CompiledTestModule("(module (func) (func (nop)) (func (drop (i32.const 1))))")
        for function in module.compiled.functions {
            #expect(module.compiled.function(containing: function.codeRange.lowerBound)?.functionIndex == function.functionIndex)
            #expect(module.compiled.function(containing: function.codeRange.upperBound - 1)?.functionIndex == function.functionIndex)
            #expect(function.codeRange.lowerBound % 16 == 0)
        }
        #expect(module.compiled.code.count >= module.compiled.functions.last!.codeRange.upperBound)
    }

    @Test func deadCodeHasEmptyOpRanges() throws {
        let module = try CompiledTestModule("""
            (module (func (result i32)
              (return (i32.const 1))
              (drop (i32.add (i32.const 2) (i32.const 3)))
              (block (loop (br 0)))
              (i32.const 4)))
            """)
        let function = module.function()
        let returnIndex = try module.ops().firstIndex { if case .return = $0.instruction { true } else { false } }!
        for entry in function.opMap[(returnIndex + 1)...] {
            #expect(entry.machineStart == entry.machineEnd)
        }
    }
}
