/*
 * review.c — claims, checklist, decisions, countersigns, notes, reveals.
 *
 * Each public function is one transaction: begin, check, write, audit,
 * commit — or roll back everything. Nothing here blocks on the network:
 * outside calls become jobs (store_job_enqueue) in the same transaction.
 */
#include "store/review.h"
#include "store/audit.h"
#include "store/fulfil.h"
#include "store/gate_internal.h"
#include "store/internal.h"
#include "store/jobs.h"

#include "clock.h"
#include "core/i18n.h"
#include "core/timefmt.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static rd_status audit_json(struct store *st, const struct rd_operator *op,
			    const char *action, const char *subject,
			    json_t *details, struct rd_err *err)
{
	char *z = details ? json_dumps(details, JSON_COMPACT | JSON_SORT_KEYS)
			  : NULL;
	rd_status rc;

	if (details && !z)
		return RD_ERR_NOMEM;
	rc = store_audit_append(st, op->login, action, subject, z ? z : "",
				err);
	free(z);
	return rc;
}

static rd_status pending_of(struct store *st, int64_t app_id, int64_t *id,
			    int64_t *decider, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st,
				  "SELECT id, operator_id FROM decisions "
				  "WHERE app_id=?1 AND countersign='pending' "
				  "ORDER BY id DESC LIMIT 1",
				  &p, err);

	if (rc != RD_OK)
		return rc;
	*id = 0;
	if (decider)
		*decider = 0;
	st_bind_int64(p, 1, app_id);
	if (sqlite3_step(p) == SQLITE_ROW) {
		*id = sqlite3_column_int64(p, 0);
		if (decider)
			*decider = sqlite3_column_int64(p, 1);
	}
	sqlite3_finalize(p);
	return RD_OK;
}

rd_status store_review_pending(struct store *st, int64_t app_id,
			       int64_t *decision_id, int64_t *decider_id,
			       struct rd_err *err)
{
	return pending_of(st, app_id, decision_id, decider_id, err);
}

static rd_status finish(struct store *st, rd_status rc, struct rd_err *err)
{
	if (rc == RD_OK)
		rc = store_commit(st, err);
	if (rc != RD_OK)
		store_rollback(st);
	return rc;
}

/* Insert or take over the claim row. force: take it whatever its state
 * (reassign); otherwise only when free, expired or already op's. */
static rd_status put_claim(struct store *st, int64_t app_id, int64_t op_id,
			   int64_t now, int lease_min, int force, int *changes,
			   struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st,
		"INSERT INTO claims(app_id,operator_id,claimed_at,expires_at)"
		" VALUES(?1,?2,?3,?4) ON CONFLICT(app_id) DO UPDATE"
		" SET operator_id=excluded.operator_id,"
		" claimed_at=excluded.claimed_at,"
		" expires_at=excluded.expires_at"
		" WHERE ?5 OR claims.expires_at<=?3"
		" OR claims.operator_id=excluded.operator_id",
		&p, err);
	int step;

	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, app_id);
	st_bind_int64(p, 2, op_id);
	st_bind_int64(p, 3, now);
	st_bind_int64(p, 4, now + 60 * (int64_t)(lease_min > 0 ? lease_min : 30));
	sqlite3_bind_int(p, 5, force ? 1 : 0);
	step = sqlite3_step(p);
	sqlite3_finalize(p);
	if (step != SQLITE_DONE)
		return st_fail(st, step, _("claim"), err);
	*changes = sqlite3_changes(st->db);
	return RD_OK;
}

rd_status store_review_claim(struct store *st, const struct rd_operator *op,
			     int64_t app_id, int lease_min,
			     struct rd_err *err)
{
	struct st_app a;
	enum rd_app_state to;
	int64_t now = rd_now();
	int changes = 0;
	json_t *j = NULL;
	rd_status rc = store_begin(st, err);

