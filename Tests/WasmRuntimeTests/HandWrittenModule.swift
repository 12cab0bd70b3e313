/// Test support: modules whose functions are hand-written x86-64 in the JIT's
/// calling convention, so the runtime (entry, traps, host calls, builtins,
/// backtraces) can be tested without the compiler. The module's shape
/// (imports, exports, memory) comes from WAT; every body there is just
/// `unreachable`, and the machine code below replaces it.
import WAT
import WasmCore
import WasmJIT

@testable import WasmRuntime

/// One function's machine code and the code-map entries the tests need.
struct MachineFunction {
    var code: [UInt8]
    var trapSites: [(offset: Int, code: TrapCode, wasmOffset: UInt32)] = []
    var callSites: [(returnOffset: Int, wasmOffset: UInt32)] = []
}

enum HandWrittenModule {
    /// Loads `wat` with `functions` as the code of its defined functions, in order.
    static func load(engine: Engine, wat: String, functions: [MachineFunction]) throws -> LoadedModule {
        let bytes = try wat2wasm(wat)
        return try LoadedModule(engine: engine, bytes: bytes, name: "test.wasm") { (validated) throws(LoadError) in
            let importedCount = validated.module.importedFunctionCount
            var code: [UInt8] = []
            var compiled: [CompiledFunction] = []
            for (index, function) in functions.enumerated() {
                while code.count % 16 != 0 { code.append(0xCC) }
                let start = code.count
                code += function.code
                compiled.append(
                    CompiledFunction(
                        functionIndex: UInt32(importedCount + index), codeRange: start..<code.count, bodyStartOffset: start,
                        opMap: [],
                        trapSites: function.trapSites.map {
                            TrapSite(machineOffset: UInt32(start + $0.offset), code: $0.code, wasmOffset: $0.wasmOffset)
                        },
                        callSites: function.callSites.map {
                            CallSite(returnOffset: UInt32(start + $0.returnOffset), wasmOffset: $0.wasmOffset)
                        },
                        debugSideTable: DebugSideTable()))
            }
            return CompiledModule(code: code, functions: compiled)
        }
    }
}

/// Instruction bytes the hand-written functions are made of.
enum X64 {
    /// push rbp; mov rbp, rsp; push r14; push r15; mov r14, rdi; mov r15, [r14]  (14 bytes; rsp 16-aligned after it)
    static let prologue: [UInt8] = [0x55, 0x48, 0x89, 0xE5, 0x41, 0x56, 0x41, 0x57, 0x49, 0x89, 0xFE, 0x4D, 0x8B, 0x3E]
    /// pop r15; pop r14; pop rbp; ret
    static let epilogue: [UInt8] = [0x41, 0x5F, 0x41, 0x5E, 0x5D, 0xC3]
    static let ud2: [UInt8] = [0x0F, 0x0B]

    static func little32(_ value: Int32) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian, Array.init)
    }

    /// mov dword [rbp + 16], value: result 0.
    static func storeResult(_ value: Int32) -> [UInt8] { [0xC7, 0x45, 0x10] + little32(value) }
    /// mov eax, [rbp + 16 + 8 * slot]
    static func loadParameter(_ slot: UInt8) -> [UInt8] { [0x8B, 0x45, 0x10 + 8 * slot] }
    /// add eax, [rbp + 16 + 8 * slot]
    static func addParameter(_ slot: UInt8) -> [UInt8] { [0x03, 0x45, 0x10 + 8 * slot] }
    /// mov [rbp + 16], eax
    static let storeEAXResult: [UInt8] = [0x89, 0x45, 0x10]
    /// mov [rbp + 16], rax
    static let storeRAXResult: [UInt8] = [0x48, 0x89, 0x45, 0x10]
    /// mov rdi, r14
    static let vmContextToRDI: [UInt8] = [0x4C, 0x89, 0xF7]

    /// Calls function `index` (< 4) of the index space through its record, passing
    /// eax as the one argument and leaving the one result in eax.
    static func callFunction(_ index: Int) -> (code: [UInt8], returnOffset: Int) {
        let recordOffset = UInt8(index * 32)
        var code: [UInt8] = [0x48, 0x83, 0xEC, 0x10]  // sub rsp, 16
        code += [0x89, 0x04, 0x24]  // mov [rsp], eax
        code += [0x49, 0x8B, 0x46, 0x20]  // mov rax, [r14 + functions]
        code += [0x48, 0x8B, 0x78, recordOffset + 8]  // mov rdi, [rax + record + vmContext]
        code += [0xFF, 0x50, recordOffset]  // call [rax + record + code]
        let returnOffset = code.count
        code += [0x8B, 0x04, 0x24]  // mov eax, [rsp]
        code += [0x48, 0x83, 0xC4, 0x10]  // add rsp, 16
        return (code, returnOffset)
    }
}

