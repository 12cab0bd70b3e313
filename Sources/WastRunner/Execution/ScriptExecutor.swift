/// The runtime side of a spec script: one store, the `spectest` host module,
/// the registered and named instances, and the current module that unnamed
/// `invoke`s refer to.
import Foundation
import WAT
import WasmCore
import WasmRuntime

final class ScriptExecutor {
    /// What became of a module the script defined.
    enum ModuleState {
        case instance(Instance)
        /// Valid, but it cannot run here (SIMD); directives on it are skipped with the reason.
        case unavailable(String)
        /// It failed to load; directives on it fail with the reason.
        case broken(String)
    }

    enum InstantiationOutcome {
        case instantiated(Instance)
        case unsupported(String)
        case loadFailed(String)
        case linkFailed(String)
        case trapped(Trap)
    }

    enum CallOutcome {
        case returned([Value])
        case trapped(Trap)
        case skipped(String)
        case failed(String)
    }

    /// One engine for every script: it holds the stubs and type ids, nothing per script.
    private static let engine = Engine()
    /// Guest calls that run longer are interrupted, so a JIT bug shows up as a failure, not a hung run.
    let callTimeLimit: Double

    let store: Store
    private var imports = Imports()
    private var current: ModuleState?
    private var named: [String: ModuleState] = [:]

    init(callTimeLimit: Double) {
        self.callTimeLimit = callTimeLimit
        store = Store(engine: Self.engine)
        SpectestHost.define(in: &imports, store: store)
    }

    func instantiate(_ bytes: [UInt8]) -> InstantiationOutcome {
        let module: LoadedModule
        do {
            module = try LoadedModule(engine: Self.engine, bytes: bytes)
        } catch {
            let message = "\(error)"
            if message.contains("SIMD") { return .unsupported(ValueConversion.simdReason) }
            return .loadFailed(message)
        }
        do {
            let instance = try withTimeLimit { () throws(InstantiationError) in
                try Instance(store: store, module: module, imports: imports)
            }
            return .instantiated(instance)
        } catch {
            if case .trap(let trap) = error { return .trapped(trap) }
            return .linkFailed("\(error)")
        }
    }

    /// Records a module directive's outcome as the current module (and under its name).
    func define(_ state: ModuleState, name: String?) {
        current = state
        if let name { named[name] = state }
    }

    func register(as name: String, moduleName: String?) -> String? {
        guard let state = moduleName.map({ named[$0] }) ?? current else { return "no module to register" }
        switch state {
        case .instance(let instance):
            imports.define(module: name, instance: instance)
            return nil
        case .unavailable, .broken:
            return nil
        }
    }

    func call(_ invoke: WASTInvoke) -> CallOutcome {
        guard let state = invoke.module.map({ named[$0] }) ?? current else {
            return .failed("no module instantiated for invoke \"\(invoke.name)\"")
        }
        let instance: Instance
        switch state {
        case .instance(let available): instance = available
        case .unavailable(let reason): return .skipped(reason)
        case .broken(let reason): return .failed(reason)
        }
        guard let function = instance.function(invoke.name) else {
            return .failed("no exported function \"\(invoke.name)\"")
        }
        let arguments: [Value]
        do {
            arguments = try invoke.args.map { (argument) throws(UnsupportedValue) in try ValueConversion.value(argument) }
        } catch {
            return .skipped(error.reason)
        }
        if function.type.parameters.contains(.v128) || function.type.results.contains(.v128) {
            return .skipped(ValueConversion.simdReason)
        }
        do {
            return .returned(try withTimeLimit { () throws(Trap) in try function.call(arguments) })
        } catch {
            return .trapped(error)
        }
    }

    func global(module: String?, name: String) -> CallOutcome {
        guard let state = module.map({ named[$0] }) ?? current, case .instance(let instance) = state else {
            return .failed("no module for get \"\(name)\"")
        }
        guard let global = instance.global(name) else { return .failed("no exported global \"\(name)\"") }
        return .returned([global.value])
    }

    /// Runs `body`, interrupting the store if it takes longer than `callTimeLimit`.
    private func withTimeLimit<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        let call = CallWatchdog.shared.begin(store: store, seconds: callTimeLimit)
        defer { CallWatchdog.shared.end(call) }
        return try body()
    }
}

/// One thread that interrupts a store when a running call outlives its
/// deadline. A dedicated thread, not a dispatch timer: on a two-core machine
/// spinning guests can occupy every worker thread of the global queue, and
/// the timer that should stop them would never run. Several scripts may run
/// at once (tests do), so it tracks every call in flight. The condition's lock
/// makes "deadline passed, interrupt" and "call ended, clear" exclusive, so a
/// late wake-up can never leave a flag set for the next call.
private final class CallWatchdog: @unchecked Sendable {
    static let shared = CallWatchdog()

    private struct Call {
        let store: Store
        let deadline: Date
        var fired = false
    }

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var calls: [Int: Call] = [:]
    private var nextCallID = 0

    private init() {
        let thread = Thread { [unowned self] in self.watch() }
        thread.name = "wast call watchdog"
        thread.start()
    }

    func begin(store: Store, seconds: Double) -> Int {
        condition.withLock {
            nextCallID += 1
            calls[nextCallID] = Call(store: store, deadline: Date(timeIntervalSinceNow: seconds))
            condition.signal()
            return nextCallID
        }
    }

    func end(_ callID: Int) {
        condition.withLock {
            if let call = calls.removeValue(forKey: callID), call.fired { call.store.clearInterrupt() }
        }
    }

    private func watch() {
        condition.lock()
        while true {
            let now = Date()
            for (callID, call) in calls where !call.fired && now >= call.deadline {
                calls[callID]?.fired = true
                call.store.interrupt()
            }
            // No `wait(until: .distantFuture)`: Foundation traps converting it to a timespec.
            if let nextDeadline = calls.values.filter({ !$0.fired }).map(\.deadline).min() {
                _ = condition.wait(until: nextDeadline)
            } else {
                condition.wait()
            }
        }
    }
}
