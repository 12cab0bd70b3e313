// The sampler's timer, its SIGPROF handler and the ring buffer the handler
// writes into. See CSampler.h for the record layout and the rules for
// telling JIT, host and outside samples apart.
//
// Everything the handler touches is preallocated and lock-free: the table
// of running samplers, the ring buffer's words (mapped and touched at
// creation), a few atomics, the target's stack bounds, the lock-free JIT
// code registry of CRuntimeSupport and its initial-exec TLS activation depth.
#define _GNU_SOURCE 1
#include "CSampler.h"

#include <CRuntimeSupport.h>

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

// Older glibc headers name the thread id field of a sigevent only through the union.
#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

struct wsc_sampler {
    /// The ring buffer: `capacity` words, a power of two, indexed modulo capacity.
    uint64_t *words;
    uint64_t capacity;
    size_t mapping_size;
    /// Written by the producer (the handler) after a whole record is in place.
    _Atomic uint64_t head;
    /// Written by the consumer after it has copied records out.
    _Atomic uint64_t tail;
    _Atomic uint64_t recorded;
    _Atomic uint64_t dropped;
    /// Nonzero between start and stop; the handler records nothing otherwise.
    _Atomic int running;

    int32_t exit_frame_pointer_offset;
    int32_t exit_pc_offset;
    const void *vm_contexts[WSC_SAMPLER_MAX_VM_CONTEXTS];
    int vm_context_count;

    /// The sampled thread's stack: the walk reads only inside it.
    uint64_t stack_low;
    uint64_t stack_high;
    /// The sampled thread; the handler records only on it.
    int32_t target_thread_id;

    timer_t timer;
    int timer_created;
    struct itimerspec timing;
    /// Time left to the next expiry when paused: resuming goes on from
    /// there, so runs shorter than the interval (single steps, a breakpoint
    /// whose condition is false) still add up to samples.
    struct timespec remaining;
    /// Index in `running_slots` while the timer exists, else -1.
    int slot;
};

/// The samplers with a timer, found by the token their signals carry
/// (slot index in the low byte, a serial number above it, so a slot reused
/// by a later sampler does not match an earlier sampler's late signal).
/// The handler counts itself in `handlers_inside` before it looks at the
/// slot; stop clears the token and waits for the count to drop, after which
/// no handler can reach the sampler (Dekker-style: both sides seq_cst).
typedef struct running_slot {
    _Atomic uint64_t token;
    _Atomic(wsc_sampler *) sampler;
    _Atomic uint32_t handlers_inside;
} running_slot;

static running_slot running_slots[WSC_SAMPLER_MAX_RUNNING];
static _Atomic uint64_t next_serial = 1;

static pthread_once_t handler_once = PTHREAD_ONCE_INIT;
static int handler_status;
static struct sigaction previous_action;

// MARK: - Creation

wsc_sampler *wsc_sampler_create(size_t capacity_words, int32_t exit_frame_pointer_offset, int32_t exit_pc_offset) {
    uint64_t capacity = 4096;
    while (capacity < capacity_words && capacity < (1ull << 34)) capacity <<= 1;
    wsc_sampler *sampler = calloc(1, sizeof *sampler);
    if (sampler == NULL) return NULL;
    size_t size = (size_t)capacity * sizeof(uint64_t);
    // MAP_POPULATE: every page is present before the first sample, so the
    // handler's stores never take a page fault that could block.
    void *mapping = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (mapping == MAP_FAILED) {
        free(sampler);
        return NULL;
    }
    sampler->words = mapping;
    sampler->capacity = capacity;
    sampler->mapping_size = size;
    sampler->exit_frame_pointer_offset = exit_frame_pointer_offset;
    sampler->exit_pc_offset = exit_pc_offset;
    sampler->slot = -1;
    return sampler;
}

void wsc_sampler_destroy(wsc_sampler *sampler) {
    if (sampler == NULL) return;
    // A sampler left running would let a late signal write into freed memory.
    if (sampler->timer_created || sampler->slot >= 0) wsc_sampler_stop(sampler);
    munmap(sampler->words, sampler->mapping_size);
    free(sampler);
}

