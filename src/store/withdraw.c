/*
 * withdraw.c — cancel, request a refund, mark refunded (see withdraw.h).
 *
 * One transaction per call. The checks that can refuse (row_version, the
 * transition table, production already under way) all run before the
 * first write, so a refusal leaves nothing behind but, for a role
 * refusal, its own audit entry.
 */
#include "store/withdraw.h"
#include "store/gate_internal.h"
#include "store/audit.h"
#include "store/checks.h"
#include "store/internal.h"
#include "store/jobs.h"

#include "clock.h"
#include "core/i18n.h"
#include "core/refund_rule.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Append an audit entry whose details are j (compact, sorted keys). */
static rd_status audit_details(struct store *st, const char *actor,
			       const char *action, const char *subject,
			       json_t *j, struct rd_err *err)
{
	char *z = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	rd_status rc;

	if (!z)
		return rd_err_set(err, RD_ERR_NOMEM, _("out of memory"));
	rc = store_audit_append(st, actor, action, subject, z, err);
	free(z);
	return rc;
}

rd_status store_audit_refusal(struct store *st, const struct rd_operator *op,
			      const char *action, const char *app_no,
			      const char *why, struct rd_err *err)
{
	json_t *j = json_pack("{s:s,s:s,s:s}", "action", action ? action : "",
			      "role", rd_role_name(op->role), "why",
			      why ? why : "");
	rd_status rc = store_begin(st, err);

	if (rc == RD_OK)
		rc = audit_details(st, op->login, "app.refused",
				   app_no ? app_no : "", j, err);
	if (rc == RD_OK)
		rc = store_commit(st, err);
	if (rc != RD_OK)
		store_rollback(st);
	json_decref(j);
	return rc;
}

/*
 * Refuse when production has reached the provider or is being sent
 * there right now. Reads only.
 */
static rd_status production_untouched(struct store *st, const struct st_app *a,
				      struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	rc = st_prepare(st,
			"SELECT id, state FROM jobs WHERE app_id=?1"
			" AND kind='production_order'"
			" AND state IN ('running','done') ORDER BY id LIMIT 1",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, a->id);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW) {
		int64_t job = sqlite3_column_int64(p, 0);
		int running = !strcmp((const char *)sqlite3_column_text(p, 1),
				      "running");

		rc = running
			? rd_err_set(err, RD_ERR_STATE,
				     _("the production order of %s (job %lld) "
				       "is being sent to the production line "
				       "right now; nothing was recorded — try "
				       "again in a minute"),
				     a->app_no, (long long)job)
			: rd_err_set(err, RD_ERR_STATE,
				     _("the production order of %s (job %lld) "
				       "has already reached the production "
				       "line; it cannot be withdrawn here — "
				       "ask the production line to stop it"),
				     a->app_no, (long long)job);
	} else if (step != SQLITE_DONE) {
		rc = st_fail(st, step, _("read production jobs"), err);
	}
	sqlite3_finalize(p);
	if (rc != RD_OK)
		return rc;
	rc = st_prepare(st,
			"SELECT order_id FROM production_orders WHERE app_id=?1"
			" AND state<>'cancelled' AND COALESCE(order_id,'')<>''"
			" ORDER BY id LIMIT 1",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, a->id);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW) {
		char zOrder[64];

		st_column_copy(p, 0, zOrder, sizeof zOrder);
		rc = rd_err_set(err, RD_ERR_STATE,
				_("the production line already has order %s "
				  "for %s; it cannot be withdrawn here — ask "
				  "the production line to stop it"),
				zOrder, a->app_no);
	} else if (step != SQLITE_DONE) {
		rc = st_fail(st, step, _("read production orders"), err);
	}
	sqlite3_finalize(p);
	return rc;
}

/* Cancel the production order, e-invoice and PIN SMS jobs not yet sent
 * (no key, no invoice and no PIN for a withdrawn application); their ids
 * go to jIds. */
static rd_status stop_production(struct store *st, const struct st_app *a,
				 json_t *jIds, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	int64_t now = rd_now();
	rd_status rc;
	int step;

	rc = st_prepare(st,
			"UPDATE jobs SET state='cancelled', updated_at=?2"
			" WHERE app_id=?1 AND (kind IN ('production_order',"
			"'invoice') OR (kind='notify' AND"
			" substr(idem_key,-4)=':pin'))"
			" AND state IN ('pending','failed','dead')"
			" RETURNING id",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, a->id);
	st_bind_int64(p, 2, now);
	while ((step = sqlite3_step(p)) == SQLITE_ROW)
		json_array_append_new(jIds,
				      json_integer(sqlite3_column_int64(p, 0)));
	sqlite3_finalize(p);
	if (step != SQLITE_DONE)
		return st_fail(st, step, _("cancel the production order"), err);
	return st_run(st, NULL, _("cancel the production order"), err,
		      "UPDATE production_orders SET state='cancelled',"
		      " updated_at=?2 WHERE app_id=?1 AND state='requested'"
		      " AND COALESCE(order_id,'')=''", "ii", (int64_t)a->id,
		      (int64_t)now);
}

