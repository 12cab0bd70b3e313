// The signal handlers that turn faults in JIT code into wasm traps, and hand
// every other fault to whoever handled it before us.
//
// A handler runs on the thread's alternate stack (a guest stack overflow
// leaves no room on the normal one). It decides in this order: a debugger
// hook may claim any signal at a JIT pc (an added hook also SIGTRAPs and
// faults on watched memory anywhere); a fault at a JIT pc on a thread
// inside `wsc_enter` is a trap and unwinds there; anything else is chained.
#include "Internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

static struct sigaction previous_actions[NSIG];
static pthread_once_t fault_handlers_once = PTHREAD_ONCE_INIT;
static pthread_once_t breakpoint_handler_once = PTHREAD_ONCE_INIT;
static int fault_handlers_status;
static int breakpoint_handler_status;

static _Atomic(wsc_signal_hook) signal_hook;
static _Atomic(void *) signal_hook_data;

/// Hooks added with `wsc_add_signal_hook`: a slot is live once its hook is
/// non-NULL (data is stored first), and never changes after that.
#define WSC_MAX_ADDED_HOOKS 4
static _Atomic(wsc_signal_hook) added_hooks[WSC_MAX_ADDED_HOOKS];
static _Atomic(void *) added_hook_data[WSC_MAX_ADDED_HOOKS];
static pthread_mutex_t added_hooks_lock = PTHREAD_MUTEX_INITIALIZER;

int wsc_add_signal_hook(wsc_signal_hook hook, void *user_data) {
    int status = -1;
    pthread_mutex_lock(&added_hooks_lock);
    for (int index = 0; index < WSC_MAX_ADDED_HOOKS; index++) {
        if (atomic_load_explicit(&added_hooks[index], memory_order_relaxed) != NULL) continue;
        atomic_store_explicit(&added_hook_data[index], user_data, memory_order_release);
        atomic_store_explicit(&added_hooks[index], hook, memory_order_release);
        status = 0;
        break;
    }
    pthread_mutex_unlock(&added_hooks_lock);
    return status;
}

/// Offers the signal to the added hooks; nonzero when one claimed it.
static int run_added_hooks(int signal, siginfo_t *info, ucontext_t *context, int at_jit_pc, uint64_t fault_address) {
    // Beyond JIT pcs, added hooks see every SIGTRAP and faults on watched memory.
    int eligible = at_jit_pc || signal == SIGTRAP ||
                   ((signal == SIGSEGV || signal == SIGBUS) && wsc_is_watched_address(fault_address));
    if (!eligible) return 0;
    for (int index = 0; index < WSC_MAX_ADDED_HOOKS; index++) {
        wsc_signal_hook hook = atomic_load_explicit(&added_hooks[index], memory_order_acquire);
        if (hook == NULL) break;
        void *data = atomic_load_explicit(&added_hook_data[index], memory_order_acquire);
        if (hook(signal, info, context, data)) return 1;
    }
    return 0;
}

void wsc_set_signal_hook(wsc_signal_hook hook, void *user_data) {
    // Data first: a handler that sees the new hook must see its data.
    atomic_store_explicit(&signal_hook_data, user_data, memory_order_release);
    atomic_store_explicit(&signal_hook, hook, memory_order_release);
}

int wsc_is_wasm_trap(int signal, uint64_t pc, uint64_t fault_address, int has_activation) {
    if (!has_activation) return 0;
    if (signal != SIGSEGV && signal != SIGBUS && signal != SIGILL && signal != SIGFPE) return 0;
    // For a SIGSEGV/SIGBUS at the faulting address itself, the cpu jumped to
    // a bad address: the pc is not a wasm op's, so it is not ours to explain.
    if ((signal == SIGSEGV || signal == SIGBUS) && fault_address == pc) return 0;
    return wsc_is_jit_code(pc);
}

/// Follows the RBP chain from the faulting frame, reading only inside the
/// activation's part of the stack, so a corrupt frame pointer cannot make the
/// handler fault.
static void record_frames(wsc_trap_info *info, uint64_t frame_pointer, uint64_t stack_pointer, uint64_t stack_top) {
    uint32_t count = 0;
    uint64_t fp = frame_pointer;
    while (count < WSC_TRAP_MAX_FRAMES && (fp & 7) == 0 && fp >= stack_pointer && fp + 16 <= stack_top) {
        const uint64_t *frame = (const uint64_t *)fp;
        info->return_addresses[count++] = frame[1];
        uint64_t caller = frame[0];
        // Callers' frames lie at higher addresses; anything else ends the chain.
        if (caller <= fp) break;
        fp = caller;
    }
    info->return_address_count = count;
}

