// The sampler's timer, its SIGPROF handler and the ring buffer the handler
// writes into. See CSampler.h for the record layout and the rules for
// telling JIT, host and outside samples apart.
//
// Everything the handler touches is preallocated and lock-free: the ring
// buffer's words (mapped and touched at creation), a few atomics, the
// thread's stack bounds captured at start, the lock-free JIT code registry of
// CRuntimeSupport and its initial-exec TLS activation depth.
#define _GNU_SOURCE 1
#include "CSampler.h"

#include <CRuntimeSupport.h>

#include <errno.h>
#include <pthread.h>
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

    /// The sampled thread's stack, captured at start: the walk reads only inside it.
    uint64_t stack_low;
    uint64_t stack_high;

    timer_t timer;
    int timer_created;
};

/// The sampler of the thread the signal arrived on. Initial-exec TLS: the
/// general-dynamic model may allocate on first access, which a handler must not do.
static __thread wsc_sampler *thread_sampler __attribute__((tls_model("initial-exec")));

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
    return sampler;
}

void wsc_sampler_destroy(wsc_sampler *sampler) {
    if (sampler == NULL) return;
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

static void handle_profiling_signal(int signal, siginfo_t *info, void *context) {
    int saved_errno = errno;
    wsc_sampler *sampler = thread_sampler;
    int ours = info->si_code == SI_TIMER && sampler != NULL && info->si_value.sival_ptr == sampler;
    if (ours) {
        if (atomic_load_explicit(&sampler->running, memory_order_acquire)) {
            const ucontext_t *user_context = context;
            uint64_t pc = (uint64_t)user_context->uc_mcontext.gregs[REG_RIP];
            uint64_t frame_pointer = (uint64_t)user_context->uc_mcontext.gregs[REG_RBP];
            uint64_t stack_pointer = (uint64_t)user_context->uc_mcontext.gregs[REG_RSP];
            // A CPU-clock timer is checked at scheduler ticks, which may be
            // coarser than the interval: the overrun says how many expirations
            // this one signal stands for.
            uint64_t weight = 1 + (uint64_t)(info->si_overrun > 0 ? info->si_overrun : 0);
            wsc_sampler_record(sampler, pc, frame_pointer, stack_pointer, weight);
        }
    } else if (info->si_code != SI_TIMER) {
        // Someone else's SIGPROF (setitimer, kill): theirs to handle if they
        // installed a handler. A timer signal of a stopped sampler is ignored,
        // never given to the default action, which would end the process.
        if ((previous_action.sa_flags & SA_SIGINFO) != 0 && previous_action.sa_sigaction != NULL) {
            errno = saved_errno;
            previous_action.sa_sigaction(signal, info, context);
            return;
        }
        if ((previous_action.sa_flags & SA_SIGINFO) == 0 && previous_action.sa_handler != SIG_DFL &&
            previous_action.sa_handler != SIG_IGN) {
            errno = saved_errno;
            previous_action.sa_handler(signal);
            return;
        }
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

int wsc_sampler_start(wsc_sampler *sampler, wsc_sampler_clock clock, uint32_t frequency) {
    if (frequency == 0 || frequency > 100000) return EINVAL;
    if (thread_sampler != NULL || sampler->timer_created) return EBUSY;
    pthread_once(&handler_once, install_handler);
    if (handler_status != 0) return handler_status;
    wsc_sampler_capture_stack_bounds(sampler);

    thread_sampler = sampler;
    atomic_store_explicit(&sampler->running, 1, memory_order_release);

    struct sigevent event;
    memset(&event, 0, sizeof event);
    event.sigev_notify = SIGEV_THREAD_ID;
    event.sigev_signo = SIGPROF;
    event.sigev_value.sival_ptr = sampler;
    event.sigev_notify_thread_id = (pid_t)wsc_sampler_current_thread_id();
    // CLOCK_THREAD_CPUTIME_ID is the CPU clock of the calling thread, which is the guest thread.
    clockid_t clock_id = clock == WSC_SAMPLER_CLOCK_CPU ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC;
    if (timer_create(clock_id, &event, &sampler->timer) != 0) {
        int error = errno;
        atomic_store_explicit(&sampler->running, 0, memory_order_release);
        thread_sampler = NULL;
        return error;
    }
    sampler->timer_created = 1;

    uint64_t interval = 1000000000ull / frequency;
    struct itimerspec timing;
    timing.it_interval.tv_sec = (time_t)(interval / 1000000000ull);
    timing.it_interval.tv_nsec = (long)(interval % 1000000000ull);
    timing.it_value = timing.it_interval;
    if (timer_settime(sampler->timer, 0, &timing, NULL) != 0) {
        int error = errno;
        wsc_sampler_stop(sampler);
        return error;
    }
    return 0;
}

int wsc_sampler_stop(wsc_sampler *sampler) {
    atomic_store_explicit(&sampler->running, 0, memory_order_release);
    int status = 0;
    if (sampler->timer_created) {
        if (timer_delete(sampler->timer) != 0) status = errno;
        sampler->timer_created = 0;
    }
    if (thread_sampler == sampler) thread_sampler = NULL;
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
