/*
 * bulk.h — the supervisor's bulk decision dialog (screens/bulk.c).
 */
#ifndef RD_SCREENS_BULK_H
#define RD_SCREENS_BULK_H

#include "core/state.h"

#include <stdint.h>

struct ui;

/*
 * Approve or reject (action) the n marked cases aId[] as shown at
 * aRv[]: show each case's gate result, ask, decide those that pass.
 * 1 when the decision was attempted (the marks are spent), 0 when the
 * user cancelled.
 */
int ui_bulk_decide(struct ui *ui, enum rd_app_action action,
		   const int64_t *aId, const int64_t *aRv, int n);

#endif