	if (rc != RD_OK)
		return rc;
	rc = st_app_load(st, app_id, &a, err);
	if (rc != RD_OK)
		goto done;
	if (a.claim_op && a.claim_op != op->id) {
		rc = rd_err_set(err, RD_ERR_CONFLICT,
				_("%s is claimed by %s; ask them or a "
				  "supervisor to release it"),
				a.app_no, a.claim_login);
		goto done;
	}
	to = a.state;
	if (a.state != RD_ST_IN_REVIEW) {
		rc = rd_app_transition(a.type, a.state, RD_ACT_CLAIM, op->role,
				       &to, err);
		if (rc != RD_OK)
			goto done;
	}
	/* The lease: take it only when free, expired or already ours. */
	rc = put_claim(st, app_id, op->id, now, lease_min, 0, &changes, err);
	if (rc != RD_OK)
		goto done;
	if (changes == 0) {
		rc = rd_err_set(err, RD_ERR_CONFLICT,
				_("%s was claimed by someone else just now; "
				  "the view is refreshed"),
				a.app_no);
		goto done;
	}
	if (to != a.state)
		rc = st_run(st, NULL, _("claim"), err,
			    "UPDATE applications SET state=?3, updated_at=?2,"
			    " row_version=row_version+1 WHERE id=?1", "iit",
			    (int64_t)app_id, (int64_t)now,
			    rd_app_state_name(to));
	if (rc != RD_OK)
		goto done;
	j = json_pack("{s:i,s:s}", "lease_min", lease_min, "state",
		      rd_app_state_name(to));
	rc = audit_json(st, op, "app.claim", a.app_no, j, err);
done:
	json_decref(j);
	return finish(st, rc, err);
}

static rd_status release_locked(struct store *st, const struct rd_operator *op,
				struct st_app *a, const char *zAction,
				struct rd_err *err)
{
	int64_t pend = 0;
	enum rd_app_state to;
	rd_status rc;

	rc = st_run(st, NULL, _("release"), err,
		    "DELETE FROM claims WHERE app_id=?1", "i", (int64_t)a->id);
	if (rc != RD_OK)
		return rc;
	rc = pending_of(st, a->id, &pend, NULL, err);
	if (rc != RD_OK)
		return rc;
	if (a->state == RD_ST_IN_REVIEW && !pend) {
		rc = rd_app_transition(a->type, a->state, RD_ACT_RELEASE,
				       op->role, &to, err);
		if (rc != RD_OK)
			return rc;
		rc = st_run(st, NULL, _("release"), err,
			    "UPDATE applications SET state=?3, updated_at=?2,"
			    " row_version=row_version+1 WHERE id=?1", "iit",
			    (int64_t)a->id, (int64_t)(rd_now()),
			    rd_app_state_name(to));
		if (rc != RD_OK)
			return rc;
	}
	json_t *j = json_pack("{s:s}", "holder", a->claim_login);
	rc = audit_json(st, op, zAction, a->app_no, j, err);
	json_decref(j);
	return rc;
}

rd_status store_review_release(struct store *st, const struct rd_operator *op,
			       int64_t app_id, struct rd_err *err)
{
	struct st_app a;
	rd_status rc = store_begin(st, err);

	if (rc != RD_OK)
		return rc;
	rc = st_app_load(st, app_id, &a, err);
	if (rc != RD_OK)
		goto done;
	if (!a.claim_op) {
		rc = rd_err_set(err, RD_ERR_NOTFOUND,
				_("%s is not claimed"), a.app_no);
		goto done;
	}
	if (a.claim_op != op->id &&
	    !rd_role_at_least(op->role, RD_ROLE_SUPERVISOR)) {
		rc = rd_err_set(err, RD_ERR_DENIED,
				_("%s is claimed by %s; only they or a "
				  "supervisor can release it"),
				a.app_no, a.claim_login);
		goto done;
	}
	rc = release_locked(st, op, &a, "app.release", err);
done:
	return finish(st, rc, err);
}

