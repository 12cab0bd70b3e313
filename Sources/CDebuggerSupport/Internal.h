// Declarations shared by the .c files of CDebuggerSupport and not part of its
// interface: the session record, the patch table, spin locks and futexes.
#pragma once

#define _GNU_SOURCE 1
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <ucontext.h>

#include "CDebuggerSupport.h"

#define WSD_MAX_SESSIONS 64
#define WSD_MAX_HOST_CALL_DEPTH 64
#define WSD_MAX_WATCHES 32
#define WSD_MAX_MODULE_RANGES 64
#define WSD_MAX_INTERNAL_PATCHES 16
#define WSD_TRAP_FLAG 0x100ull
#define WSD_INT3 0xCC

/// Why the session patched an int3 of its own (not a user breakpoint).
enum wsd_internal_reason {
    /// Where a single step that went into host code (or a step from a stop in
    /// a host call) comes back to module code: stop with WSD_STOP_SINGLE_STEP.
    WSD_REASON_STEP_TARGET = 1,
    /// Where a runtime builtin that wrote a watched page returns: compare the
    /// watched bytes and write-protect the pages again.
    WSD_REASON_WINDOW_END = 2,
};

typedef struct wsd_internal_patch {
    uint64_t address;
    uint32_t reason;
} wsd_internal_patch;

typedef struct wsd_watch {
    /// -1: free slot.
    int32_t id;
    uint8_t *address;
    size_t length;
    /// The pages holding the bytes, and their registration with CRuntimeSupport.
    uint64_t page_start;
    uint64_t page_end;
    int32_t range_handle;
    /// The bytes when the pages were last opened for writing, and the last
    /// reported change. Allocated by the controller when the watch is added.
    uint8_t *snapshot;
    uint8_t *before;
    uint8_t *after;
} wsd_watch;

typedef struct wsd_host_call {
    uint64_t frame_pointer;
    uint64_t pc;
    uint64_t stack_pointer;
    const void *record;
} wsd_host_call;

struct wsd_session {
    _Atomic uint32_t references;
    /// Index in the session table; its bit tags the session's patches.
    int32_t slot;
    void *vm_context;

    // The stop/resume protocol. Futex words are 32-bit.
    _Atomic uint32_t stop_sequence;
    _Atomic uint32_t command;
    _Atomic uint32_t guest_state;
    /// 1 while the guest is stopped in a host call; the host call's end waits on it.
    _Atomic uint32_t host_hold;
    _Atomic uint32_t pause_requested;
    /// A pause found the guest where it cannot stop; the interrupt flag is set
    /// and the next interrupt check's ud2 becomes the pause.
    _Atomic uint32_t pause_via_interrupt;
    _Atomic uint32_t terminating;
    /// How many threads sleep on `stop_sequence` / `command`: a side that
    /// finds nobody asleep skips the futex wake system call.
    _Atomic uint32_t controller_sleepers;
    _Atomic uint32_t guest_sleepers;
    _Atomic int32_t guest_tid;
    uint64_t stack_low;
    uint64_t stack_high;

    wsd_stop_info stop;
    /// The context of the signal the guest is blocked in, or NULL.
    ucontext_t *_Atomic live_context;
    /// Registers of host code, copied when a pause found the guest in a host call.
    int has_context_copy;
    uint64_t general_copy[18];
    uint64_t vector_copy[16][2];

    // Stepping state: touched only by the guest thread's handlers.
    /// An int3 lifted to run the instruction under it; put back after one step.
    uint64_t step_over_address;
    int user_step;
    /// A store to a watched page is being run with its pages open, from here.
    int watch_step;
    uint64_t watch_store_pc;

    // Host calls in progress on the guest thread (its own handlers read them).
    volatile uint32_t host_call_depth;
    wsd_host_call host_calls[WSD_MAX_HOST_CALL_DEPTH];

    uint32_t module_range_count;
    uint64_t module_ranges[WSD_MAX_MODULE_RANGES][3];

