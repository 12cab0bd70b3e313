/// Every function of `wasi_snapshot_preview1`, with its core wasm signature
/// as wasi-libc imports it (pointers, sizes, descriptors and flag sets are
/// i32; 64-bit sizes, offsets, timestamps and rights are i64), and the method
/// that implements it.
import WasmCore
import WasmRuntime

extension WASIHost {
    static let functions: [WASIFunction] = [
        // Arguments and environment.
        WASIFunction("args_get", [.i32, .i32]) { host, a throws(WASIErrno) in
            try host.argsGet(pointers: a.u32(0), buffer: a.u32(1))
        },
        WASIFunction("args_sizes_get", [.i32, .i32]) { host, a throws(WASIErrno) in
            try host.argsSizesGet(countPointer: a.u32(0), sizePointer: a.u32(1))
        },
        WASIFunction("environ_get", [.i32, .i32]) { host, a throws(WASIErrno) in
            try host.environGet(pointers: a.u32(0), buffer: a.u32(1))
        },
        WASIFunction("environ_sizes_get", [.i32, .i32]) { host, a throws(WASIErrno) in
            try host.environSizesGet(countPointer: a.u32(0), sizePointer: a.u32(1))
        },

        // Clocks and randomness.
        WASIFunction("clock_res_get", [.i32, .i32]) { host, a throws(WASIErrno) in
            try host.clockResGet(clock: a.u32(0), resultPointer: a.u32(1))
        },
        WASIFunction("clock_time_get", [.i32, .i64, .i32]) { host, a throws(WASIErrno) in
            try host.clockTimeGet(clock: a.u32(0), precision: a.u64(1), resultPointer: a.u32(2))
        },
        WASIFunction("random_get", [.i32, .i32]) { host, a throws(WASIErrno) in
            try host.randomGet(buffer: a.u32(0), length: a.u32(1))
        },

        // Descriptors.
        WASIFunction("fd_advise", [.i32, .i64, .i64, .i32]) { host, a throws(WASIErrno) in
            try host.fdAdvise(a.u32(0), offset: a.u64(1), length: a.u64(2), advice: a.u32(3))
        },
        WASIFunction("fd_allocate", [.i32, .i64, .i64]) { host, a throws(WASIErrno) in
            try host.fdAllocate(a.u32(0), offset: a.u64(1), length: a.u64(2))
        },
        WASIFunction("fd_close", [.i32]) { host, a throws(WASIErrno) in
            try host.fdClose(a.u32(0))
        },
        WASIFunction("fd_datasync", [.i32]) { host, a throws(WASIErrno) in
            try host.fdDatasync(a.u32(0))
        },
        WASIFunction("fd_fdstat_get", [.i32, .i32]) { host, a throws(WASIErrno) in
            try host.fdFdstatGet(a.u32(0), resultPointer: a.u32(1))
        },
        WASIFunction("fd_fdstat_set_flags", [.i32, .i32]) { host, a throws(WASIErrno) in
            try host.fdFdstatSetFlags(a.u32(0), flags: a.u32(1))
        },
        WASIFunction("fd_fdstat_set_rights", [.i32, .i64, .i64]) { host, a throws(WASIErrno) in
            try host.fdFdstatSetRights(a.u32(0), base: a.u64(1), inheriting: a.u64(2))
        },
        WASIFunction("fd_filestat_get", [.i32, .i32]) { host, a throws(WASIErrno) in
            try host.fdFilestatGet(a.u32(0), resultPointer: a.u32(1))
        },
        WASIFunction("fd_filestat_set_size", [.i32, .i64]) { host, a throws(WASIErrno) in
            try host.fdFilestatSetSize(a.u32(0), size: a.u64(1))
        },
        WASIFunction("fd_filestat_set_times", [.i32, .i64, .i64, .i32]) { host, a throws(WASIErrno) in
            try host.fdFilestatSetTimes(a.u32(0), accessTime: a.u64(1), modificationTime: a.u64(2), flags: a.u32(3))
        },
        WASIFunction("fd_pread", [.i32, .i32, .i32, .i64, .i32]) { host, a throws(WASIErrno) in
            try host.fdPread(a.u32(0), vectors: a.u32(1), vectorCount: a.u32(2), offset: a.u64(3), resultPointer: a.u32(4))
        },
        WASIFunction("fd_prestat_get", [.i32, .i32]) { host, a throws(WASIErrno) in
            try host.fdPrestatGet(a.u32(0), resultPointer: a.u32(1))
        },
        WASIFunction("fd_prestat_dir_name", [.i32, .i32, .i32]) { host, a throws(WASIErrno) in
            try host.fdPrestatDirName(a.u32(0), buffer: a.u32(1), length: a.u32(2))
        },
        WASIFunction("fd_pwrite", [.i32, .i32, .i32, .i64, .i32]) { host, a throws(WASIErrno) in
            try host.fdPwrite(a.u32(0), vectors: a.u32(1), vectorCount: a.u32(2), offset: a.u64(3), resultPointer: a.u32(4))
        },
        WASIFunction("fd_read", [.i32, .i32, .i32, .i32]) { host, a throws(WASIErrno) in
            try host.fdRead(a.u32(0), vectors: a.u32(1), vectorCount: a.u32(2), resultPointer: a.u32(3))
        },
        WASIFunction("fd_readdir", [.i32, .i32, .i32, .i64, .i32]) { host, a throws(WASIErrno) in
            try host.fdReaddir(a.u32(0), buffer: a.u32(1), length: a.u32(2), cookie: a.u64(3), resultPointer: a.u32(4))
        },
        WASIFunction("fd_renumber", [.i32, .i32]) { host, a throws(WASIErrno) in
            try host.fdRenumber(a.u32(0), to: a.u32(1))
        },
        WASIFunction("fd_seek", [.i32, .i64, .i32, .i32]) { host, a throws(WASIErrno) in
            try host.fdSeek(a.u32(0), offset: Int64(bitPattern: a.u64(1)), whence: a.u32(2), resultPointer: a.u32(3))
        },
        WASIFunction("fd_sync", [.i32]) { host, a throws(WASIErrno) in
            try host.fdSync(a.u32(0))
        },
        WASIFunction("fd_tell", [.i32, .i32]) { host, a throws(WASIErrno) in
            try host.fdTell(a.u32(0), resultPointer: a.u32(1))
        },
        WASIFunction("fd_write", [.i32, .i32, .i32, .i32]) { host, a throws(WASIErrno) in
            try host.fdWrite(a.u32(0), vectors: a.u32(1), vectorCount: a.u32(2), resultPointer: a.u32(3))
        },

        // Paths.
        WASIFunction("path_create_directory", [.i32, .i32, .i32]) { host, a throws(WASIErrno) in
            try host.pathCreateDirectory(a.u32(0), path: a.u32(1), pathLength: a.u32(2))
        },
        WASIFunction("path_filestat_get", [.i32, .i32, .i32, .i32, .i32]) { host, a throws(WASIErrno) in
            try host.pathFilestatGet(
                a.u32(0), lookupFlags: a.u32(1), path: a.u32(2), pathLength: a.u32(3), resultPointer: a.u32(4))
        },
        WASIFunction("path_filestat_set_times", [.i32, .i32, .i32, .i32, .i64, .i64, .i32]) { host, a throws(WASIErrno) in
            try host.pathFilestatSetTimes(
                a.u32(0), lookupFlags: a.u32(1), path: a.u32(2), pathLength: a.u32(3), accessTime: a.u64(4),
                modificationTime: a.u64(5), flags: a.u32(6))
        },
        WASIFunction("path_link", [.i32, .i32, .i32, .i32, .i32, .i32, .i32]) { host, a throws(WASIErrno) in
            try host.pathLink(
                a.u32(0), lookupFlags: a.u32(1), path: a.u32(2), pathLength: a.u32(3), to: a.u32(4), newPath: a.u32(5),
                newPathLength: a.u32(6))
        },
        WASIFunction("path_open", [.i32, .i32, .i32, .i32, .i32, .i64, .i64, .i32, .i32]) { host, a throws(WASIErrno) in
            try host.pathOpen(
                a.u32(0), lookupFlags: a.u32(1), path: a.u32(2), pathLength: a.u32(3), openFlags: a.u32(4),
                rightsBase: a.u64(5), rightsInheriting: a.u64(6), descriptorFlags: a.u32(7), resultPointer: a.u32(8))
        },
        WASIFunction("path_readlink", [.i32, .i32, .i32, .i32, .i32, .i32]) { host, a throws(WASIErrno) in
            try host.pathReadlink(
                a.u32(0), path: a.u32(1), pathLength: a.u32(2), buffer: a.u32(3), bufferLength: a.u32(4),
                resultPointer: a.u32(5))
        },
        WASIFunction("path_remove_directory", [.i32, .i32, .i32]) { host, a throws(WASIErrno) in
            try host.pathRemoveDirectory(a.u32(0), path: a.u32(1), pathLength: a.u32(2))
        },
        WASIFunction("path_rename", [.i32, .i32, .i32, .i32, .i32, .i32]) { host, a throws(WASIErrno) in
            try host.pathRename(
                a.u32(0), path: a.u32(1), pathLength: a.u32(2), to: a.u32(3), newPath: a.u32(4), newPathLength: a.u32(5))
        },
        WASIFunction("path_symlink", [.i32, .i32, .i32, .i32, .i32]) { host, a throws(WASIErrno) in
            try host.pathSymlink(
                target: a.u32(0), targetLength: a.u32(1), a.u32(2), path: a.u32(3), pathLength: a.u32(4))
        },
        WASIFunction("path_unlink_file", [.i32, .i32, .i32]) { host, a throws(WASIErrno) in
            try host.pathUnlinkFile(a.u32(0), path: a.u32(1), pathLength: a.u32(2))
        },

        // Waiting, processes, scheduling.
        WASIFunction("poll_oneoff", [.i32, .i32, .i32, .i32]) { host, a throws(WASIErrno) in
            try host.pollOneoff(
                subscriptions: a.u32(0), events: a.u32(1), subscriptionCount: a.u32(2), resultPointer: a.u32(3))
        },
        WASIFunction("proc_exit", [.i32], stopping: { host, a throws(HostError) in
            try host.procExit(code: a.u32(0))
        }),
        WASIFunction("proc_raise", [.i32]) { host, a throws(WASIErrno) in
            try host.procRaise(signal: a.u32(0))
        },
        WASIFunction("sched_yield", []) { host, _ throws(WASIErrno) in
            try host.schedYield()
        },

        // Sockets.
        WASIFunction("sock_accept", [.i32, .i32, .i32]) { host, a throws(WASIErrno) in
            try host.sockUnsupported(a.u32(0))
        },
        WASIFunction("sock_recv", [.i32, .i32, .i32, .i32, .i32, .i32]) { host, a throws(WASIErrno) in
            try host.sockUnsupported(a.u32(0))
        },
        WASIFunction("sock_send", [.i32, .i32, .i32, .i32, .i32]) { host, a throws(WASIErrno) in
            try host.sockUnsupported(a.u32(0))
        },
        WASIFunction("sock_shutdown", [.i32, .i32]) { host, a throws(WASIErrno) in
            try host.sockUnsupported(a.u32(0))
        },
    ]
}