rd_status store_review_touch(struct store *st, const struct rd_operator *op,
			     int64_t app_id, int lease_min,
			     struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	int64_t now = rd_now();
	rd_status rc = store_begin(st, err);
	int step;

	if (rc != RD_OK)
		return rc;
	rc = st_prepare(st,
			"UPDATE claims SET expires_at=max(expires_at, ?3)"
			" WHERE app_id=?1 AND operator_id=?2 AND expires_at>?4",
			&p, err);
	if (rc != RD_OK)
		goto done;
	st_bind_int64(p, 1, app_id);
	st_bind_int64(p, 2, op->id);
	st_bind_int64(p, 3, now + 60 * (int64_t)(lease_min > 0 ? lease_min : 30));
	st_bind_int64(p, 4, now);
	step = sqlite3_step(p);
	if (step != SQLITE_DONE)
		rc = st_fail(st, step, _("extend claim"), err);
	else if (sqlite3_changes(st->db) == 0)
		rc = rd_err_set(err, RD_ERR_NOTFOUND,
				_("you hold no live claim on this application"));
done:
	sqlite3_finalize(p);
	return finish(st, rc, err);
}

rd_status store_review_reassign(struct store *st, const struct rd_operator *op,
				int64_t app_id, const char *to_login,
				int lease_min, struct rd_err *err)
{
	struct st_app a;
	struct rd_operator to;
	int64_t now = rd_now();
	enum rd_app_state next;
	json_t *j = NULL;
	int changes = 0;
	rd_status rc;

	if (!rd_role_at_least(op->role, RD_ROLE_SUPERVISOR))
		return rd_err_set(err, RD_ERR_DENIED,
				  _("only a supervisor can reassign a claim"));
	rc = store_begin(st, err);
	if (rc != RD_OK)
		return rc;
	rc = st_app_load(st, app_id, &a, err);
	if (rc != RD_OK)
		goto done;
	rc = store_operator_get(st, to_login, &to, err);
	if (rc != RD_OK)
		goto done;
	if (!to.enabled) {
		rc = rd_err_set(err, RD_ERR_STATE,
				_("operator %s is disabled"), to_login);
		goto done;
	}
	next = a.state;
	if (a.state != RD_ST_IN_REVIEW) {
		rc = rd_app_transition(a.type, a.state, RD_ACT_CLAIM, to.role,
				       &next, err);
		if (rc != RD_OK)
			goto done;
	}
	rc = put_claim(st, app_id, to.id, now, lease_min, 1, &changes, err);
	/* A reassignment changes who may decide: views of it are stale. */
	if (rc == RD_OK)
		rc = st_run(st, NULL, _("reassign"), err,
			    "UPDATE applications SET state=?3, updated_at=?2,"
			    " row_version=row_version+1 WHERE id=?1", "iit",
			    (int64_t)app_id, (int64_t)now,
			    rd_app_state_name(next));
	if (rc != RD_OK)
		goto done;
	j = json_pack("{s:s,s:s}", "from", a.claim_login, "to", to.login);
	rc = audit_json(st, op, "app.reassign", a.app_no, j, err);
done:
	json_decref(j);
	return finish(st, rc, err);
}

static rd_status need_claim(const struct rd_operator *op,
			    const struct st_app *a, struct rd_err *err)
{
	if (a->claim_op == op->id)
		return RD_OK;
	if (a->claim_op)
		return rd_err_set(err, RD_ERR_CONFLICT,
				  _("%s is claimed by %s"), a->app_no,
				  a->claim_login);
	return rd_err_set(err, RD_ERR_DENIED,
			  _("claim %s first (or your claim has expired)"),
			  a->app_no);
}

rd_status store_review_tick(struct store *st, const struct rd_operator *op,
			    int64_t app_id, const char *item, int checked,
			    struct rd_err *err)
{
	struct st_app a;
	json_t *j = NULL;
	rd_status rc = store_begin(st, err);

