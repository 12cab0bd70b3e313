// The host call hook: the runtime calls `wsc_notify_host_call` before and
// after every host function it dispatches from JIT code, and a debugger can
// listen (see CRuntimeSupport.h). Unset, it costs an atomic load.
#include "Internal.h"

#include <stdatomic.h>

static _Atomic(wsc_host_call_hook) host_call_hook;
static _Atomic(void *) host_call_hook_data;

void wsc_set_host_call_hook(wsc_host_call_hook hook, void *user_data) {
    atomic_store_explicit(&host_call_hook_data, user_data, memory_order_release);
    atomic_store_explicit(&host_call_hook, hook, memory_order_release);
}

void wsc_notify_host_call(int phase, const void *host_record, uint64_t *slots) {
    wsc_host_call_hook hook = atomic_load_explicit(&host_call_hook, memory_order_acquire);
    if (hook == NULL) return;
    hook(phase, host_record, slots, atomic_load_explicit(&host_call_hook_data, memory_order_acquire));
}
