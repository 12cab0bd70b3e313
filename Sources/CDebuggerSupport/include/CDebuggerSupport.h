// CDebuggerSupport: the part of the debugger that runs inside signal
// handlers, so it must be C (async-signal-safe, no allocation, no locks a
// stopped thread could hold). Swift wraps it once, in
// Sources/Debugger/Execution/ (`DebugChannel`); docs/debugger-engine.md
// explains the whole design.
//
// A debugged guest runs on its own thread, attached to a session
// (`wsd_guest_attach`). When it must stop (an int3, the end of a single step,
// a pause request, a changed watched value, a fault that will become a wasm
// trap), the signal handler on that thread publishes a stop record and the
// `ucontext_t` it got, wakes the controller with a futex and waits on another
// futex for a command, still inside the handler, on the alternate signal
// stack. The controller reads and writes registers through the published
// context; the handler returns with whatever the controller left there.
//
// Breakpoints are int3 bytes written through the writable alias of the code
// (never by changing a live mapping's protection). Resuming from one is
// invisible to the controller: restore the byte, set the trap flag, run one
// instruction, put the int3 back.
//
// Everything is Linux x86-64. Symbols are prefixed `wsd_`.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "CRuntimeSupport.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wsd_session wsd_session;

// MARK: - Stops and commands

/// Why the guest stopped (`wsd_stop_info.kind`).
typedef enum wsd_stop_kind {
    WSD_STOP_NONE = 0,
    /// An int3 of a breakpoint; `pc` is the int3's address (rip rewound to it).
    WSD_STOP_BREAKPOINT = 1,
    /// A requested single step ended at `pc` (or, when the step went into
    /// host code through a call, the return into module code).
    WSD_STOP_SINGLE_STEP = 2,
    /// A pause request found the guest in JIT code: stopped right there.
    WSD_STOP_PAUSED = 3,
    /// A pause request found the guest inside a host call: it keeps running
    /// host code and is held when the call returns (`in_host_call`).
    WSD_STOP_PAUSED_IN_HOST = 4,
    /// Watched bytes changed. From a store in JIT code, `pc` is the
    /// instruction after it; from host code, the host call's return address.
    WSD_STOP_WATCH = 5,
    /// A fault that the runtime will turn into a wasm trap; `trap` holds it.
    /// Any command lets the trap proceed.
    WSD_STOP_TRAP = 6,
    /// The guest thread's body returned.
    WSD_STOP_FINISHED = 7,
} wsd_stop_kind;

/// What the controller tells a stopped guest (`wsd_resume`).
typedef enum wsd_command {
    WSD_COMMAND_NONE = 0,
    WSD_COMMAND_CONTINUE = 1,
    /// One machine instruction with the trap flag.
    WSD_COMMAND_STEP = 2,
} wsd_command;

/// The guest thread's state (`wsd_guest_state`).
typedef enum wsd_guest_state_kind {
    WSD_GUEST_NOT_STARTED = 0,
    WSD_GUEST_RUNNING = 1,
    /// Blocked in a signal handler: the context is live.
    WSD_GUEST_STOPPED = 2,
    /// Paused (or stopped by a host write to a watched value) in a host call:
    /// no live context; frames start at the call's exit frame.
    WSD_GUEST_STOPPED_IN_HOST = 3,
    WSD_GUEST_FINISHED = 4,
} wsd_guest_state_kind;

/// The stop the guest published last. Valid from `wsd_wait_for_stop`
/// returning a new sequence until the next `wsd_resume`.
typedef struct wsd_stop_info {
    uint32_t kind;
    /// WSD_STOP_WATCH: the watch whose bytes changed (the first, if several did).
    int32_t watch_id;
    /// Where the guest stands: rip, after rewinding an int3. 0 when unknown.
    uint64_t pc;
    /// WSD_STOP_WATCH from JIT code: the store instruction that wrote (`pc` is the next one).
    uint64_t store_pc;
    /// 1 when registers can be read and written through the stopped context.
    uint32_t has_live_context;
    /// 1 when the guest is inside a host call: the wasm frames start at
    /// `exit_frame_pointer`/`exit_pc` (the calling wasm frame's rbp and the
    /// return address into it), and `host_record` says which host function.
    uint32_t in_host_call;
    uint64_t exit_frame_pointer;
    uint64_t exit_pc;
    /// The calling frame's rsp once the call returns (its argument slots).
    uint64_t exit_stack_pointer;
    const void *host_record;
    /// WSD_STOP_TRAP: the fault as the runtime's handler records it.
    wsc_trap_info trap;
} wsd_stop_info;

// MARK: - Setup

/// Installs what debugging needs, once per process: the SIGTRAP handler,
/// the signal hook (`wsc_add_signal_hook`), the host call hook and the
/// pause signal's handler. Returns 0 or an errno value.
int wsd_install(void);

/// The real-time signal `wsd_request_pause` sends to a guest thread.
int wsd_pause_signal(void);

/// A session for one guest run. `vm_context` is the main instance's VM
/// context (its interrupt flag and last-exit fields are used). The session
/// is reference counted: the creator holds one reference and the guest
/// thread another once attached; `wsd_session_release` frees it with the last.
wsd_session *wsd_session_create(void *vm_context);
void wsd_session_release(wsd_session *session);