	if (rc != RD_OK)
		return rc;
	rc = st_app_load(st, app_id, &a, err);
	if (rc == RD_OK)
		rc = need_claim(op, &a, err);
	if (rc != RD_OK)
		goto done;
	rc = st_run(st, NULL, _("tick checklist"), err,
		    "INSERT INTO checklist(version_id,item,checked,operator_id,at)"
		    " VALUES(?1,?4,?2,?3,0)"
		    " ON CONFLICT(version_id,item) DO UPDATE SET"
		    " checked=excluded.checked, operator_id=excluded.operator_id,"
		    " at=excluded.at", "iiit", (int64_t)a.version_id,
		    (int64_t)(checked ? 1 : 0), (int64_t)op->id, item);
	if (rc == RD_OK)
		rc = st_run(st, NULL, _("tick checklist"), err,
			    "UPDATE checklist SET at=?2 WHERE version_id=?1"
			    " AND item=?3", "iit", (int64_t)a.version_id,
			    (int64_t)(rd_now()), item);
	if (rc != RD_OK)
		goto done;
	j = json_pack("{s:s,s:b,s:i}", "item", item, "checked", checked,
		      "version", a.version);
	rc = audit_json(st, op, "app.checklist", a.app_no, j, err);
done:
	json_decref(j);
	return finish(st, rc, err);
}

static rd_status enqueue_effects(struct store *st, const struct st_app *a,
				 enum rd_app_action action,
				 const struct store_decision_req *req,
				 const char *zNote, struct rd_err *err)
{
	json_t *j = NULL, *jr = NULL;
	char *zPayload = NULL;
	char zKey[128];
	const char *zEvent;
	rd_status rc;

	/* An approval starts fulfilment: production, PIN SMS, invoice. */
	if (action == RD_ACT_APPROVE)
		return store_fulfil_on_approve(st, a->id,
					       req ? req->outlet : NULL, zNote,
					       err);
	zEvent = action == RD_ACT_REJECT ? "rejected" : "fin_auth_failed";
	jr = json_array();
	for (size_t i = 0; req && i < req->nReason; i++)
		json_array_append_new(jr, json_string(req->aReason[i]));
	j = json_pack("{s:s,s:s,s:s,s:o}", "app_no", a->app_no, "event",
		      zEvent, "note", zNote ? zNote : "", "reasons", jr);
	if (!j)
		return RD_ERR_NOMEM;
	snprintf(zKey, sizeof zKey, "notify:%s:v%d:%s", a->app_no, a->version,
		 zEvent);
	zPayload = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	if (!zPayload)
		return RD_ERR_NOMEM;
	rc = store_job_enqueue(st, "notify", a->id, zKey, zPayload, 0, 0, NULL,
			       err);
	free(zPayload);
	return rc;
}

/* Apply a decided state change: state, decided_*, row_version, claim. */
static rd_status apply_state(struct store *st, const struct st_app *a,
			     enum rd_app_state to, int64_t decider,
			     struct rd_err *err)
{
	int64_t now = rd_now();
	rd_status rc;

	rc = st_run(st, NULL, _("record decision"), err,
		    "UPDATE applications SET state=?4, decided_at=?2,"
		    " decided_by=?3, updated_at=?2,"
		    " row_version=row_version+1 WHERE id=?1", "iiit",
		    (int64_t)a->id, (int64_t)now, (int64_t)decider,
		    rd_app_state_name(to));
	if (rc != RD_OK)
		return rc;
	return st_run(st, NULL, _("end claim"), err,
		      "DELETE FROM claims WHERE app_id=?1", "i", (int64_t)a->id);
}

static enum rd_gate_action gate_action_of(enum rd_app_action a, int bulk)
{
	if (a == RD_ACT_APPROVE)
		return bulk ? RD_GATE_BULK_APPROVE : RD_GATE_APPROVE;
	if (a == RD_ACT_REJECT)
		return bulk ? RD_GATE_BULK_REJECT : RD_GATE_REJECT;
	return RD_GATE_RETURN_FIN_AUTH;
}

/* The overridden conditions' keys, for the audit entry. */
static json_t *cond_keys(const struct rd_gate_result *r)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < r->n; i++)
		json_array_append_new(a,
				      json_string(rd_gate_cond_key(r->a[i].cond)));
	return a;
}

