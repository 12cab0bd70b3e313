/// Stepping at three granularities, built from two machine primitives the
/// execution offers (one instruction with the trap flag; continue to an
/// int3): `stepi`/`nexti` by instruction, `stepw`/`nextw` to the next wasm op
/// boundary, `step`/`next` to the next source line, and `finish`.
///
/// Calls are stepped over with a temporary breakpoint at the return address
/// that only counts when the frame pointer is the caller's, so recursion does
/// not stop early. Code outside the module (WASI host functions, builtins,
/// stubs) is never single-stepped: entering it runs to its return.
import Disassembler
import DWARF
import Foundation
import WasmCore
import WasmRuntime

extension DebugSession {
    /// How a stepping primitive ended.
    enum StepProgress {
        /// Reached where it was going; the session is stopped there.
        case arrived
        /// Something else stopped the program first (a breakpoint, a trap, the end).
        case interrupted(SessionState)
    }

    // MARK: - Public stepping commands

    /// `stepi` (into calls) or `nexti` (over them): one machine instruction.
    @discardableResult
    public func stepInstruction(overCalls: Bool) throws(DebuggerError) -> SessionState {
        let execution = try stoppedExecution()
        let pc = programCounter(execution)
        if overCalls, let call = callInstruction(at: pc, execution) {
            return finishStep(runToReturn(at: UInt(call.nextAddress), framePointer: framePointer(execution)))
        }
        return finishStep(singleStep(execution))
    }

    /// `stepw`/`nextw`: to the next wasm op boundary (into or over calls).
    @discardableResult
    public func stepOp(overCalls: Bool) throws(DebuggerError) -> SessionState {
        finishStep(toNextOpBoundary(overCalls: overCalls, execution: try stoppedExecution()))
    }

    /// `step`/`next`: to the first op of a different source line, gdb's way:
    /// `step` enters functions that have line information (stopping after
    /// their prologue) and runs through those that have none; leaving a
    /// function continues to the next line start in the caller.
    @discardableResult
    public func stepLine(overCalls: Bool) throws(DebuggerError) -> SessionState {
        let execution = try stoppedExecution()
        guard codeMap.debugInfo != nil else { return try stepOp(overCalls: overCalls) }
        var startFramePointer = framePointer(execution)
        var currentLine = lineKey(at: programCounter(execution))
        while true {
            if case .interrupted(let state) = toNextOpBoundary(overCalls: overCalls, execution: execution) {
                return finishStep(.interrupted(state))
            }
            let pc = programCounter(execution)
            let framePointer = framePointer(execution)
            if framePointer < startFramePointer {
                // Entered a function (the stack grows down).
                if hasLineInformation(at: pc) {
                    if let function = codeMap.function(atMachineAddress: pc),
                        let target = codeMap.functionBreakpointAddress(named: codeMap.symbolizer.functionName(function.functionIndex))?.address,
                        target != pc, codeMap.function(atMachineAddress: target)?.functionIndex == function.functionIndex
                    {
                        return finishStep(runToReturn(at: target, framePointer: framePointer))
                    }
                    return finishStep(.arrived)
                }
                guard let (returnAddress, callerFramePointer) = returnAddress(ofFrameAt: framePointer) else {
                    return finishStep(.arrived)
                }
                if case .interrupted(let state) = runToReturn(at: returnAddress, framePointer: callerFramePointer) {
                    return finishStep(.interrupted(state))
                }
                continue
            }
            if framePointer > startFramePointer {
                // Returned into a caller, in the middle of its line: finish that line.
                startFramePointer = framePointer
                currentLine = lineKey(at: pc)
                continue
            }
            guard let line = lineKey(at: pc), let offset = codeMap.moduleOffset(atMachineAddress: pc) else { continue }
            if line != currentLine && codeMap.isStatementStart(moduleOffset: offset) { return finishStep(.arrived) }
        }
    }

