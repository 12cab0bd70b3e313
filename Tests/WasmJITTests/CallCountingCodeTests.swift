// The call-counting hook (`Compiler.Options.countsCalls`): what it adds to
// the prologue, and that it adds nothing else. Code compiled without it is
// pinned by the golden prologue in GoldenCodeTests.
import Testing
import WasmJIT

@Suite struct CallCountingCodeTests {
    static let twoFunctions = """
        (module
          (func (param i32) (result i32) (local i32) (i32.add (local.get 0) (i32.const 1)))
          (func (param i32) (result i32)
            (block (result i32) (br_if 0 (local.get 0) (i32.eqz (local.get 0))) (i32.div_u (i32.const 7)))))
        """

    @Test func countingIsOffByDefault() throws {
        #expect(Compiler.Options().countsCalls == false)
        #expect(Compiler.Options.debugging.countsCalls == false)
        let plain = try CompiledTestModule(Self.twoFunctions)
        let explicitlyOff = try CompiledTestModule(Self.twoFunctions, options: Compiler.Options(countsCalls: false))
        #expect(plain.compiled.code == explicitlyOff.compiled.code)
        #expect(plain.compiled.countsCalls == false)
    }

    @Test func thePrologueIncrementsTheFunctionsCounterAfterTheStackCheck() throws {
        let module = try CompiledTestModule(Self.twoFunctions, options: Compiler.Options(countsCalls: true))
        #expect(module.compiled.countsCalls)
        #expect(module.prologue(1) == [
            "push rbp",
            "mov rbp, rsp",
            "push r14",
            "push r15",
            "mov r14, rdi",
            "mov r15, qword ptr [r14]",
            "sub rsp, 0x10",
            "cmp rsp, qword ptr [r14+0x30]",
            "jb trap(call stack exhausted)",
            // VMContextLayout.callCounts, then defined function 1's counter.
            "mov r11, qword ptr [r14+0x60]",
            "inc qword ptr [r11+0x8]",
            "mov r11, qword ptr [r14+0x38]",
            "cmp dword ptr [r11], 0x0",
            "jnz trap(interrupted)",
        ])
        #expect(module.prologue(0).contains("inc qword ptr [r11]"))
    }

    @Test func onlyThePrologueGrowsAndTheCodeMapsMoveWithIt() throws {
        let plain = try CompiledTestModule(Self.twoFunctions)
        let counting = try CompiledTestModule(Self.twoFunctions, options: Compiler.Options(countsCalls: true))
        for index in 0..<2 {
            let before = plain.function(index)
            let after = counting.function(index)
            let growth = (after.bodyStartOffset - after.codeRange.lowerBound) - (before.bodyStartOffset - before.codeRange.lowerBound)
            #expect(growth > 0 && growth <= 11)
            #expect(plain.body(index) == counting.body(index))
            // Every map keeps its place relative to the body's start.
            let shift = after.bodyStartOffset - before.bodyStartOffset
            #expect(after.opMap.map { Int($0.machineStart) - shift } == before.opMap.map { Int($0.machineStart) })
            #expect(after.opMap.map(\.wasmOffset) == before.opMap.map(\.wasmOffset))
            #expect(after.trapSites.map { Int($0.machineOffset) - shift } == before.trapSites.map { Int($0.machineOffset) })
            #expect(
                after.debugSideTable.entries.map { Int($0.machineOffset) - shift }
                    == before.debugSideTable.entries.map { Int($0.machineOffset) })
            #expect(after.debugSideTable.locations == before.debugSideTable.locations)
        }
    }
}
