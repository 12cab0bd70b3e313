// The signal-side half of the debugger: the hook CRuntimeSupport's handlers
// call first (int3s, single steps, faults at JIT pcs, faults on watched
// pages anywhere), the pause signal's own handler, and the host call hook.
// Everything here runs on the guest thread, most of it in signal handlers:
// no allocation, no Swift, no pthread locks.
#include "Internal.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>

/// si_code values the kernel uses for SIGTRAP on x86-64.
#ifndef TRAP_TRACE
#define TRAP_TRACE 2
#endif

static greg_t *registers_of(ucontext_t *context) { return context->uc_mcontext.gregs; }

static void clear_trap_flag(ucontext_t *context) { registers_of(context)[REG_EFL] &= ~(greg_t)WSD_TRAP_FLAG; }

static void begin_stop(wsd_session *session, uint32_t kind, uint64_t pc) {
    memset(&session->stop, 0, offsetof(wsd_stop_info, trap));
    session->stop.kind = kind;
    session->stop.watch_id = -1;
    session->stop.pc = pc;
}

/// Stops with the stop record already begun, then resumes as commanded.
static void stop_here(wsd_session *session, ucontext_t *context) {
    uint32_t command = wsd_stop_and_wait(session, context);
    wsd_prepare_to_run(session, context, command);
}

/// The return address through which a call into host code comes back to
/// module code: [rsp] for a builtin called from module code; [rbp + 8] for a
/// host function, whose call came through the host-call stub's frame.
static uint64_t return_into_module(wsd_session *session, ucontext_t *context) {
    uint64_t stack_pointer = (uint64_t)registers_of(context)[REG_RSP];
    uint64_t frame_pointer = (uint64_t)registers_of(context)[REG_RBP];
    if (stack_pointer >= session->stack_low && stack_pointer + 8 <= session->stack_high) {
        uint64_t candidate = *(const uint64_t *)stack_pointer;
        if (wsd_is_module_code(session, candidate)) return candidate;
    }
    if ((frame_pointer & 7) == 0 && frame_pointer >= stack_pointer && frame_pointer + 16 <= session->stack_high) {
        uint64_t candidate = ((const uint64_t *)frame_pointer)[1];
        if (wsd_is_module_code(session, candidate)) return candidate;
    }
    return 0;
}

// MARK: - Breakpoints and single steps (SIGTRAP)

static int handle_int3(wsd_session *session, ucontext_t *context) {
    uint64_t address = (uint64_t)registers_of(context)[REG_RIP] - 1;
    wsd_patch_lookup lookup = wsd_patch_find(session, address);
    if (!lookup.found) {
        // An int3 removed after the cpu fetched it: run the real instruction.
        if (wsc_is_jit_code(address) && *(volatile const uint8_t *)address != WSD_INT3) {
            registers_of(context)[REG_RIP] = (greg_t)address;
            return 1;
        }
        return 0;  // an int3 that is not ours
    }
    registers_of(context)[REG_RIP] = (greg_t)address;
    if (atomic_load(&session->terminating) || (!lookup.mine_user && !lookup.mine_internal)) {
        wsd_prepare_to_run(session, context, WSD_COMMAND_CONTINUE);
        return 1;
    }
    uint32_t kind = WSD_STOP_NONE;
    int32_t watch_id = -1;
    if (lookup.mine_internal) {
        uint32_t reasons = wsd_internal_patch_take(session, address);
        if (reasons & WSD_REASON_WINDOW_END) {
            wsd_spin_lock(&session->watch_lock);
            if (session->builtin_window) {
                watch_id = wsd_watches_compare(session);
                session->builtin_window = 0;
                wsd_watches_apply_protection(session);
            }
            wsd_spin_unlock(&session->watch_lock);
            if (watch_id >= 0) kind = WSD_STOP_WATCH;
        }
        if (kind == WSD_STOP_NONE && (reasons & WSD_REASON_STEP_TARGET)) kind = WSD_STOP_SINGLE_STEP;
    }
    if (kind == WSD_STOP_NONE && lookup.mine_user) kind = WSD_STOP_BREAKPOINT;
    if (kind == WSD_STOP_NONE) {
        wsd_prepare_to_run(session, context, WSD_COMMAND_CONTINUE);
        return 1;
    }
    begin_stop(session, kind, address);
    session->stop.watch_id = watch_id;
    stop_here(session, context);
    return 1;
}

