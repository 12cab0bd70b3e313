// Sessions and the stop/resume protocol between the guest thread (blocked
// in a signal handler, or held at the end of a host call) and the
// controller. Two futex words carry it: `stop_sequence`, which the guest
// increments after filling the stop record, and `command`, which the
// controller sets to resume. Futexes because a signal handler may not touch
// a pthread mutex or condition variable.
#include "Internal.h"

#include <errno.h>
#include <linux/futex.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

__thread wsd_session *wsd_current_session __attribute__((tls_model("initial-exec")));

static _Atomic(wsd_session *) sessions[WSD_MAX_SESSIONS];

// MARK: - Primitives

void wsd_spin_lock(_Atomic uint32_t *lock) {
    while (atomic_exchange_explicit(lock, 1, memory_order_acquire) != 0) {
        while (atomic_load_explicit(lock, memory_order_relaxed) != 0) sched_yield();
    }
}

void wsd_spin_unlock(_Atomic uint32_t *lock) { atomic_store_explicit(lock, 0, memory_order_release); }

long wsd_futex_wait(_Atomic uint32_t *word, uint32_t expected, int64_t timeout_nanoseconds) {
    struct timespec timeout;
    struct timespec *timeout_pointer = NULL;
    if (timeout_nanoseconds >= 0) {
        timeout.tv_sec = timeout_nanoseconds / 1000000000;
        timeout.tv_nsec = timeout_nanoseconds % 1000000000;
        timeout_pointer = &timeout;
    }
    return syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, expected, timeout_pointer, NULL, 0);
}

void wsd_futex_wake(_Atomic uint32_t *word) { syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0); }

static int64_t monotonic_nanoseconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

/// How long a side waiting for the other spins before it sleeps.
#define SPIN_NANOSECONDS 30000

uint32_t wsd_spin_while_equal(_Atomic uint32_t *word, uint32_t expected, int64_t nanoseconds) {
    int64_t deadline = monotonic_nanoseconds() + nanoseconds;
    uint32_t value;
    for (uint32_t round = 1;; round++) {
        value = atomic_load_explicit(word, memory_order_acquire);
        if (value != expected) return value;
        __builtin_ia32_pause();
        if ((round & 63) == 0 && monotonic_nanoseconds() >= deadline) return value;
    }
}

void wsd_publish_stop(wsd_session *session) {
    atomic_fetch_add_explicit(&session->stop_sequence, 1, memory_order_seq_cst);
    if (atomic_load_explicit(&session->controller_sleepers, memory_order_seq_cst) != 0) {
        wsd_futex_wake(&session->stop_sequence);
    }
}

/// Waits until the controller sets a command, spinning first.
static uint32_t take_command(wsd_session *session) {
    while (1) {
        uint32_t command = atomic_exchange_explicit(&session->command, WSD_COMMAND_NONE, memory_order_acquire);
        if (command != WSD_COMMAND_NONE) return command;
        if (wsd_spin_while_equal(&session->command, WSD_COMMAND_NONE, SPIN_NANOSECONDS) != WSD_COMMAND_NONE) continue;
        atomic_fetch_add_explicit(&session->guest_sleepers, 1, memory_order_seq_cst);
        wsd_futex_wait(&session->command, WSD_COMMAND_NONE, -1);
        atomic_fetch_sub_explicit(&session->guest_sleepers, 1, memory_order_seq_cst);
    }
}

// MARK: - Lifecycle

wsd_session *wsd_session_create(void *vm_context) {
    wsd_session *session = calloc(1, sizeof *session);
    if (session == NULL) return NULL;
    session->vm_context = vm_context;
    session->slot = -1;
    atomic_store(&session->references, 1);
    for (int index = 0; index < WSD_MAX_WATCHES; index++) {
        session->watches[index].id = -1;
        session->watches[index].range_handle = -1;
    }
    for (int32_t slot = 0; slot < WSD_MAX_SESSIONS; slot++) {
        wsd_session *expected = NULL;
        if (atomic_compare_exchange_strong(&sessions[slot], &expected, session)) {
            session->slot = slot;
            break;
        }
    }
    if (session->slot < 0) {
        free(session);
        return NULL;
    }
    return session;
}

