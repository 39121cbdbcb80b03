/*
 * withdraw.h — supervisors withdraw an application before production:
 * cancel it, request a refund, and mark a requested refund as paid back.
 *
 *   cancel          received, in_review, approved (replace/new),
 *                   rejected, fin_auth_failed, ready_to_install (renew)
 *                   → cancelled
 *   request_refund  the same six states → refund_requested
 *   refund          refund_requested → refunded
 *
 * (the rows of the table in core/state.h; rd_app_transition decides.)
 *
 * Each call is one transaction (BEGIN IMMEDIATE) that writes, or not at
 * all: the state (row_version + 1), a decisions row with the note, the
 * effects below, a "notify" job to the customer (idempotency key
 * notify:<app_no>:v<n>:<event>, event = the new state's name) and the
 * audit entry ("app.cancel", "app.request_refund", "app.refund").
 *
 * Effects:
 * - cancel and request_refund stop production: the application's
 *   production_order jobs that have not reached the provider (pending,
 *   failed, dead) become 'cancelled', and production_orders rows still
 *   'requested' without a provider order id too. A job being sent right
 *   now (running) or already answered (done), or an order the provider
 *   has numbered, refuses the withdrawal (RD_ERR_STATE) with a message
 *   that says why; nothing is written. An e-invoice job not yet sent is
 *   cancelled as well (no invoice for a withdrawn application); one
 *   already issued stays, and the invoice number shows in the detail.
 * - a live claim ends; an override waiting for a countersign is closed
 *   as 'refused' with the withdrawal note.
 * - refund marks the payment of the current version 'refunded' (the
 *   audit entry keeps its amount and previous state) and refreshes the
 *   verification summary ("P" shows "R"). A refund needs two people:
 *   the supervisor who requested it (the latest request_refund
 *   decision) cannot mark it refunded (RD_ERR_DENIED,
 *   core/refund_rule.h).
 *
 * Only supervisors (and admins) withdraw. Anyone else is refused with
 * RD_ERR_DENIED before anything is read, and the refusal itself is
 * audited ("app.refused", details: the action and the role), in its own
 * transaction.
 */
#ifndef RD_STORE_WITHDRAW_H
#define RD_STORE_WITHDRAW_H

#include "core/err.h"
#include "core/state.h"
#include "store/operators.h"
#include "store/store.h"

#include <stdint.h>

/*
 * Withdraw application app_id by action (RD_ACT_CANCEL,
 * RD_ACT_REQUEST_REFUND or RD_ACT_REFUND) as op (borrowed). row_version
 * is what the screen showed (RD_ERR_CONFLICT, naming who acted last,
 * when it changed meanwhile). note is required (the customer reads it;
 * RD_ERR_INVALID when empty or blank). *decision_id (may be NULL) gets
 * the decisions row. Errors as described above, plus RD_ERR_NOTFOUND for
 * no such application and RD_ERR_STATE when the table has no row for
 * the application's state.
 */
rd_status store_withdraw(struct store *st, const struct rd_operator *op,
			 int64_t app_id, int64_t row_version,
			 enum rd_app_action action, const char *note,
			 int64_t *decision_id, struct rd_err *err);

/*
 * store_withdraw inside the caller's transaction, against the
 * application as it is now (the portal requests, store/request_act.h,
 * act in their own transaction). The same refusals, except that a role
 * refusal is not audited here: the caller does that after its rollback.
 */
rd_status store_withdraw_in_tx(struct store *st,
			       const struct rd_operator *op, int64_t app_id,
			       enum rd_app_action action, const char *note,
			       int64_t *decision_id, struct rd_err *err);

/*
 * Audit, in its own transaction, that op was refused `action` on the
 * application app_no (may be "") because of its role: "app.refused"
 * with details {"action","role","why"}. For supervisor-only actions of
 * other modules too. Call with no transaction open. Returns the status
 * of writing the entry (the refusal stands either way).
 */
rd_status store_audit_refusal(struct store *st, const struct rd_operator *op,
			      const char *action, const char *app_no,
			      const char *why, struct rd_err *err);

#endif