int wsc_sampler_add_vm_context(wsc_sampler *sampler, const void *vm_context) {
    if (sampler->vm_context_count >= WSC_SAMPLER_MAX_VM_CONTEXTS) return -1;
    sampler->vm_contexts[sampler->vm_context_count++] = vm_context;
    return 0;
}

// MARK: - Recording (async-signal-safe)

static inline uint64_t *slot(wsc_sampler *sampler, uint64_t index) {
    return &sampler->words[index & (sampler->capacity - 1)];
}

static inline uint64_t monotonic_nanoseconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000000ull + (uint64_t)now.tv_nsec;
}

static inline int on_stack(const wsc_sampler *sampler, uint64_t address, uint64_t size) {
    return address >= sampler->stack_low && address + size <= sampler->stack_high && address + size > address;
}

/// The innermost last exit among the registered VM contexts that lies in a
/// live frame of this thread: above the interrupted stack pointer. The stubs
/// never clear a last exit, so an old one stays behind after the host call
/// returns; it is then below the stack pointer of whatever runs later in the
/// same activation, or the thread is no longer inside `wsc_enter`.
static int find_host_exit(const wsc_sampler *sampler, uint64_t stack_pointer, uint64_t *frame_pointer, uint64_t *pc) {
    if (wsc_activation_depth() == 0) return 0;
    // Off the thread's stack (on the alternate signal stack, inside a trap
    // handler) the comparison with frame addresses below means nothing.
    if (!on_stack(sampler, stack_pointer, 8)) return 0;
    uint64_t best_frame = 0;
    uint64_t best_pc = 0;
    for (int index = 0; index < sampler->vm_context_count; index++) {
        const char *context = sampler->vm_contexts[index];
        uint64_t exit_frame = *(const volatile uint64_t *)(context + sampler->exit_frame_pointer_offset);
        uint64_t exit_pc = *(const volatile uint64_t *)(context + sampler->exit_pc_offset);
        if (exit_frame == 0 || (exit_frame & 7) != 0 || exit_frame <= stack_pointer) continue;
        if (!on_stack(sampler, exit_frame, 16) || !wsc_is_jit_code(exit_pc)) continue;
        if (best_frame == 0 || exit_frame < best_frame) {
            best_frame = exit_frame;
            best_pc = exit_pc;
        }
    }
    if (best_frame == 0) return 0;
    *frame_pointer = best_frame;
    *pc = best_pc;
    return 1;
}