static int handle_trace(wsd_session *session, ucontext_t *context) {
    if (session->step_over_address == 0 && !session->watch_step && !session->user_step) {
        // A trace trap nobody asked for (a trap flag left over): just run on.
        clear_trap_flag(context);
        return 1;
    }
    uint64_t pc = (uint64_t)registers_of(context)[REG_RIP];
    int terminating = atomic_load(&session->terminating);
    uint32_t kind = WSD_STOP_NONE;
    int32_t watch_id = -1;
    if (session->step_over_address != 0) {
        wsd_patch_relift(session->step_over_address);
        session->step_over_address = 0;
    }
    if (session->watch_step) {
        session->watch_step = 0;
        wsd_spin_lock(&session->watch_lock);
        watch_id = wsd_watches_compare(session);
        session->step_window = 0;
        wsd_watches_apply_protection(session);
        wsd_spin_unlock(&session->watch_lock);
        if (watch_id >= 0 && !terminating) kind = WSD_STOP_WATCH;
    }
    if (session->user_step) {
        session->user_step = 0;
        if (!terminating && kind == WSD_STOP_NONE) {
            if (wsc_is_jit_code(pc)) {
                kind = WSD_STOP_SINGLE_STEP;
            } else {
                // The step went into host code through a call: stop where it comes back.
                uint64_t target = return_into_module(session, context);
                if (target != 0) wsd_internal_patch_add(session, target, WSD_REASON_STEP_TARGET);
            }
        }
    }
    clear_trap_flag(context);
    if (kind != WSD_STOP_NONE) {
        begin_stop(session, kind, pc);
        session->stop.watch_id = watch_id;
        if (kind == WSD_STOP_WATCH) session->stop.store_pc = session->watch_store_pc;
        stop_here(session, context);
    }
    return 1;
}

// MARK: - Faults at JIT pcs: wasm traps

/// The interrupt check's stub is `ud2; jmp resume` (WasmJIT TrapStubs.swift);
/// returns the jump's target, or 0 when `pc` is another ud2.
static uint64_t interrupt_resume_address(uint64_t pc) {
    const uint8_t *code = (const uint8_t *)pc;
    if (code[0] != 0x0F || code[1] != 0x0B) return 0;
    if (code[2] == 0xEB) return pc + 4 + (uint64_t)(int64_t)(int8_t)code[3];
    if (code[2] == 0xE9) {
        int32_t displacement;
        memcpy(&displacement, code + 3, 4);
        return pc + 7 + (uint64_t)(int64_t)displacement;
    }
    return 0;
}

/// Follows the RBP chain as the runtime's handler does, within the guest's stack.
static void record_frames(wsd_session *session, wsc_trap_info *info) {
    uint32_t count = 0;
    uint64_t frame_pointer = info->frame_pointer;
    while (count < WSC_TRAP_MAX_FRAMES && (frame_pointer & 7) == 0 && frame_pointer >= info->stack_pointer &&
           frame_pointer + 16 <= session->stack_high) {
        const uint64_t *frame = (const uint64_t *)frame_pointer;
        info->return_addresses[count++] = frame[1];
        if (frame[0] <= frame_pointer) break;
        frame_pointer = frame[0];
    }
    info->return_address_count = count;
}