    /// `finish`: runs until the selected frame returns, then to the caller's
    /// next op boundary, where the returned value is on the operand stack.
    @discardableResult
    public func finish() throws(DebuggerError) -> SessionState {
        let execution = try stoppedExecution()
        guard let frame = selectedFrame else { throw DebuggerError("No stack.") }
        if frame.isInlined { return try finishInlined(frame, execution: execution) }
        guard let (returnAddress, callerFramePointer) = returnAddress(ofFrameAt: frame.wasmFrame.framePointer),
            codeMap.isModuleCode(returnAddress)
        else {
            throw DebuggerError("\"finish\" not meaningful in the outermost frame.")
        }
        let functionIndex = frame.wasmFrame.functionIndex
        if case .interrupted(let state) = runToReturn(at: returnAddress, framePointer: callerFramePointer) {
            return finishStep(.interrupted(state))
        }
        if case .interrupted(let state) = toNextOpBoundary(overCalls: true, execution: execution) {
            return finishStep(.interrupted(state))
        }
        invalidateFrames()
        selectedFrameIndex = 0
        var returned: Value?
        if let type = codeMap.module.functionType(ofFunction: functionIndex), !type.results.isEmpty,
            let top = execution.wasmFrames().first, let stack = execution.operandStack(of: top)
        {
            returned = stack.last
        }
        state = .stopped(.finished(returnValue: returned))
        return state
    }

    /// Finishing an inlined frame: step over calls until its function is no
    /// longer in the inlined chain at the current position.
    private func finishInlined(_ frame: DebugFrame, execution: GuestExecution) throws(DebuggerError) -> SessionState {
        let framePointer = frame.wasmFrame.framePointer
        let depth = frames().filter { $0.wasmFrame.framePointer == framePointer }.count
        let target = depth - frame.inlineDepth - 1
        while true {
            if case .interrupted(let state) = toNextOpBoundary(overCalls: true, execution: execution) {
                return finishStep(.interrupted(state))
            }
            invalidateFrames()
            guard let pc = Optional(programCounter(execution)), self.framePointer(execution) == framePointer else {
                return finishStep(.arrived)
            }
            let offset = codeMap.moduleOffset(atMachineAddress: pc)
            let chain = codeMap.debugInfo.flatMap { info in
                offset.flatMap { codeMap.debugAddress(ofModuleOffset: $0) }.map { info.frames(at: $0).count }
            } ?? 1
            if chain <= target { return finishStep(.arrived) }
        }
    }

    // MARK: - Primitives

    /// One machine instruction.
    func singleStep(_ execution: GuestExecution) -> StepProgress {
        invalidateFrames()
        state = .running
        execution.resumeSingleStep()
        guard let stop = execution.waitForStop(timeout: nil) else { return .arrived }
        state = .stopped(.stepFinished)
        if case .singleStep = stop { return .arrived }
        return .interrupted(classify(stop, execution: execution))
    }

    /// Continues to `address` with a temporary breakpoint, stopping only when
    /// the frame pointer there is `framePointer` (the frame we are waiting
    /// for, not a deeper recursion of it). Other stops end the wait.
    func runToReturn(at address: UInt, framePointer: UInt) -> StepProgress {
        guard let execution else { return .interrupted(state) }
        retainPatch(at: address)
        defer { releasePatch(at: address) }
        while true {
            invalidateFrames()
            state = .running
            execution.resume()
            guard let stop = execution.waitForStop(timeout: nil) else { return .arrived }
            if case .breakpoint(let pc) = stop, pc == address {
                state = .stopped(.stepFinished)
                if self.framePointer(execution) == framePointer { return .arrived }
                continue
            }
            state = .stopped(.stepFinished)
            let classified = classify(stop, execution: execution)
            if case .running = classified { continue }
            return .interrupted(classified)
        }
    }

