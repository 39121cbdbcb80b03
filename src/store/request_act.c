/*
 * request_act.c — supervisors act on the portal's requests. See
 * request_act.h.
 */
#include "store/request_act.h"

#include "store/audit.h"
#include "store/internal.h"
#include "store/withdraw.h"

#include "clock.h"
#include "core/i18n.h"
#include "core/refund_rule.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct req {
	int64_t id, app_id, amount_fen, approved_by;
	char file_name[160], app_no[40], kind[8], route[12], account[64];
	char state[8], outcome[12];
};

static rd_status load_req(struct store *st, int64_t id, struct req *r,
			  struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	memset(r, 0, sizeof *r);
	rc = st_prepare(st,
			"SELECT id,app_id,coalesce(refund_amount_fen,0),"
			"coalesce(approved_by,0),file_name,app_no,kind,"
			"coalesce(refund_route,''),coalesce(refund_account,''),"
			"state,coalesce(outcome,'') FROM portal_requests"
			" WHERE id=?1",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, id);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW) {
		r->id = sqlite3_column_int64(p, 0);
		r->app_id = sqlite3_column_int64(p, 1);
		r->amount_fen = sqlite3_column_int64(p, 2);
		r->approved_by = sqlite3_column_int64(p, 3);
		st_column_copy(p, 4, r->file_name, sizeof r->file_name);
		st_column_copy(p, 5, r->app_no, sizeof r->app_no);
		st_column_copy(p, 6, r->kind, sizeof r->kind);
		st_column_copy(p, 7, r->route, sizeof r->route);
		st_column_copy(p, 8, r->account, sizeof r->account);
		st_column_copy(p, 9, r->state, sizeof r->state);
		st_column_copy(p, 10, r->outcome, sizeof r->outcome);
	} else if (step == SQLITE_DONE) {
		rc = rd_err_set(err, RD_ERR_NOTFOUND, _("no request %lld"),
				(long long)id);
	} else {
		rc = st_fail(st, step, _("read the request"), err);
	}
	sqlite3_finalize(p);
	return rc;
}

/* What the current version's payment came to (0 when none). */
static rd_status paid_fen(struct store *st, int64_t app_id, int64_t *fen,
			  struct rd_err *err)
{
	struct st_app a;
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	*fen = 0;
	rc = st_app_load(st, app_id, &a, err);
	if (rc == RD_OK)
		rc = st_prepare(st,
				"SELECT amount_fen FROM payments WHERE"
				" version_id=?1 AND state<>'refunded'",
				&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, a.version_id);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW)
		*fen = sqlite3_column_int64(p, 0);
	sqlite3_finalize(p);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return st_fail(st, step, _("read payment"), err);
	return RD_OK;
}

static const char *act_name(enum store_request_act act)
{
	return act == STORE_REQ_APPROVE ? "request.approve"
	       : act == STORE_REQ_PAID  ? "request.paid"
					: "request.dismiss";
}

static int blank(const char *z)
{
	for (; z && *z; z++)
		if (!strchr(" \t\r\n", *z))
			return 0;
	return 1;
}

