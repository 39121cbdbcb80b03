/*
 * reports.h — the reports screen (E): write the daily workbook for a day
 * or a period without leaving the console, watch it being written, get
 * its path and size, and see the files already in the reports folder.
 *
 * The workbook is written by a child process, `radesk report ...
 * --progress --quiet` (the same binary, configuration and operator), so
 * the console stays responsive however large the period; its progress
 * lines are read without blocking on every turn of the loop, whatever
 * screen is showing. Esc cancels: the child is sent SIGTERM, removes its
 * temporary file and exits; if it has not ended within 3 s it is killed
 * and the console removes the temporary file itself. Nothing ever
 * appears under the final name unless the run completed (and was
 * audited). Every operator may write the masked workbook, as with the
 * command; supervisors may also choose the unmasked one (audited).
 */
#ifndef RD_SCREENS_REPORTS_H
#define RD_SCREENS_REPORTS_H

#include "screens/screen.h"

extern const struct screen_ops ui_reports_screen;

/* Read the child's progress and notice its end (status line). Called on
 * every turn of the loop; cheap when no report runs. */
void ui_reports_poll(struct ui *ui);

/* A report is being written (the loop then wakes more often). */
int ui_reports_busy(void);

/* End of session: stop a running report (nothing is left behind), free
 * the screen's state. Safe when never entered. */
void ui_reports_fini(struct ui *ui);

#endif