void wsc_sampler_record(wsc_sampler *sampler, uint64_t pc, uint64_t frame_pointer, uint64_t stack_pointer,
                        uint64_t weight) {
    uint64_t head = atomic_load_explicit(&sampler->head, memory_order_relaxed);
    uint64_t tail = atomic_load_explicit(&sampler->tail, memory_order_acquire);
    // Room for the largest record, so the walk below can write without checking.
    if (sampler->capacity - (head - tail) < WSC_SAMPLE_HEADER_WORDS + WSC_SAMPLER_MAX_FRAMES) {
        atomic_fetch_add_explicit(&sampler->dropped, 1, memory_order_relaxed);
        return;
    }

    uint64_t kind;
    uint64_t sample_pc = pc;
    uint64_t walk_from = 0;
    uint64_t stack_word_0 = 0;
    uint64_t stack_word_1 = 0;
    uint64_t exit_frame = 0;
    uint64_t exit_pc = 0;
    if (wsc_is_jit_code(pc)) {
        kind = WSC_SAMPLE_JIT;
        walk_from = frame_pointer;
        if (on_stack(sampler, stack_pointer, 16) && (stack_pointer & 7) == 0) {
            stack_word_0 = ((const uint64_t *)stack_pointer)[0];
            stack_word_1 = ((const uint64_t *)stack_pointer)[1];
        }
    } else if (find_host_exit(sampler, stack_pointer, &exit_frame, &exit_pc)) {
        kind = WSC_SAMPLE_HOST;
        sample_pc = exit_pc;
        walk_from = exit_frame;
    } else {
        kind = WSC_SAMPLE_OUTSIDE;
    }

    // The RBP chain, innermost first, while frames are on this thread's stack,
    // move outwards, and return into JIT code (the entry stub's caller ends it).
    uint32_t count = 0;
    uint32_t flags = 0;
    uint64_t fp = walk_from;
    uint64_t lowest = kind == WSC_SAMPLE_JIT ? stack_pointer : 0;
    while (fp != 0 && (fp & 7) == 0 && fp >= lowest && on_stack(sampler, fp, 16)) {
        const uint64_t *frame = (const uint64_t *)fp;
        uint64_t return_address = frame[1];
        if (!wsc_is_jit_code(return_address)) break;
        if (count == WSC_SAMPLER_MAX_FRAMES) {
            flags |= WSC_SAMPLE_FLAG_TRUNCATED;
            break;
        }
        *slot(sampler, head + WSC_SAMPLE_HEADER_WORDS + count) = return_address;
        count++;
        uint64_t caller = frame[0];
        if (caller <= fp) break;
        fp = caller;
    }

    *slot(sampler, head + 0) =
        WSC_SAMPLE_MAGIC << 48 | kind << 40 | (uint64_t)flags << 32 | (uint64_t)count;
    *slot(sampler, head + 1) = monotonic_nanoseconds();
    *slot(sampler, head + 2) = sample_pc;
    *slot(sampler, head + 3) = pc;
    *slot(sampler, head + 4) = weight;
    *slot(sampler, head + 5) = stack_word_0;
    *slot(sampler, head + 6) = stack_word_1;
    atomic_store_explicit(&sampler->head, head + WSC_SAMPLE_HEADER_WORDS + count, memory_order_release);
    atomic_fetch_add_explicit(&sampler->recorded, 1, memory_order_relaxed);
}

/// Someone else's SIGPROF (setitimer, kill): theirs to handle if they
/// installed a handler. A timer signal is never given to the default
/// action, which would end the process.
static void chain_to_previous(int signal, siginfo_t *info, void *context) {
    if ((previous_action.sa_flags & SA_SIGINFO) != 0 && previous_action.sa_sigaction != NULL) {
        previous_action.sa_sigaction(signal, info, context);
    } else if ((previous_action.sa_flags & SA_SIGINFO) == 0 && previous_action.sa_handler != SIG_DFL &&
               previous_action.sa_handler != SIG_IGN) {
        previous_action.sa_handler(signal);
    }
}

static void sample_interrupted_context(wsc_sampler *sampler, const siginfo_t *info, const ucontext_t *context) {
    uint64_t pc = (uint64_t)context->uc_mcontext.gregs[REG_RIP];
    uint64_t frame_pointer = (uint64_t)context->uc_mcontext.gregs[REG_RBP];
    uint64_t stack_pointer = (uint64_t)context->uc_mcontext.gregs[REG_RSP];
    // A CPU-clock timer is checked at scheduler ticks, which may be
    // coarser than the interval: the overrun says how many expirations
    // this one signal stands for.
    uint64_t weight = 1 + (uint64_t)(info->si_overrun > 0 ? info->si_overrun : 0);
    wsc_sampler_record(sampler, pc, frame_pointer, stack_pointer, weight);
}

static void handle_profiling_signal(int signal, siginfo_t *info, void *context) {
    int saved_errno = errno;
    if (info->si_code != SI_TIMER) {
        errno = saved_errno;
        chain_to_previous(signal, info, context);
        errno = saved_errno;
        return;
    }
    uint64_t token = (uint64_t)(uintptr_t)info->si_value.sival_ptr;
    uint64_t index = token & 0xff;
    if (token != 0 && index < WSC_SAMPLER_MAX_RUNNING) {
        running_slot *slot = &running_slots[index];
        atomic_fetch_add(&slot->handlers_inside, 1);
        if (atomic_load(&slot->token) == token) {
            wsc_sampler *sampler = atomic_load(&slot->sampler);
            // The tid check keeps a sampler's ring buffer single-producer
            // even if a signal ever reached another thread.
            if (sampler != NULL && atomic_load_explicit(&sampler->running, memory_order_acquire) &&
                sampler->target_thread_id == wsc_sampler_current_thread_id()) {
                sample_interrupted_context(sampler, info, context);
            }
        }
        atomic_fetch_sub(&slot->handlers_inside, 1);
    }
    errno = saved_errno;
}

