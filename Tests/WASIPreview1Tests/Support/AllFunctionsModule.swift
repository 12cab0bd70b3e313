/// One module that imports every preview1 function and re-exports each as a
/// thin wrapper under the same name, so a test drives WASI exactly as a guest
/// does: through the JIT's host-call path, with pointers into the module's
/// exported memory. The signatures are written out here from wasi-libc's
/// `<wasi/api.h>`, independently of the implementation's table, so a wrong
/// type there fails instantiation.
import WAT
import WasmRuntime

/// One engine for the whole test process; each test makes its own store.
let sharedEngine = Engine()

enum WASIType: String {
    case i32, i64
}

/// Every `wasi_snapshot_preview1` function: name, parameters, and whether it returns an errno.
let preview1Signatures: [(name: String, parameters: [WASIType], returnsErrno: Bool)] = [
    ("args_get", [.i32, .i32], true),
    ("args_sizes_get", [.i32, .i32], true),
    ("environ_get", [.i32, .i32], true),
    ("environ_sizes_get", [.i32, .i32], true),
    ("clock_res_get", [.i32, .i32], true),
    ("clock_time_get", [.i32, .i64, .i32], true),
    ("fd_advise", [.i32, .i64, .i64, .i32], true),
    ("fd_allocate", [.i32, .i64, .i64], true),
    ("fd_close", [.i32], true),
    ("fd_datasync", [.i32], true),
    ("fd_fdstat_get", [.i32, .i32], true),
    ("fd_fdstat_set_flags", [.i32, .i32], true),
    ("fd_fdstat_set_rights", [.i32, .i64, .i64], true),
    ("fd_filestat_get", [.i32, .i32], true),
    ("fd_filestat_set_size", [.i32, .i64], true),
    ("fd_filestat_set_times", [.i32, .i64, .i64, .i32], true),
    ("fd_pread", [.i32, .i32, .i32, .i64, .i32], true),
    ("fd_prestat_get", [.i32, .i32], true),
    ("fd_prestat_dir_name", [.i32, .i32, .i32], true),
    ("fd_pwrite", [.i32, .i32, .i32, .i64, .i32], true),
    ("fd_read", [.i32, .i32, .i32, .i32], true),
    ("fd_readdir", [.i32, .i32, .i32, .i64, .i32], true),
    ("fd_renumber", [.i32, .i32], true),
    ("fd_seek", [.i32, .i64, .i32, .i32], true),
    ("fd_sync", [.i32], true),
    ("fd_tell", [.i32, .i32], true),
    ("fd_write", [.i32, .i32, .i32, .i32], true),
    ("path_create_directory", [.i32, .i32, .i32], true),
    ("path_filestat_get", [.i32, .i32, .i32, .i32, .i32], true),
    ("path_filestat_set_times", [.i32, .i32, .i32, .i32, .i64, .i64, .i32], true),
    ("path_link", [.i32, .i32, .i32, .i32, .i32, .i32, .i32], true),
    ("path_open", [.i32, .i32, .i32, .i32, .i32, .i64, .i64, .i32, .i32], true),
    ("path_readlink", [.i32, .i32, .i32, .i32, .i32, .i32], true),
    ("path_remove_directory", [.i32, .i32, .i32], true),
    ("path_rename", [.i32, .i32, .i32, .i32, .i32, .i32], true),
    ("path_symlink", [.i32, .i32, .i32, .i32, .i32], true),
    ("path_unlink_file", [.i32, .i32, .i32], true),
    ("poll_oneoff", [.i32, .i32, .i32, .i32], true),
    ("proc_exit", [.i32], false),
    ("proc_raise", [.i32], true),
    ("sched_yield", [], true),
    ("random_get", [.i32, .i32], true),
    ("sock_accept", [.i32, .i32, .i32], true),
    ("sock_recv", [.i32, .i32, .i32, .i32, .i32, .i32], true),
    ("sock_send", [.i32, .i32, .i32, .i32, .i32], true),
    ("sock_shutdown", [.i32, .i32], true),
]

/// The wrapper module's text: 2 pages of memory (so "past the end" is
/// 131072), one wrapper per function, and `grow` for memory.grow.
let allFunctionsModuleText: String = {
    var text = "(module\n"
    for (name, parameters, returnsErrno) in preview1Signatures {
        let signature = wrapperSignature(parameters, returnsErrno)
        text += "  (import \"wasi_snapshot_preview1\" \"\(name)\" (func $\(name) \(signature)))\n"
    }
    text += "  (memory (export \"memory\") 2)\n"
    for (name, parameters, returnsErrno) in preview1Signatures {
        let signature = wrapperSignature(parameters, returnsErrno)
        let arguments = parameters.indices.map { "(local.get \($0))" }.joined(separator: " ")
        text += "  (func (export \"\(name)\") \(signature) (call $\(name) \(arguments)))\n"
    }
    text += "  (func (export \"grow\") (param i32) (result i32) (memory.grow (local.get 0))))\n"
    return text
}()

private func wrapperSignature(_ parameters: [WASIType], _ returnsErrno: Bool) -> String {
    let parameterList = parameters.isEmpty ? "" : "(param \(parameters.map(\.rawValue).joined(separator: " ")))"
    return parameterList + (returnsErrno ? " (result i32)" : "")
}

// Compiled once: a loaded module serves any number of stores and instances.
let allFunctionsModule: LoadedModule = {
    do {
        return try LoadedModule(engine: sharedEngine, bytes: try wat2wasm(allFunctionsModuleText), name: "wasi-wrappers.wasm")
    } catch {
        fatalError("the WASI wrapper module does not load: \(error)")
    }
}()