/// The functions of `TestModule.wat`, in order.
enum TestModule {
    static let wat = """
        (module
          (import "host" "callback" (func $callback (param i32) (result i32)))
          (memory (export "memory") 1 3)
          (func (export "answer") (result i32) unreachable)
          (func (export "add") (param i32 i32) (result i32) unreachable)
          (func (export "divideByZero") unreachable)
          (func (export "callHost") (param i32) (result i32) unreachable)
          (func (export "recurse") unreachable)
          (func (export "recurseWithoutCheck") unreachable)
          (func (export "spin") unreachable)
          (func (export "load") (param i32) (result i32) unreachable)
          (func (export "grow") (param i32) (result i32) unreachable)
          (func (export "memoryBytes") (result i64) unreachable)
          (func (export "callDivide") unreachable)
        )
        """

    /// Wasm offsets the tests expect in backtraces (arbitrary, but distinct).
    static let divideOffset: UInt32 = 0x101
    static let callHostOffset: UInt32 = 0x202
    static let recurseCallOffset: UInt32 = 0x303
    static let loadOffset: UInt32 = 0x404
    static let callDivideOffset: UInt32 = 0x505

    static var functions: [MachineFunction] {
        let answer = MachineFunction(code: X64.prologue + X64.storeResult(42) + X64.epilogue)
        let add = MachineFunction(
            code: X64.prologue + X64.loadParameter(0) + X64.addParameter(1) + X64.storeEAXResult + X64.epilogue)
        let divideByZero = MachineFunction(
            code: X64.prologue + X64.ud2 + X64.epilogue,
            trapSites: [(X64.prologue.count, .integerDivideByZero, divideOffset)])

        let hostCall = X64.callFunction(0)
        let callHostBody = X64.prologue + X64.loadParameter(0)
        let callHost = MachineFunction(
            code: callHostBody + hostCall.code + X64.storeEAXResult + X64.epilogue,
            callSites: [(callHostBody.count + hostCall.returnOffset, callHostOffset)])

        // cmp rsp, [r14 + stackLimit]; jb trap; mov rdi, r14; call self; epilogue; trap: ud2
        var recurseCode = X64.prologue + [0x49, 0x3B, 0x66, UInt8(VMContextLayout.stackLimit)]
        let jumpAt = recurseCode.count
        recurseCode += [0x72, 0x00] + X64.vmContextToRDI + [0xE8]
        recurseCode += X64.little32(Int32(-(recurseCode.count + 4)))
        let recurseReturn = recurseCode.count
        recurseCode += X64.epilogue
        recurseCode[jumpAt + 1] = UInt8(recurseCode.count - (jumpAt + 2))
        let recurseTrap = recurseCode.count
        recurseCode += X64.ud2
        let recurse = MachineFunction(
            code: recurseCode, trapSites: [(recurseTrap, .callStackExhausted, 0x300)],
            callSites: [(recurseReturn, recurseCallOffset)])

        // mov rdi, r14; call self; epilogue: overflows into the thread's guard page.
        var uncheckedCode = X64.prologue + X64.vmContextToRDI + [0xE8]
        uncheckedCode += X64.little32(Int32(-(uncheckedCode.count + 4)))
        uncheckedCode += X64.epilogue
        let recurseWithoutCheck = MachineFunction(code: uncheckedCode)

        // mov rax, [r14 + interruptFlag]; loop: cmp dword [rax], 0; je loop; ud2
        let spinHead = X64.prologue + [0x49, 0x8B, 0x46, UInt8(VMContextLayout.interruptFlag)]
        let spin = MachineFunction(
            code: spinHead + [0x83, 0x38, 0x00, 0x74, 0xFB] + X64.ud2 + X64.epilogue,
            trapSites: [(spinHead.count + 5, .interrupted, 0x700)])

        // mov eax, [rbp + 16]; mov eax, [r15 + rax]
        let loadHead = X64.prologue + X64.loadParameter(0)
        let load = MachineFunction(
            code: loadHead + [0x41, 0x8B, 0x04, 0x07] + X64.storeEAXResult + X64.epilogue,
            trapSites: [(loadHead.count, .memoryOutOfBounds, loadOffset)])

        // memory.grow through the builtin table: rdi = vmctx, esi = memory 0, edx = delta.
        var growCode = X64.prologue + [0x49, 0x8B, 0x46, UInt8(VMContextLayout.builtins)]
        growCode += X64.vmContextToRDI + [0x31, 0xF6] + [0x8B, 0x55, 0x10]
        growCode += [0xFF, 0x50, UInt8(Builtin.memoryGrow.tableOffset)]
        growCode += X64.storeEAXResult + X64.epilogue
        let grow = MachineFunction(code: growCode)

        let memoryBytes = MachineFunction(
            code: X64.prologue + [0x49, 0x8B, 0x46, UInt8(VMContextLayout.memorySize)] + X64.storeRAXResult + X64.epilogue)

        // Calls "divideByZero" (function 3), so a trap has two wasm frames.
        let divideCall = X64.callFunction(3)
        let callDivide = MachineFunction(
            code: X64.prologue + divideCall.code + X64.epilogue,
            callSites: [(X64.prologue.count + divideCall.returnOffset, callDivideOffset)])

        return [
            answer, add, divideByZero, callHost, recurse, recurseWithoutCheck, spin, load, grow, memoryBytes, callDivide,
        ]
    }

    static func load(engine: Engine) throws -> LoadedModule {
        try HandWrittenModule.load(engine: engine, wat: wat, functions: functions)
    }
}
