// CSampler: the part of the sampling profiler that runs inside a signal
// handler, which Swift cannot write (no allocation, no locks, no runtime
// calls are allowed there), and the per-thread POSIX timer that raises it.
//
// How a sample is taken: `wsc_sampler_start_target` creates a timer
// (`timer_create` with `SIGEV_THREAD_ID`) on the target thread's CPU clock
// or on the monotonic clock, which sends SIGPROF to that thread only. Any
// thread may start it: the debugger's controller samples the guest thread
// it runs (`wsc_sampler_start` is the shorthand for the calling thread).
// The signal carries a token naming the sampler's slot in a fixed table,
// never a pointer the handler would have to trust: a stale signal of a
// stopped sampler, or one for another thread, finds no match and is ignored.
// The handler reads rip/rbp/rsp from the interrupted context and
// appends one record to the sampler's ring buffer:
//
// - rip in JIT code: the pc, then the return addresses of the RBP chain
//   (docs/jit-abi.md: `[rbp]` is the caller's rbp, `[rbp + 8]` the return
//   address), as long as they point into JIT code;
// - rip elsewhere, while the thread is inside `wsc_enter` and one of the
//   registered VM contexts holds a last exit frame below the interrupted
//   frame: a host sample, the exit pc (a return address into the wasm
//   function that called the host) and the chain from the exit frame;
// - otherwise an "outside" sample with only the pc.
//
// The ring buffer has one producer (the handler, on the sampled thread) and
// one consumer (whoever calls `wsc_sampler_drain`), so head and tail are
// plain atomics; when it is full the sample is dropped and counted.
//
// Symbols are prefixed `wsc_sampler_`.
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Return addresses kept per sample; deeper stacks keep their innermost frames.
#define WSC_SAMPLER_MAX_FRAMES 1024

/// VM contexts whose last exit the handler looks at (one per instance of a program).
#define WSC_SAMPLER_MAX_VM_CONTEXTS 32

/// What a record's pc means.
typedef enum wsc_sample_kind {
    /// The thread was running JIT code: `pc` is rip.
    WSC_SAMPLE_JIT = 1,
    /// The thread was in host code called from wasm (a host function or a
    /// builtin): `pc` is the return address into the calling wasm function.
    WSC_SAMPLE_HOST = 2,
    /// Neither: `pc` is rip, and there are no return addresses.
    WSC_SAMPLE_OUTSIDE = 3,
} wsc_sample_kind;

/// Which clock drives the timer.
typedef enum wsc_sampler_clock {
    /// CPU time of the guest thread: samples only while it runs.
    WSC_SAMPLER_CLOCK_CPU = 0,
    /// CLOCK_MONOTONIC: samples while it runs, waits or sleeps.
    WSC_SAMPLER_CLOCK_WALL = 1,
} wsc_sampler_clock;

// MARK: - Record layout
//
// A record is a run of 64-bit words in the ring buffer:
//   [0] header: WSC_SAMPLE_MAGIC << 48 | kind << 40 | flags << 32 | frame count
//   [1] timestamp, CLOCK_MONOTONIC nanoseconds
//   [2] pc (see wsc_sample_kind)
//   [3] rip (equal to pc except in host samples)
//   [4] weight: timer expirations this sample stands for (1 + overrun)
//   [5] the word at [rsp] and [6] the word at [rsp + 8], or 0 when rsp is
//       not on the thread's stack: in a function's first instructions or its
//       last, before `push rbp` / after `pop rbp`, rbp is still the caller's
//       and the return address is there, which the Swift side uses to add
//       the frame the RBP chain misses
//   [7 ...] frame count return addresses, innermost first.

#define WSC_SAMPLE_HEADER_WORDS 7
#define WSC_SAMPLE_MAGIC 0x5753ull
/// The chain was cut at WSC_SAMPLER_MAX_FRAMES.
#define WSC_SAMPLE_FLAG_TRUNCATED 1u

static inline uint32_t wsc_sample_frame_count(uint64_t header) { return (uint32_t)(header & 0xffffffffu); }
static inline uint32_t wsc_sample_kind_of(uint64_t header) { return (uint32_t)((header >> 40) & 0xff); }
static inline uint32_t wsc_sample_flags_of(uint64_t header) { return (uint32_t)((header >> 32) & 0xff); }
static inline int wsc_sample_header_is_valid(uint64_t header) { return (header >> 48) == WSC_SAMPLE_MAGIC; }

// MARK: - Sampler

typedef struct wsc_sampler wsc_sampler;