static int handle_fault(wsd_session *session, int signal, siginfo_t *info, ucontext_t *context) {
    if (atomic_load(&session->terminating) || info->si_code <= 0) return 0;
    uint64_t pc = (uint64_t)registers_of(context)[REG_RIP];
    uint64_t fault_address = (uint64_t)info->si_addr;
    if (!wsc_is_wasm_trap(signal, pc, fault_address, wsc_activation_depth() > 0)) return 0;

    // The interrupt flag set for a pause: the check's ud2 is the pause.
    if (signal == SIGILL && atomic_load(&session->pause_via_interrupt)) {
        uint64_t resume = interrupt_resume_address(pc);
        if (resume != 0) {
            registers_of(context)[REG_RIP] = (greg_t)resume;
            begin_stop(session, WSD_STOP_PAUSED, resume);
            stop_here(session, context);
            return 1;
        }
    }

    // A trap ends any step in flight; put back what the step lifted.
    if (session->step_over_address != 0) {
        wsd_patch_relift(session->step_over_address);
        session->step_over_address = 0;
    }
    session->user_step = 0;
    if (session->watch_step) {
        session->watch_step = 0;
        wsd_spin_lock(&session->watch_lock);
        session->step_window = 0;
        wsd_watches_apply_protection(session);
        wsd_spin_unlock(&session->watch_lock);
    }
    clear_trap_flag(context);

    begin_stop(session, WSD_STOP_TRAP, pc);
    wsc_trap_info *trap = &session->stop.trap;
    trap->signal = signal;
    trap->signal_code = info->si_code;
    trap->pc = pc;
    trap->fault_address = fault_address;
    trap->frame_pointer = (uint64_t)registers_of(context)[REG_RBP];
    trap->stack_pointer = (uint64_t)registers_of(context)[REG_RSP];
    record_frames(session, trap);
    wsd_stop_and_wait(session, context);
    // Whatever the command, the trap proceeds: the runtime's handler unwinds.
    clear_trap_flag(context);
    return 0;
}

// MARK: - Faults on watched pages

static int handle_watch_fault(wsd_session *session, ucontext_t *context, uint64_t fault_address) {
    wsd_session *owner = wsd_watch_owner(fault_address);
    if (owner == NULL) {
        // The watch went away while this store was faulting: the page is
        // linear memory, writable again once the removal finishes.
        uint64_t page = fault_address & ~(uint64_t)4095;
        mprotect((void *)page, 4096, PROT_READ | PROT_WRITE);
        return 1;
    }
    if (owner != session) {
        // Another thread (the controller writing memory while the guest is
        // stopped): open the pages; resuming the guest protects them again.
        wsd_spin_lock(&owner->watch_lock);
        owner->debugger_unprotected = 1;
        wsd_watches_apply_protection(owner);
        wsd_spin_unlock(&owner->watch_lock);
        return 1;
    }
    uint64_t pc = (uint64_t)registers_of(context)[REG_RIP];
    int in_jit_code = wsc_is_jit_code(pc);
    wsd_spin_lock(&session->watch_lock);
    wsd_watches_snapshot(session);
    if (in_jit_code) {
        // Run the store with the pages open, then compare (handle_trace).
        session->step_window = 1;
        session->watch_step = 1;
        session->watch_store_pc = pc;
    } else {
        // Host code outside a host call: a runtime builtin (memory.fill,
        // memory.copy…). Open the pages until it returns to JIT code, where
        // the builtin call recorded its return address as the last exit.
        session->builtin_window = 1;
    }
    wsd_watches_apply_protection(session);
    wsd_spin_unlock(&session->watch_lock);
    if (in_jit_code) {
        registers_of(context)[REG_EFL] |= (greg_t)WSD_TRAP_FLAG;
    } else if (session->vm_context != NULL) {
        uint64_t exit_pc = *(const uint64_t *)((const char *)session->vm_context + 80);
        // Without a return to catch, the pages stay open until the guest next stops.
        if (!wsd_internal_patch_add(session, exit_pc, WSD_REASON_WINDOW_END)) session->debugger_unprotected = 1;
    }
    return 1;
}

// MARK: - The hook