void wsd_session_release(wsd_session *session) {
    if (session == NULL) return;
    if (atomic_fetch_sub(&session->references, 1) != 1) return;
    wsd_breakpoints_remove_all(session);
    for (int index = 0; index < WSD_MAX_WATCHES; index++) {
        if (session->watches[index].id >= 0) wsd_watch_remove(session, session->watches[index].id);
    }
    atomic_store(&sessions[session->slot], NULL);
    free(session);
}

wsd_session *wsd_session_at_slot(int32_t slot) {
    return slot >= 0 && slot < WSD_MAX_SESSIONS ? atomic_load(&sessions[slot]) : NULL;
}

void wsd_session_add_module_range(wsd_session *session, uint64_t start, uint64_t end, uint8_t *writable) {
    if (session->module_range_count >= WSD_MAX_MODULE_RANGES) return;
    uint32_t index = session->module_range_count;
    session->module_ranges[index][0] = start;
    session->module_ranges[index][1] = end;
    session->module_ranges[index][2] = (uint64_t)writable;
    session->module_range_count = index + 1;
}

int wsd_is_module_code(wsd_session *session, uint64_t address) {
    return wsd_writable_alias(session, address) != NULL;
}

uint8_t *wsd_writable_alias(wsd_session *session, uint64_t address) {
    for (uint32_t index = 0; index < session->module_range_count; index++) {
        uint64_t start = session->module_ranges[index][0];
        if (address >= start && address < session->module_ranges[index][1]) {
            return (uint8_t *)session->module_ranges[index][2] + (address - start);
        }
    }
    return NULL;
}

/// The store's interrupt flag, through the VM context (VMContextLayout.interruptFlag).
uint32_t *wsd_interrupt_flag(wsd_session *session) {
    if (session->vm_context == NULL) return NULL;
    return *(uint32_t **)((char *)session->vm_context + 56);
}

static void set_interrupt_flag(wsd_session *session, uint32_t value) {
    uint32_t *flag = wsd_interrupt_flag(session);
    if (flag != NULL) atomic_store_explicit((_Atomic uint32_t *)flag, value, memory_order_seq_cst);
}

// MARK: - The guest thread

void wsd_guest_attach(wsd_session *session) {
    atomic_fetch_add(&session->references, 1);
    wsd_current_session = session;
    uint64_t low = 0;
    uint64_t high = 0;
    wsc_thread_stack_bounds(&low, &high);
    session->stack_low = low;
    session->stack_high = high;
    // The thread inherits its creator's mask, which may block the pause
    // signal (libdispatch blocks most signals on its worker threads), and
    // the profiler's SIGPROF, which `profile` in the debugger sends it.
    sigset_t ours;
    sigemptyset(&ours);
    sigaddset(&ours, wsd_pause_signal());
    sigaddset(&ours, SIGPROF);
    pthread_sigmask(SIG_UNBLOCK, &ours, NULL);
    atomic_store(&session->guest_tid, (int32_t)syscall(SYS_gettid));
    atomic_store(&session->guest_state, WSD_GUEST_RUNNING);
    // A pause asked for before the thread existed: stop at the first interrupt check.
    if (atomic_load(&session->pause_requested) && !atomic_load(&session->terminating)) {
        atomic_store(&session->pause_via_interrupt, 1);
        set_interrupt_flag(session, 1);
    }
}

void wsd_guest_finished(wsd_session *session) {
    wsd_current_session = NULL;
    if (atomic_exchange(&session->pause_via_interrupt, 0) && !atomic_load(&session->terminating)) {
        set_interrupt_flag(session, 0);
    }
    memset(&session->stop, 0, sizeof session->stop);
    session->stop.kind = WSD_STOP_FINISHED;
    atomic_store(&session->guest_state, WSD_GUEST_FINISHED);
    wsd_publish_stop(session);
    wsd_session_release(session);
}

/// What every stop does before it is published: a pause request is answered
/// by any stop, and an interrupt flag set for a pause must not trap later.
static void settle_pause(wsd_session *session) {
    atomic_store(&session->pause_requested, 0);
    if (atomic_exchange(&session->pause_via_interrupt, 0) && !atomic_load(&session->terminating)) {
        set_interrupt_flag(session, 0);
    }
}

