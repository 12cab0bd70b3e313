/// Guest faults in C code come back to the host as a `Trap` in the spec's
/// wording, never as a crash or a hang of the host, and leave the instance
/// callable: division by zero and overflow, memory accesses past the end,
/// unreachable, call_indirect with the wrong signature, unbounded recursion,
/// an endless loop stopped from another thread, and a failing host function.
import Foundation
import Testing
import TestSupport
import WasmCore
import WasmJIT
import WasmRuntime

@Suite(.enabled(if: Toolchain.isInstalled, "clang-16 or wasm-ld is not installed (Debian packages clang-16, lld-16)"))
struct GuestTrapTests {
    /// How a guest call ended.
    enum Outcome: Sendable, CustomStringConvertible {
        case returned([Value])
        case trapped(Trap)
        case timedOut

        var trap: Trap? { if case .trapped(let trap) = self { trap } else { nil } }
        var results: [Value]? { if case .returned(let results) = self { results } else { nil } }

        var description: String {
            switch self {
            case .returned(let results): "returned \(results)"
            case .trapped(let trap): "trapped: \(trap)"
            case .timedOut: "did not return"
            }
        }
    }

    /// Builds traps.c and instantiates it with a host function that refuses 0 and doubles anything else.
    private static func instantiate(_ level: OptimizationLevel) throws -> Instance {
        try BuiltProgram(TestProgram.traps, level).instantiate { store in
            var imports = Imports()
            let hostCheck = Function(store: store, type: FunctionType(parameters: [.i32], results: [.i32])) {
                (arguments) throws(HostError) in
                let value = arguments[0].i32 ?? 0
                if value == 0 { throw HostError("the host refuses 0") }
                return [.i32(value &* 2)]
            }
            imports.define(module: "env", name: "host_check", .function(hostCheck))
            return imports
        }
    }

    /// Calls an export on a guest thread of its own, giving up after `timeout` seconds.
    private func call(_ instance: Instance, _ name: String, _ arguments: [Value] = [], timeout: Double = 30) throws
        -> Outcome
    {
        let function = try #require(instance.function(name), "traps.c exports \(name)")
        return GuestThread.run(timeout: timeout) {
            do throws(Trap) {
                return Outcome.returned(try function.call(arguments))
            } catch {
                return Outcome.trapped(error)
            }
        } ?? .timedOut
    }

    /// Expects a trap of `code`, whose innermost frame is `function`.
    private func expectTrap(
        _ outcome: Outcome, _ code: TrapCode, in function: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let trap = outcome.trap else {
            Issue.record("expected the trap \"\(code)\", the call \(outcome)", sourceLocation: sourceLocation)
            return
        }
        #expect(trap.code == code, sourceLocation: sourceLocation)
        #expect(trap.message == code.description, sourceLocation: sourceLocation)
        if let function {
            #expect(trap.frames.first?.functionName == function, "backtrace: \(trap)", sourceLocation: sourceLocation)
        }
    }

    private func expectResult(
        _ outcome: Outcome, _ expected: [Value], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(outcome.results == expected, "the call \(outcome)", sourceLocation: sourceLocation)
    }

    @Test("dividing by zero traps and the instance still works", arguments: OptimizationLevel.allCases)
    func divisionByZero(level: OptimizationLevel) throws {
        let instance = try Self.instantiate(level)
        expectTrap(try call(instance, "divide", [.i32(7), .i32(0)]), .integerDivideByZero, in: "divide")
        expectResult(try call(instance, "divide", [.i32(7), .i32(2)]), [.i32(3)])
        expectTrap(
            try call(instance, "remainder_unsigned", [.i32(7), .i32(0)]), .integerDivideByZero, in: "remainder_unsigned"
        )
        expectResult(try call(instance, "remainder_unsigned", [.i32(7), .i32(4)]), [.i32(3)])
    }

    @Test("INT_MIN / -1 traps as an overflow while INT_MIN % -1 is zero", arguments: OptimizationLevel.allCases)
    func divisionOverflow(level: OptimizationLevel) throws {
        let instance = try Self.instantiate(level)
        let minimum = Value.i32(0x8000_0000)
        let minusOne = Value.i32(UInt32(bitPattern: -1))
        expectTrap(try call(instance, "divide", [minimum, minusOne]), .integerOverflow, in: "divide")
        expectResult(try call(instance, "remainder_signed", [minimum, minusOne]), [.i32(0)])
        expectResult(try call(instance, "divide", [minimum, .i32(2)]), [.i32(0xC000_0000)])
    }