/// A sampler with a ring buffer of `capacity_words` words (at least 4096),
/// allocated and touched now so the handler never faults a page in.
/// `exit_frame_pointer_offset` / `exit_pc_offset` are where a VM context keeps
/// the last exit (`VMContextLayout.lastExitFramePointer` / `lastExitPC`).
/// NULL if the memory cannot be had.
wsc_sampler *wsc_sampler_create(size_t capacity_words, int32_t exit_frame_pointer_offset, int32_t exit_pc_offset);

/// Frees the sampler; it must be stopped.
void wsc_sampler_destroy(wsc_sampler *sampler);

/// Adds a VM context whose last exit a host sample may walk from. Before
/// `wsc_sampler_start` only. Returns 0, or -1 when WSC_SAMPLER_MAX_VM_CONTEXTS are taken.
int wsc_sampler_add_vm_context(wsc_sampler *sampler, const void *vm_context);

/// Samplers running at once, process-wide.
#define WSC_SAMPLER_MAX_RUNNING 64

/// The thread a sampler samples.
typedef struct wsc_sampler_target {
    /// Kernel thread id (gettid): where the timer's signals go.
    int32_t thread_id;
    /// The thread's CPU-time clock (`pthread_getcpuclockid`), for WSC_SAMPLER_CLOCK_CPU.
    int32_t cpu_clock;
    /// The thread's stack: the handler reads frames only inside it.
    uint64_t stack_low;
    uint64_t stack_high;
} wsc_sampler_target;

/// The calling thread as a target. Also unblocks SIGPROF on it: a thread
/// inherits its creator's signal mask, and libdispatch's workers block most
/// signals, which would silence the timer.
wsc_sampler_target wsc_sampler_prepare_current_thread(void);

/// Starts sampling `target` (a thread of this process that unblocks
/// SIGPROF, see `wsc_sampler_prepare_current_thread`) `frequency` times a
/// second of `clock`. Any thread may call it. Installs the SIGPROF handler
/// the first time (SA_RESTART, so system calls the guest makes through WASI
/// are restarted rather than failing with EINTR; SA_ONSTACK; SA_SIGINFO).
/// Returns 0, EBUSY when the sampler already runs or
/// WSC_SAMPLER_MAX_RUNNING samplers do, or another errno value (ESRCH or
/// EINVAL for a thread that has ended).
int wsc_sampler_start_target(wsc_sampler *sampler, const wsc_sampler_target *target, wsc_sampler_clock clock,
                             uint32_t frequency);

/// `wsc_sampler_start_target` on the calling thread.
int wsc_sampler_start(wsc_sampler *sampler, wsc_sampler_clock clock, uint32_t frequency);

/// Disarms the timer and drops any signal still on its way, until
/// `wsc_sampler_resume` (the debugger does this while its guest is stopped:
/// with the wall clock, samples of a thread blocked in the debugger's
/// signal handler would say nothing about the program). Resuming goes on
/// with the time that was left to the next expiry, so the timer measures
/// the time the thread was let run, however it is cut up. Returns 0, or
/// EINVAL when the sampler does not run.
int wsc_sampler_pause(wsc_sampler *sampler);
int wsc_sampler_resume(wsc_sampler *sampler);

/// Stops the timer. Any thread: it returns once no handler uses the
/// sampler, so the sampler may be destroyed then. Returns 0 or an errno value.
int wsc_sampler_stop(wsc_sampler *sampler);

/// Moves whole records from the ring buffer into `destination` (at most
/// `capacity` words) and returns how many words it wrote. Any thread; one
/// drainer at a time.
size_t wsc_sampler_drain(wsc_sampler *sampler, uint64_t *destination, size_t capacity);

/// Samples recorded (including drained ones), and samples lost to a full buffer.
uint64_t wsc_sampler_recorded_count(const wsc_sampler *sampler);
uint64_t wsc_sampler_dropped_count(const wsc_sampler *sampler);

/// Records one sample as the handler would for a thread interrupted at
/// (pc, frame pointer, stack pointer), on the calling thread's stack. For
/// tests of the ring buffer and the walk; the thread's stack bounds must have
/// been captured by `wsc_sampler_start` or `wsc_sampler_capture_stack_bounds`.
void wsc_sampler_record(wsc_sampler *sampler, uint64_t pc, uint64_t frame_pointer, uint64_t stack_pointer,
                        uint64_t weight);

/// Captures the calling thread's stack bounds for `wsc_sampler_record` (start does it itself).
void wsc_sampler_capture_stack_bounds(wsc_sampler *sampler);

/// The calling thread's kernel thread id.
int32_t wsc_sampler_current_thread_id(void);

/// CLOCK_MONOTONIC now, in nanoseconds: the time base of the records.
uint64_t wsc_sampler_monotonic_now(void);

#ifdef __cplusplus
}
#endif
