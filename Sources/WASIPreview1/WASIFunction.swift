/// One host function of `wasi_snapshot_preview1`: its name, its core wasm
/// type and what it does. Every function but `proc_exit` returns an errno.
import WasmCore
import WasmRuntime

struct WASIFunction: Sendable {
    let name: String
    let type: FunctionType
    let body: @Sendable (WASIHost, WASIArguments) throws(HostError) -> [Value]

    /// A function that returns `errno`: 0 when `implementation` returns, the code it throws otherwise.
    init(
        _ name: String, _ parameters: [ValueType],
        _ implementation: @escaping @Sendable (WASIHost, WASIArguments) throws(WASIErrno) -> Void
    ) {
        self.name = name
        type = FunctionType(parameters: parameters, results: [.i32])
        body = { host, arguments throws(HostError) in
            do throws(WASIErrno) {
                try implementation(host, arguments)
                return [.i32(UInt32(WASIErrno.success.rawValue))]
            } catch {
                return [.i32(UInt32(error.rawValue))]
            }
        }
    }

    /// A function that returns nothing and may stop the guest.
    init(
        _ name: String, _ parameters: [ValueType],
        stopping implementation: @escaping @Sendable (WASIHost, WASIArguments) throws(HostError) -> Void
    ) {
        self.name = name
        type = FunctionType(parameters: parameters, results: [])
        body = { host, arguments throws(HostError) in
            try implementation(host, arguments)
            return []
        }
    }
}

/// A call's arguments. The runtime has already checked them against the
/// function's type, so a missing value cannot happen; it reads as 0 rather
/// than crashing the host.
struct WASIArguments {
    let values: [Value]

    func u32(_ index: Int) -> UInt32 {
        index < values.count ? values[index].i32 ?? 0 : 0
    }

    func u64(_ index: Int) -> UInt64 {
        index < values.count ? values[index].i64 ?? 0 : 0
    }
}