    // Watches, under `watch_lock`.
    _Atomic uint32_t watch_lock;
    _Atomic uint32_t watch_count;
    wsd_watch watches[WSD_MAX_WATCHES];
    /// Whether the watched pages are write-protected now.
    int pages_protected;
    /// Reasons to leave them writable: a host call in progress, one JIT store
    /// being stepped, a builtin until it returns, a write by another thread
    /// (the controller) until the guest resumes.
    int host_window;
    int step_window;
    int builtin_window;
    int debugger_unprotected;

    /// Under the patch table's lock.
    wsd_internal_patch internal_patches[WSD_MAX_INTERNAL_PATCHES];
};

/// The session of the calling thread, if it is a guest. Initial-exec: a
/// signal handler reads it, and the general-dynamic model may allocate.
extern __thread wsd_session *wsd_current_session __attribute__((tls_model("initial-exec")));

// Spin locks: taken by controllers and by the guest's signal handlers. A
// handler can spin on one only while another thread holds it, never its own
// thread, which holds them only inside handlers (patches) or while it cannot
// fault (watches).
void wsd_spin_lock(_Atomic uint32_t *lock);
void wsd_spin_unlock(_Atomic uint32_t *lock);

long wsd_futex_wait(_Atomic uint32_t *word, uint32_t expected, int64_t timeout_nanoseconds);
void wsd_futex_wake(_Atomic uint32_t *word);
/// Spins up to about `nanoseconds` while `*word == expected`; returns the
/// value seen last. A stop/resume round trip is a few microseconds when both
/// threads stay on a cpu, several times that when one must be woken.
uint32_t wsd_spin_while_equal(_Atomic uint32_t *word, uint32_t expected, int64_t nanoseconds);
/// Publishes a new stop (the sequence) and wakes a sleeping controller.
void wsd_publish_stop(wsd_session *session);

// Session.c
/// Publishes `session->stop` (filled by the caller) with the live context,
/// wakes the controller and blocks until a command comes. Returns it.
uint32_t wsd_stop_and_wait(wsd_session *session, ucontext_t *context);
/// Publishes a stop in a host call (no live context) and holds the thread
/// until the controller resumes it.
void wsd_stop_in_host_and_hold(wsd_session *session);
/// Waits while a stop in a host call holds the guest.
void wsd_wait_while_held(wsd_session *session);
/// Prepares a stopped guest to run on after `command`: steps off an int3
/// under rip, sets or clears the trap flag.
void wsd_prepare_to_run(wsd_session *session, ucontext_t *context, uint32_t command);
/// Whether an address lies in one of the session's modules.
int wsd_is_module_code(wsd_session *session, uint64_t address);
uint8_t *wsd_writable_alias(wsd_session *session, uint64_t address);
wsd_session *wsd_session_at_slot(int32_t slot);
uint32_t *wsd_interrupt_flag(wsd_session *session);

// Patches.c
/// What the patch table knows about an int3 at `address`.
typedef struct wsd_patch_lookup {
    int found;
    int mine_user;
    int mine_internal;
    uint8_t original;
} wsd_patch_lookup;
wsd_patch_lookup wsd_patch_find(wsd_session *session, uint64_t address);
/// Writes the original byte back for one step; returns 1 if the address was patched.
int wsd_patch_lift(uint64_t address);
/// Puts a lifted int3 back, if the site still exists.
void wsd_patch_relift(uint64_t address);
int wsd_internal_patch_add(wsd_session *session, uint64_t address, uint32_t reason);
/// Removes the session's internal patch at `address`; returns its reason or 0.
uint32_t wsd_internal_patch_take(wsd_session *session, uint64_t address);

// Watches.c
/// Recomputes whether the watched pages should be write-protected and
/// changes them if needed. Caller holds `watch_lock`.
void wsd_watches_apply_protection(wsd_session *session);
/// Copies every watched range into its snapshot. Caller holds the lock.
void wsd_watches_snapshot(wsd_session *session);
/// Compares every watched range with its snapshot; returns the id of the
/// first that changed (its before/after filled) or -1. Caller holds the lock.
int32_t wsd_watches_compare(wsd_session *session);
/// The session whose watched pages hold `address`, or NULL.
wsd_session *wsd_watch_owner(uint64_t address);