static int debugger_signal_hook(int signal, siginfo_t *info, ucontext_t *context, void *user_data) {
    (void)user_data;
    wsd_session *session = wsd_current_session;
    if ((signal == SIGSEGV || signal == SIGBUS) && info->si_code > 0 &&
        wsc_is_watched_address((uint64_t)info->si_addr)) {
        if (session != NULL && atomic_load(&session->terminating)) {
            wsd_spin_lock(&session->watch_lock);
            wsd_watches_apply_protection(session);
            wsd_spin_unlock(&session->watch_lock);
            return 1;
        }
        if (handle_watch_fault(session, context, (uint64_t)info->si_addr)) return 1;
    }
    if (session == NULL) return 0;
    if (signal == SIGTRAP) {
        if (info->si_code == TRAP_TRACE) return handle_trace(session, context);
        if (info->si_code == SI_KERNEL) return handle_int3(session, context);
        return 0;  // sent with kill/raise: not ours
    }
    uint64_t pc = (uint64_t)registers_of(context)[REG_RIP];
    if (!wsc_is_jit_code(pc)) return 0;
    return handle_fault(session, signal, info, context);
}

// MARK: - Pausing

static int pause_signal_number;

int wsd_pause_signal(void) { return pause_signal_number; }

static void copy_context(wsd_session *session, ucontext_t *context) {
    static const int greg_index[18] = {
        REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI, REG_R8,
        REG_R9,  REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15, REG_RIP, REG_EFL,
    };
    for (int index = 0; index < 18; index++) {
        session->general_copy[index] = (uint64_t)registers_of(context)[greg_index[index]];
    }
    for (int index = 0; index < 16; index++) {
        if (context->uc_mcontext.fpregs == NULL) break;
        memcpy(&session->vector_copy[index][0], &context->uc_mcontext.fpregs->_xmm[index].element[0], 16);
    }
    session->has_context_copy = 1;
}

/// Reports a pause inside a host call without blocking the thread; the
/// call's end holds it (`host_call_hook`) until the controller resumes.
static void announce_pause_in_host_call(wsd_session *session, const wsd_host_call *call) {
    begin_stop(session, WSD_STOP_PAUSED_IN_HOST, 0);
    session->stop.in_host_call = 1;
    session->stop.exit_frame_pointer = call->frame_pointer;
    session->stop.exit_pc = call->pc;
    session->stop.exit_stack_pointer = call->stack_pointer;
    session->stop.host_record = call->record;
    atomic_store(&session->pause_requested, 0);
    if (atomic_exchange(&session->pause_via_interrupt, 0)) {
        uint32_t *flag = wsd_interrupt_flag(session);
        if (flag != NULL) atomic_store_explicit((_Atomic uint32_t *)flag, 0, memory_order_seq_cst);
    }
    atomic_store(&session->host_hold, 1);
    atomic_store(&session->guest_state, WSD_GUEST_STOPPED_IN_HOST);
    wsd_publish_stop(session);
}

static void handle_pause_signal(int signal, siginfo_t *info, void *raw_context) {
    (void)signal;
    (void)info;
    int saved_errno = errno;
    ucontext_t *context = raw_context;
    wsd_session *session = wsd_current_session;
    if (session == NULL || !atomic_load(&session->pause_requested) || atomic_load(&session->terminating) ||
        atomic_load(&session->guest_state) != WSD_GUEST_RUNNING) {
        errno = saved_errno;
        return;
    }
    // A single step in flight stops by itself in a moment.
    if ((uint64_t)registers_of(context)[REG_EFL] & WSD_TRAP_FLAG) {
        errno = saved_errno;
        return;
    }
    uint64_t pc = (uint64_t)registers_of(context)[REG_RIP];
    if (wsc_is_jit_code(pc)) {
        begin_stop(session, WSD_STOP_PAUSED, pc);
        stop_here(session, context);
    } else if (session->host_call_depth > 0 && session->host_call_depth <= WSD_MAX_HOST_CALL_DEPTH) {
        // Inside a host call: never block host code (it may hold locks). Report
        // the stop now; the call's end holds the thread (host_call_hook).
        copy_context(session, context);
        announce_pause_in_host_call(session, &session->host_calls[session->host_call_depth - 1]);
    } else {
        // A builtin, the entry trampoline, Swift around the entry: stop at the
        // next interrupt check (function entry or loop header) instead.
        atomic_store(&session->pause_via_interrupt, 1);
        uint32_t *flag = wsd_interrupt_flag(session);
        if (flag != NULL) atomic_store_explicit((_Atomic uint32_t *)flag, 1, memory_order_seq_cst);
    }
    errno = saved_errno;
}

