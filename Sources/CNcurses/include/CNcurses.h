// ncursesw for Swift. Many of ncurses' names are macros or globals that Swift
// either cannot import (function-like macros: KEY_F, COLOR_PAIR, getmaxyx,
// ACS_* which index acs_map) or imports as mutable globals that Swift 6's
// strict concurrency rejects (stdscr, LINES, COLS). Each is wrapped here in a
// `static inline` function so the Swift side only ever calls functions.
#ifndef CNCURSES_H
#define CNCURSES_H

// The wide-character API (add_wch, get_wch) needs this before the header.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <ncursesw/curses.h>
#include <stdint.h>
#include <stdlib.h>
#include <wchar.h>

// MARK: Screen and terminal state

static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_columns(void) { return COLS; }
static inline int cn_window_height(WINDOW *window) { int y, x; getmaxyx(window, y, x); (void)x; return y; }
static inline int cn_window_width(WINDOW *window) { int y, x; getmaxyx(window, y, x); (void)y; return x; }

// MARK: Attributes and colors

static inline int cn_attribute_normal(void) { return (int)A_NORMAL; }
static inline int cn_attribute_bold(void) { return (int)A_BOLD; }
static inline int cn_attribute_reverse(void) { return (int)A_REVERSE; }
static inline int cn_attribute_underline(void) { return (int)A_UNDERLINE; }
static inline int cn_attribute_dim(void) { return (int)A_DIM; }
static inline int cn_color_pair(int pair) { return (int)COLOR_PAIR(pair); }

static inline short cn_color_black(void) { return COLOR_BLACK; }
static inline short cn_color_red(void) { return COLOR_RED; }
static inline short cn_color_green(void) { return COLOR_GREEN; }
static inline short cn_color_yellow(void) { return COLOR_YELLOW; }
static inline short cn_color_blue(void) { return COLOR_BLUE; }
static inline short cn_color_magenta(void) { return COLOR_MAGENTA; }
static inline short cn_color_cyan(void) { return COLOR_CYAN; }
static inline short cn_color_white(void) { return COLOR_WHITE; }

// MARK: Line drawing (ACS_* index the acs_map global, filled by initscr)

static inline chtype cn_acs_horizontal_line(void) { return ACS_HLINE; }
static inline chtype cn_acs_vertical_line(void) { return ACS_VLINE; }

// MARK: Keys

static inline int cn_key_function(int number) { return KEY_F(number); }
static inline int cn_key_resize(void) { return KEY_RESIZE; }
static inline int cn_key_up(void) { return KEY_UP; }
static inline int cn_key_down(void) { return KEY_DOWN; }
static inline int cn_key_left(void) { return KEY_LEFT; }
static inline int cn_key_right(void) { return KEY_RIGHT; }
static inline int cn_key_page_up(void) { return KEY_PPAGE; }
static inline int cn_key_page_down(void) { return KEY_NPAGE; }
static inline int cn_key_home(void) { return KEY_HOME; }
static inline int cn_key_end(void) { return KEY_END; }
static inline int cn_key_backspace(void) { return KEY_BACKSPACE; }
static inline int cn_key_enter(void) { return KEY_ENTER; }
static inline int cn_key_back_tab(void) { return KEY_BTAB; }
static inline int cn_key_delete(void) { return KEY_DC; }
static inline int cn_key_code_yes(void) { return KEY_CODE_YES; }
static inline int cn_error(void) { return ERR; }

/// Reads one key: *is_function_key is set for KEY_* codes, else *code is a
/// Unicode scalar. Returns ERR on timeout.
static inline int cn_read_key(int *code, int *is_function_key) {
    wint_t character = 0;
    int result = wget_wch(stdscr, &character);
    if (result == ERR) return ERR;
    *code = (int)character;
    *is_function_key = (result == KEY_CODE_YES);
    return OK;
}

/// Writes UTF-8 text at (y, x), clipped to `width` columns by ncurses itself.
static inline void cn_put_text(WINDOW *window, int y, int x, const char *text, int count) {
    mvwaddnstr(window, y, x, text, count);
}

/// Sets the locale from the environment, falling back to C.UTF-8 so wide
/// characters work when LANG is unset (ncursesw decides on this at initscr).
static inline void cn_set_locale(void) {
    if (setlocale(LC_ALL, "") == NULL || MB_CUR_MAX == 1) setlocale(LC_ALL, "C.UTF-8");
}

static inline void cn_set_attributes(WINDOW *window, int attributes) { wattrset(window, attributes); }

/// newterm on the process's stdout/stdin (Swift 6 cannot touch the `stdout`
/// global); 0 when the terminal type is unknown, where initscr would exit.
int cn_start_screen(void);

/// Teaches ncurses the xterm-style sequences for Shift with a function key
/// (Shift-F11 is `ESC [ 23 ; 2 ~`, reported as KEY_F(23)) and Shift-Tab
/// when the terminal's description lacks them: tmux's default TERM=screen
/// has no kf13..kf24, so Shift-F11 would arrive as Esc and stray keys.
void cn_define_missing_keys(void);

// MARK: Leaving the screen for a while

/// Saves the screen's terminal modes and ends curses mode: the terminal is
/// as the shell had it (main screen, cooked, echo) until `cn_resume_screen`.
void cn_suspend_screen(void);
/// Back to the saved modes and the full screen, repainted from scratch.
void cn_resume_screen(void);
/// Between suspend and resume: waits for one key on stdin without echo
/// (the whole escape sequence of a function key is consumed).
void cn_wait_for_any_key(void);

// MARK: Restoring the terminal on fatal signals

/// Unblocks the signals a terminal program needs (a launcher may have
/// blocked them) and installs handlers for SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGABRT,
/// SIGILL and SIGFPE that call endwin() and then run the handler that was
/// there before (Swift's crash backtracer) or the default action. Install
/// before the wasm runtime installs its trap handlers: they then stay in
/// front and chain here only for faults outside guest code.
void cn_install_restoring_signal_handlers(void);
/// Calls endwin() if the screen is active (at most once per activation).
void cn_end_window_once(void);
/// Marks the screen active after initscr (1) or ended (0).
void cn_set_screen_active(int is_active);

#endif
