// Restoring the terminal in every exit path: endwin() from fatal signal
// handlers. endwin is not async-signal-safe in theory, but it only writes the
// terminal's reset strings and restores termios; every curses program (vim,
// less) does this, and the alternative is a terminal left in raw mode.
#include "CNcurses.h"
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <poll.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

// 1 between initscr and endwin: a signal outside that window has no screen to restore.
static atomic_int active = 0;

void cn_set_screen_active(int is_active) { atomic_store(&active, is_active); }

void cn_end_window_once(void) {
    if (atomic_exchange(&active, 0) == 1) endwin();
}

int cn_start_screen(void) {
    const char *type = getenv("TERM");
    if (type == NULL || *type == 0) return 0;
    SCREEN *screen = newterm(NULL, stdout, stdin);
    if (screen == NULL) return 0;
    set_term(screen);
    cn_set_screen_active(1);
    return 1;
}

void cn_define_missing_keys(void) {
    static const struct {
        const char *sequence;
        int function_number;  // 0: Shift-Tab
    } keys[] = {
        {"\033[1;2P", 13},  {"\033[1;2Q", 14},  {"\033[1;2R", 15},  {"\033[1;2S", 16},
        {"\033[15;2~", 17}, {"\033[17;2~", 18}, {"\033[18;2~", 19}, {"\033[19;2~", 20},
        {"\033[20;2~", 21}, {"\033[21;2~", 22}, {"\033[23;2~", 23}, {"\033[24;2~", 24},
        {"\033[Z", 0},
    };
    for (unsigned index = 0; index < sizeof keys / sizeof keys[0]; index++) {
        // 0: unknown to this terminal's description; anything else is already taken.
        if (key_defined(keys[index].sequence) != 0) continue;
        define_key(keys[index].sequence, keys[index].function_number ? KEY_F(keys[index].function_number) : KEY_BTAB);
    }
}

void cn_suspend_screen(void) {
    def_prog_mode();
    cn_end_window_once();
}

void cn_resume_screen(void) {
    reset_prog_mode();
    cn_set_screen_active(1);
    clearok(stdscr, TRUE);
    refresh();
}

void cn_wait_for_any_key(void) {
    struct termios original, quiet;
    if (tcgetattr(0, &original) != 0) return;
    quiet = original;
    quiet.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    quiet.c_cc[VMIN] = 1;
    quiet.c_cc[VTIME] = 0;
    // TCSANOW: TCSAFLUSH would drop keys typed ahead.
    tcsetattr(0, TCSANOW, &quiet);
    unsigned char byte;
    while (read(0, &byte, 1) < 0 && errno == EINTR) {}
    // The rest of an escape sequence (a function key) arrives at once: drop
    // it here so it does not reach the screen as stray keys.
    struct pollfd input = {.fd = 0, .events = POLLIN};
    while (poll(&input, 1, 30) > 0 && (input.revents & POLLIN)) {
        if (read(0, &byte, 1) <= 0) break;
    }
    tcsetattr(0, TCSANOW, &original);
}

/// Handlers that were installed before ours (Swift's crash backtracer
/// installs some at startup), run after the terminal is restored so their
/// output lands on a sane terminal.
static struct sigaction previous_actions[NSIG];

static void restore_and_chain(int signal_number, siginfo_t *info, void *context) {
    cn_end_window_once();
    struct sigaction previous = previous_actions[signal_number];
    // From here on the signal is the previous handler's business.
    sigaction(signal_number, &previous, NULL);
    if ((previous.sa_flags & SA_SIGINFO) && previous.sa_sigaction != NULL) {
        previous.sa_sigaction(signal_number, info, context);
        return;
    }
    if (!(previous.sa_flags & SA_SIGINFO) && previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
        previous.sa_handler(signal_number);
        return;
    }
    // The default action. A fault the kernel raised recurs when the
    // instruction re-runs (and dumps core at the real site); a sent signal
    // is raised again.
    struct sigaction default_action;
    memset(&default_action, 0, sizeof default_action);
    default_action.sa_handler = SIG_DFL;
    sigemptyset(&default_action.sa_mask);
    sigaction(signal_number, &default_action, NULL);
    if (info != NULL && info->si_code > 0 && signal_number != SIGTERM && signal_number != SIGHUP &&
        signal_number != SIGQUIT && signal_number != SIGABRT)
        return;
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, signal_number);
    pthread_sigmask(SIG_UNBLOCK, &unblock, NULL);
    raise(signal_number);
}

void cn_install_restoring_signal_handlers(void) {
    static const int signals[] = {SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGFPE};
    // A launcher may hand us a blocked mask (a process spawned from a
    // libdispatch worker inherits one that blocks nearly everything): then
    // SIGTERM would never end us and SIGWINCH would never resize the screen.
    // Threads created later inherit this thread's mask.
    sigset_t wanted;
    sigemptyset(&wanted);
    for (unsigned index = 0; index < sizeof signals / sizeof signals[0]; index++) sigaddset(&wanted, signals[index]);
    sigaddset(&wanted, SIGWINCH);
    sigaddset(&wanted, SIGINT);
    sigaddset(&wanted, SIGCONT);
    pthread_sigmask(SIG_UNBLOCK, &wanted, NULL);
    for (unsigned index = 0; index < sizeof signals / sizeof signals[0]; index++) {
        int signal_number = signals[index];
        struct sigaction current;
        sigaction(signal_number, NULL, &current);
        // Installed twice (a second session in one process): keep the first chain.
        if ((current.sa_flags & SA_SIGINFO) && current.sa_sigaction == restore_and_chain) continue;
        // Someone chose to ignore it: respect that.
        if (!(current.sa_flags & SA_SIGINFO) && current.sa_handler == SIG_IGN) continue;
        previous_actions[signal_number] = current;
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_sigaction = restore_and_chain;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_SIGINFO | SA_ONSTACK;
        sigaction(signal_number, &action, NULL);
    }
}
