/// End-to-end calls into hand-written JIT code through the real entry path:
/// results, traps with backtraces, host functions, nested entries, stack
/// exhaustion, interrupts from another thread, memory faults and builtins.
import CRuntimeSupport
import Dispatch
import Foundation
import Testing
import WasmCore
import WasmJIT

@testable import WasmRuntime

/// Lets a host closure reach the instance that is created after it.
private final class InstanceBox: @unchecked Sendable {
    var instance: Instance?
}

private let sharedEngine = Engine()

@Suite struct GuestCallTests {
    let store: Store
    let instance: Instance
    private let box: InstanceBox

    init() throws {
        try self.init(callback: nil)
    }

    /// `callback` is the host function the module imports; by default it doubles its argument.
    init(callback: ((Instance, [Value]) throws(HostError) -> [Value])?) throws {
        store = Store(engine: sharedEngine)
        let module = try TestModule.load(engine: sharedEngine)
        let box = InstanceBox()
        let body = callback ?? { _, arguments in [.i32(arguments[0].i32! &* 2)] }
        let host = Function(store: store, type: FunctionType(parameters: [.i32], results: [.i32])) {
            (arguments) throws(HostError) in try body(box.instance!, arguments)
        }
        var imports = Imports()
        imports.define(module: "host", name: "callback", .function(host))
        instance = try Instance(store: store, module: module, imports: imports)
        box.instance = instance
        self.box = box
    }

    private func call(_ name: String, _ arguments: [Value] = []) throws(Trap) -> [Value] {
        try instance.function(name)!.call(arguments)
    }

    private func trapOf(_ name: String, _ arguments: [Value] = []) -> Trap? {
        do {
            _ = try call(name, arguments)
            return nil
        } catch {
            return error
        }
    }

    @Test func aFunctionReturnsItsResult() throws {
        #expect(try call("answer") == [.i32(42)])
        #expect(try call("add", [.i32(40), .i32(2)]) == [.i32(42)])
    }

    @Test func argumentsOfTheWrongTypeAreRefusedBeforeEntering() {
        let trap = trapOf("add", [.i64(1), .i32(2)])
        #expect(trap?.code == nil)
        #expect(trap?.message.contains("type mismatch") == true)
    }

    @Test func aTrapCarriesItsCodeMessageAndFrame() throws {
        let trap = try #require(trapOf("divideByZero"))
        #expect(trap.code == .integerDivideByZero)
        #expect(trap.message == "integer divide by zero")
        #expect(trap.frames.map(\.functionIndex) == [3])
        #expect(trap.frames.first?.moduleOffset == Int(TestModule.divideOffset))
        #expect(wsc_activation_depth() == 0)
    }

    @Test func aBacktraceFollowsTheFramePointerChain() throws {
        let trap = try #require(trapOf("callDivide"))
        #expect(trap.code == .integerDivideByZero)
        #expect(trap.frames.map(\.functionIndex) == [3, 11])
        #expect(trap.frames.map(\.moduleOffset) == [Int(TestModule.divideOffset), Int(TestModule.callDivideOffset)])
        #expect(trap.frames[0].module === instance.module)
    }

    @Test func theStoreWorksAfterATrap() throws {
        for _ in 0..<100 {
            #expect(trapOf("divideByZero") != nil)
        }
        #expect(try call("answer") == [.i32(42)])
    }

    @Test func guestCodeCallsAHostFunction() throws {
        #expect(try call("callHost", [.i32(21)]) == [.i32(42)])
    }

    @Test func aHostErrorBecomesATrapWithTheGuestFrames() throws {
        let tests = try GuestCallTests { (_, _) throws(HostError) -> [Value] in throw HostError("the host said no") }
        let trap = try #require(tests.trapOf("callHost", [.i32(1)]))
        #expect(trap.code == .hostError)
        #expect(trap.message == "the host said no")
        #expect(trap.hostError?.message == "the host said no")
        #expect(trap.frames.map(\.functionIndex) == [4])
        #expect(trap.frames.first?.moduleOffset == Int(TestModule.callHostOffset))
    }

    @Test func aNestedEntryCatchesItsOwnTrapAndTheOuterCallGoesOn() throws {
        let tests = try GuestCallTests { (instance, _) throws(HostError) -> [Value] in
            do throws(Trap) {
                _ = try instance.function("divideByZero")!.call([])
                return [.i32(0)]
            } catch {
                #expect(error.code == .integerDivideByZero)
                #expect(wsc_activation_depth() == 1)
                return [.i32(7)]
            }
        }
        #expect(try tests.call("callHost", [.i32(1)]) == [.i32(7)])
        #expect(wsc_activation_depth() == 0)
    }