// MARK: - Host calls

static void host_call_hook(int phase, const void *host_record, uint64_t *slots, void *user_data) {
    (void)user_data;
    wsd_session *session = wsd_current_session;
    if (session == NULL) return;
    if (phase == WSC_HOST_CALL_BEGIN) {
        uint32_t depth = session->host_call_depth;
        if (depth < WSD_MAX_HOST_CALL_DEPTH) {
            session->host_calls[depth].frame_pointer = slots[-2];
            session->host_calls[depth].pc = slots[-1];
            session->host_calls[depth].stack_pointer = (uint64_t)slots;
            session->host_calls[depth].record = host_record;
        }
        atomic_signal_fence(memory_order_seq_cst);
        session->host_call_depth = depth + 1;
        // A pause waiting for the next interrupt check would wait forever if
        // this call blocks (a read from a terminal): it becomes a pause in
        // this host call instead.
        if (atomic_load(&session->pause_via_interrupt) && !atomic_load(&session->terminating) &&
            atomic_load(&session->guest_state) == WSD_GUEST_RUNNING && depth < WSD_MAX_HOST_CALL_DEPTH) {
            announce_pause_in_host_call(session, &session->host_calls[depth]);
        }
        // Host code writes memory with system calls too (readv into a
        // buffer), which a write-protected page would fail with EFAULT:
        // open the watched pages for the call, compare at its end.
        if (depth == 0 && atomic_load(&session->watch_count) > 0 && !atomic_load(&session->terminating)) {
            wsd_spin_lock(&session->watch_lock);
            wsd_watches_snapshot(session);
            session->host_window = 1;
            wsd_watches_apply_protection(session);
            wsd_spin_unlock(&session->watch_lock);
        }
        return;
    }
    uint32_t depth = session->host_call_depth;
    wsd_host_call call = {0, 0, 0, NULL};
    if (depth > 0 && depth <= WSD_MAX_HOST_CALL_DEPTH) call = session->host_calls[depth - 1];
    session->host_call_depth = depth > 0 ? depth - 1 : 0;
    atomic_signal_fence(memory_order_seq_cst);
    // A pause that found the guest in this call holds it here, where the
    // host function has returned and holds nothing.
    wsd_wait_while_held(session);
    if (depth == 1 && session->host_window) {
        wsd_spin_lock(&session->watch_lock);
        int32_t watch_id = wsd_watches_compare(session);
        session->host_window = 0;
        wsd_watches_apply_protection(session);
        wsd_spin_unlock(&session->watch_lock);
        if (watch_id >= 0 && !atomic_load(&session->terminating)) {
            begin_stop(session, WSD_STOP_WATCH, 0);
            session->stop.watch_id = watch_id;
            session->stop.in_host_call = 1;
            session->stop.exit_frame_pointer = call.frame_pointer;
            session->stop.exit_pc = call.pc;
            session->stop.exit_stack_pointer = call.stack_pointer;
            session->stop.host_record = call.record;
            session->stop.pc = call.pc;
            wsd_stop_in_host_and_hold(session);
        }
    }
}

// MARK: - Installation

static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static int install_status;

static void install(void) {
    int status = wsc_install_signal_handlers();
    if (status == 0) status = wsc_install_breakpoint_handler();
    if (status == 0 && wsc_add_signal_hook(debugger_signal_hook, NULL) != 0) status = EBUSY;
    if (status == 0) {
        wsc_set_host_call_hook(host_call_hook, NULL);
        // A real-time signal well away from the ones libraries take from the bottom.
        pause_signal_number = SIGRTMAX - 5;
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_sigaction = handle_pause_signal;
        // SA_RESTART: a blocking read the pause interrupts goes on as if nothing happened.
        action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
        sigemptyset(&action.sa_mask);
        if (sigaction(pause_signal_number, &action, NULL) != 0) status = errno;
    }
    install_status = status;
}

int wsd_install(void) {
    pthread_once(&install_once, install);
    return install_status;
}