/* Close an override still waiting for a countersign: nobody can
 * countersign a withdrawn application. The schema forbids the decider
 * countersigning their own override, so then countersigned_by stays
 * empty. */
static rd_status close_override(struct store *st, const struct st_app *a,
				const struct rd_operator *op, const char *zNote,
				struct rd_err *err)
{
	return st_run(st, NULL, _("close the pending override"), err,
		      "UPDATE decisions SET countersign='refused',"
		      " countersigned_by=CASE WHEN operator_id=?2 THEN NULL"
		      "  ELSE ?2 END,"
		      " countersigned_at=?3, countersign_note=?4"
		      " WHERE app_id=?1 AND countersign='pending'", "iiit",
		      (int64_t)a->id, (int64_t)op->id, (int64_t)(rd_now()),
		      zNote);
}

/* Mark the current version's payment refunded; what it was goes into
 * j ("payment": {id, amount_fen, was}). No payment: nothing to mark. */
static rd_status mark_refunded(struct store *st, const struct st_app *a,
			       json_t *j, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	int64_t id = 0, amount = 0;
	char zWas[16] = "";
	rd_status rc;
	int step;

	rc = st_prepare(st,
			"SELECT id, amount_fen, state FROM payments"
			" WHERE version_id=?1",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, a->version_id);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW) {
		id = sqlite3_column_int64(p, 0);
		amount = sqlite3_column_int64(p, 1);
		st_column_copy(p, 2, zWas, sizeof zWas);
	}
	sqlite3_finalize(p);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return st_fail(st, step, _("read payment"), err);
	if (!id)
		return RD_OK;
	json_object_set_new(j, "payment",
			    json_pack("{s:I,s:I,s:s}", "id", (json_int_t)id,
				      "amount_fen", (json_int_t)amount, "was",
				      zWas));
	rc = st_run(st, NULL, _("mark the payment refunded"), err,
		    "UPDATE payments SET state='refunded' WHERE id=?1", "i",
		    (int64_t)id);
	if (rc == RD_OK)
		rc = store_check_summary_refresh(st, a->id, err);
	return rc;
}

static rd_status insert_decision(struct store *st, const struct st_app *a,
				 const struct rd_operator *op,
				 enum rd_app_action action,
				 enum rd_app_state to, const char *zNote,
				 int64_t *id, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	rc = st_prepare(st,
			"INSERT INTO decisions(app_id,version_id,operator_id,"
			"action,from_state,to_state,note,created_at)"
			" VALUES(?1,?2,?3,?4,?5,?6,?7,?8)",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, a->id);
	st_bind_int64(p, 2, a->version_id);
	st_bind_int64(p, 3, op->id);
	st_bind_text(p, 4, rd_app_action_name(action));
	st_bind_text(p, 5, rd_app_state_name(a->state));
	st_bind_text(p, 6, rd_app_state_name(to));
	st_bind_text(p, 7, zNote);
	st_bind_int64(p, 8, rd_now());
	step = sqlite3_step(p);
	sqlite3_finalize(p);
	if (step != SQLITE_DONE)
		return st_fail(st, step, _("record the withdrawal"), err);
	*id = sqlite3_last_insert_rowid(st->db);
	return RD_OK;
}

static rd_status set_state(struct store *st, const struct st_app *a,
			   enum rd_app_state to, struct rd_err *err)
{
	rd_status rc = st_run(st, NULL, _("change the state"), err,
			      "UPDATE applications SET state=?3,"
			      " updated_at=?2, row_version=row_version+1"
			      " WHERE id=?1", "iit", (int64_t)a->id,
			      (int64_t)(rd_now()), rd_app_state_name(to));

	if (rc != RD_OK)
		return rc;
	return st_run(st, NULL, _("end claim"), err,
		      "DELETE FROM claims WHERE app_id=?1", "i", (int64_t)a->id);
}

/* The customer hears of it: a notify job, same payload shape as the
 * review decisions' (app_no, event, note, reasons). */