/*
 * The paired application of a (related_app_no) is approved with it, in
 * the caller's transaction: a decision of its own by decider, its state,
 * its effects and an audit entry naming the pair. The gate passed a only
 * when the partner met every condition (RD_GATE_C_PAIRED); it is asked
 * again here, from facts read under the same lock.
 */
static rd_status approve_paired(struct store *st, const struct rd_operator *op,
				const struct st_app *a, int64_t decider,
				struct rd_err *err)
{
	struct rd_gate_facts g;
	struct st_app b;
	enum rd_app_state from, to;
	int64_t pid = 0, id, now = rd_now();
	uint32_t bits;
	json_t *j;
	rd_status rc = st_gate_paired(st, a, &pid, err);

	if (rc != RD_OK || !pid)
		return rc;
	rc = st_app_load(st, pid, &b, err);
	if (rc == RD_OK)
		rc = st_gate_facts(st, &b, op, NULL, 0, &g, err);
	if (rc != RD_OK || g.approval_in_force)
		return rc;
	bits = rd_gate_check_paired(&g);
	if (bits) {
		struct rd_gate_result r;

		memset(&r, 0, sizeof r);
		r.n = 1;
		r.a[0].cond = RD_GATE_C_PAIRED;
		r.a[0].detail = (int64_t)bits;
		return st_gate_refused(st, a->app_no, _("approve"), &r, err);
	}
	from = b.state == RD_ST_RECEIVED ? RD_ST_IN_REVIEW : b.state;
	rc = rd_app_transition(b.type, from, RD_ACT_APPROVE, op->role, &to,
			       err);
	if (rc != RD_OK)
		return rc;
	rc = st_run(st, NULL, _("record decision"), err,
		    "INSERT INTO decisions(app_id,version_id,operator_id,"
		    "action,from_state,to_state,note,override_reason,"
		    "countersign,created_at) VALUES(?1,?2,?3,'approve',?4,?5,"
		    "'','','none',?6)",
		    "iiitti", (int64_t)b.id, (int64_t)b.version_id,
		    (int64_t)decider, rd_app_state_name(from),
		    rd_app_state_name(to), (int64_t)now);
	if (rc != RD_OK)
		return rc;
	id = sqlite3_last_insert_rowid(st->db);
	b.state = from;
	rc = apply_state(st, &b, to, decider, err);
	if (rc == RD_OK)
		rc = enqueue_effects(st, &b, RD_ACT_APPROVE, NULL, NULL, err);
	if (rc != RD_OK)
		return rc;
	j = json_pack("{s:I,s:s,s:s,s:s,s:s}", "decision", (json_int_t)id,
		      "action", "approve", "from", rd_app_state_name(from), "to",
		      rd_app_state_name(to), "paired", a->app_no);
	if (!j)
		return RD_ERR_NOMEM;
	rc = audit_json(st, op, "decision", b.app_no, j, err);
	json_decref(j);
	return rc;
}

/*
 * Record one decision, inside the caller's transaction, if the gate
 * allows it. bulk: a supervisor's decision without a claim, no override.
 * *gr gets the gate's result (for the refusal's audit entry).
 */
