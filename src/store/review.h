/*
 * review.h — claims, checklist ticks, decisions, overrides with a
 * countersign, internal notes and reveal logging.
 *
 * Every function here opens and commits its own transaction (BEGIN
 * IMMEDIATE) and writes its audit entry inside it, so a decision is
 * either wholly recorded (state, decision row, reasons, jobs, audit) or
 * not at all. `op` is the operator at the keyboard (borrowed).
 *
 * Optimistic concurrency: decisions carry the applications.row_version
 * the screen showed; when it changed meanwhile the call fails with
 * RD_ERR_CONFLICT and a message naming who acted last.
 */
#ifndef RD_STORE_REVIEW_H
#define RD_STORE_REVIEW_H

#include "core/err.h"
#include "core/gate.h"
#include "core/state.h"
#include "store/operators.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

/*
 * Claim app_id for lease_min minutes (renews one's own claim). Atomic:
 * a live claim of someone else is refused with RD_ERR_CONFLICT naming
 * them; an expired one is taken over. A received application moves to
 * in_review. Audited "app.claim".
 */
rd_status store_review_claim(struct store *st, const struct rd_operator *op,
			     int64_t app_id, int lease_min,
			     struct rd_err *err);

/* Release one's own claim (a supervisor may release anyone's). An
 * in_review application without a pending override goes back to
 * received. Audited "app.release". RD_ERR_NOTFOUND when unclaimed. */
rd_status store_review_release(struct store *st, const struct rd_operator *op,
			       int64_t app_id, struct rd_err *err);

/* Activity on a claimed application: extend op's own live lease to
 * lease_min minutes from now (never shortens it). Not audited: the claim
 * itself is. RD_ERR_NOTFOUND when op holds no live claim on it. */
rd_status store_review_touch(struct store *st, const struct rd_operator *op,
			     int64_t app_id, int lease_min,
			     struct rd_err *err);

/* Supervisor: give the claim to to_login for lease_min minutes. Audited
 * "app.reassign". */
rd_status store_review_reassign(struct store *st, const struct rd_operator *op,
				int64_t app_id, const char *to_login,
				int lease_min, struct rd_err *err);

/* Tick or untick a checklist item of the current version; needs the
 * claim. Audited "app.checklist". */
rd_status store_review_tick(struct store *st, const struct rd_operator *op,
			    int64_t app_id, const char *item, int checked,
			    struct rd_err *err);

/* A decision to record. Arrays and strings are borrowed. */
struct store_decision_req {
	int64_t app_id;
	int64_t row_version;          /* as shown on screen */
	enum rd_app_action action;    /* approve, reject, return_fin_auth */
	const char *const *aReason;   /* reject: one or more codes */
	size_t nReason;
	const char *note;             /* to the customer; may be NULL */
	const char *override_reason;  /* approve only; non-empty = override */
	const char *const *aRequired; /* checklist codes that must be ticked */
	size_t nRequired;
	const char *outlet;           /* production outlet ("" = "default") */
};

/*
 * Record a decision by the claim holder, if the approval gate
 * (core/gate.h) allows it: the store loads the facts and calls
 * rd_gate_check() inside this transaction. Approve needs the checklist
 * (the one set with store_gate_set_checklist() plus aRequired) ticked,
 * no open error finding, no high risk, the verifications passed
 * (telecom check of the handler "match", bank deposit credited where
 * there is one, payment online/matched/manual) and, for a renewal, a
 * certificate still valid now; otherwise it needs override_reason, and
 * then the decision waits (countersign 'pending', state unchanged) for
 * store_review_countersign(). Reject needs at least one reason. A
 * refusal for lack of role is audited "app.refused". Effects of an approval: state through
 * rd_app_transition(), a "production_order" job (replace/new) or a
 * "notify" job (renew); reject and return enqueue a "notify" job. The
 * claim ends. *decision_id may be NULL. Errors: RD_ERR_CONFLICT (stale
 * row_version, or someone else holds the claim), RD_ERR_DENIED (no
 * claim), RD_ERR_STATE (checks not passed, override pending, state),
 * RD_ERR_INVALID (missing reason/override text).
 */
rd_status store_review_decide(struct store *st, const struct rd_operator *op,
			      const struct store_decision_req *req,
			      int64_t *decision_id, struct rd_err *err);

/*
 * Supervisor (neither the decider nor anyone who ticked the checklist
 * of this version or decided it — the gate's rule) countersigns (approve != 0) or refuses a
 * pending override decision. Countersigned: the approval takes effect
 * as above. Refused: the application stays in review. Audited
 * "decision.countersign" / "decision.refuse".
 */
rd_status store_review_countersign(struct store *st,
				   const struct rd_operator *op,
				   int64_t decision_id, int approve,
				   const char *note, struct rd_err *err);

/* The pending override decision of app_id (0 when none). */
rd_status store_review_pending(struct store *st, int64_t app_id,
			       int64_t *decision_id, int64_t *decider_id,
			       struct rd_err *err);

/* Add an internal note (any operator, any time). Audited "app.note". */
rd_status store_review_note(struct store *st, const struct rd_operator *op,
			    int64_t app_id, const char *body,
			    struct rd_err *err);

/* Record that op revealed masked fields of app_id: fields are the
 * stable names (comma-separated), field_words the same in words for
 * the people who read the audit log, reason why (required: RD_ERR_INVALID
 * when empty). Audited "pii.reveal" with {fields, field_words, reason,
 * version}. */
rd_status store_review_reveal(struct store *st, const struct rd_operator *op,
			      int64_t app_id, const char *fields,
			      const char *field_words, const char *reason,
			      struct rd_err *err);

/*
 * Supervisor bulk decision (approve or reject): each (aId[i],
 * aRowVersion[i]) is decided in its own transaction with its own gate
 * check and audit entry, without a claim (a received application is
 * taken into review on the way), by the gate's bulk rules: no
 * overrides, and an approval only when the whole checklist was ticked
 * by someone who claimed the application. *nDone counts successes;
 * aStatus[i] and aResult[i] (each may be NULL) get each case's status
 * and gate result; the first failure's message is left in err and the
 * call returns it after trying every application.
 */
rd_status store_review_bulk(struct store *st, const struct rd_operator *op,
			    const int64_t *aId, const int64_t *aRowVersion,
			    size_t n, const struct store_decision_req *tmpl,
			    size_t *nDone, rd_status *aStatus,
			    struct rd_gate_result *aResult, struct rd_err *err);

#endif