static rd_status enqueue_notify(struct store *st, const struct st_app *a,
				enum rd_app_state to, const char *zNote,
				struct rd_err *err)
{
	const char *zEvent = rd_app_state_name(to);
	json_t *j = json_pack("{s:s,s:s,s:s,s:[]}", "app_no", a->app_no,
			      "event", zEvent, "note", zNote, "reasons");
	char *zPayload = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS)
			   : NULL;
	char zKey[128];
	rd_status rc;

	json_decref(j);
	if (!zPayload)
		return rd_err_set(err, RD_ERR_NOMEM, _("out of memory"));
	snprintf(zKey, sizeof zKey, "notify:%s:v%d:%s", a->app_no, a->version,
		 zEvent);
	rc = store_job_enqueue(st, "notify", a->id, zKey, zPayload, 0, 0, NULL,
			       err);
	free(zPayload);
	return rc;
}

static int blank(const char *z)
{
	for (; z && *z; z++)
		if (!strchr(" \t\r\n", *z))
			return 0;
	return 1;
}

/* A clearer refusal than the table's for applications past approval. */
static rd_status explain_state(const struct st_app *a,
			       enum rd_app_action action, struct rd_err *err)
{
	if (action == RD_ACT_REFUND)
		return rd_err_set(err, RD_ERR_STATE,
				  _("%s has no refund request; request the "
				    "refund first"),
				  a->app_no);
	switch (a->state) {
	case RD_ST_IN_PRODUCTION:
	case RD_ST_SHIPPED:
	case RD_ST_DELIVERED:
	case RD_ST_COMPLETED:
		return rd_err_set(err, RD_ERR_STATE,
				  _("%s is \"%s\": production has started, so "
				    "it can no longer be cancelled or refunded "
				    "here (only before production)"),
				  a->app_no, rd_app_state_label(a->state));
	default:
		return err ? err->code : RD_ERR_STATE;
	}
}

static const char *audit_action(enum rd_app_action action)
{
	return action == RD_ACT_CANCEL		? "app.cancel"
	       : action == RD_ACT_REQUEST_REFUND ? "app.request_refund"
						 : "app.refund";
}

/* A refund needs two people (core/refund_rule.h): whoever requested it
 * (the latest request_refund decision) does not mark it refunded. */
static rd_status two_people(struct store *st, const struct st_app *a,
			    const struct rd_operator *op, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	int64_t approver = 0;
	rd_status rc;
	int step;

	rc = st_prepare(st,
			"SELECT operator_id FROM decisions WHERE app_id=?1"
			" AND action='request_refund' ORDER BY id DESC LIMIT 1",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, a->id);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW)
		approver = sqlite3_column_int64(p, 0);
	sqlite3_finalize(p);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return st_fail(st, step, _("read the refund's approval"), err);
	return rd_refund_may_pay(approver, op->id, err);
}

static rd_status withdraw_locked(struct store *st, const struct rd_operator *op,
				 int64_t app_id, int64_t row_version,
				 enum rd_app_action action, const char *zNote,
				 int64_t *decision_id, struct rd_err *err)
{
	struct st_app a;
	enum rd_app_state to;
	int64_t id = 0;
	json_t *j = NULL, *jJobs = NULL;
	rd_status rc;

	rc = st_app_load(st, app_id, &a, err);
	if (rc != RD_OK)
		return rc;
	if (a.row_version != row_version)
		return st_app_conflict(st, a.app_no, err);
	{
		/* The gate: the table for this supervisor's move. */
		struct rd_gate_facts f;
		struct rd_gate_result gr;

		rc = st_gate_facts(st, &a, op, NULL, 0, &f, err);
		if (rc != RD_OK)
			return rc;
		f.transition = action;
		rc = rd_gate_check(&f, RD_GATE_TRANSITION, &gr);
		if (rc != RD_OK)
			rc = st_gate_refused(st, a.app_no,
					     rd_app_action_label(action), &gr,
					     err);
		if (rc == RD_ERR_STATE)
			return explain_state(&a, action, err);
		if (rc != RD_OK)
			return rc;
		to = gr.to;
	}
	if (action != RD_ACT_REFUND) {
		rc = production_untouched(st, &a, err);
		if (rc != RD_OK)
			return rc;
	} else {
		rc = two_people(st, &a, op, err);
		if (rc != RD_OK)
			return rc;
	}
	/* Nothing below refuses: from here on, only writes. */
	jJobs = json_array();
	j = json_object();
	if (!jJobs || !j) {
		rc = rd_err_set(err, RD_ERR_NOMEM, _("out of memory"));
		goto done;
	}
	if (action == RD_ACT_REFUND)
		rc = mark_refunded(st, &a, j, err);
	else
		rc = stop_production(st, &a, jJobs, err);
	if (rc == RD_OK)
		rc = close_override(st, &a, op, zNote, err);
	if (rc == RD_OK)
		rc = insert_decision(st, &a, op, action, to, zNote, &id, err);
	if (rc == RD_OK)
		rc = set_state(st, &a, to, err);
	if (rc == RD_OK)
		rc = enqueue_notify(st, &a, to, zNote, err);
	if (rc != RD_OK)
		goto done;
	json_object_set_new(j, "decision", json_integer(id));
	json_object_set_new(j, "from", json_string(rd_app_state_name(a.state)));
	json_object_set_new(j, "to", json_string(rd_app_state_name(to)));
	json_object_set_new(j, "note", json_string(zNote));
	if (json_array_size(jJobs))
		json_object_set(j, "jobs_cancelled", jJobs);
	rc = audit_details(st, op->login, audit_action(action), a.app_no, j,
			   err);
	if (rc == RD_OK && decision_id)
		*decision_id = id;
done:
	json_decref(jJobs);
	json_decref(j);
	return rc;
}

