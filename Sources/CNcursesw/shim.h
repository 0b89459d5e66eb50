// Wide-character ncurses for Swift: the feature macros must come before the header, and
// the macros and globals Swift cannot use directly get static inline accessors.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <langinfo.h>
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/// Like initscr, but returns NULL for an unusable terminal instead of exiting the process.
static inline SCREEN *chat_newterm(void) { return newterm(NULL, stdout, stdin); }

static inline WINDOW *chat_stdscr(void) { return stdscr; }
static inline WINDOW *chat_curscr(void) { return curscr; }

static inline void chat_screen_size(int *rows, int *columns) { getmaxyx(stdscr, *rows, *columns); }

static inline attr_t chat_attr_bold(void) { return A_BOLD; }
static inline attr_t chat_attr_dim(void) { return A_DIM; }
static inline attr_t chat_attr_reverse(void) { return A_REVERSE; }
static inline attr_t chat_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t chat_attr_italic(void) { return A_ITALIC; }

static inline int chat_color_pairs(void) { return COLOR_PAIRS; }

static inline mmask_t chat_mouse_wheel_up(void) { return BUTTON4_PRESSED; }
static inline mmask_t chat_mouse_wheel_down(void) { return BUTTON5_PRESSED; }
static inline mmask_t chat_mouse_click(void) { return BUTTON1_PRESSED; }

/// Puts one grapheme cluster (a spacing character and up to four combining ones) at (y, x).
static inline int chat_put_cluster(int y, int x, const wchar_t *cluster, attr_t attributes, short pair) {
    cchar_t cell;
    if (setcchar(&cell, cluster, attributes, pair, NULL) != OK) return ERR;
    return mvwadd_wch(stdscr, y, x, &cell);
}

/// Columns glibc (and so ncurses) gives one code point; declared here because glibc hides
/// it without _XOPEN_SOURCE, which SwiftPM drops from the pkg-config flags.
int wcwidth(wchar_t c);
static inline int chat_wcwidth(wchar_t c) { return wcwidth(c); }

static inline const char *chat_codeset(void) { return nl_langinfo(CODESET); }
