/// Recovers the wasm frames of a stopped guest from machine state: the pc,
/// rsp and rbp of the stop (or the exit frame of a host call), then the RBP
/// chain every wasm frame keeps (docs/jit-abi.md: `[rbp]` is the caller's
/// rbp, `[rbp + 8]` the return address). The code maps turn each pc into a
/// function and a wasm op.
///
/// Memory is read only inside the guest thread's stack, so a corrupt frame
/// pointer ends the walk instead of faulting.
import WasmJIT
import WasmRuntime

struct FrameWalker {
    let modules: [LoadedModule]
    /// The guest thread's stack, `[low, high)`.
    let stackBounds: (low: UInt64, high: UInt64)
    /// Deeper stacks are cut (the innermost frames stay).
    static let maximumFrameCount = 100_000

    /// Frames of a guest stopped at `pc` with these registers.
    func frames(pc: UInt, stackPointer: UInt64, framePointer: UInt64) -> [WasmFrame] {
        guard let (module, function) = place(pc) else {
            // A stub or host code: the wasm frames start at a return address.
            if let returnAddress = readStack(stackPointer), place(UInt(returnAddress)) != nil {
                return callers(from: returnAddress, framePointer: framePointer, startIndex: 0)
            }
            guard let returnAddress = readStack(framePointer &+ 8), let callerFrame = readStack(framePointer) else {
                return []
            }
            return callers(from: returnAddress, framePointer: callerFrame, startIndex: 0)
        }
        let machineOffset = Int(pc - module.codeBaseAddress)
        let relative = machineOffset - function.codeRange.lowerBound
        // Where this frame's rbp is (or would be), and how to reach the caller.
        let ownFramePointer: UInt64
        let returnAddress: UInt64?
        let callerFramePointer: UInt64?
        if relative == 0 {
            // Before `push rbp`: the return address is on top of the stack.
            ownFramePointer = stackPointer &- 8
            returnAddress = readStack(stackPointer)
            callerFramePointer = framePointer
        } else if relative == 1 {
            // After `push rbp`, before `mov rbp, rsp`.
            ownFramePointer = stackPointer
            returnAddress = readStack(stackPointer &+ 8)
            callerFramePointer = readStack(stackPointer)
        } else if DebugChannel.originalCode(at: pc, count: 1) == [0xC3] {
            // The epilogue's `ret`: rbp is the caller's again.
            ownFramePointer = stackPointer &- 8
            returnAddress = readStack(stackPointer)
            callerFramePointer = framePointer
        } else {
            ownFramePointer = framePointer
            returnAddress = readStack(framePointer &+ 8)
            callerFramePointer = readStack(framePointer)
        }
        let isAtOpBoundary = function.debugSideTable.entry(atMachineOffset: UInt32(machineOffset)) != nil
        let first = WasmFrame(
            index: 0, module: module, function: function, pc: pc, machineOffset: machineOffset,
            framePointer: UInt(ownFramePointer), wasmOffset: Self.wasmOffset(in: function, at: machineOffset),
            isAtOpBoundary: isAtOpBoundary)
        guard let returnAddress, let callerFramePointer else { return [first] }
        return [first] + callers(from: returnAddress, framePointer: callerFramePointer, startIndex: 1)
    }

    /// Frames of a guest inside a host call: the calling wasm frame's rbp and
    /// the return address into it, as the host-call stub recorded them.
    func frames(exitFramePointer: UInt64, exitPC: UInt64, hostCall: String?) -> [WasmFrame] {
        var frames = callers(from: exitPC, framePointer: exitFramePointer, startIndex: 0)
        if !frames.isEmpty { frames[0].isHostCall = hostCall ?? "host" }
        return frames
    }

    /// Walks return addresses and frame pointers outwards while they lead into module code.
    private func callers(from returnAddress: UInt64, framePointer: UInt64, startIndex: Int) -> [WasmFrame] {
        var frames: [WasmFrame] = []
        var returnAddress = returnAddress
        var framePointer = framePointer
        while frames.count < Self.maximumFrameCount {
            let pc = UInt(returnAddress)
            // The return address may be the first byte after the function (a call as its last instruction).
            guard pc > 0, let (module, function) = place(pc - 1) else { break }
            let machineOffset = Int(pc - module.codeBaseAddress)
            frames.append(
                WasmFrame(
                    index: startIndex + frames.count, module: module, function: function, pc: pc,
                    machineOffset: machineOffset, framePointer: UInt(framePointer),
                    wasmOffset: Self.callWasmOffset(in: function, returnOffset: machineOffset), isAtOpBoundary: false))
            guard let nextReturn = readStack(framePointer &+ 8), let nextFrame = readStack(framePointer),
                nextFrame > framePointer
            else { break }
            returnAddress = nextReturn
            framePointer = nextFrame
        }
        return frames
    }

    /// The module and function whose code holds `address`.
    func place(_ address: UInt) -> (LoadedModule, CompiledFunction)? {
        for module in modules {
            if let (function, _) = module.function(containing: address) { return (module, function) }
        }
        return nil
    }

    /// Eight bytes of the guest's stack, if `address` lies inside it.
    func readStack(_ address: UInt64) -> UInt64? {
        guard address & 7 == 0, address >= stackBounds.low, address &+ 8 <= stackBounds.high,
            let pointer = UnsafePointer<UInt64>(bitPattern: UInt(address))
        else { return nil }
        return pointer.pointee
    }

    // MARK: - Code maps

    /// The op whose machine code contains `offset` (the op map), or the op of
    /// the trap stub at `offset`.
    static func wasmOffset(in function: CompiledFunction, at offset: Int) -> Int? {
        if let op = function.op(containingMachineOffset: offset) { return Int(op.wasmOffset) }
        return function.trapSite(atMachineOffset: offset).map { Int($0.wasmOffset) }
    }

    /// The call op whose return address is `returnOffset`.
    static func callWasmOffset(in function: CompiledFunction, returnOffset: Int) -> Int? {
        if let site = function.callSite(returningTo: returnOffset) { return Int(site.wasmOffset) }
        return wasmOffset(in: function, at: returnOffset - 1)
    }
}