/// Declares `[start, end)` as module code of this session's program, whose
/// writable alias starts at `writable`: a single step that ends in host code
/// stops again at the first return address into such code, and the session
/// patches its internal int3s there. Call before the guest starts.
void wsd_session_add_module_range(wsd_session *session, uint64_t start, uint64_t end, uint8_t *writable);

// MARK: - The guest thread

/// Makes the calling thread the session's guest (takes a reference).
void wsd_guest_attach(wsd_session *session);
/// Publishes WSD_STOP_FINISHED, detaches the thread and drops its reference.
void wsd_guest_finished(wsd_session *session);

// MARK: - The controller

/// Waits until the stop sequence differs from `seen` or `timeout_nanoseconds`
/// pass (negative: forever). Returns the current sequence.
uint32_t wsd_wait_for_stop(wsd_session *session, uint32_t seen, int64_t timeout_nanoseconds);
const wsd_stop_info *wsd_current_stop(wsd_session *session);
uint32_t wsd_guest_state(wsd_session *session);
/// The guest's stack, `[low, high)`, once attached.
void wsd_guest_stack_bounds(wsd_session *session, uint64_t *low, uint64_t *high);
/// The guest's kernel thread id once attached, else 0.
int32_t wsd_guest_thread_id(wsd_session *session);

/// Resumes a stopped guest. Returns 0 when the guest was not stopped.
/// For a guest stopped in a host call, WSD_COMMAND_STEP arms a stop at the
/// call's return address (the next instruction the guest runs in JIT code).
int wsd_resume(wsd_session *session, uint32_t command);

/// Any thread: asks a running guest to stop soon (see docs/debugger-engine.md:
/// right there in JIT code, at the end of a host call, or at the next
/// interrupt check elsewhere). Returns 0 when the guest was not running.
int wsd_request_pause(wsd_session *session);

/// From now on the session never stops the guest: breakpoints are stepped
/// over, faults proceed as traps, watches are unprotected, holds released.
void wsd_begin_termination(wsd_session *session);

// MARK: - Registers of the stopped guest

/// Register numbers: the x86 encoding order for the general registers.
typedef enum wsd_register {
    WSD_RAX = 0, WSD_RCX, WSD_RDX, WSD_RBX, WSD_RSP, WSD_RBP, WSD_RSI, WSD_RDI,
    WSD_R8, WSD_R9, WSD_R10, WSD_R11, WSD_R12, WSD_R13, WSD_R14, WSD_R15,
    WSD_RIP = 16, WSD_EFLAGS = 17,
} wsd_register;

/// Reads a register of the stopped context. Returns 0 when there is none
/// (stopped in a host call).
int wsd_read_register(wsd_session *session, int register_number, uint64_t *value);
/// Reads a register of host code, copied when a pause found the guest
/// inside a host call. Returns 0 when there is no copy.
int wsd_read_host_register(wsd_session *session, int register_number, uint64_t *value);
int wsd_read_host_vector_register(wsd_session *session, int index, uint64_t *low, uint64_t *high);
/// Writes a register of the live stopped context. Returns 0 when there is none.
int wsd_write_register(wsd_session *session, int register_number, uint64_t value);
int wsd_read_vector_register(wsd_session *session, int index, uint64_t *low, uint64_t *high);
int wsd_write_vector_register(wsd_session *session, int index, uint64_t low, uint64_t high);

// MARK: - Breakpoints (int3 patches)

/// Patches shared by all sessions, keyed by address, each tagged with the
/// sessions that want it (so two sessions' patches, or a user breakpoint and
/// an internal one, never undo each other). `writable` is the address's
/// alias in the code's RW mapping. Returns 1 if the session did not have a
/// breakpoint there before, 0 if it did, -1 when the table is full.
int wsd_breakpoint_insert(wsd_session *session, uint64_t address, uint8_t *writable);
/// Returns 1 if the session had a breakpoint there.
int wsd_breakpoint_remove(wsd_session *session, uint64_t address);
/// Removes every breakpoint and internal patch of the session.
void wsd_breakpoints_remove_all(wsd_session *session);
/// Copies `count` code bytes at `address` into `buffer` with every int3
/// patch undone (reading through the executable mapping).
void wsd_original_code(uint64_t address, uint8_t *buffer, size_t count);

// MARK: - Watches (write-protected pages)

/// Watches `length` bytes at `host_address` (inside linear memory) under `id`.
/// Protects the pages holding them. Returns 0, or -1 when full or too long.
int wsd_watch_add(wsd_session *session, int32_t id, uint8_t *host_address, size_t length);
void wsd_watch_remove(wsd_session *session, int32_t id);
/// The bytes before (`which` 0) and after (1) the change the last
/// WSD_STOP_WATCH reported for `id`. Returns how many bytes were copied.
size_t wsd_watch_bytes(wsd_session *session, int32_t id, int which, uint8_t *buffer, size_t capacity);

/// Longest watched range.
#define WSD_MAX_WATCH_LENGTH 4096

#ifdef __cplusplus
}
#endif