static rd_status decide_locked(struct store *st, const struct rd_operator *op,
			       const struct store_decision_req *req, int bulk,
			       int64_t *decision_id, struct rd_gate_result *gr,
			       char *zAppNo, size_t nAppNo, struct rd_err *err)
{
	struct st_app a;
	struct rd_gate_facts f;
	enum rd_app_state to;
	int64_t id = 0, now = rd_now();
	const char *zOverride = req->override_reason ? req->override_reason
						     : "";
	int is_override = 0;
	sqlite3_stmt *p = NULL;
	json_t *j = NULL, *jr = NULL;
	rd_status rc;

	memset(gr, 0, sizeof *gr);
	rc = st_app_load(st, req->app_id, &a, err);
	if (rc != RD_OK)
		return rc;
	snprintf(zAppNo, nAppNo, "%s", a.app_no);
	if (a.row_version != req->row_version)
		return st_app_conflict(st, a.app_no, err);
	if (req->action != RD_ACT_APPROVE && req->action != RD_ACT_REJECT &&
	    (bulk || req->action != RD_ACT_RETURN_FIN_AUTH))
		return rd_err_set(err, RD_ERR_INVALID,
				  _("%s is not a review decision"),
				  rd_app_action_label(req->action));
	if (*zOverride && req->action != RD_ACT_APPROVE)
		return rd_err_set(err, RD_ERR_INVALID,
				  _("only an approval can be an override"));
	/* The gate decides, from facts read under the write lock. */
	rc = st_gate_facts(st, &a, op, req->aRequired, req->nRequired, &f,
			   err);
	if (rc != RD_OK)
		return rc;
	f.n_reason = req->nReason;
	f.override_given = *zOverride != '\0';
	rc = rd_gate_check(&f, gate_action_of(req->action, bulk), gr);
	if (rc == RD_ERR_INVALID)
		return rd_err_set(err, RD_ERR_INVALID,
				  _("the gate cannot judge this action"));
	if (!gr->allowed)
		return st_gate_refused(st, a.app_no,
				       rd_app_action_label(req->action), gr,
				       err);
	to = gr->to;
	/* A bulk decision takes a received application into review on
	 * the way (the gate checked that claim against the table). */
	if (a.state == RD_ST_RECEIVED)
		a.state = RD_ST_IN_REVIEW;
	/* An override with nothing to override is simply approval. */
	is_override = gr->countersign;
	rc = st_prepare(st,
			"INSERT INTO decisions(app_id,version_id,operator_id,"
			"action,from_state,to_state,note,override_reason,"
			"countersign,created_at) VALUES(?1,?2,?3,?4,?5,?6,?7,"
			"?8,?9,?10)",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, a.id);
	st_bind_int64(p, 2, a.version_id);
	st_bind_int64(p, 3, op->id);
	st_bind_text(p, 4, rd_app_action_name(req->action));
	st_bind_text(p, 5, rd_app_state_name(a.state));
	st_bind_text(p, 6, rd_app_state_name(to));
	st_bind_text(p, 7, req->note ? req->note : "");
	st_bind_text(p, 8, is_override ? zOverride : "");
	st_bind_text(p, 9, is_override ? "pending" : "none");
	st_bind_int64(p, 10, now);
	int step = sqlite3_step(p);
	sqlite3_finalize(p);
	if (step != SQLITE_DONE)
		return st_fail(st, step, _("record decision"), err);
	id = sqlite3_last_insert_rowid(st->db);
	jr = json_array();
	for (size_t i = 0; i < req->nReason; i++) {
		rc = st_run(st, NULL, _("record reasons"), err,
			    "INSERT OR IGNORE INTO decision_reasons(decision_id,"
			    "code) VALUES(?1,?2)", "it", (int64_t)id,
			    req->aReason[i]);
		if (rc != RD_OK)
			goto done;
		json_array_append_new(jr, json_string(req->aReason[i]));
	}
	if (is_override) {
		rc = st_run(st, NULL, _("record override"), err,
			    "UPDATE applications SET updated_at=?2,"
			    " row_version=row_version+1 WHERE id=?1", "ii",
			    (int64_t)a.id, (int64_t)now);
	} else {
		rc = apply_state(st, &a, to, op->id, err);
		if (rc == RD_OK)
			rc = enqueue_effects(st, &a, req->action, req,
					     req->note, err);
		if (rc == RD_OK && req->action == RD_ACT_APPROVE)
			rc = approve_paired(st, op, &a, op->id, err);
	}
	if (rc != RD_OK)
		goto done;
	j = json_pack("{s:I,s:s,s:s,s:s,s:O,s:s,s:s,s:o,s:b}", "decision",
		      (json_int_t)id, "action", rd_app_action_name(req->action),
		      "from", rd_app_state_name(a.state), "to",
		      is_override ? rd_app_state_name(a.state)
				  : rd_app_state_name(to),
		      "reasons", jr, "note", req->note ? req->note : "",
		      "override", is_override ? zOverride : "",
		      "conditions", cond_keys(gr), "bulk", bulk);
	rc = audit_json(st, op, is_override ? "decision.override" : "decision",
			a.app_no, j, err);
	if (rc == RD_OK && decision_id)
		*decision_id = id;
done:
	json_decref(jr);
	json_decref(j);
	return rc;
}

