// The entry trampoline: every call from the host into JIT code goes through
// `wsc_enter`, which sets the jump buffer a trap unwinds to. Also the rest of
// the per-thread state: activation stack, alternate signal stack, stack
// bounds, and the slot for a host error in flight.
#include "Internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <unistd.h>

__thread wsc_thread_state wsc_current_thread __attribute__((tls_model("initial-exec")));
static __thread wsc_trap_info thread_trap_info __attribute__((tls_model("initial-exec")));

wsc_trap_info *wsc_thread_trap_info(void) { return &thread_trap_info; }

// MARK: - Alternate signal stack

#define WSC_ALTERNATE_STACK_SIZE (64 * 1024)

static pthread_key_t alternate_stack_key;
static pthread_once_t alternate_stack_key_once = PTHREAD_ONCE_INIT;

/// At thread exit: stop using our alternate stack, then unmap it (and its guard page).
static void release_alternate_stack(void *mapping) {
    stack_t current;
    if (sigaltstack(NULL, &current) == 0 && current.ss_sp == (char *)mapping + getpagesize()) {
        stack_t disable = {.ss_sp = NULL, .ss_flags = SS_DISABLE, .ss_size = 0};
        sigaltstack(&disable, NULL);
    }
    munmap(mapping, WSC_ALTERNATE_STACK_SIZE + (size_t)getpagesize());
}

static void create_alternate_stack_key(void) { pthread_key_create(&alternate_stack_key, release_alternate_stack); }

void wsc_prepare_alternate_stack(wsc_thread_state *state) {
    state->alternate_stack_ready = 1;
    stack_t current;
    if (sigaltstack(NULL, &current) == 0 && (current.ss_flags & SS_DISABLE) == 0 &&
        current.ss_size >= WSC_ALTERNATE_STACK_SIZE / 2) {
        return;  // someone (the Swift runtime, a sanitizer) already gave this thread one
    }
    size_t page = (size_t)getpagesize();
    void *mapping = mmap(NULL, WSC_ALTERNATE_STACK_SIZE + page, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mapping == MAP_FAILED) return;
    // A guard page below, so a handler that overflows faults instead of corrupting memory.
    mprotect(mapping, page, PROT_NONE);
    stack_t stack = {.ss_sp = (char *)mapping + page, .ss_flags = 0, .ss_size = WSC_ALTERNATE_STACK_SIZE};
    if (sigaltstack(&stack, NULL) != 0) {
        munmap(mapping, WSC_ALTERNATE_STACK_SIZE + page);
        return;
    }
    pthread_once(&alternate_stack_key_once, create_alternate_stack_key);
    pthread_setspecific(alternate_stack_key, mapping);
}

// MARK: - Entry

int wsc_enter(const void *entry_stub, const void *code, void *vm_context, uint64_t *slots, uint64_t slot_count,
              wsc_trap_info *trap_info) {
    wsc_thread_state *state = &wsc_current_thread;
    if (!state->alternate_stack_ready) wsc_prepare_alternate_stack(state);
    if (trap_info == NULL) trap_info = &thread_trap_info;

    wsc_activation activation;
    activation.previous = state->innermost;
    activation.stack_top = (uint64_t)__builtin_frame_address(0);
    activation.trap_info = trap_info;
    trap_info->return_address_count = 0;

    if (sigsetjmp(activation.jump_buffer, 0) != 0) {
        // Back from the signal handler: the JIT frames are gone; restore what
        // the jump skipped, the activation stack and the signal mask.
        state->innermost = activation.previous;
        state->depth -= 1;
        pthread_sigmask(SIG_SETMASK, &state->mask_at_fault, NULL);
        return 1;
    }
    state->innermost = &activation;
    state->depth += 1;
    // Nothing may reorder the publication of the activation after the call.
    atomic_signal_fence(memory_order_seq_cst);
    ((wsc_entry_stub)entry_stub)(code, vm_context, slots, slot_count);
    atomic_signal_fence(memory_order_seq_cst);
    state->innermost = activation.previous;
    state->depth -= 1;
    return 0;
}

uint32_t wsc_activation_depth(void) { return wsc_current_thread.depth; }

// MARK: - Stack bounds

/// Room left below the guest's stack limit for host functions the guest
/// calls, the runtime's builtins and the Swift runtime under them.
#define WSC_HOST_STACK_RESERVE (512 * 1024)
/// A guest never gets more than this much stack, even on a huge main thread stack.
#define WSC_MAX_GUEST_STACK (1024ull * 1024 * 1024)

static void compute_stack_bounds(wsc_thread_state *state) {
    pthread_attr_t attributes;
    void *address = NULL;
    size_t size = 0;
    if (pthread_getattr_np(pthread_self(), &attributes) == 0) {
        pthread_attr_getstack(&attributes, &address, &size);
        pthread_attr_destroy(&attributes);
    }
    uint64_t here = (uint64_t)__builtin_frame_address(0);
    if (address == NULL || size == 0) {
        // Unknown: assume the 8 MiB glibc default ends somewhere below us.
        state->stack_high = here;
        state->stack_low = here - 8ull * 1024 * 1024 + 64 * 1024;
    } else {
        state->stack_low = (uint64_t)address;
        state->stack_high = (uint64_t)address + size;
    }
    uint64_t size_known = state->stack_high - state->stack_low;
    uint64_t reserve = size_known / 4 < WSC_HOST_STACK_RESERVE ? size_known / 4 : WSC_HOST_STACK_RESERVE;
    uint64_t limit = state->stack_low + reserve;
    if (state->stack_high > WSC_MAX_GUEST_STACK && state->stack_high - WSC_MAX_GUEST_STACK > limit) {
        limit = state->stack_high - WSC_MAX_GUEST_STACK;
    }
    state->stack_limit = limit;
    state->stack_bounds_known = 1;
}

uint64_t wsc_thread_stack_limit(void) {
    wsc_thread_state *state = &wsc_current_thread;
    if (!state->stack_bounds_known) compute_stack_bounds(state);
    return state->stack_limit;
}

void wsc_thread_stack_bounds(uint64_t *low, uint64_t *high) {
    wsc_thread_state *state = &wsc_current_thread;
    if (!state->stack_bounds_known) compute_stack_bounds(state);
    *low = state->stack_low;
    *high = state->stack_high;
}

// MARK: - Host errors in flight

void wsc_set_pending_host_error(void *error) { wsc_current_thread.pending_host_error = error; }

void *wsc_take_pending_host_error(void) {
    void *error = wsc_current_thread.pending_host_error;
    wsc_current_thread.pending_host_error = NULL;
    return error;
}
