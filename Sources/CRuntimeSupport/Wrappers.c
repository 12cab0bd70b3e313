// Thin wrappers for what Swift cannot import or express directly.
#include "Internal.h"

#include <stdatomic.h>
#include <sys/mman.h>

int wsc_memfd_create(const char *name, unsigned int flags) { return memfd_create(name, flags); }

void wsc_atomic_store_u32(uint32_t *address, uint32_t value) {
    atomic_store_explicit((_Atomic uint32_t *)address, value, memory_order_seq_cst);
}

uint32_t wsc_atomic_load_u32(const uint32_t *address) {
    return atomic_load_explicit((_Atomic const uint32_t *)address, memory_order_seq_cst);
}

uint64_t wsc_current_stack_pointer(void) { return (uint64_t)__builtin_frame_address(0); }
