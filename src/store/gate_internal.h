/*
 * gate_internal.h — for the files of src/store/ that decide: load the
 * gate's facts inside the deciding transaction and report a refusal.
 */
#ifndef RD_STORE_GATE_INTERNAL_H
#define RD_STORE_GATE_INTERNAL_H

#include "core/gate.h"
#include "store/internal.h"
#include "store/operators.h"

/*
 * The facts about application a (loaded by st_app_load in the same
 * transaction) for actor op (NULL: the system). aExtra: checklist codes
 * required on top of the configured checklist. The request fields
 * (transition, n_reason, override_given) are left for the caller.
 */
rd_status st_gate_facts(struct store *st, const struct st_app *a,
			const struct rd_operator *op,
			const char *const *aExtra, size_t nExtra,
			struct rd_gate_facts *f, struct rd_err *err);

/* The paired application of a (related_app_no, either way), in
 * *partner_id, 0 when none. */
rd_status st_gate_paired(struct store *st, const struct st_app *a,
			 int64_t *partner_id, struct rd_err *err);

/* The refusal as an error: "A1: approve is refused: <conditions>", with
 * RD_ERR_DENIED (role, claim, countersigner), RD_ERR_CONFLICT (claimed
 * by someone else), RD_ERR_INVALID (a missing reason only) or
 * RD_ERR_STATE. Returns that status. */
rd_status st_gate_refused(struct store *st, const char *app_no,
			  const char *zAction, const struct rd_gate_result *r,
			  struct rd_err *err);

/* When r refuses for lack of role: audit "app.refused" in its own
 * transaction (call after the deciding one was rolled back). */
void st_gate_audit_refusal(struct store *st, const struct rd_operator *op,
			   const char *app_no, const char *action_name,
			   const struct rd_gate_result *r);

/* The configured checklist's codes for type (borrowed), at most nMax;
 * their number. */
size_t st_gate_required(const struct store *st, enum rd_app_type type,
			const char **aOut, size_t nMax);

#endif