rd_status store_review_decide(struct store *st, const struct rd_operator *op,
			      const struct store_decision_req *req,
			      int64_t *decision_id, struct rd_err *err)
{
	struct rd_gate_result gr;
	char zNo[40] = "";
	rd_status rc = store_begin(st, err);

	memset(&gr, 0, sizeof gr);
	if (rc != RD_OK)
		return rc;
	rc = decide_locked(st, op, req, 0, decision_id, &gr, zNo, sizeof zNo,
			   err);
	rc = finish(st, rc, err);
	if (rc == RD_ERR_DENIED)
		st_gate_audit_refusal(st, op, zNo,
				      rd_app_action_name(req->action), &gr);
	return rc;
}

rd_status store_review_countersign(struct store *st,
				   const struct rd_operator *op,
				   int64_t decision_id, int approve,
				   const char *note, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	struct st_app a;
	int64_t app_id = 0, decider = 0, now = rd_now();
	char zState[16] = "", zTo[24] = "";
	struct rd_gate_facts f;
	struct rd_gate_result gr;
	json_t *j = NULL;
	rd_status rc;

	memset(&gr, 0, sizeof gr);
	memset(&a, 0, sizeof a);
	rc = store_begin(st, err);
	if (rc != RD_OK)
		return rc;
	rc = st_prepare(st,
			"SELECT app_id, operator_id, countersign, to_state "
			"FROM decisions WHERE id=?1",
			&p, err);
	if (rc != RD_OK)
		goto done;
	st_bind_int64(p, 1, decision_id);
	if (sqlite3_step(p) == SQLITE_ROW) {
		app_id = sqlite3_column_int64(p, 0);
		decider = sqlite3_column_int64(p, 1);
		st_column_copy(p, 2, zState, sizeof zState);
		st_column_copy(p, 3, zTo, sizeof zTo);
	}
	sqlite3_finalize(p);
	if (!app_id) {
		rc = rd_err_set(err, RD_ERR_NOTFOUND,
				_("decision %lld does not exist"),
				(long long)decision_id);
		goto done;
	}
	rc = st_app_load(st, app_id, &a, err);
	if (rc != RD_OK)
		goto done;
	if (strcmp(zState, "pending")) {
		rc = rd_err_set(err, RD_ERR_CONFLICT,
				_("the override on %s was already %s"),
				a.app_no, zState);
		goto done;
	}
	/* The gate: a supervisor, neither the decider nor an editor. */
	rc = st_gate_facts(st, &a, op, NULL, 0, &f, err);
	if (rc != RD_OK)
		goto done;
	(void)decider;
	rd_gate_check(&f, RD_GATE_COUNTERSIGN, &gr);
	if (!gr.allowed) {
		rc = st_gate_refused(st, a.app_no, _("countersign"), &gr, err);
		goto done;
	}
	rc = st_run(st, NULL, _("countersign"), err,
		    "UPDATE decisions SET countersign=?4, countersigned_by=?2,"
		    " countersigned_at=?3, countersign_note=?5 WHERE id=?1",
		    "iiitt", (int64_t)decision_id, (int64_t)op->id,
		    (int64_t)now, approve ? "approved" : "refused",
		    note ? note : "");
	if (rc != RD_OK)
		goto done;
	if (approve) {
		rc = apply_state(st, &a, gr.to, decider, err);
		if (rc == RD_OK)
			rc = enqueue_effects(st, &a, RD_ACT_APPROVE, NULL,
					     NULL, err);
		if (rc == RD_OK)
			rc = approve_paired(st, op, &a, decider, err);
	} else {
		rc = st_run(st, NULL, _("countersign"), err,
			    "UPDATE applications SET updated_at=?2,"
			    " row_version=row_version+1 WHERE id=?1", "ii",
			    (int64_t)a.id, (int64_t)now);
	}
	if (rc != RD_OK)
		goto done;
	j = json_pack("{s:I,s:s}", "decision", (json_int_t)decision_id, "note",
		      note ? note : "");
	rc = audit_json(st, op,
			approve ? "decision.countersign" : "decision.refuse",
			a.app_no, j, err);
done:
	json_decref(j);
	rc = finish(st, rc, err);
	if (rc == RD_ERR_DENIED)
		st_gate_audit_refusal(st, op, a.app_no, "countersign", &gr);
	return rc;
}

