// Declarations shared by the .c files of CRuntimeSupport and not part of its
// interface: the per-thread state the entry trampoline and the signal
// handlers both use.
#pragma once

#define _GNU_SOURCE 1
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>

#include "CRuntimeSupport.h"

/// One `wsc_enter` in progress: where a trap in its JIT frames unwinds to.
typedef struct wsc_activation {
    sigjmp_buf jump_buffer;
    struct wsc_activation *previous;
    /// The frame address of `wsc_enter`: JIT frames of this activation lie below it.
    uint64_t stack_top;
    wsc_trap_info *trap_info;
} wsc_activation;

typedef struct wsc_thread_state {
    /// Innermost activation, or NULL outside guest code.
    wsc_activation *innermost;
    uint32_t depth;
    int alternate_stack_ready;
    int stack_bounds_known;
    uint64_t stack_low;
    uint64_t stack_high;
    uint64_t stack_limit;
    /// The thread's signal mask when the trap hit, restored after the jump
    /// (the jump buffer does not save it, and the handler had the signal blocked).
    sigset_t mask_at_fault;
    void *pending_host_error;
} wsc_thread_state;

/// Initial-exec TLS: the signal handler reads it, and the general-dynamic
/// model may allocate on first access, which a handler must not do.
extern __thread wsc_thread_state wsc_current_thread __attribute__((tls_model("initial-exec")));

/// Gives the thread an alternate signal stack unless it already has one.
void wsc_prepare_alternate_stack(wsc_thread_state *state);