rd_status store_withdraw_in_tx(struct store *st,
			       const struct rd_operator *op, int64_t app_id,
			       enum rd_app_action action, const char *note,
			       int64_t *decision_id, struct rd_err *err)
{
	struct st_app a;
	rd_status rc;

	if (!st->in_tx)
		return rd_err_set(err, RD_ERR_INTERNAL,
				  "store_withdraw_in_tx outside a transaction");
	if (action != RD_ACT_CANCEL && action != RD_ACT_REQUEST_REFUND &&
	    action != RD_ACT_REFUND)
		return rd_err_set(err, RD_ERR_INVALID,
				  _("%s is not a withdrawal"),
				  rd_app_action_name(action));
	if (!rd_role_at_least(op->role, RD_ROLE_SUPERVISOR))
		return rd_err_set(err, RD_ERR_DENIED,
				  _("\"%s\" is for supervisors (you are %s); "
				    "nothing was changed and the attempt is "
				    "logged"),
				  rd_app_action_label(action),
				  rd_role_label(op->role));
	if (blank(note))
		return rd_err_set(err, RD_ERR_INVALID,
				  _("write a note for the customer: why \"%s\""),
				  rd_app_action_label(action));
	rc = st_app_load(st, app_id, &a, err);
	if (rc != RD_OK)
		return rc;
	return withdraw_locked(st, op, app_id, a.row_version, action, note,
			       decision_id, err);
}

rd_status store_withdraw(struct store *st, const struct rd_operator *op,
			 int64_t app_id, int64_t row_version,
			 enum rd_app_action action, const char *note,
			 int64_t *decision_id, struct rd_err *err)
{
	rd_status rc;

	if (action != RD_ACT_CANCEL && action != RD_ACT_REQUEST_REFUND &&
	    action != RD_ACT_REFUND)
		return rd_err_set(err, RD_ERR_INVALID,
				  _("%s is not a withdrawal"),
				  rd_app_action_name(action));
	if (!rd_role_at_least(op->role, RD_ROLE_SUPERVISOR)) {
		char zNo[40] = "", zOrg[8];

		/* The refusal is logged even when that fails. */
		store_check_app_names(st, app_id, zNo, sizeof zNo, zOrg,
				      sizeof zOrg, NULL);
		store_audit_refusal(st, op, rd_app_action_name(action), zNo,
				    "supervisor only", NULL);
		return rd_err_set(err, RD_ERR_DENIED,
				  _("\"%s\" is for supervisors (you are %s); "
				    "nothing was changed and the attempt is "
				    "logged"),
				  rd_app_action_label(action),
				  rd_role_label(op->role));
	}
	if (blank(note))
		return rd_err_set(err, RD_ERR_INVALID,
				  _("write a note for the customer: why \"%s\""),
				  rd_app_action_label(action));
	rc = store_begin(st, err);
	if (rc != RD_OK)
		return rc;
	rc = withdraw_locked(st, op, app_id, row_version, action, note,
			     decision_id, err);
	if (rc == RD_OK)
		rc = store_commit(st, err);
	if (rc != RD_OK)
		store_rollback(st);
	if (rc == RD_ERR_DENIED) {
		char zNo[40] = "", zOrg[8];

		/* the two-person rule refused: on the record too */
		store_check_app_names(st, app_id, zNo, sizeof zNo, zOrg,
				      sizeof zOrg, NULL);
		store_audit_refusal(st, op, rd_app_action_name(action), zNo,
				    rd_err_msg(err), NULL);
	}
	return rc;
}
