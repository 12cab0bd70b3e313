// CRuntimeSupport: what the runtime cannot do in Swift. Signal handlers that
// turn faults in JIT code into wasm traps, the sigsetjmp entry trampoline
// those traps unwind to, the registry of JIT code ranges the handlers consult,
// per-thread stack facts, and thin wrappers for calls Swift cannot import.
//
// Everything here is Linux x86-64. Symbols are prefixed `wsc_`.
//
// The trap path, end to end: Swift calls `wsc_enter`, which pushes an
// activation (a jump buffer) on the thread's activation stack and calls the
// JIT's entry stub. A SIGSEGV/SIGBUS/SIGILL/SIGFPE whose pc lies in a
// registered code range, on a thread with an activation, is a wasm trap: the
// handler records it in the activation's `wsc_trap_info` and `siglongjmp`s to
// the innermost `wsc_enter`, which returns 1. The frames skipped are JIT frames
// only: host functions never unwind, they return an error code to the JIT's
// host-call stub. Every other fault goes to the handler that was installed
// before ours.
#pragma once

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <ucontext.h>

#ifdef __cplusplus
extern "C" {
#endif

// MARK: - Trap records

/// Return addresses kept per trap; deeper stacks are cut (the innermost frames stay).
#define WSC_TRAP_MAX_FRAMES 256

/// What the signal handler learned about a wasm trap.
typedef struct wsc_trap_info {
    /// SIGSEGV, SIGBUS, SIGILL or SIGFPE.
    int32_t signal;
    /// `si_code` of the signal.
    int32_t signal_code;
    /// Where the faulting instruction is.
    uint64_t pc;
    /// `si_addr`: the faulting data address for SIGSEGV/SIGBUS, the pc for SIGILL/SIGFPE.
    uint64_t fault_address;
    /// rbp and rsp at the fault.
    uint64_t frame_pointer;
    uint64_t stack_pointer;
    /// How many entries of `return_addresses` are valid.
    uint32_t return_address_count;
    /// The RBP chain from the faulting frame outwards: `[rbp + 8]` of each
    /// frame, innermost first, up to the frame of the `wsc_enter` that catches
    /// the trap. Entries may point outside module code (the entry stub); the
    /// runtime filters them when it maps them to wasm functions.
    uint64_t return_addresses[WSC_TRAP_MAX_FRAMES];
} wsc_trap_info;

/// Reads one return address; Swift imports the fixed array as a tuple, which is awkward to index.
static inline uint64_t wsc_trap_info_return_address(const wsc_trap_info *info, uint32_t index) {
    return index < info->return_address_count ? info->return_addresses[index] : 0;
}

/// The calling thread's trap record, for callers that do not want one per call.
/// Valid for the life of the thread; its contents are overwritten by the next trap.
wsc_trap_info *wsc_thread_trap_info(void);

// MARK: - Signal handlers

/// Installs the SIGSEGV, SIGBUS, SIGILL and SIGFPE handlers, once per process
/// (`pthread_once`); later calls do nothing. Handlers run on the thread's
/// alternate signal stack (`SA_ONSTACK | SA_SIGINFO`). Returns 0, or an errno
/// value if `sigaction` failed.
int wsc_install_signal_handlers(void);

/// Installs the fault handlers again, unconditionally, saving whatever is
/// installed now as the previous handlers. For a host that replaced our
/// handlers after the engine started, and for tests in a forked child that
/// need a known previous handler. Not thread-safe against faults in progress.
int wsc_reinstall_signal_handlers(void);

/// Installs the SIGTRAP handler as well (breakpoints and single steps), once.
/// A SIGTRAP goes to the signal hook if one is set and it claims it;
/// otherwise to the previous handler. Returns 0 or an errno value.
int wsc_install_breakpoint_handler(void);

/// A function the debugger (or anyone else) can put in front of the trap
/// logic. Called from the signal handler, on the alternate stack, for every
/// handled signal whose pc lies in registered JIT code, before the signal is
/// classified. Return nonzero to claim the signal: the handler then returns
/// and the thread resumes with `context` as the hook left it (the hook may
/// change registers, e.g. rewind rip after an int3). Return 0 to let the
/// normal processing go on. Must be async-signal-safe.
typedef int (*wsc_signal_hook)(int signal, siginfo_t *info, ucontext_t *context, void *user_data);

/// Sets (or with NULL clears) the signal hook. Readers in the handler see either
/// the old or the new pair; set it before the threads that need it run guest code.
void wsc_set_signal_hook(wsc_signal_hook hook, void *user_data);

/// Adds a hook that runs before the one `wsc_set_signal_hook` sets, and sees
/// more: every signal at a JIT pc, like that one, and also every SIGTRAP
/// wherever its pc is (a debugger's single step can end in host code) and
/// every SIGSEGV/SIGBUS whose fault address lies in a watched range
/// (`wsc_register_watched_range`: a debugger's write-protected pages, which
/// host code may write too). Hooks are called in the order they were added
/// until one claims the signal; then the `wsc_set_signal_hook` hook. An added
/// hook stays for the life of the process: a debugger adds one, once, and
/// tells its own threads apart itself, so it never fights other users of
/// the single settable slot. Returns 0, or -1 when all 4 slots are taken.
int wsc_add_signal_hook(wsc_signal_hook hook, void *user_data);

/// Whether a fault is a wasm trap by the handler's rule: the thread is inside
/// `wsc_enter` (`has_activation`), `pc` lies in registered JIT code, and it is
/// not a SIGSEGV/SIGBUS whose fault address equals the pc (a jump to a bad
/// address, whose pc we cannot blame on a wasm op). Exposed so tests can check
/// the rule without faulting.
int wsc_is_wasm_trap(int signal, uint64_t pc, uint64_t fault_address, int has_activation);

// MARK: - JIT code ranges

/// Registers `[start, start + length)` as JIT code. Lock-free for readers: the
/// signal handler reads the registry without taking locks. Returns a handle
/// (>= 0) for `wsc_unregister_code_range`, or -1 when the registry is full.
int32_t wsc_register_code_range(const void *start, size_t length);

/// Removes a range registered earlier. After it returns, the handler no longer
/// treats faults there as traps.
void wsc_unregister_code_range(int32_t handle);

/// Whether `pc` lies in a registered range.
int wsc_is_jit_code(uint64_t pc);

// MARK: - Watched ranges

/// Registers `[start, start + length)` as memory a debugger write-protects to
/// watch it: a SIGSEGV/SIGBUS with a fault address inside goes to the added
/// signal hooks (`wsc_add_signal_hook`) whatever the pc. Lock-free for
/// readers, like the code ranges. Returns a handle (>= 0), or -1 when full.
int32_t wsc_register_watched_range(const void *start, size_t length);

/// Removes a range registered earlier.
void wsc_unregister_watched_range(int32_t handle);

/// Whether `address` lies in a registered watched range.
int wsc_is_watched_address(uint64_t address);

// MARK: - Host call notifications

/// Called on the guest's thread around every host function the runtime
/// dispatches from JIT code: `phase` is `WSC_HOST_CALL_BEGIN` before the
/// host function runs and `WSC_HOST_CALL_END` after it returned (or failed).
/// `slots` is the call's argument/result area; `slots[-2]` and `slots[-1]`
/// are the calling wasm frame's rbp and the return address into it (the
/// host-call stub's frame, docs/jit-abi.md). A debugger uses it to know a
/// thread is inside a host call, to hold it at the call's end (a safe point:
/// the host function has returned and holds no locks), and to let host code
/// write watched memory (the kernel answers EFAULT, not SIGSEGV, when a
/// system call such as readv writes a write-protected page).
typedef void (*wsc_host_call_hook)(int phase, const void *host_record, uint64_t *slots, void *user_data);

#define WSC_HOST_CALL_BEGIN 0
#define WSC_HOST_CALL_END 1

/// Sets (or with NULL clears) the process's host call hook.
void wsc_set_host_call_hook(wsc_host_call_hook hook, void *user_data);

/// What the runtime calls around a host function: runs the hook, if any.
void wsc_notify_host_call(int phase, const void *host_record, uint64_t *slots);

// MARK: - Entering JIT code

/// The JIT's entry stub, System V: copies `slot_count` 8-byte slots onto the
/// stack, calls `code` with the wasm calling convention (rdi = vm_context),
/// copies the slots back.
typedef void (*wsc_entry_stub)(const void *code, void *vm_context, uint64_t *slots, uint64_t slot_count);

/// Calls `entry_stub(code, vm_context, slots, slot_count)` under a trap guard.
/// Returns 0 when the code returned normally (results are in `slots`), 1 when
/// it trapped (`trap_info` is filled, `slots` is undefined). A NULL
/// `trap_info` means the thread's own record (`wsc_thread_trap_info`). Sets up the
/// thread's alternate signal stack on the first call in a thread. Nested calls
/// (wasm → host → wasm) each catch the traps of their own activation only.
/// The jump buffer does not save the signal mask (`sigsetjmp(jb, 0)`, about
/// 15 ns instead of 250); the trap path restores the mask it had at the fault.
int wsc_enter(const void *entry_stub, const void *code, void *vm_context, uint64_t *slots, uint64_t slot_count,
              wsc_trap_info *trap_info);

/// How many `wsc_enter` calls are active on this thread.
uint32_t wsc_activation_depth(void);

/// The lowest address guest code on this thread may push to: the thread's
/// stack bottom plus a reserve for host functions and the runtime, computed
/// once per thread (`pthread_getattr_np`). JIT prologues compare rsp with it.
uint64_t wsc_thread_stack_limit(void);

/// The calling thread's stack bounds, `[*low, *high)`, cached per thread.
void wsc_thread_stack_bounds(uint64_t *low, uint64_t *high);

// MARK: - Host errors in flight

/// A host function that fails parks its error here (a retained object
/// pointer) before returning nonzero to the host-call stub; the `wsc_enter`
/// caller that catches the resulting `hostError` trap takes it back. One slot
/// per thread is enough: between the store and the take nothing else runs
/// on this thread.
void wsc_set_pending_host_error(void *error);
/// Returns the parked error and clears the slot.
void *wsc_take_pending_host_error(void);

// MARK: - Small wrappers

/// `memfd_create` (glibc declares it only under _GNU_SOURCE, which Swift's Glibc module does not set).
int wsc_memfd_create(const char *name, unsigned int flags);

/// Atomic 32-bit store and load with sequential consistency, for the
/// interrupt flag that another thread sets while JIT code polls it.
void wsc_atomic_store_u32(uint32_t *address, uint32_t value);
uint32_t wsc_atomic_load_u32(const uint32_t *address);

/// The current stack pointer (approximately: the frame of this call).
uint64_t wsc_current_stack_pointer(void);

#ifdef __cplusplus
}
#endif