    @Test func aTrapPassedThroughAHostFunctionKeepsItsCodeAndAllFrames() throws {
        let tests = try GuestCallTests { (instance, _) throws(HostError) -> [Value] in
            do throws(Trap) {
                return try instance.function("divideByZero")!.call([])
            } catch {
                throw HostError(error)
            }
        }
        let trap = try #require(tests.trapOf("callHost", [.i32(1)]))
        #expect(trap.code == .integerDivideByZero)
        #expect(trap.message == "integer divide by zero")
        #expect(trap.frames.map(\.functionIndex) == [3, 4])
    }

    @Test func nestedEntriesReturnNormally() throws {
        let tests = try GuestCallTests { (instance, arguments) throws(HostError) -> [Value] in
            let inner: [Value]
            do throws(Trap) {
                inner = try instance.function("add")!.call([arguments[0], .i32(1)])
            } catch {
                throw HostError(error)
            }
            return inner
        }
        #expect(try tests.call("callHost", [.i32(41)]) == [.i32(42)])
    }

    @Test func infiniteRecursionExhaustsTheStackWithoutCrashing() throws {
        let trap = try #require(trapOf("recurse"))
        #expect(trap.code == .callStackExhausted)
        #expect(trap.message == "call stack exhausted")
        #expect(trap.frames.count > 10)
        #expect(trap.frames.allSatisfy { $0.functionIndex == 5 })
        #expect(trap.frames.dropFirst().first?.moduleOffset == Int(TestModule.recurseCallOffset))
        #expect(try call("answer") == [.i32(42)])
    }

    @Test func recursionIntoTheGuardPageIsCaughtOnTheAlternateStack() throws {
        // No stack check in this function: it runs into the thread's guard
        // page, and only the alternate signal stack lets the handler run.
        let function = try #require(instance.function("recurseWithoutCheck"))
        let result = Locked<Trap?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            do throws(Trap) {
                _ = try function.call([])
            } catch {
                result.value = error
            }
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(result.value?.code == .callStackExhausted)
    }

    @Test func anInterruptFromAnotherThreadStopsAnInfiniteLoop() throws {
        let store = self.store
        // A thread of its own: spinning guests can starve the global queue on two cores.
        Thread.detachNewThread { Thread.sleep(forTimeInterval: 0.05); store.interrupt() }
        let trap = try #require(trapOf("spin"))
        #expect(trap.code == .interrupted)
        #expect(store.isInterrupted)
        store.clearInterrupt()
        #expect(try call("answer") == [.i32(42)])
    }

    @Test func memoryAccessesWithinBoundsWorkAndBeyondTrap() throws {
        let memory = try #require(instance.memory("memory"))
        try memory.write([0x78, 0x56, 0x34, 0x12], at: 65532)
        #expect(try call("load", [.i32(65532)]) == [.i32(0x1234_5678)])
        for address: UInt32 in [65533, 65536, 0x7FFF_FFFF, 0xFFFF_FFFF] {
            let trap = try #require(trapOf("load", [.i32(address)]))
            #expect(trap.code == .memoryOutOfBounds)
            #expect(trap.message == "out of bounds memory access")
            #expect(trap.frames.first?.moduleOffset == Int(TestModule.loadOffset))
        }
    }

    @Test func memoryGrowThroughTheBuiltinTableUpdatesTheVMContext() throws {
        #expect(try call("memoryBytes") == [.i64(65536)])
        #expect(try call("grow", [.i32(1)]) == [.i32(1)])
        #expect(try call("memoryBytes") == [.i64(131072)])
        #expect(try call("load", [.i32(65536)]) == [.i32(0)])
        #expect(try call("grow", [.i32(2)]) == [.i32(0xFFFF_FFFF)])
        #expect(try call("grow", [.i32(1)]) == [.i32(2)])
        #expect(instance.memory("memory")?.size == 3)
    }

    @Test func callingAnExportedHostFunctionRunsItsBodyDirectly() throws {
        let host = Function(store: store, type: FunctionType(parameters: [.i64], results: [.i64])) { arguments in
            #expect(wsc_activation_depth() == 0)
            return [.i64(arguments[0].i64! + 1)]
        }
        #expect(try host.call([.i64(41)]) == [.i64(42)])
        #expect(host.isHostFunction)
    }
}

/// A value shared with another thread in a test.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
