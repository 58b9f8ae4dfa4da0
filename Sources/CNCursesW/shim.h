/* Swift-visible view of ncursesw (wide-character build).
 *
 * The two defines must come before curses.h: without them cchar_t, wint_t and wget_wch do not exist.
 * Everything below the include is a wrapper for something Swift cannot import directly: function-like
 * macros, macros built with casts and shifts, and mutable C globals (reading those is a Swift 6 error).
 * Link only ncursesw (Debian's libncursesw.so is a linker script that adds -ltinfo); never narrow ncurses.
 */
#ifndef SWCHAT_CNCURSESW_SHIM_H
#define SWCHAT_CNCURSESW_SHIM_H

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <stdio.h>
#include <unistd.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/* Hidden by Glibc's Swift module (built without __USE_XOPEN); POSIX signatures. Locale-dependent. */
extern int wcwidth(wchar_t c);
extern int wcswidth(const wchar_t *s, size_t n);

/* ---- globals (Swift 6 rejects reading them) ---- */

/** The current screen's standard window (valid after newterm). */
static inline WINDOW *nc_stdscr(void) { return stdscr; }
/** Rows of the current screen. */
static inline int nc_lines(void) { return LINES; }
/** Columns of the current screen. */
static inline int nc_cols(void) { return COLS; }

/** A close-on-exec duplicate of `fd` opened as a stdio stream, so fclose() never closes fd 0/1. NULL on failure. */
static inline FILE *nc_open_stream(int fd, const char *mode) {
    int copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (copy < 0) return NULL;
    FILE *stream = fdopen(copy, mode);
    if (stream == NULL) close(copy);
    return stream;
}

/* ---- terminfo without a screen (from <term.h>, not included: its capability macros such as `lines` clash) ---- */

struct term;
extern struct term *cur_term;
extern int setupterm(const char *term, int fd, int *errret);
extern int del_curterm(struct term *terminal);
extern struct term *set_curterm(struct term *terminal);

/** Whether the terminal named by $TERM can move the cursor (terminfo `cup`), looked up without taking the screen
 * or writing anything: 1 yes, 0 no, -1 when terminfo does not know the terminal. The process's current terminal
 * (a screen's, if one is active) is put back afterwards. */
static inline int nc_terminal_can_move_cursor(int fd) {
    struct term *saved = cur_term;
    int status = 0;
    int can = -1;
    if (setupterm(NULL, fd, &status) == OK) {
        const char *cup = tigetstr("cup");
        can = cup != NULL && cup != (const char *)-1;
        del_curterm(cur_term);
    }
    set_curterm(saved);
    return can;
}

/** Whether the current terminal (a screen's, once newterm has run) says it has a title or status line to write
 * to: terminfo `tsl` (to status line) and `fsl` (from status line). 1 yes, 0 no. */
static inline int nc_terminal_has_title_line(void) {
    const char *tsl = tigetstr("tsl");
    const char *fsl = tigetstr("fsl");
    return tsl != NULL && tsl != (const char *)-1 && fsl != NULL && fsl != (const char *)-1;
}

/* ---- function-like macros ---- */

/** KEY_F(n): the key code of function key n. */
static inline int nc_key_f(int n) { return KEY_F(n); }
/** getmaxyx(win, rows, cols). */
static inline void nc_getmaxyx(const WINDOW *win, int *rows, int *cols) {
    int y, x;
    getmaxyx(win, y, x);
    *rows = y;
    *cols = x;
}

/* ---- attributes (NCURSES_BITS casts do not import) ---- */

static const attr_t NC_A_NORMAL = A_NORMAL;
static const attr_t NC_A_BOLD = A_BOLD;
static const attr_t NC_A_DIM = A_DIM;
static const attr_t NC_A_REVERSE = A_REVERSE;
static const attr_t NC_A_UNDERLINE = A_UNDERLINE;
static const attr_t NC_A_COLOR = A_COLOR;

/* ---- mouse masks ---- */

static const mmask_t NC_BUTTON4_PRESSED = BUTTON4_PRESSED;
static const mmask_t NC_BUTTON5_PRESSED = BUTTON5_PRESSED;
static const mmask_t NC_ALL_MOUSE_EVENTS = ALL_MOUSE_EVENTS;
static const mmask_t NC_REPORT_MOUSE_POSITION = REPORT_MOUSE_POSITION;

#endif