    /// Single-steps to the next op boundary in module code. Calls into code
    /// outside the module run to their return; with `overCalls`, so do calls
    /// to wasm functions.
    func toNextOpBoundary(overCalls: Bool, execution: GuestExecution) -> StepProgress {
        let start = programCounter(execution)
        while true {
            if isPauseRequested {
                state = .stopped(.paused(inHostCall: nil))
                return .interrupted(state)
            }
            let pc = programCounter(execution)
            let call = callInstruction(at: pc, execution)
            if let call, overCalls || !isModuleCallTarget(call, execution: execution) {
                if case .interrupted(let state) = runToReturn(at: UInt(call.nextAddress), framePointer: framePointer(execution)) {
                    return .interrupted(state)
                }
            } else {
                let framePointerBefore = framePointer(execution)
                if case .interrupted(let state) = singleStep(execution) { return .interrupted(state) }
                // An indirect call (imports are called through their reference
                // record) that landed outside the module: run it to its return.
                if let call, !codeMap.isModuleCode(programCounter(execution)),
                    case .interrupted(let state) = runToReturn(at: UInt(call.nextAddress), framePointer: framePointerBefore)
                {
                    return .interrupted(state)
                }
            }
            let newPC = programCounter(execution)
            if !codeMap.isModuleCode(newPC) {
                // Left the module without a call we saw (a return to the host at
                // the end of the program, or a jump through a stub): let it run.
                invalidateFrames()
                state = .running
                execution.resume()
                return .interrupted(waitAndHandleStop())
            }
            if newPC != start && codeMap.isOpBoundary(newPC) {
                state = .stopped(.stepFinished)
                return .arrived
            }
        }
    }

    /// The state a stepping command ends in.
    func finishStep(_ progress: StepProgress) -> SessionState {
        invalidateFrames()
        selectedFrameIndex = 0
        switch progress {
        case .arrived: state = .stopped(.stepFinished)
        case .interrupted(let newState):
            state = newState
            if case .exited = newState { execution = nil }
        }
        return state
    }

    /// A stop during stepping that is not the step's own: what the user sees,
    /// or `.running` for a breakpoint whose condition says not to stop.
    func classify(_ stop: MachineStop, execution: GuestExecution) -> SessionState {
        let handled = interpretStop(stop, execution: execution)
        return handled ?? .running
    }

    // MARK: - Machine state helpers

    func programCounter(_ execution: GuestExecution) -> UInt {
        UInt(execution.registers.rip)
    }

    func framePointer(_ execution: GuestExecution) -> UInt {
        UInt(execution.registers.rbp)
    }

    /// The return address and the caller's frame pointer of the JIT frame
    /// whose rbp is `framePointer` (`[rbp + 8]` and `[rbp]`, the RBP chain).
    func returnAddress(ofFrameAt framePointer: UInt) -> (UInt, UInt)? {
        guard framePointer != 0, framePointer % 8 == 0, let pointer = UnsafeRawPointer(bitPattern: framePointer) else {
            return nil
        }
        return (pointer.load(fromByteOffset: 8, as: UInt.self), pointer.load(as: UInt.self))
    }

    func callInstruction(at pc: UInt, _ execution: GuestExecution) -> DisassembledInstruction? {
        let bytes = execution.originalCode(at: pc, count: 16)
        guard let instruction = Disassembler().instruction(at: bytes, address: UInt64(pc)),
            instruction.text.hasPrefix("call")
        else { return nil }
        return instruction
    }

    /// Whether a call goes to a wasm function of this module (direct calls
    /// only; an indirect call may too, which single-stepping then finds out).
    private func isModuleCallTarget(_ call: DisassembledInstruction, execution: GuestExecution) -> Bool {
        guard let target = call.branchTarget else { return true }
        return codeMap.isModuleCode(UInt(target))
    }

    /// (file, line) of the op at `pc`, nil in line-0 code.
    private func lineKey(at pc: UInt) -> LineKey? {
        guard let offset = codeMap.moduleOffset(atMachineAddress: pc),
            let location = codeMap.sourceLocation(ofModuleOffset: offset)
        else { return nil }
        return LineKey(file: location.file, line: location.line)
    }

    private func hasLineInformation(at pc: UInt) -> Bool {
        guard let offset = codeMap.moduleOffset(atMachineAddress: pc), let debugInfo = codeMap.debugInfo,
            let address = codeMap.debugAddress(ofModuleOffset: offset)
        else { return false }
        return debugInfo.function(containing: address) != nil
    }
}

struct LineKey: Hashable {
    var file: String
    var line: Int
}
