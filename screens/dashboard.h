/*
 * dashboard.h — the supervisors' dashboard (D): the open work by how
 * long it has waited and by its deadline, today's throughput, the work
 * waiting for someone, and each operator's day, drawn as text bar
 * charts. Every figure is one aggregate query (store_dashboard_read);
 * the screen reads again when another process commits (data_version)
 * and once a minute, since waiting times grow by themselves. Up/Down
 * move in the operators' table; Esc goes back.
 */
#ifndef RD_SCREENS_DASHBOARD_H
#define RD_SCREENS_DASHBOARD_H

#include "screens/screen.h"

extern const struct screen_ops ui_dashboard_screen;

/* Free the screen's rows (end of session); safe when never entered. */
void ui_dashboard_fini(struct ui *ui);

#endif