// MARK: - Timer

static void install_handler(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = handle_profiling_signal;
    // SA_RESTART: a read or write the guest is blocked in is restarted, not
    // failed with EINTR. SA_ONSTACK: the same alternate stack the trap
    // handlers use, if the thread has one.
    action.sa_flags = SA_SIGINFO | SA_RESTART | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGPROF, &action, &previous_action) != 0) handler_status = errno;
}

void wsc_sampler_capture_stack_bounds(wsc_sampler *sampler) {
    wsc_thread_stack_bounds(&sampler->stack_low, &sampler->stack_high);
}

wsc_sampler_target wsc_sampler_prepare_current_thread(void) {
    sigset_t profiling_only;
    sigemptyset(&profiling_only);
    sigaddset(&profiling_only, SIGPROF);
    pthread_sigmask(SIG_UNBLOCK, &profiling_only, NULL);

    wsc_sampler_target target;
    memset(&target, 0, sizeof target);
    target.thread_id = wsc_sampler_current_thread_id();
    clockid_t cpu_clock = CLOCK_THREAD_CPUTIME_ID;
    // CLOCK_THREAD_CPUTIME_ID means "the caller's" when the timer is
    // created, which is another thread for a remote start: take the id
    // that names this thread from anywhere.
    pthread_getcpuclockid(pthread_self(), &cpu_clock);
    target.cpu_clock = (int32_t)cpu_clock;
    wsc_thread_stack_bounds(&target.stack_low, &target.stack_high);
    return target;
}

/// Takes a free slot for `sampler` and returns the token its signals carry, or 0 when all are taken.
static uint64_t claim_slot(wsc_sampler *sampler) {
    for (int index = 0; index < WSC_SAMPLER_MAX_RUNNING; index++) {
        wsc_sampler *expected = NULL;
        if (!atomic_compare_exchange_strong(&running_slots[index].sampler, &expected, sampler)) continue;
        uint64_t token = atomic_fetch_add(&next_serial, 1) << 8 | (uint64_t)index;
        atomic_store(&running_slots[index].token, token);
        sampler->slot = index;
        return token;
    }
    return 0;
}

/// After it returns no handler reaches `sampler` through its slot.
static void release_slot(wsc_sampler *sampler) {
    if (sampler->slot < 0) return;
    running_slot *slot = &running_slots[sampler->slot];
    atomic_store(&slot->token, 0);
    while (atomic_load(&slot->handlers_inside) != 0) sched_yield();
    atomic_store(&slot->sampler, NULL);
    sampler->slot = -1;
}

int wsc_sampler_start_target(wsc_sampler *sampler, const wsc_sampler_target *target, wsc_sampler_clock clock,
                             uint32_t frequency) {
    if (frequency == 0 || frequency > 100000 || target == NULL || target->thread_id <= 0) return EINVAL;
    if (sampler->timer_created) return EBUSY;
    pthread_once(&handler_once, install_handler);
    if (handler_status != 0) return handler_status;
    sampler->stack_low = target->stack_low;
    sampler->stack_high = target->stack_high;
    sampler->target_thread_id = target->thread_id;

    uint64_t token = claim_slot(sampler);
    if (token == 0) return EBUSY;
    atomic_store_explicit(&sampler->running, 1, memory_order_release);

    struct sigevent event;
    memset(&event, 0, sizeof event);
    event.sigev_notify = SIGEV_THREAD_ID;
    event.sigev_signo = SIGPROF;
    event.sigev_value.sival_ptr = (void *)(uintptr_t)token;
    event.sigev_notify_thread_id = (pid_t)target->thread_id;
    clockid_t clock_id = clock == WSC_SAMPLER_CLOCK_CPU ? (clockid_t)target->cpu_clock : CLOCK_MONOTONIC;
    if (timer_create(clock_id, &event, &sampler->timer) != 0) {
        int error = errno;
        atomic_store_explicit(&sampler->running, 0, memory_order_release);
        release_slot(sampler);
        return error;
    }
    sampler->timer_created = 1;

    uint64_t interval = 1000000000ull / frequency;
    sampler->timing.it_interval.tv_sec = (time_t)(interval / 1000000000ull);
    sampler->timing.it_interval.tv_nsec = (long)(interval % 1000000000ull);
    sampler->timing.it_value = sampler->timing.it_interval;
    sampler->remaining.tv_sec = 0;
    sampler->remaining.tv_nsec = 0;
    if (timer_settime(sampler->timer, 0, &sampler->timing, NULL) != 0) {
        int error = errno;
        wsc_sampler_stop(sampler);
        return error;
    }
    return 0;
}

