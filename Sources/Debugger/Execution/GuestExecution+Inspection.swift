/// Reading and changing the stopped guest: registers, wasm frames, locals,
/// the operand stack, globals and memory. Everything here answers "nothing"
/// (empty, nil, `.none`) unless the guest is stopped.
import CDebuggerSupport
import WasmCore
import WasmJIT
import WasmRuntime

extension GuestExecution {
    // MARK: - Registers

    /// The stopped context's registers. Stopped inside a host call there is
    /// no wasm context: `isWritable` is false and only what the wasm caller
    /// will see when the call returns is set — rip (the return address), rsp
    /// and rbp (its frame); host code's own registers are `hostRegisters`.
    public var registers: MachineRegisters {
        guard let record = currentRecord else { return .none }
        guard let rip = channel.readRegister(16) else {
            var registers = MachineRegisters.none
            if record.inHostCall {
                registers.rip = record.exitPC
                registers.general[4] = record.exitStackPointer
                registers.general[5] = record.exitFramePointer
            }
            return registers
        }
        let general = (0..<16).map { channel.readRegister(Int32($0)) ?? 0 }
        let xmm = (0..<16).map { index -> V128 in
            let value = channel.readVectorRegister(Int32(index))
            return V128(low: value?.low ?? 0, high: value?.high ?? 0)
        }
        return MachineRegisters(
            general: general, rip: rip, eflags: channel.readRegister(17) ?? 0, xmm: xmm,
            isWritable: record.hasLiveContext)
    }

    /// When a pause found the guest inside a host call: host code's registers
    /// at that moment (read-only; the guest ran on in host code since). nil otherwise.
    public var hostRegisters: MachineRegisters? {
        guard let record = currentRecord, record.inHostCall, let rip = channel.readHostRegister(16) else { return nil }
        let general = (0..<16).map { channel.readHostRegister(Int32($0)) ?? 0 }
        let xmm = (0..<16).map { index -> V128 in
            let value = channel.readHostVectorRegister(Int32(index))
            return V128(low: value?.low ?? 0, high: value?.high ?? 0)
        }
        return MachineRegisters(
            general: general, rip: rip, eflags: channel.readHostRegister(17) ?? 0, xmm: xmm, isWritable: false)
    }

    /// Writes a register of the stopped context; the guest resumes with it.
    /// Ignored when there is no live context (stopped inside a host call, or
    /// not stopped). Changing rsp or rbp is the caller's responsibility.
    public func setRegister(_ register: MachineRegister, _ value: UInt64) {
        guard let record = currentRecord, record.hasLiveContext else { return }
        if case .xmm(let index) = register {
            guard let old = channel.readVectorRegister(Int32(index)) else { return }
            _ = channel.writeVectorRegister(Int32(index), low: value, high: old.high)
            return
        }
        if let number = register.number { _ = channel.writeRegister(number, value) }
    }

    // MARK: - Frames

    /// The wasm frames, innermost first, from the stopped context's pc, rsp
    /// and rbp along the RBP chain; inside a host call from the call's exit
    /// frame (frame 0 is then the calling function at the call, with
    /// `isHostCall` set). Ends at the first return address outside module
    /// code (the entry stub).
    public func wasmFrames() -> [WasmFrame] {
        guard let record = currentRecord else { return [] }
        let walker = walker
        if record.inHostCall {
            return walker.frames(
                exitFramePointer: record.exitFramePointer, exitPC: record.exitPC, hostCall: hostCallName(record))
        }
        guard let pc = channel.readRegister(16), let stackPointer = channel.readRegister(4),
            let framePointer = channel.readRegister(5)
        else { return [] }
        return walker.frames(pc: UInt(pc), stackPointer: stackPointer, framePointer: framePointer)
    }

    private var frameValues: FrameValues {
        let channel = channel
        let live = currentRecord?.hasLiveContext ?? false
        return FrameValues(walker: walker) { kind in
            guard live else { return nil }
            switch kind {
            case .generalRegister(let number): return channel.readRegister(Int32(number)).map { ($0, 0) }
            case .vectorRegister(let number): return channel.readVectorRegister(Int32(number))
            default: return nil
            }
        }
    }