/// Runs the handler that was installed before ours as the kernel would have:
/// with the mask it asked for. Without that, a previous handler that waits for
/// another signal (a crash reporter collecting threads) can hang.
static void chain_to_previous(int signal, siginfo_t *info, void *context) {
    const struct sigaction *previous = &previous_actions[signal];
    ucontext_t *user_context = context;
    int takes_info = (previous->sa_flags & SA_SIGINFO) != 0;
    void (*plain)(int) = previous->sa_handler;

    int is_default = takes_info ? previous->sa_sigaction == NULL : plain == SIG_DFL;
    // Ignoring a fault the kernel raised would re-run the instruction forever.
    if (!takes_info && plain == SIG_IGN) {
        if (info->si_code <= 0 || signal == SIGTRAP) return;
        is_default = 1;
    }
    if (is_default) {
        struct sigaction default_action;
        memset(&default_action, 0, sizeof default_action);
        default_action.sa_handler = SIG_DFL;
        sigemptyset(&default_action.sa_mask);
        sigaction(signal, &default_action, NULL);
        // A fault the kernel raised recurs when the instruction is re-run,
        // now with the default action, so the core shows the real site. A
        // sent signal (or an int3, which does not re-run) is raised again.
        if (info->si_code > 0 && signal != SIGTRAP) return;
        sigset_t unblock;
        sigemptyset(&unblock);
        sigaddset(&unblock, signal);
        pthread_sigmask(SIG_UNBLOCK, &unblock, NULL);
        raise(signal);
        return;
    }

    sigset_t mask = user_context->uc_sigmask;
    for (int other = 1; other < NSIG; other++) {
        if (sigismember(&previous->sa_mask, other) == 1) sigaddset(&mask, other);
    }
    if ((previous->sa_flags & SA_NODEFER) == 0) sigaddset(&mask, signal);
    pthread_sigmask(SIG_SETMASK, &mask, NULL);
    if (takes_info) {
        previous->sa_sigaction(signal, info, context);
    } else {
        plain(signal);
    }
}

static void handle_signal(int signal, siginfo_t *info, void *context) {
    int saved_errno = errno;
    ucontext_t *user_context = context;
    uint64_t pc = (uint64_t)user_context->uc_mcontext.gregs[REG_RIP];
    uint64_t fault_address = (uint64_t)info->si_addr;

    int at_jit_pc = wsc_is_jit_code(pc);
    if (atomic_load_explicit(&added_hooks[0], memory_order_acquire) != NULL &&
        run_added_hooks(signal, info, user_context, at_jit_pc, fault_address)) {
        errno = saved_errno;
        return;
    }

    wsc_signal_hook hook = atomic_load_explicit(&signal_hook, memory_order_acquire);
    if (hook != NULL && at_jit_pc) {
        void *data = atomic_load_explicit(&signal_hook_data, memory_order_acquire);
        if (hook(signal, info, user_context, data)) {
            errno = saved_errno;
            return;
        }
    }

    wsc_thread_state *state = &wsc_current_thread;
    wsc_activation *activation = state->innermost;
    // Only a fault the cpu raised is a trap; the same signal sent by kill()
    // while guest code happens to run is someone else's business.
    int raised_by_fault = info->si_code > 0;
    if (raised_by_fault && wsc_is_wasm_trap(signal, pc, fault_address, activation != NULL)) {
        wsc_trap_info *trap = activation->trap_info;
        uint64_t frame_pointer = (uint64_t)user_context->uc_mcontext.gregs[REG_RBP];
        uint64_t stack_pointer = (uint64_t)user_context->uc_mcontext.gregs[REG_RSP];
        trap->signal = signal;
        trap->signal_code = info->si_code;
        trap->pc = pc;
        trap->fault_address = fault_address;
        trap->frame_pointer = frame_pointer;
        trap->stack_pointer = stack_pointer;
        record_frames(trap, frame_pointer, stack_pointer, activation->stack_top);
        state->mask_at_fault = user_context->uc_sigmask;
        siglongjmp(activation->jump_buffer, 1);
    }

    errno = saved_errno;
    chain_to_previous(signal, info, context);
}

static int install(int signal) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = handle_signal;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    struct sigaction current;
    if (sigaction(signal, NULL, &current) != 0) return errno;
    // Never record ourselves as the previous handler: chaining would loop.
    int already_ours = (current.sa_flags & SA_SIGINFO) != 0 && current.sa_sigaction == handle_signal;
    if (!already_ours) previous_actions[signal] = current;
    if (sigaction(signal, &action, NULL) != 0) return errno;
    return 0;
}

static void install_fault_handlers(void) {
    const int signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE};
    for (size_t index = 0; index < sizeof signals / sizeof signals[0]; index++) {
        int status = install(signals[index]);
        if (status != 0 && fault_handlers_status == 0) fault_handlers_status = status;
    }
}

static void install_breakpoint_handler(void) { breakpoint_handler_status = install(SIGTRAP); }

int wsc_install_signal_handlers(void) {
    pthread_once(&fault_handlers_once, install_fault_handlers);
    return fault_handlers_status;
}

int wsc_reinstall_signal_handlers(void) {
    pthread_once(&fault_handlers_once, install_fault_handlers);
    fault_handlers_status = 0;
    install_fault_handlers();
    return fault_handlers_status;
}

int wsc_install_breakpoint_handler(void) {
    pthread_once(&breakpoint_handler_once, install_breakpoint_handler);
    return breakpoint_handler_status;
}