static rd_status act_locked(struct store *st, const struct rd_operator *op,
			    struct req *r, enum store_request_act act,
			    const char *zNote, struct rd_err *err)
{
	int64_t now = rd_now(), paid = 0, dec = 0;
	int refund = !strcmp(r->kind, "refund");
	const char *zOutcome = NULL;
	char *zDetails;
	json_t *j;
	rd_status rc = RD_OK;

	if (strcmp(r->state, "open"))
		return rd_err_set(err, RD_ERR_STATE,
				  _("request %s is closed already"),
				  r->file_name);
	switch (act) {
	case STORE_REQ_APPROVE:
		if (r->approved_by > 0)
			return rd_err_set(err, RD_ERR_STATE,
					  _("request %s is approved already: "
					    "a different supervisor marks the "
					    "refund paid"),
					  r->file_name);
		if (refund) {
			rc = paid_fen(st, r->app_id, &paid, err);
			if (rc == RD_OK)
				rc = rd_refund_may_approve(r->amount_fen, paid,
							   r->route,
							   r->account, err);
			if (rc == RD_OK)
				rc = store_withdraw_in_tx(
					st, op, r->app_id,
					RD_ACT_REQUEST_REFUND, zNote, &dec,
					err);
		} else {
			rc = store_withdraw_in_tx(st, op, r->app_id,
						  RD_ACT_CANCEL, zNote, &dec,
						  err);
			zOutcome = "cancelled";
		}
		if (rc == RD_OK)
			rc = st_run(st, NULL, _("record the request"), err,
				    "UPDATE portal_requests SET approved_by=?2,"
				    " approved_at=?3, note=?4 WHERE id=?1", "iiit",
				    r->id, op->id, now, zNote);
		break;
	case STORE_REQ_PAID:
		if (!refund)
			return rd_err_set(err, RD_ERR_INVALID,
					  _("request %s is a cancellation: "
					    "there is nothing to pay back"),
					  r->file_name);
		rc = rd_refund_may_pay(r->approved_by, op->id, err);
		if (rc == RD_OK) {
			struct st_app a;

			/* marked refunded meanwhile from the detail screen
			 * (under the same rule): the request only closes */
			rc = st_app_load(st, r->app_id, &a, err);
			if (rc == RD_OK && a.state != RD_ST_REFUNDED)
				rc = store_withdraw_in_tx(st, op, r->app_id,
							  RD_ACT_REFUND, zNote,
							  &dec, err);
		}
		zOutcome = "paid";
		break;
	case STORE_REQ_DISMISS:
		if (r->approved_by > 0)
			return rd_err_set(err, RD_ERR_STATE,
					  _("request %s is approved: the refund "
					    "is marked paid, not dismissed"),
					  r->file_name);
		zOutcome = "dismissed";
		break;
	default:
		return rd_err_set(err, RD_ERR_INVALID, "unknown request action");
	}
	if (rc == RD_OK && zOutcome)
		rc = st_run(st, NULL, _("record the request"), err,
			    "UPDATE portal_requests SET outcome=?2,"
			    " state='closed', closed_by=?3, closed_at=?4,"
			    " note=CASE WHEN ?6 THEN note ELSE ?5 END"
			    " WHERE id=?1", "itiiti", r->id, zOutcome, op->id,
			    now, zNote, (int64_t)(act == STORE_REQ_PAID));
	if (rc != RD_OK)
		return rc;
	j = json_pack("{s:s,s:s,s:s,s:I,s:s}", "request", r->file_name,
		      "kind", r->kind, "outcome",
		      zOutcome ? zOutcome : "approved", "decision",
		      (json_int_t)dec, "note", zNote);
	if (j && refund) {
		json_object_set_new(j, "amount_fen",
				    json_integer(r->amount_fen));
		json_object_set_new(j, "route", json_string(r->route));
	}
	zDetails = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	if (!zDetails)
		return rd_err_set(err, RD_ERR_NOMEM, _("out of memory"));
	rc = store_audit_append(st, op->login, act_name(act), r->app_no,
				zDetails, err);
	free(zDetails);
	return rc;
}

rd_status store_request_act(struct store *st, const struct rd_operator *op,
			    int64_t request_id, enum store_request_act act,
			    const char *note, struct rd_err *err)
{
	struct req r;
	rd_status rc;

	if (!rd_role_at_least(op->role, RD_ROLE_SUPERVISOR)) {
		store_audit_refusal(st, op, act_name(act), "", "supervisor only",
				    NULL);
		return rd_err_set(err, RD_ERR_DENIED,
				  _("the portal's requests are for "
				    "supervisors (you are %s); nothing was "
				    "changed and the attempt is logged"),
				  rd_role_label(op->role));
	}
	if (blank(note))
		return rd_err_set(err, RD_ERR_INVALID,
				  _("write a note for the customer"));
	rc = store_begin(st, err);
	if (rc != RD_OK)
		return rc;
	rc = load_req(st, request_id, &r, err);
	if (rc == RD_OK)
		rc = act_locked(st, op, &r, act, note, err);
	if (rc == RD_OK)
		return store_commit(st, err);
	store_rollback(st);
	if (rc == RD_ERR_DENIED)
		/* the same person twice: refused, and on the record */
		store_audit_refusal(st, op, act_name(act), r.app_no,
				    rd_err_msg(err), NULL);
	return rc;
}

rd_status store_request_find(struct store *st, const char *ref, int64_t *id,
			     struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	char zName[200];
	rd_status rc;
	int step;

	*id = 0;
	if (!ref || !*ref || strlen(ref) > 150)
		return rd_err_set(err, RD_ERR_NOTFOUND, _("no such request"));
	snprintf(zName, sizeof zName, "%s.json", ref);
	rc = st_prepare(st, "SELECT id FROM portal_requests WHERE file_name=?1",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_text(p, 1, zName);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW)
		*id = sqlite3_column_int64(p, 0);
	sqlite3_finalize(p);
	if (step == SQLITE_ROW)
		return RD_OK;
	if (step != SQLITE_DONE)
		return st_fail(st, step, _("read the request"), err);
	return rd_err_set(err, RD_ERR_NOTFOUND, _("no request %s"), ref);
}
