/*
 * ui.h — the console's entry point. Only screens/ includes curses.
 */
#ifndef RD_SCREENS_UI_H
#define RD_SCREENS_UI_H

#include "cli.h"

/* Run the console for the authenticated operator in ctx until the user
 * quits. Returns an exit status (sysexits.h). */
int ui_run(struct rd_ctx *ctx);

#endif