uint32_t wsd_stop_and_wait(wsd_session *session, ucontext_t *context) {
    settle_pause(session);
    session->stop.has_live_context = 1;
    atomic_store_explicit(&session->live_context, context, memory_order_relaxed);
    atomic_store_explicit(&session->guest_state, WSD_GUEST_STOPPED, memory_order_relaxed);
    wsd_publish_stop(session);
    return take_command(session);
}

void wsd_wait_while_held(wsd_session *session) {
    while (atomic_load_explicit(&session->host_hold, memory_order_acquire) != 0) {
        wsd_futex_wait(&session->host_hold, 1, -1);
    }
}

void wsd_stop_in_host_and_hold(wsd_session *session) {
    settle_pause(session);
    session->stop.has_live_context = 0;
    atomic_store(&session->host_hold, 1);
    atomic_store_explicit(&session->guest_state, WSD_GUEST_STOPPED_IN_HOST, memory_order_relaxed);
    wsd_publish_stop(session);
    wsd_wait_while_held(session);
}

void wsd_prepare_to_run(wsd_session *session, ucontext_t *context, uint32_t command) {
    uint64_t rip = (uint64_t)context->uc_mcontext.gregs[REG_RIP];
    session->user_step = command == WSD_COMMAND_STEP && !atomic_load(&session->terminating);
    // An int3 under rip (the breakpoint just hit, or one a step landed on):
    // run the original instruction first, then put the int3 back.
    if (wsd_patch_lift(rip)) session->step_over_address = rip;
    if (session->step_over_address != 0 || session->user_step || session->watch_step) {
        context->uc_mcontext.gregs[REG_EFL] |= (greg_t)WSD_TRAP_FLAG;
    } else {
        context->uc_mcontext.gregs[REG_EFL] &= ~(greg_t)WSD_TRAP_FLAG;
    }
}

// MARK: - The controller

uint32_t wsd_wait_for_stop(wsd_session *session, uint32_t seen, int64_t timeout_nanoseconds) {
    int64_t deadline = timeout_nanoseconds >= 0 ? monotonic_nanoseconds() + timeout_nanoseconds : -1;
    while (1) {
        uint32_t sequence = atomic_load_explicit(&session->stop_sequence, memory_order_acquire);
        if (sequence != seen) return sequence;
        int64_t remaining = -1;
        if (deadline >= 0) {
            remaining = deadline - monotonic_nanoseconds();
            if (remaining <= 0) return sequence;
        }
        int64_t spin = remaining >= 0 && remaining < SPIN_NANOSECONDS ? remaining : SPIN_NANOSECONDS;
        if (wsd_spin_while_equal(&session->stop_sequence, sequence, spin) != sequence) continue;
        atomic_fetch_add_explicit(&session->controller_sleepers, 1, memory_order_seq_cst);
        wsd_futex_wait(&session->stop_sequence, sequence, remaining);
        atomic_fetch_sub_explicit(&session->controller_sleepers, 1, memory_order_seq_cst);
    }
}

const wsd_stop_info *wsd_current_stop(wsd_session *session) { return &session->stop; }

uint32_t wsd_guest_state(wsd_session *session) { return atomic_load(&session->guest_state); }

void wsd_guest_stack_bounds(wsd_session *session, uint64_t *low, uint64_t *high) {
    *low = session->stack_low;
    *high = session->stack_high;
}

int32_t wsd_guest_thread_id(wsd_session *session) { return atomic_load(&session->guest_tid); }

/// Pages a controller's write opened stay writable only while the guest is stopped.
static void protect_again(wsd_session *session) {
    wsd_spin_lock(&session->watch_lock);
    session->debugger_unprotected = 0;
    wsd_watches_apply_protection(session);
    wsd_spin_unlock(&session->watch_lock);
}