int wsc_sampler_start(wsc_sampler *sampler, wsc_sampler_clock clock, uint32_t frequency) {
    wsc_sampler_target target = wsc_sampler_prepare_current_thread();
    return wsc_sampler_start_target(sampler, &target, clock, frequency);
}

int wsc_sampler_pause(wsc_sampler *sampler) {
    if (!sampler->timer_created) return EINVAL;
    atomic_store_explicit(&sampler->running, 0, memory_order_release);
    struct itimerspec disarmed;
    memset(&disarmed, 0, sizeof disarmed);
    struct itimerspec before;
    if (timer_settime(sampler->timer, 0, &disarmed, &before) != 0) return errno;
    // Already disarmed (paused twice): keep what the first pause saved.
    if (before.it_value.tv_sec != 0 || before.it_value.tv_nsec != 0) sampler->remaining = before.it_value;
    return 0;
}

int wsc_sampler_resume(wsc_sampler *sampler) {
    if (!sampler->timer_created) return EINVAL;
    struct itimerspec timing = sampler->timing;
    if (sampler->remaining.tv_sec != 0 || sampler->remaining.tv_nsec != 0) timing.it_value = sampler->remaining;
    sampler->remaining.tv_sec = 0;
    sampler->remaining.tv_nsec = 0;
    atomic_store_explicit(&sampler->running, 1, memory_order_release);
    return timer_settime(sampler->timer, 0, &timing, NULL) == 0 ? 0 : errno;
}

int wsc_sampler_stop(wsc_sampler *sampler) {
    atomic_store_explicit(&sampler->running, 0, memory_order_release);
    int status = 0;
    if (sampler->timer_created) {
        if (timer_delete(sampler->timer) != 0) status = errno;
        sampler->timer_created = 0;
    }
    release_slot(sampler);
    return status;
}

// MARK: - Draining

size_t wsc_sampler_drain(wsc_sampler *sampler, uint64_t *destination, size_t capacity) {
    uint64_t tail = atomic_load_explicit(&sampler->tail, memory_order_relaxed);
    uint64_t head = atomic_load_explicit(&sampler->head, memory_order_acquire);
    size_t written = 0;
    while (tail < head) {
        uint64_t header = *slot(sampler, tail);
        uint64_t length = WSC_SAMPLE_HEADER_WORDS + wsc_sample_frame_count(header);
        if (!wsc_sample_header_is_valid(header) || tail + length > head) {
            // Cannot happen with one producer and one consumer; never loop on it.
            tail = head;
            break;
        }
        if (written + length > capacity) break;
        for (uint64_t index = 0; index < length; index++) destination[written + index] = *slot(sampler, tail + index);
        written += (size_t)length;
        tail += length;
    }
    atomic_store_explicit(&sampler->tail, tail, memory_order_release);
    return written;
}

uint64_t wsc_sampler_recorded_count(const wsc_sampler *sampler) {
    return atomic_load_explicit(&((wsc_sampler *)sampler)->recorded, memory_order_relaxed);
}

uint64_t wsc_sampler_dropped_count(const wsc_sampler *sampler) {
    return atomic_load_explicit(&((wsc_sampler *)sampler)->dropped, memory_order_relaxed);
}

int32_t wsc_sampler_current_thread_id(void) { return (int32_t)syscall(SYS_gettid); }

uint64_t wsc_sampler_monotonic_now(void) { return monotonic_nanoseconds(); }
