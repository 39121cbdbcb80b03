/*
 * bulk.h — the supervisor's bulk decision dialog (screens/bulk.c).
 */
#ifndef RD_SCREENS_BULK_H
#define RD_SCREENS_BULK_H

#include "core/state.h"

#include <stdint.h>

struct ui;

/*
 * Approve or reject (action) the n marked cases aId[]: show each case's
 * gate result as it is now, ask, decide those that pass (each decision
 * carries the row_version the list showed).
 * 1 when the decision was attempted or nothing passed (the marks are
 * spent), 0 when the user cancelled.
 */
int ui_bulk_decide(struct ui *ui, enum rd_app_action action,
		   const int64_t *aId, int n);

#endif