rd_status store_review_note(struct store *st, const struct rd_operator *op,
			    int64_t app_id, const char *body,
			    struct rd_err *err)
{
	struct st_app a;
	json_t *j = NULL;
	rd_status rc;

	if (!body || !*body)
		return rd_err_set(err, RD_ERR_INVALID, _("the note is empty"));
	rc = store_begin(st, err);
	if (rc != RD_OK)
		return rc;
	rc = st_app_load(st, app_id, &a, err);
	if (rc == RD_OK)
		rc = st_run(st, NULL, _("add note"), err,
			    "INSERT INTO notes(app_id,operator_id,body,"
			    "created_at) VALUES(?1,?2,?4,?3)", "iiit",
			    (int64_t)app_id, (int64_t)op->id,
			    (int64_t)(rd_now()), body);
	if (rc != RD_OK)
		goto done;
	j = json_pack("{s:s}", "body", body);
	rc = audit_json(st, op, "app.note", a.app_no, j, err);
done:
	json_decref(j);
	return finish(st, rc, err);
}

rd_status store_review_reveal(struct store *st, const struct rd_operator *op,
			      int64_t app_id, const char *fields,
			      const char *field_words, const char *reason,
			      struct rd_err *err)
{
	struct st_app a;
	json_t *j = NULL;
	rd_status rc;

	if (!reason || !*reason)
		return rd_err_set(err, RD_ERR_INVALID,
				  _("a reveal needs a reason"));
	rc = store_begin(st, err);
	if (rc != RD_OK)
		return rc;
	rc = st_app_load(st, app_id, &a, err);
	if (rc != RD_OK)
		goto done;
	j = json_pack("{s:s,s:s,s:s,s:i}", "fields", fields ? fields : "",
		      "field_words", field_words ? field_words : "", "reason",
		      reason, "version", a.version);
	rc = audit_json(st, op, "pii.reveal", a.app_no, j, err);
done:
	json_decref(j);
	return finish(st, rc, err);
}

rd_status store_review_bulk(struct store *st, const struct rd_operator *op,
			    const int64_t *aId, const int64_t *aRowVersion,
			    size_t n, const struct store_decision_req *tmpl,
			    size_t *nDone, rd_status *aStatus,
			    struct rd_gate_result *aResult, struct rd_err *err)
{
	rd_status first = RD_OK;

	*nDone = 0;
	for (size_t i = 0; i < n; i++) {
		struct store_decision_req req = *tmpl;
		struct rd_gate_result gr;
		struct rd_err e1;
		char zNo[40] = "";
		rd_status rc;

		rd_err_clear(&e1);
		memset(&gr, 0, sizeof gr);
		req.app_id = aId[i];
		req.row_version = aRowVersion[i];
		/* Each its own transaction, gate and audit entry. */
		rc = store_begin(st, &e1);
		if (rc == RD_OK) {
			rc = decide_locked(st, op, &req, 1, NULL, &gr, zNo,
					   sizeof zNo, &e1);
			rc = finish(st, rc, &e1);
		}
		if (rc == RD_ERR_DENIED)
			st_gate_audit_refusal(st, op, zNo,
					      rd_app_action_name(req.action),
					      &gr);
		if (aStatus)
			aStatus[i] = rc;
		if (aResult)
			aResult[i] = gr;
		if (rc == RD_OK)
			(*nDone)++;
		else if (first == RD_OK) {
			first = rc;
			if (err)
				*err = e1;
		}
	}
	return first;
}
