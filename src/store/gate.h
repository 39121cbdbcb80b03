/*
 * store/gate.h — the store's side of the approval gate (core/gate.h):
 * the checklist the gate requires, and a read-only look at what the
 * gate would say, for screens and commands to show before they ask.
 *
 * The deciding functions (review.h, fulfil.h, withdraw.h) load the
 * facts and call rd_gate_check() themselves, inside their transaction;
 * a preview decides nothing.
 */
#ifndef RD_STORE_GATE_H
#define RD_STORE_GATE_H

#include "core/err.h"
#include "core/gate.h"
#include "store/operators.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The checklist every approval needs: item codes and, for each, the
 * RD_APP_TYPE_BIT mask of the types it applies to. Copied; replaces the
 * previous list. Set once after store_open from the configured
 * checklist file (the console, and any command that decides).
 */
rd_status store_gate_set_checklist(struct store *st, const char *const *aCode,
				   const unsigned *aTypes, size_t n,
				   struct rd_err *err);

/*
 * What the gate says now about op doing `action` on app_id, with an
 * override reason given or not and n_reason reject reasons. Reads only,
 * in one read transaction; decides nothing. RD_OK with *r filled
 * (r->allowed tells), the application number in zAppNo[0..nAppNo)
 * and the row_version the facts were read at (both may be NULL: a
 * decision confirmed from this preview carries that row_version), or
 * the error reading the facts.
 */
rd_status store_gate_preview(struct store *st, const struct rd_operator *op,
			     int64_t app_id, enum rd_gate_action action,
			     bool override_given, size_t n_reason,
			     struct rd_gate_result *r, char *zAppNo,
			     size_t nAppNo, int64_t *row_version,
			     struct rd_err *err);

/*
 * The unmet conditions of r in words, "; "-separated, into z[0..n)
 * (truncated at a character boundary). Details that are counts are
 * shown after the label ("checklist items not ticked (2)").
 */
void store_gate_describe(const struct rd_gate_result *r, char *z, size_t n);

#endif
