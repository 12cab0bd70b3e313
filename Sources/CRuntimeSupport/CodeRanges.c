// The registry of JIT code ranges. The signal handler asks it whether a
// faulting pc is JIT code, so readers take no locks and allocate nothing:
// a fixed array of (start, end) pairs published with atomics. Writers
// (loading and unloading modules) serialize on a mutex.
#include "Internal.h"

#include <pthread.h>
#include <stdatomic.h>

#define WSC_MAX_CODE_RANGES 16384

// A slot is live when `end` is nonzero. Registration writes start, then end;
// removal clears end, then start; so a reader never matches a half-written slot.
static _Atomic uint64_t range_starts[WSC_MAX_CODE_RANGES];
static _Atomic uint64_t range_ends[WSC_MAX_CODE_RANGES];
/// Slots at and above this index have never been used.
static _Atomic int32_t slots_in_use;
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;

int32_t wsc_register_code_range(const void *start, size_t length) {
    if (length == 0) return -1;
    pthread_mutex_lock(&registry_lock);
    int32_t used = atomic_load_explicit(&slots_in_use, memory_order_relaxed);
    int32_t slot = -1;
    for (int32_t index = 0; index < used; index++) {
        if (atomic_load_explicit(&range_ends[index], memory_order_relaxed) == 0) {
            slot = index;
            break;
        }
    }
    if (slot < 0 && used < WSC_MAX_CODE_RANGES) slot = used;
    if (slot >= 0) {
        atomic_store_explicit(&range_starts[slot], (uint64_t)start, memory_order_release);
        atomic_store_explicit(&range_ends[slot], (uint64_t)start + length, memory_order_release);
        if (slot == used) atomic_store_explicit(&slots_in_use, used + 1, memory_order_release);
    }
    pthread_mutex_unlock(&registry_lock);
    return slot;
}

void wsc_unregister_code_range(int32_t handle) {
    if (handle < 0 || handle >= WSC_MAX_CODE_RANGES) return;
    pthread_mutex_lock(&registry_lock);
    atomic_store_explicit(&range_ends[handle], 0, memory_order_release);
    atomic_store_explicit(&range_starts[handle], 0, memory_order_release);
    pthread_mutex_unlock(&registry_lock);
}

int wsc_is_jit_code(uint64_t pc) {
    int32_t used = atomic_load_explicit(&slots_in_use, memory_order_acquire);
    for (int32_t index = 0; index < used; index++) {
        uint64_t end = atomic_load_explicit(&range_ends[index], memory_order_acquire);
        if (end == 0 || pc >= end) continue;
        uint64_t start = atomic_load_explicit(&range_starts[index], memory_order_acquire);
        if (pc >= start && start != 0) return 1;
    }
    return 0;
}
