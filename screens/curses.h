/*
 * curses.h — the one place radesk includes curses (wide-character
 * ncurses). Everything under screens/ includes this, nothing else does.
 */
#ifndef RD_SCREENS_CURSES_H
#define RD_SCREENS_CURSES_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <ncursesw/curses.h>

#endif
