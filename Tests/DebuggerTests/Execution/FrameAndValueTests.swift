/// Frames along the RBP chain, and values where the debug side table says
/// they are: locals in every frame, operand stacks at op boundaries and at
/// call sites, writes that change what the program computes.
import Debugger
import Testing
import WasmCore
import WasmJIT
import WasmRuntime

@Suite struct FrameAndValueTests {
    static let factorial = """
        (module
          (func $fact (export "fact") (param $n i64) (result i64)
            (if (result i64) (i64.le_u (local.get $n) (i64.const 1))
              (then (i64.const 1))
              (else (i64.mul (local.get $n) (call $fact (i64.sub (local.get $n) (i64.const 1))))))))
        """

    @Test func recursionFramesFollowTheRBPChain() throws {
        let program = try Fixtures.program(wat: Self.factorial)
        let module = program.module
        let execution = GuestExecution(program: program)
        let fact = try Fixtures.function("fact", in: module)
        let entry = module.codeBaseAddress + UInt(fact.bodyStartOffset)
        execution.insertBreakpoint(at: entry)
        execution.start(Fixtures.invoking("fact", ["5"]))
        var stop = try execution.nextStop()
        for _ in 0..<4 { stop = try execution.continueToNextStop() }
        #expect(stop.breakpointPC == entry)

        let frames = execution.wasmFrames()
        try #require(frames.count == 5)
        let call = try #require(fact.callSites.first)
        for (depth, frame) in frames.enumerated() {
            #expect(frame.index == depth)
            #expect(frame.functionName == "fact")
            #expect(execution.locals(of: frame) == [.i64(UInt64(depth + 1))])
            if depth > 0 {
                #expect(frame.pc == module.codeBaseAddress + UInt(call.returnOffset))
                #expect(frame.wasmOffset == Int(call.wasmOffset))
                #expect(!frame.isAtOpBoundary)
                #expect(frame.framePointer > frames[depth - 1].framePointer)
                // Under the call's argument: the left operand of i64.mul.
                #expect(execution.operandStack(of: frame) == [.i64(UInt64(depth + 1))])
            }
        }
        #expect(frames[0].isAtOpBoundary)
        #expect(frames[0].wasmOffset != nil)
        #expect(execution.registers.rbp == UInt64(frames[0].framePointer))
        execution.removeBreakpoint(at: entry)
        #expect(try execution.continueToNextStop().outcome?.returnedValues == [.i64(120)])
    }

    /// (7 * 3) + 5, each op boundary with a breakpoint.
    static let arithmetic = """
        (module
          (func (export "compute") (param $a i32) (param $b i32) (result i32)
            (i32.add (i32.mul (local.get $a) (i32.const 3)) (local.get $b))))
        """