int wsd_resume(wsd_session *session, uint32_t command) {
    uint32_t state = atomic_load(&session->guest_state);
    if (state == WSD_GUEST_STOPPED) {
        protect_again(session);
        atomic_store(&session->live_context, NULL);
        session->has_context_copy = 0;
        atomic_store(&session->guest_state, WSD_GUEST_RUNNING);
        atomic_store_explicit(&session->command, command, memory_order_seq_cst);
        if (atomic_load_explicit(&session->guest_sleepers, memory_order_seq_cst) != 0) {
            wsd_futex_wake(&session->command);
        }
        return 1;
    }
    if (state == WSD_GUEST_STOPPED_IN_HOST) {
        protect_again(session);
        // The next instruction the guest runs in JIT code is the call's return address.
        if (command == WSD_COMMAND_STEP && session->stop.exit_pc != 0) {
            wsd_internal_patch_add(session, session->stop.exit_pc, WSD_REASON_STEP_TARGET);
        }
        session->has_context_copy = 0;
        atomic_store(&session->guest_state, WSD_GUEST_RUNNING);
        atomic_store_explicit(&session->host_hold, 0, memory_order_release);
        wsd_futex_wake(&session->host_hold);
        return 1;
    }
    return 0;
}

int wsd_request_pause(wsd_session *session) {
    if (atomic_load(&session->terminating)) return 0;
    uint32_t state = atomic_load(&session->guest_state);
    if (state != WSD_GUEST_RUNNING && state != WSD_GUEST_NOT_STARTED) return 0;
    atomic_store(&session->pause_requested, 1);
    int32_t thread = atomic_load(&session->guest_tid);
    // Not attached yet: wsd_guest_attach sees the request.
    if (thread == 0) return 1;
    syscall(SYS_tgkill, getpid(), thread, wsd_pause_signal());
    return 1;
}

void wsd_begin_termination(wsd_session *session) {
    atomic_store(&session->terminating, 1);
    atomic_store(&session->pause_requested, 0);
    atomic_store(&session->pause_via_interrupt, 0);
    wsd_spin_lock(&session->watch_lock);
    wsd_watches_apply_protection(session);
    wsd_spin_unlock(&session->watch_lock);
}

// MARK: - Registers

/// ucontext's gregs index of each wsd_register.
static const int greg_index[18] = {
    REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI, REG_R8,
    REG_R9,  REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15, REG_RIP, REG_EFL,
};

int wsd_read_register(wsd_session *session, int register_number, uint64_t *value) {
    if (register_number < 0 || register_number >= 18) return 0;
    ucontext_t *context = atomic_load(&session->live_context);
    if (context == NULL) return 0;
    *value = (uint64_t)context->uc_mcontext.gregs[greg_index[register_number]];
    return 1;
}

int wsd_read_host_register(wsd_session *session, int register_number, uint64_t *value) {
    if (register_number < 0 || register_number >= 18 || !session->has_context_copy) return 0;
    *value = session->general_copy[register_number];
    return 1;
}

int wsd_read_host_vector_register(wsd_session *session, int index, uint64_t *low, uint64_t *high) {
    if (index < 0 || index >= 16 || !session->has_context_copy) return 0;
    *low = session->vector_copy[index][0];
    *high = session->vector_copy[index][1];
    return 1;
}

int wsd_write_register(wsd_session *session, int register_number, uint64_t value) {
    if (register_number < 0 || register_number >= 18) return 0;
    ucontext_t *context = atomic_load(&session->live_context);
    if (context == NULL) return 0;
    context->uc_mcontext.gregs[greg_index[register_number]] = (greg_t)value;
    return 1;
}

int wsd_read_vector_register(wsd_session *session, int index, uint64_t *low, uint64_t *high) {
    if (index < 0 || index >= 16) return 0;
    ucontext_t *context = atomic_load(&session->live_context);
    if (context == NULL || context->uc_mcontext.fpregs == NULL) return 0;
    memcpy(low, &context->uc_mcontext.fpregs->_xmm[index].element[0], 8);
    memcpy(high, &context->uc_mcontext.fpregs->_xmm[index].element[2], 8);
    return 1;
}

int wsd_write_vector_register(wsd_session *session, int index, uint64_t low, uint64_t high) {
    if (index < 0 || index >= 16) return 0;
    ucontext_t *context = atomic_load(&session->live_context);
    if (context == NULL || context->uc_mcontext.fpregs == NULL) return 0;
    memcpy(&context->uc_mcontext.fpregs->_xmm[index].element[0], &low, 8);
    memcpy(&context->uc_mcontext.fpregs->_xmm[index].element[2], &high, 8);
    return 1;
}