    @Test("loads and stores past the end of memory trap", arguments: OptimizationLevel.allCases)
    func outOfBoundsAccess(level: OptimizationLevel) throws {
        let instance = try Self.instantiate(level)
        let memory = try #require(instance.defaultMemory)
        let end = UInt32(memory.byteCount)
        expectTrap(try call(instance, "store_at", [.i32(0xFFFF_FFF0), .i32(1)]), .memoryOutOfBounds, in: "store_at")
        expectTrap(try call(instance, "load_at", [.i32(0xFFFF_FFFC)]), .memoryOutOfBounds, in: "load_at")
        // The last four bytes are inside; four bytes from two before the end straddle it.
        expectResult(try call(instance, "store_at", [.i32(end - 4), .i32(0xC0FFEE)]), [])
        expectResult(try call(instance, "load_at", [.i32(end - 4)]), [.i32(0xC0FFEE)])
        expectTrap(try call(instance, "store_at", [.i32(end - 2), .i32(1)]), .memoryOutOfBounds, in: "store_at")
        expectTrap(try call(instance, "load_at", [.i32(end)]), .memoryOutOfBounds, in: "load_at")
        // A trapping store writes nothing, not even the bytes that were in bounds.
        expectResult(try call(instance, "load_at", [.i32(end - 4)]), [.i32(0xC0FFEE)])
    }

    @Test("__builtin_trap traps as unreachable", arguments: OptimizationLevel.allCases)
    func unreachable(level: OptimizationLevel) throws {
        let instance = try Self.instantiate(level)
        expectTrap(try call(instance, "fail"), .unreachable, in: "fail")
        expectResult(try call(instance, "call_unary", [.i32(41)]), [.i32(42)])
    }

    @Test("calling through a function pointer of the wrong type traps", arguments: OptimizationLevel.allCases)
    func indirectCallTypeMismatch(level: OptimizationLevel) throws {
        let instance = try Self.instantiate(level)
        expectTrap(
            try call(instance, "call_with_wrong_signature", [.i32(3)]), .indirectCallTypeMismatch,
            in: "call_with_wrong_signature")
        expectResult(try call(instance, "call_unary", [.i32(4)]), [.i32(5)])
    }

    @Test("unbounded recursion exhausts the stack as a trap", arguments: OptimizationLevel.allCases)
    func stackExhaustion(level: OptimizationLevel) throws {
        let instance = try Self.instantiate(level)
        let outcome = try call(instance, "recurse_forever", [.i32(0)])
        expectTrap(outcome, .callStackExhausted, in: "recurse_forever")
        #expect((outcome.trap?.frames.count ?? 0) > 100, "a deep backtrace")
        expectResult(try call(instance, "recurse", [.i32(10000)]), [.i32(10000)])
        // And again: the first exhaustion left nothing behind that a second would trip on.
        expectTrap(try call(instance, "recurse_forever", [.i32(0)]), .callStackExhausted, in: "recurse_forever")
        expectResult(try call(instance, "recurse", [.i32(10000)]), [.i32(10000)])
    }

    @Test(
        "an endless loop stops when another thread interrupts the store",
        arguments: OptimizationLevel.allCases, ["spin", "spin_with_calls"])
    func interruptFromAnotherThread(level: OptimizationLevel, loop: String) throws {
        let instance = try Self.instantiate(level)
        let store = instance.store
        // A thread of its own: spinning guests can starve the global queue on two cores.
        Thread.detachNewThread { Thread.sleep(forTimeInterval: 0.2); store.interrupt() }
        let outcome = try call(instance, loop, timeout: 20)
        expectTrap(outcome, .interrupted)
        store.clearInterrupt()
        expectResult(try call(instance, "divide", [.i32(9), .i32(3)]), [.i32(3)])
    }

    @Test(
        "a call into an interrupted store traps until the interrupt is cleared", arguments: OptimizationLevel.allCases)
    func interruptBeforeTheCall(level: OptimizationLevel) throws {
        let instance = try Self.instantiate(level)
        instance.store.interrupt()
        expectTrap(try call(instance, "spin"), .interrupted)
        expectTrap(try call(instance, "recurse", [.i32(5)]), .interrupted)
        instance.store.clearInterrupt()
        expectResult(try call(instance, "recurse", [.i32(5)]), [.i32(5)])
    }

    @Test("a host function's error stops the guest as a trap carrying it", arguments: OptimizationLevel.allCases)
    func hostFunctionError(level: OptimizationLevel) throws {
        let instance = try Self.instantiate(level)
        let outcome = try call(instance, "ask_host", [.i32(0)])
        #expect(outcome.trap?.code == .hostError, "the call \(outcome)")
        #expect(outcome.trap?.hostError?.message == "the host refuses 0")
        expectResult(try call(instance, "ask_host", [.i32(4)]), [.i32(9)])
    }

    @Test("one trap after another leaves the instance working", arguments: OptimizationLevel.allCases)
    func trapsInARow(level: OptimizationLevel) throws {
        let instance = try Self.instantiate(level)
        for round in 0..<50 {
            expectTrap(try call(instance, "divide", [.i32(UInt32(round)), .i32(0)]), .integerDivideByZero)
            expectTrap(try call(instance, "store_at", [.i32(0xFFFF_FFF0), .i32(1)]), .memoryOutOfBounds)
            expectTrap(try call(instance, "fail"), .unreachable)
            expectResult(try call(instance, "divide", [.i32(UInt32(round * 6)), .i32(3)]), [.i32(UInt32(round * 2))])
        }
    }
}
