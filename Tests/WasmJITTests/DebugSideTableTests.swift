// The debug side table: a stop at every reachable op boundary with the
// operand stack as the code leaves it there (constants, registers, frame
// slots), and every local in its rbp-relative slot for the whole function.
import Testing
import WAT
import WasmValidator
import WasmCore
import WasmJIT

@Suite struct DebugSideTableTests {
    /// A sum stored to a local and read straight back: where the read comes from depends on the local cache.
    static let sumSetThenGet = """
        (module (func (param i32) (result i32) (local i32)
          i32.const 1
          local.get 0
          i32.add
          local.set 1
          local.get 1))
        """

    @Test func stopsDescribeTheStackBeforeEachOp() throws {
        let module = try CompiledTestModule(Self.sumSetThenGet)
        let table = module.function().debugSideTable
        let ops = try module.ops()
        #expect(table.entries.map { Int($0.wasmOffset) } == ops.map(\.offset))
        let stacks = table.entries.map { Array(table.stack(at: $0)) }
        #expect(stacks[0] == [])
        #expect(stacks[1] == [ValueLocation(.constant(1), type: .i32)])
        #expect(stacks[2] == [ValueLocation(.constant(1), type: .i32), ValueLocation(.frameSlot(rbpOffset: 16), type: .i32)])
        #expect(stacks[3].count == 1)
        if case .generalRegister(let register) = stacks[3][0].kind {
            #expect(allocatableGeneralRegisters.contains(register))
        } else {
            Issue.record("the sum should be in a register, not \(stacks[3][0])")
        }
        #expect(stacks[4] == [])
        // The local just set is read from the register it was stored from (the local cache).
        #expect(stacks[5].count == 1)
        if case .generalRegister(let register) = stacks[5][0].kind {
            #expect(allocatableGeneralRegisters.contains(register))
        } else {
            Issue.record("local 1 should come from the local cache's register, not \(stacks[5][0])")
        }
        #expect(table.locals == [
            ValueLocation(.frameSlot(rbpOffset: 16), type: .i32), ValueLocation(.frameSlot(rbpOffset: -24), type: .i32),
        ])
    }

    @Test func debuggingCodeReadsLocalsFromTheirSlots() throws {
        let module = try CompiledTestModule(Self.sumSetThenGet, options: .debugging)
        let table = module.function().debugSideTable
        let stacks = table.entries.map { Array(table.stack(at: $0)) }
        #expect(stacks[4] == [])
        #expect(stacks[5] == [ValueLocation(.frameSlot(rbpOffset: -24), type: .i32)])
    }

    @Test func eachStopIsAtItsOpsFirstInstruction() throws {
        let module = try CompiledTestModule(CodeMapTests.mixed)
        let function = module.function()
        let opStarts = Dictionary(function.opMap.map { ($0.wasmOffset, $0.machineStart) }, uniquingKeysWith: { first, _ in first })
        for entry in function.debugSideTable.entries {
            #expect(opStarts[entry.wasmOffset] == entry.machineOffset)
        }
        let machineOffsets = function.debugSideTable.entries.map(\.machineOffset)
        #expect(machineOffsets == machineOffsets.sorted())
        #expect(function.debugSideTable.entry(atMachineOffset: UInt32(function.bodyStartOffset))?.wasmOffset == function.opMap[0].wasmOffset)
        for entry in function.debugSideTable.entries {
            #expect(function.debugSideTable.entry(atWasmOffset: entry.wasmOffset) == entry)
        }
    }

    @Test func deadOpsAndFusedBranchesHaveNoStop() throws {
        let module = try CompiledTestModule("""
            (module (func (param i32) (result i32)
              (br_if 0 (i32.const 9) (i32.gt_u (local.get 0) (i32.const 3)))
              (return (i32.const 1))
              (drop (i32.const 2))
              (i32.const 3)))
            """)
        let ops = try module.ops()
        let stopped = Set(module.function().debugSideTable.entries.map { Int($0.wasmOffset) })
        let brIf = ops.first { if case .brIf = $0.instruction { true } else { false } }!
        #expect(!stopped.contains(brIf.offset))
        let returnIndex = ops.firstIndex { if case .return = $0.instruction { true } else { false } }!
        #expect(stopped.contains(ops[returnIndex].offset))
        for op in ops[(returnIndex + 1)...] { #expect(!stopped.contains(op.offset)) }
        // The compare before the fused branch does stop, with both operands.
        let compare = ops.first { if case .numeric(.i32GtU) = $0.instruction { true } else { false } }!
        let entry = try #require(module.function().debugSideTable.entries.first { Int($0.wasmOffset) == compare.offset })
        #expect(Array(module.function().debugSideTable.stack(at: entry)) == [
            ValueLocation(.constant(9), type: .i32), ValueLocation(.frameSlot(rbpOffset: 16), type: .i32),
            ValueLocation(.constant(3), type: .i32),
        ])
    }

    @Test func valuesAfterABlockStartAreInTheirSlots() throws {
        let module = try CompiledTestModule("""
            (module (func (param i64) (result i64)
              (i64.mul (local.get 0) (local.get 0))
              (block (nop))
              (call 0 (local.get 0))
              i64.add))
            """)
        let function = module.function()
        let ops = try module.ops()
        let nop = ops.first { if case .nop = $0.instruction { true } else { false } }!
        let entry = try #require(function.debugSideTable.entries.first { Int($0.wasmOffset) == nop.offset })
        #expect(Array(function.debugSideTable.stack(at: entry)) == [ValueLocation(.frameSlot(rbpOffset: -24), type: .i64)])
        // After the call the result is in a register; the older value is still in its slot.
        let add = ops.first { if case .numeric(.i64Add) = $0.instruction { true } else { false } }!
        let addEntry = try #require(function.debugSideTable.entries.first { Int($0.wasmOffset) == add.offset })
        let stack = Array(function.debugSideTable.stack(at: addEntry))
        #expect(stack.first == ValueLocation(.frameSlot(rbpOffset: -24), type: .i64))
        guard case .generalRegister = stack.last?.kind else {
            Issue.record("call result should be in a register: \(stack)")
            return
        }
    }

    @Test func everyLocationIsAnAllocatableRegisterAFrameSlotOrAConstant() throws {
        // Deep enough to spill: 14 live i64 values and 17 live f64 values.
        var body = ""
        for index in 0..<14 { body += "(i64.add (local.get 0) (i64.const \(index)))\n" }
        body += String(repeating: "i64.add\n", count: 13)
        body += "drop\n"
        for index in 0..<17 { body += "(f64.mul (local.get 1) (f64.const \(index)))\n" }
        body += String(repeating: "f64.add\n", count: 16)
        body += "drop\n"
        let module = try CompiledTestModule("(module (func (param i64 f64) (local i32 i32) \(body)))")
        let function = module.function()
        let table = function.debugSideTable
        let slotCount = Int32(2 + 17)
        var sawSpilledSlot = false
        for entry in table.entries {
            for location in table.stack(at: entry) {
                switch location.kind {
                case .generalRegister(let register):
                    #expect(allocatableGeneralRegisters.contains(register))
                    #expect(location.type == .i64 || location.type == .i32)
                case .vectorRegister(let register):
                    #expect(allocatableVectorRegisters.contains(register))
                    #expect(location.type == .f64)
                case .frameSlot(let offset):
                    #expect(offset == 16 || offset == 24 || (offset <= -24 && offset >= -16 - 8 * slotCount))
                    if offset < -40 { sawSpilledSlot = true }
                case .constant:
                    break
                }
            }
        }
        #expect(sawSpilledSlot)
        #expect(table.locals.map(\.type) == [.i64, .f64, .i32, .i32])
    }

    @Test func everyReachableOpOfARealisticFunctionStops() throws {
        let module = try CompiledTestModule(CodeMapTests.mixed)
        let function = module.function()
        let table = function.debugSideTable
        let ops = try module.ops()
        // One stop per op, except the branch fused with the eqz before it and
        // the dead `unreachable` and loop `end` after `br $again`; the block's
        // `end`, where `br_if $out` lands, stops again.
        let stops = table.entries.map { Int($0.wasmOffset) }
        #expect(Set(stops).count == stops.count)
        #expect(stops.count == ops.count - 3)
        #expect(stops.first == ops.first?.offset)
        #expect(stops.last == ops.last?.offset)
    }
}

@Suite struct DebuggingOptionTests {
    @Test func withoutFusionEveryReachableOpStops() throws {
        let text = """
            (module (func (param i32) (result i32)
              (block (br_if 0 (i32.lt_u (local.get 0) (i32.const 3))))
              (select (i32.const 1) (i32.const 2) (i64.eq (i64.const 5) (i64.extend_i32_u (local.get 0))))))
            """
        let bytes = try wat2wasm(text)
        let module = try Module(decoding: bytes)
        let compiled = try Compiler(options: .debugging).compile(try ModuleValidator.validate(module))
        let function = compiled.functions[0]
        #expect(function.debugSideTable.entries.map(\.wasmOffset) == function.opMap.map(\.wasmOffset))
        let fused = try CompiledTestModule(text)
        #expect(fused.function().debugSideTable.entries.count == function.debugSideTable.entries.count - 2)
    }
}