    /// Every wasm local of the frame, parameters first, from the debug side
    /// table (the baseline JIT keeps them in frame slots, so any frame's can
    /// be read). nil when not stopped or a location cannot be read.
    public func locals(of frame: WasmFrame) -> [Value]? {
        guard currentRecord != nil else { return nil }
        return frameValues.locals(of: frame)
    }

    /// The frame's operand stack, bottom first. Frame 0: only at an op
    /// boundary (`isAtOpBoundary`), else nil. Callers (and a frame inside a
    /// host call): the values under the call's arguments, which now belong
    /// to the callee (read them as its parameters).
    public func operandStack(of frame: WasmFrame) -> [Value]? {
        guard currentRecord != nil else { return nil }
        return frameValues.operandStack(of: frame)
    }

    /// Changes a local of a stopped frame; the guest sees the new value when it resumes.
    public func setLocal(_ index: Int, of frame: WasmFrame, to value: Value) throws(DebuggerError) {
        guard let record = currentRecord else { throw DebuggerError("The program is not stopped.") }
        let locals = frame.function.debugSideTable.locals
        guard locals.indices.contains(index) else {
            throw DebuggerError("Function \(frame.functionIndex) has no local \(index).")
        }
        let location = FrameValues.location(ofLocal: index, in: frame)
        guard location.type == value.type else {
            throw DebuggerError("Local \(index) is \(location.type), not \(value.type).")
        }
        let bits = FrameValues.bits(of: value)
        switch location.kind {
        case .frameSlot(let offset):
            let address = UInt64(Int64(frame.framePointer) + Int64(offset))
            let size: UInt64 = value.type == .v128 ? 16 : 8
            let bounds = channel.guestStackBounds
            guard address & 7 == 0, address >= bounds.low, address + size <= bounds.high,
                let slot = UnsafeMutablePointer<UInt64>(bitPattern: UInt(address))
            else { throw DebuggerError("Local \(index) is not in the guest's stack.") }
            slot[0] = bits.low
            if value.type == .v128 { slot[1] = bits.high }
        case .generalRegister(let number):
            guard frame.index == 0, record.hasLiveContext, channel.writeRegister(Int32(number), bits.low) else {
                throw DebuggerError("Local \(index) is in a register that cannot be written here.")
            }
        case .vectorRegister(let number):
            guard frame.index == 0, record.hasLiveContext,
                channel.writeVectorRegister(Int32(number), low: bits.low, high: bits.high)
            else { throw DebuggerError("Local \(index) is in a register that cannot be written here.") }
        case .constant:
            throw DebuggerError("Local \(index) is a constant here.")
        }
    }

    // MARK: - Globals and memory

    /// The main instance's globals, imports first, each with its export name if it has one.
    public func globals() -> [(name: String?, value: Value)] {
        let module = program.instance.module.module
        let types = module.allGlobalTypes
        let context = program.instance.vmContextAddress
        let cells = context.load(fromByteOffset: Int(VMContextLayout.globals), as: UnsafeRawPointer.self)
        var names: [UInt32: String] = [:]
        for export in module.exports {
            if case .global(let index) = export.descriptor, names[index] == nil { names[index] = export.name }
        }
        return types.enumerated().map { index, type in
            let cell = cells.load(fromByteOffset: index * 8, as: UnsafeRawPointer.self)
            let low = cell.load(as: UInt64.self)
            let high = type.valueType == .v128 ? cell.load(fromByteOffset: 8, as: UInt64.self) : 0
            return (names[UInt32(index)], FrameValues.value(of: type.valueType, low: low, high: high))
        }
    }

    /// Linear memory 0 of the main instance (bounds-checked `read`/`write`).
    /// Writing watched bytes from the controller does not count as a watch
    /// hit: the pages open for it and close again when the guest resumes.
    public var memory: Memory? { program.instance.defaultMemory }
}
