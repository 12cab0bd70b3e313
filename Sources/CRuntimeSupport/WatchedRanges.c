// The registry of watched ranges: memory a debugger has write-protected to
// catch stores into it. The signal handler asks it whether a SIGSEGV/SIGBUS
// at any pc (JIT code, host code, another thread) belongs to the debugger's
// hook, so readers take no locks, as with the code ranges (CodeRanges.c).
#include "Internal.h"

#include <pthread.h>
#include <stdatomic.h>

#define WSC_MAX_WATCHED_RANGES 1024

// A slot is live when `end` is nonzero; registration writes start, then end.
static _Atomic uint64_t watched_starts[WSC_MAX_WATCHED_RANGES];
static _Atomic uint64_t watched_ends[WSC_MAX_WATCHED_RANGES];
static _Atomic int32_t watched_slots_in_use;
static pthread_mutex_t watched_lock = PTHREAD_MUTEX_INITIALIZER;

int32_t wsc_register_watched_range(const void *start, size_t length) {
    if (length == 0) return -1;
    pthread_mutex_lock(&watched_lock);
    int32_t used = atomic_load_explicit(&watched_slots_in_use, memory_order_relaxed);
    int32_t slot = -1;
    for (int32_t index = 0; index < used; index++) {
        if (atomic_load_explicit(&watched_ends[index], memory_order_relaxed) == 0) {
            slot = index;
            break;
        }
    }
    if (slot < 0 && used < WSC_MAX_WATCHED_RANGES) slot = used;
    if (slot >= 0) {
        atomic_store_explicit(&watched_starts[slot], (uint64_t)start, memory_order_release);
        atomic_store_explicit(&watched_ends[slot], (uint64_t)start + length, memory_order_release);
        if (slot == used) atomic_store_explicit(&watched_slots_in_use, used + 1, memory_order_release);
    }
    pthread_mutex_unlock(&watched_lock);
    return slot;
}

void wsc_unregister_watched_range(int32_t handle) {
    if (handle < 0 || handle >= WSC_MAX_WATCHED_RANGES) return;
    pthread_mutex_lock(&watched_lock);
    atomic_store_explicit(&watched_ends[handle], 0, memory_order_release);
    atomic_store_explicit(&watched_starts[handle], 0, memory_order_release);
    pthread_mutex_unlock(&watched_lock);
}

int wsc_is_watched_address(uint64_t address) {
    int32_t used = atomic_load_explicit(&watched_slots_in_use, memory_order_acquire);
    for (int32_t index = 0; index < used; index++) {
        uint64_t end = atomic_load_explicit(&watched_ends[index], memory_order_acquire);
        if (end == 0 || address >= end) continue;
        uint64_t start = atomic_load_explicit(&watched_starts[index], memory_order_acquire);
        if (address >= start && start != 0) return 1;
    }
    return 0;
}