    @Test func operandStacksAtOpBoundariesHoldTheProgramsValues() throws {
        let program = try Fixtures.program(wat: Self.arithmetic)
        let module = program.module
        let execution = GuestExecution(program: program)
        let compute = try Fixtures.function("compute", in: module)
        for entry in compute.debugSideTable.entries {
            execution.insertBreakpoint(at: module.codeBaseAddress + UInt(entry.machineOffset))
        }
        execution.start(Fixtures.invoking("compute", ["7", "5"]))
        var stacks: [[Value]] = []
        var stop = try execution.nextStop()
        while stop.breakpointPC != nil && stacks.count < 20 {
            let frame = try #require(execution.wasmFrames().first)
            #expect(frame.isAtOpBoundary)
            #expect(execution.locals(of: frame) == [.i32(7), .i32(5)])
            stacks.append(try #require(execution.operandStack(of: frame)))
            stop = try execution.continueToNextStop()
        }
        #expect(stacks.contains([.i32(7), .i32(3)]), "before i32.mul: \(stacks)")
        #expect(stacks.contains([.i32(21), .i32(5)]), "before i32.add: \(stacks)")
        #expect(stacks.last == [.i32(26)], "at the end: \(stacks)")
        #expect(stop.outcome?.returnedValues == [.i32(26)])
    }

    @Test func setLocalChangesWhatTheProgramComputes() throws {
        let program = try Fixtures.program(wat: Self.arithmetic)
        let execution = GuestExecution(program: program)
        execution.insertBreakpoint(at: try Fixtures.entryBreakpoint("compute", in: program.module))
        execution.start(Fixtures.invoking("compute", ["7", "5"]))
        _ = try execution.nextStop()
        let frame = try #require(execution.wasmFrames().first)
        try execution.setLocal(0, of: frame, to: .i32(10))
        #expect(execution.locals(of: frame) == [.i32(10), .i32(5)])
        #expect(throws: DebuggerError.self) { try execution.setLocal(1, of: frame, to: .i64(1)) }
        #expect(throws: DebuggerError.self) { try execution.setLocal(2, of: frame, to: .i32(1)) }
        execution.removeBreakpoint(at: frame.pc)
        #expect(try execution.continueToNextStop().outcome?.returnedValues == [.i32(35)])
    }

    /// Loops whose locals the JIT pins to rbx, r12 and r13 (in debug code kept
    /// in their slots around calls): sumTo(4) = 6, outer(k) adds sumTo(4) k times.
    static let pinnedLoops = """
        (module
          (func $sumTo (export "sumTo") (param $n i32) (result i32) (local $i i32) (local $s i32)
            (block (loop
              (br_if 1 (i32.ge_u (local.get $i) (local.get $n)))
              (local.set $s (i32.add (local.get $s) (local.get $i)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br 0)))
            (local.get $s))
          (func (export "outer") (param $k i32) (result i32) (local $j i32) (local $t i32)
            (block (loop
              (br_if 1 (i32.ge_u (local.get $j) (local.get $k)))
              (local.set $t (i32.add (call $sumTo (i32.const 4)) (local.get $t)))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br 0)))
            (local.get $t)))
        """

    @Test func changingAPinnedLocalChangesTheRegisterItIsReadFrom() throws {
        let program = try Fixtures.program(wat: Self.pinnedLoops)
        let sumTo = try Fixtures.function("sumTo", in: program.module)
        // $i, $s and $n are pinned.
        #expect(sumTo.debugSideTable.pinnedRegisters.map(\.local) == [1, 2, 0])
        let execution = GuestExecution(program: program)
        let entry = try Fixtures.entryBreakpoint("sumTo", in: program.module)
        execution.insertBreakpoint(at: entry)
        execution.start(Fixtures.invoking("outer", ["2"]))
        _ = try execution.nextStop()
        var frames = execution.wasmFrames()
        try #require(frames.count == 2)
        // Frame 0's $i, in the live register: the first sumTo starts at 2 (2 + 3 = 5).
        try execution.setLocal(1, of: frames[0], to: .i32(2))
        #expect(execution.locals(of: frames[0]) == [.i32(4), .i32(2), .i32(0)])
        // Frame 1's $t and $j are in r12 and rbx, which sumTo pins too and
        // keeps outer's values of in its frame: make this call add to 100, and the last.
        try execution.setLocal(2, of: frames[1], to: .i32(100))
        try execution.setLocal(1, of: frames[1], to: .i32(1))
        #expect(execution.locals(of: frames[1]) == [.i32(2), .i32(1), .i32(100)])
        // The breakpoint is the loop header: the next stop is the next iteration, from 2.
        _ = try execution.continueToNextStop()
        frames = execution.wasmFrames()
        #expect(execution.locals(of: frames[0]) == [.i32(4), .i32(3), .i32(2)])
        execution.removeBreakpoint(at: entry)
        // 100 + (2 + 3), and no second call: $j went from 1 to 2.
        let end = try execution.continueToNextStop()
        #expect(end.outcome?.returnedValues == [.i32(105)], "\(end)")
    }

    @Test func aValueInARegisterCanBeChangedThroughTheRegister() throws {
        let program = try Fixtures.program(wat: Self.arithmetic)
        let module = program.module
        let execution = GuestExecution(program: program)
        let compute = try Fixtures.function("compute", in: module)
        // The stop before i32.add: the product is the stack's bottom value.
        let beforeAdd = try #require(compute.debugSideTable.entries.first { entry in
            entry.stackCount == 2 && compute.debugSideTable.stack(at: entry).first.map {
                if case .generalRegister = $0.kind { true } else { false }
            } == true
        })
        guard case .generalRegister(let number) = compute.debugSideTable.stack(at: beforeAdd).first!.kind else { return }
        let address = module.codeBaseAddress + UInt(beforeAdd.machineOffset)
        execution.insertBreakpoint(at: address)
        execution.start(Fixtures.invoking("compute", ["7", "5"]))
        #expect(try execution.nextStop().breakpointPC == address)
        let register = try #require(MachineRegister.general(encoding: Int(number)))
        #expect(execution.registers[register] & 0xffff_ffff == 21)
        execution.setRegister(register, 100)
        #expect(execution.operandStack(of: execution.wasmFrames()[0])?.first == .i32(100))
        let end = try execution.continueToNextStop()
        #expect(end.outcome?.returnedValues == [.i32(105)], "\(end)")
    }

    @Test func globalsOfTheInstanceAreReadable() throws {
        let program = try Fixtures.program(
            wat: """
                (module
                  (global $counter (export "counter") (mut i32) (i32.const 0))
                  (global $scale f64 (f64.const 2.5))
                  (func (export "bump") (result i32)
                    (global.set $counter (i32.add (global.get $counter) (i32.const 41)))
                    (global.get $counter)))
                """)
        let execution = GuestExecution(program: program)
        let bump = try Fixtures.function("bump", in: program.module)
        // Stop at the function's last op: the global was set.
        let last = try #require(bump.debugSideTable.entries.last)
        execution.insertBreakpoint(at: program.module.codeBaseAddress + UInt(last.machineOffset))
        execution.start(Fixtures.invoking("bump"))
        _ = try execution.nextStop()
        let globals = execution.globals()
        try #require(globals.count == 2)
        #expect(globals[0].name == "counter")
        #expect(globals[0].value == .i32(41))
        #expect(globals[1].name == nil)
        #expect(globals[1].value.f64 == 2.5)
        #expect(execution.memory == nil)
        #expect(try execution.continueToNextStop().outcome?.returnedValues == [.i32(41)])
    }
}
