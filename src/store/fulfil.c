/*
 * fulfil.c — production orders, shipments, label prints (see fulfil.h).
 */
#include "store/fulfil.h"
#include "store/gate_internal.h"
#include "store/invoice.h"
#include "labels.h"
#include "store/audit.h"
#include "store/checks.h"
#include "store/internal.h"
#include "store/jobs.h"
#include "store/operators.h"
#include "store/pins.h"

#include "clock.h"
#include "core/i18n.h"
#include "core/mask.h"
#include "core/state.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Commit on success, roll back otherwise. */
static rd_status finish(struct store *st, rd_status rc, struct rd_err *err)
{
	if (rc == RD_OK)
		rc = store_commit(st, err);
	if (rc != RD_OK)
		store_rollback(st);
	return rc;
}

/* The text of a packed JSON object, which is released; NULL when out of
 * memory (j NULL included). Caller frees. */
static char *json_text_take(json_t *j)
{
	char *z = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;

	json_decref(j);
	return z;
}

/* Append an audit entry whose details are the JSON object j (stolen). */
static rd_status audit_take(struct store *st, const char *actor,
			    const char *action, const char *subject, json_t *j,
			    struct rd_err *err)
{
	char *z = json_text_take(j);
	rd_status rc;

	if (!z)
		return rd_err_set(err, RD_ERR_NOMEM, "%s",
				  rd_strerror(RD_ERR_NOMEM));
	rc = store_audit_append(st, actor, action, subject, z, err);
	free(z);
	return rc;
}

/* The worker's audit entry about an application (details j, stolen). */
static rd_status audit_app(struct store *st, int64_t app_id,
			   const char *action, json_t *j, struct rd_err *err)
{
	char zAppNo[40] = "", zOrg[8];
	rd_status rc = store_check_app_names(st, app_id, zAppNo, sizeof zAppNo,
					     zOrg, sizeof zOrg, err);

	if (rc != RD_OK) {
		json_decref(j);
		return rc;
	}
	return audit_take(st, "worker", action, zAppNo, j, err);
}

/* Type and state names of an application row into their enums. */
static rd_status app_enums(const char *zType, const char *zState,
			   int64_t app_id, enum rd_app_type *type,
			   enum rd_app_state *state, struct rd_err *err)
{
	if (rd_app_type_from_name(zType, type) != RD_OK ||
	    rd_app_state_from_name(zState, state) != RD_OK)
		return rd_err_set(err, RD_ERR_CORRUPT,
				  _("application %lld has an unknown type or "
				    "state"),
				  (long long)app_id);
	return RD_OK;
}

/* The acting operator must exist, be enabled and hold min_role. */
static rd_status need_operator(struct store *st, int64_t operator_id,
			       enum rd_role min_role, const char *zAction,
			       struct rd_err *err)
{
	struct rd_operator op;
	rd_status rc;

	if (operator_id <= 0)
		return rd_err_set(err, RD_ERR_DENIED,
				  _("%s needs a signed-in operator"), zAction);
	rc = store_operator_get_id(st, operator_id, &op, err);
	if (rc != RD_OK)
		return rc == RD_ERR_NOTFOUND
			       ? rd_err_set(err, RD_ERR_DENIED,
					    _("operator %lld does not exist"),
					    (long long)operator_id)
			       : rc;
	if (!op.enabled)
		return rd_err_set(err, RD_ERR_DENIED,
				  _("operator %s is disabled"), op.login);
	if (!rd_role_at_least(op.role, min_role))
		return rd_err_set(err, RD_ERR_DENIED,
				  _("only a %s can %s"),
				  rd_role_label(min_role), zAction);
	return RD_OK;
}

/* ---- listing ---------------------------------------------------------- */

#define SHIP_COLS                                                             \
	"s.id, s.app_id, a.app_no, a.state, a.org_name,"                      \
	" coalesce(v.ship_recipient,''), coalesce(v.ship_mobile,''),"         \
	" coalesce(v.ship_province,'')||coalesce(v.ship_city,''),"            \
	" coalesce(s.waybill_no,''), s.carrier, s.state,"                     \
	" s.label_sha256 IS NOT NULL, s.print_count, coalesce(lp.state,''),"  \
	" coalesce(s.printed_at,0),"                                          \
	" CASE WHEN lp.state='failed' AND lp.error<>'' THEN lp.error"         \
	"  ELSE s.last_error END,"                                            \
	" s.created_at, s.updated_at, coalesce(v.outlet,'default') "          \
	"FROM shipments s JOIN applications a ON a.id=s.app_id "              \
	"LEFT JOIN app_versions v ON v.app_id=a.id"                           \
	" AND v.version=a.current_version "                                   \
	"LEFT JOIN label_prints lp ON lp.id=(SELECT max(id) FROM label_prints" \
	" WHERE shipment_id=s.id) "

static void ship_from_row(sqlite3_stmt *p, struct store_ship_row *r)
{
	char zClear[128];

	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(p, 0);
	r->app_id = sqlite3_column_int64(p, 1);
	st_column_copy(p, 2, r->app_no, sizeof r->app_no);
	st_column_copy(p, 3, r->app_state, sizeof r->app_state);
	st_column_copy(p, 4, r->org_name, sizeof r->org_name);
	st_column_copy(p, 5, zClear, sizeof zClear);
	rd_mask_name(zClear, r->recipient, sizeof r->recipient);
	st_column_copy(p, 6, zClear, sizeof zClear);
	rd_mask_mobile(zClear, r->mobile, sizeof r->mobile);
	st_column_copy(p, 7, r->city, sizeof r->city);
	st_column_copy(p, 8, r->waybill_no, sizeof r->waybill_no);
	st_column_copy(p, 9, r->carrier, sizeof r->carrier);
	st_column_copy(p, 10, r->state, sizeof r->state);
	r->has_label = sqlite3_column_int(p, 11);
	r->print_count = sqlite3_column_int(p, 12);
	st_column_copy(p, 13, r->print_state, sizeof r->print_state);
	r->printed_at = sqlite3_column_int64(p, 14);
	st_column_copy(p, 15, r->last_error, sizeof r->last_error);
	r->created_at = sqlite3_column_int64(p, 16);
	r->updated_at = sqlite3_column_int64(p, 17);
	st_column_copy(p, 18, r->outlet, sizeof r->outlet);
}

/* One integer from a query with up to two int64 parameters. */
static rd_status count_of(struct store *st, const char *zSql, int64_t a,
			  int64_t b, int *out, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st, zSql, &p, err);
	int step;

	*out = 0;
	if (rc != RD_OK)
		return rc;
	if (sqlite3_bind_parameter_count(p) >= 1)
		st_bind_int64(p, 1, a);
	if (sqlite3_bind_parameter_count(p) >= 2)
		st_bind_int64(p, 2, b);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW)
		*out = sqlite3_column_int(p, 0);
	else if (step != SQLITE_DONE)
		rc = st_fail(st, step, _("count"), err);
	sqlite3_finalize(p);
	return rc;
}

rd_status store_ship_list(struct store *st, int64_t from, int64_t to,
			  int first, int limit, struct store_ship_row *rows,
			  int *n, int *total, struct rd_err *err)
{
	return store_ship_list_outlet(st, from, to, NULL, first, limit, rows,
				      n, total, err);
}

rd_status store_ship_list_outlet(struct store *st, int64_t from, int64_t to,
				 const char *outlet, int first, int limit,
				 struct store_ship_row *rows, int *n,
				 int *total, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	*n = 0;
	if (total) {
		*total = 0;
		rc = st_prepare(st,
				"SELECT count(*) FROM shipments s"
				" JOIN applications a ON a.id=s.app_id"
				" LEFT JOIN app_versions v ON v.app_id=a.id"
				" AND v.version=a.current_version"
				" WHERE s.created_at>=?1 AND s.created_at<?2"
				" AND (?3 IS NULL OR"
				" coalesce(v.outlet,'default')=?3)",
				&p, err);
		if (rc != RD_OK)
			return rc;
		st_bind_int64(p, 1, from);
		st_bind_int64(p, 2, to);
		st_bind_text(p, 3, outlet);
		step = sqlite3_step(p);
		if (step == SQLITE_ROW)
			*total = sqlite3_column_int(p, 0);
		else
			rc = st_fail(st, step, _("count"), err);
		sqlite3_finalize(p);
		p = NULL;
		if (rc != RD_OK)
			return rc;
	}
	if (limit <= 0)
		return RD_OK;
	rc = st_prepare(st,
			"SELECT " SHIP_COLS
			"WHERE s.created_at>=?1 AND s.created_at<?2 "
			"AND (?5 IS NULL OR coalesce(v.outlet,'default')=?5) "
			"ORDER BY s.created_at, s.id LIMIT ?3 OFFSET ?4",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, from);
	st_bind_int64(p, 2, to);
	sqlite3_bind_int(p, 3, limit);
	sqlite3_bind_int(p, 4, first > 0 ? first : 0);
	st_bind_text(p, 5, outlet);
	while ((step = sqlite3_step(p)) == SQLITE_ROW && *n < limit)
		ship_from_row(p, &rows[(*n)++]);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = st_fail(st, step, _("list shipments"), err);
	sqlite3_finalize(p);
	return rc;
}

/* The kinds whose dead jobs the fulfilment issues list shows. A dead
 * label_print is shown through its failed label_prints row instead. */
#define FULFIL_KINDS                                                          \
	"('production_order','production_status','courier_waybill',"         \
	"'courier_status','notify','invoice')"

#define ISSUES_CTE                                                            \
	"WITH iss(what,app_id,order_id,shipment_id,job_id,kind,waybill,"      \
	"attempt,detail,at) AS ("                                             \
	" SELECT 0, po.app_id, po.id, 0, coalesce(po.job_id,0), '', '',"      \
	"  po.attempt, po.last_error, po.updated_at FROM production_orders po" \
	"  WHERE po.state='qc_failed' AND po.id=(SELECT max(id) FROM"         \
	"  production_orders WHERE app_id=po.app_id)"                         \
	" UNION ALL"                                                          \
	" SELECT 1, j.app_id, 0, 0, j.id, j.kind, '', 0, j.last_error,"       \
	"  j.updated_at FROM jobs j WHERE j.state='dead' AND j.app_id IS NOT" \
	"  NULL AND j.kind IN " FULFIL_KINDS                                  \
	" UNION ALL"                                                          \
	" SELECT 2, s.app_id, 0, s.id, 0, '', coalesce(s.waybill_no,''), 0,"  \
	"  s.last_error, s.updated_at FROM shipments s"                       \
	"  WHERE s.state='returned'"                                          \
	" UNION ALL"                                                          \
	" SELECT 3, s.app_id, 0, s.id, coalesce(lp.job_id,0), 'label_print'," \
	"  coalesce(s.waybill_no,''), 0, lp.error, lp.updated_at"             \
	"  FROM label_prints lp JOIN shipments s ON s.id=lp.shipment_id"      \
	"  WHERE lp.state='failed' AND lp.id=(SELECT max(id) FROM"            \
	"  label_prints WHERE shipment_id=lp.shipment_id)) "

#define ISSUES_WHERE                                                          \
	"FROM iss i JOIN applications a ON a.id=i.app_id WHERE a.state NOT IN" \
	" ('cancelled','refund_requested','refunded') "

rd_status store_fulfil_issues(struct store *st, int first, int limit,
			      struct store_fulfil_issue *rows, int *n,
			      int *total, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	*n = 0;
	if (total) {
		rc = count_of(st, ISSUES_CTE "SELECT count(*) " ISSUES_WHERE,
			      0, 0, total, err);
		if (rc != RD_OK)
			return rc;
	}
	if (limit <= 0)
		return RD_OK;
	rc = st_prepare(st,
			ISSUES_CTE
			"SELECT i.what, i.app_id, a.app_no, a.org_name, a.state,"
			" i.order_id, i.shipment_id, i.job_id, i.kind,"
			" i.waybill, i.attempt, i.detail, i.at " ISSUES_WHERE
			"ORDER BY i.at DESC, i.what, i.app_id LIMIT ?1 "
			"OFFSET ?2",
			&p, err);
	if (rc != RD_OK)
		return rc;
	sqlite3_bind_int(p, 1, limit);
	sqlite3_bind_int(p, 2, first > 0 ? first : 0);
	while ((step = sqlite3_step(p)) == SQLITE_ROW && *n < limit) {
		struct store_fulfil_issue *r = &rows[(*n)++];

		memset(r, 0, sizeof *r);
		r->what = (enum store_fulfil_issue_kind)sqlite3_column_int(p, 0);
		r->app_id = sqlite3_column_int64(p, 1);
		st_column_copy(p, 2, r->app_no, sizeof r->app_no);
		st_column_copy(p, 3, r->org_name, sizeof r->org_name);
		st_column_copy(p, 4, r->app_state, sizeof r->app_state);
		r->order_id = sqlite3_column_int64(p, 5);
		r->shipment_id = sqlite3_column_int64(p, 6);
		r->job_id = sqlite3_column_int64(p, 7);
		st_column_copy(p, 8, r->kind, sizeof r->kind);
		st_column_copy(p, 9, r->waybill_no, sizeof r->waybill_no);
		r->attempt = sqlite3_column_int(p, 10);
		st_column_copy(p, 11, r->detail, sizeof r->detail);
		r->at = sqlite3_column_int64(p, 12);
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = st_fail(st, step, _("list fulfilment issues"), err);
	sqlite3_finalize(p);
	return rc;
}

/* ---- production retry ------------------------------------------------- */

/* What a retry needs to know about an application and its latest order. */
struct order_core {
	int64_t app_id;
	char app_no[40];
	enum rd_app_type type;
	enum rd_app_state state;
	int version;
	int64_t order_id;         /* 0 = none */
	char order_state[16];
	int attempt;
	int64_t job_id;
	char key[160];            /* the order's job key */
	char *payload;            /* the order job's payload, owned */
};

static rd_status load_order_core(struct store *st, int64_t app_id,
				 struct order_core *o, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	char zType[16], zState[24];
	rd_status rc;
	int step;

	memset(o, 0, sizeof *o);
	rc = st_prepare(st,
			"SELECT a.id, a.app_no, a.type, a.state,"
			" a.current_version, po.id, po.state, po.attempt,"
			" coalesce(po.job_id,0), coalesce(j.idem_key,''),"
			" coalesce(j.payload,'') FROM applications a "
			"LEFT JOIN production_orders po ON po.id=(SELECT max(id)"
			" FROM production_orders WHERE app_id=a.id) "
			"LEFT JOIN jobs j ON j.id=po.job_id WHERE a.id=?1",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, app_id);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW) {
		o->app_id = sqlite3_column_int64(p, 0);
		st_column_copy(p, 1, o->app_no, sizeof o->app_no);
		st_column_copy(p, 2, zType, sizeof zType);
		st_column_copy(p, 3, zState, sizeof zState);
		o->version = sqlite3_column_int(p, 4);
		o->order_id = sqlite3_column_int64(p, 5);
		st_column_copy(p, 6, o->order_state, sizeof o->order_state);
		o->attempt = sqlite3_column_int(p, 7);
		o->job_id = sqlite3_column_int64(p, 8);
		st_column_copy(p, 9, o->key, sizeof o->key);
		o->payload = st_column_dup(p, 10);
		rc = o->payload ? app_enums(zType, zState, app_id, &o->type,
					    &o->state, err)
				: RD_ERR_NOMEM;
	} else if (step == SQLITE_DONE) {
		rc = rd_err_set(err, RD_ERR_NOTFOUND,
				_("application %lld does not exist"),
				(long long)app_id);
	} else {
		rc = st_fail(st, step, _("read the production order"), err);
	}
	sqlite3_finalize(p);
	return rc;
}

/* Insert a production order row for a job just enqueued. */
static rd_status order_insert(struct store *st, int64_t app_id, int attempt,
			      const char *zKey, int64_t job_id,
			      int64_t *order_id, struct rd_err *err)
{
	int64_t now = rd_now();
	rd_status rc = st_run(st, NULL, _("record the production order"), err,
			      "INSERT INTO production_orders(app_id,job_id,"
			      "state,attempt,idem_key,created_at,updated_at)"
			      " VALUES(?1,?2,'requested',?3,?4,?5,?5)"
			      " ON CONFLICT(idem_key) WHERE idem_key IS NOT"
			      " NULL DO NOTHING",
			      "iiiti", app_id, job_id, (int64_t)attempt, zKey,
			      now);

	if (rc == RD_OK && order_id)
		*order_id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

/* A dead order job, or its dead status poll, back to pending. */
static rd_status revive_order_jobs(struct store *st,
				   const struct order_core *o, int64_t *job_id,
				   struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	char zStatus[200];
	rd_status rc;
	int revived = 0;

	*job_id = 0;
	snprintf(zStatus, sizeof zStatus, "%s:status", o->key);
	rc = st_prepare(st,
			"SELECT id FROM jobs WHERE state='dead' AND"
			" (id=?1 OR idem_key=?2) ORDER BY id DESC LIMIT 1",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, o->job_id);
	st_bind_text(p, 2, zStatus);
	if (sqlite3_step(p) == SQLITE_ROW)
		*job_id = sqlite3_column_int64(p, 0);
	sqlite3_finalize(p);
	if (!*job_id)
		return RD_OK;
	rc = store_job_revive(st, *job_id, &revived, err);
	if (rc == RD_OK && !revived)
		*job_id = 0;
	return rc;
}

rd_status store_fulfil_retry_production(struct store *st, const char *actor,
					int64_t operator_id, int64_t app_id,
					const char *note, struct rd_err *err)
{
	struct order_core o;
	int64_t job_id = 0, order_id = 0;
	char zKey[200];
	const char *zMode = "job";
	rd_status rc;

	memset(&o, 0, sizeof o);
	rc = store_begin(st, err);
	if (rc != RD_OK)
		return rc;
	rc = need_operator(st, operator_id, RD_ROLE_SUPERVISOR,
			   _("retry production"), err);
	if (rc == RD_OK)
		rc = load_order_core(st, app_id, &o, err);
	if (rc != RD_OK)
		goto done;
	if (o.state != RD_ST_APPROVED && o.state != RD_ST_IN_PRODUCTION) {
		rc = rd_err_set(err, RD_ERR_STATE,
				_("%s is %s: only a key in production can be "
				  "made again"),
				o.app_no, rd_app_state_label(o.state));
		goto done;
	}
	/* The gate: a remake needs the approval still in force. */
	{
		struct rd_operator op;
		struct st_app a;
		struct rd_gate_facts f;
		struct rd_gate_result gr;

		rc = store_operator_get_id(st, operator_id, &op, err);
		if (rc == RD_OK)
			rc = st_app_load(st, app_id, &a, err);
		if (rc == RD_OK)
			rc = st_gate_facts(st, &a, &op, NULL, 0, &f, err);
		if (rc != RD_OK)
			goto done;
		if (rd_gate_check(&f, RD_GATE_REMAKE, &gr) != RD_OK) {
			rc = st_gate_refused(st, o.app_no, _("retry production"),
					     &gr, err);
			goto done;
		}
	}
	if (!o.order_id || !o.key[0]) {
		rc = rd_err_set(err, RD_ERR_NOTFOUND,
				_("%s has no production order"), o.app_no);
		goto done;
	}
	if (!strcmp(o.order_state, "qc_failed")) {
		zMode = "new_order";
		snprintf(zKey, sizeof zKey, "production:%s:v%d:r%d", o.app_no,
			 o.version, o.attempt);
		rc = store_job_enqueue(st, "production_order", o.app_id, zKey,
				       o.payload, 0, 0, &job_id, err);
		if (rc == RD_OK)
			rc = order_insert(st, o.app_id, o.attempt + 1, zKey,
					  job_id, &order_id, err);
		if (rc == RD_OK) /* the same outlet's line makes it again */
			rc = st_run(st, NULL, _("record the production order"),
				    err,
				    "UPDATE production_orders SET outlet="
				    "coalesce(json_extract(?2,'$.outlet'),"
				    "'default') WHERE idem_key=?1",
				    "tt", zKey, o.payload);
	} else {
		order_id = o.order_id;
		rc = revive_order_jobs(st, &o, &job_id, err);
		if (rc == RD_OK && !job_id)
			rc = rd_err_set(err, RD_ERR_STATE,
					_("the production order of %s is %s "
					  "and its jobs are alive: nothing to "
					  "retry"),
					o.app_no,
					rd_label_word(o.order_state)
					? rd_label_word(o.order_state)
					: _("unknown"));
	}
	if (rc != RD_OK)
		goto done;
	rc = audit_take(st, actor, "production.retry", o.app_no,
			json_pack("{s:s,s:I,s:i,s:I,s:s}", "mode", zMode,
				  "order", (json_int_t)order_id, "attempt",
				  !strcmp(zMode, "job") ? o.attempt
							: o.attempt + 1,
				  "job", (json_int_t)job_id, "note",
				  note ? note : ""),
			err);
done:
	free(o.payload);
	return finish(st, rc, err);
}

/* ---- label prints ----------------------------------------------------- */

/* A print of shipment s is still to happen: queued, and its job not
 * cancelled by a supervisor (a cancelled print must not block a new one). */
#define PRINT_WAITING                                                         \
	"SELECT 1 FROM label_prints lp JOIN jobs j ON j.id=lp.job_id"         \
	" WHERE lp.shipment_id=s.id AND lp.state='queued'"                    \
	" AND j.state IN ('pending','running','failed')"

struct ship_core {
	int64_t id;
	int64_t app_id;
	char app_no[40];
	char waybill_no[64];
	char label_sha256[65];
	int max_n;                /* prints so far, any state */
	int queued;               /* a print is queued */
};

static rd_status load_ship_core(struct store *st, int64_t shipment_id,
				struct ship_core *s, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	memset(s, 0, sizeof *s);
	rc = st_prepare(st,
			"SELECT s.id, s.app_id, a.app_no,"
			" coalesce(s.waybill_no,''), coalesce(s.label_sha256,''),"
			" (SELECT coalesce(max(n),0) FROM label_prints"
			"  WHERE shipment_id=s.id),"
			" EXISTS(" PRINT_WAITING ") "
			"FROM shipments s JOIN applications a ON a.id=s.app_id "
			"WHERE s.id=?1",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, shipment_id);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW) {
		s->id = sqlite3_column_int64(p, 0);
		s->app_id = sqlite3_column_int64(p, 1);
		st_column_copy(p, 2, s->app_no, sizeof s->app_no);
		st_column_copy(p, 3, s->waybill_no, sizeof s->waybill_no);
		st_column_copy(p, 4, s->label_sha256, sizeof s->label_sha256);
		s->max_n = sqlite3_column_int(p, 5);
		s->queued = sqlite3_column_int(p, 6);
	} else if (step == SQLITE_DONE) {
		rc = rd_err_set(err, RD_ERR_NOTFOUND,
				_("shipment %lld does not exist"),
				(long long)shipment_id);
	} else {
		rc = st_fail(st, step, _("read the shipment"), err);
	}
	sqlite3_finalize(p);
	return rc;
}

/*
 * Inside the caller's transaction: queue print n+1 of a shipment's label
 * and audit it as actor. operator_id 0 = the worker's automatic print.
 */
static rd_status print_enqueue_locked(struct store *st, const char *actor,
				      int64_t operator_id,
				      int64_t shipment_id, struct rd_err *err)
{
	struct ship_core s;
	char zKey[160];
	char *zPayload = NULL;
	int64_t job_id = 0, now = rd_now();
	rd_status rc;

	rc = load_ship_core(st, shipment_id, &s, err);
	if (rc != RD_OK)
		return rc;
	if (!s.waybill_no[0] || !s.label_sha256[0])
		return rd_err_set(err, RD_ERR_STATE,
				  _("shipment of %s has no label yet"),
				  s.app_no);
	if (s.queued)
		return rd_err_set(err, RD_ERR_STATE,
				  _("the label of waybill %s is already "
				    "waiting to be printed"),
				  s.waybill_no);
	snprintf(zKey, sizeof zKey, "label:%s:%d", s.waybill_no, s.max_n + 1);
	zPayload = json_text_take(json_pack("{s:I,s:s,s:s,s:s,s:i}",
					    "shipment", (json_int_t)s.id,
					    "app_no", s.app_no, "waybill_no",
					    s.waybill_no, "label_sha256",
					    s.label_sha256, "n", s.max_n + 1));
	if (!zPayload)
		return rd_err_set(err, RD_ERR_NOMEM, "%s",
				  rd_strerror(RD_ERR_NOMEM));
	rc = store_job_enqueue(st, "label_print", s.app_id, zKey, zPayload, 0,
			       0, &job_id, err);
	free(zPayload);
	if (rc == RD_OK)
		rc = st_run(st, NULL, _("record the label print"), err,
			    "INSERT INTO label_prints(shipment_id,n,job_id,"
			    "state,requested_by,created_at,updated_at)"
			    " VALUES(?1,?2,?3,'queued',nullif(?4,0),?5,?5)",
			    "iiiii", s.id, (int64_t)(s.max_n + 1), job_id,
			    operator_id, now);
	if (rc != RD_OK)
		return rc;
	return audit_take(st, actor, "label.print", s.app_no,
			  json_pack("{s:s,s:i,s:I}", "waybill", s.waybill_no,
				    "n", s.max_n + 1, "job",
				    (json_int_t)job_id),
			  err);
}

rd_status store_label_print_enqueue(struct store *st, const char *actor,
				    int64_t operator_id, int64_t shipment_id,
				    struct rd_err *err)
{
	rd_status rc = store_begin(st, err);

	if (rc != RD_OK)
		return rc;
	rc = need_operator(st, operator_id, RD_ROLE_AUDITOR,
			   _("print a label"), err);
	if (rc == RD_OK)
		rc = print_enqueue_locked(st, actor, operator_id, shipment_id,
					  err);
	return finish(st, rc, err);
}

rd_status store_label_print_batch(struct store *st, const char *actor,
				  int64_t operator_id, int64_t from,
				  int64_t to, int unprinted_only, int *queued,
				  struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	int64_t *aId = NULL;
	size_t nId = 0, nCap = 0;
	rd_status rc;
	int step;

	*queued = 0;
	rc = need_operator(st, operator_id, RD_ROLE_SUPERVISOR,
			   _("print labels in a batch"), err);
	if (rc != RD_OK)
		return rc;
	rc = st_prepare(st,
			"SELECT s.id FROM shipments s WHERE s.created_at>=?1"
			" AND s.created_at<?2 AND s.label_sha256 IS NOT NULL"
			" AND s.waybill_no IS NOT NULL"
			" AND (?3=0 OR s.print_count=0)"
			" AND NOT EXISTS(" PRINT_WAITING ")"
			" ORDER BY s.created_at, s.id",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, from);
	st_bind_int64(p, 2, to);
	sqlite3_bind_int(p, 3, unprinted_only ? 1 : 0);
	while ((step = sqlite3_step(p)) == SQLITE_ROW) {
		if (nId == nCap) {
			size_t cap = nCap ? nCap * 2 : 32;
			int64_t *a = realloc(aId, cap * sizeof *a);

			if (!a) {
				rc = RD_ERR_NOMEM;
				break;
			}
			aId = a;
			nCap = cap;
		}
		aId[nId++] = sqlite3_column_int64(p, 0);
	}
	if (rc == RD_OK && step != SQLITE_DONE)
		rc = st_fail(st, step, _("list labels to print"), err);
	sqlite3_finalize(p);
	for (size_t i = 0; rc == RD_OK && i < nId; i++) {
		struct rd_err e1;
		rd_status r1;

		rd_err_clear(&e1);
		r1 = store_label_print_enqueue(st, actor, operator_id, aId[i],
					       &e1);
		if (r1 == RD_OK)
			(*queued)++;
		else if (r1 != RD_ERR_STATE) {
			rc = r1;
			if (err)
				*err = e1;
		}
	}
	free(aId);
	return rc;
}

rd_status store_ship_find_waybill(struct store *st, const char *waybill_no,
				  int64_t *shipment_id, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st,
				  "SELECT id FROM shipments WHERE waybill_no=?1"
				  " ORDER BY id DESC LIMIT 1",
				  &p, err);
	int step;

	*shipment_id = 0;
	if (rc != RD_OK)
		return rc;
	st_bind_text(p, 1, waybill_no);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW)
		*shipment_id = sqlite3_column_int64(p, 0);
	else if (step == SQLITE_DONE)
		rc = rd_err_set(err, RD_ERR_NOTFOUND,
				_("no shipment has waybill %s"), waybill_no);
	else
		rc = st_fail(st, step, _("find the waybill"), err);
	sqlite3_finalize(p);
	return rc;
}

/* ---- approval ---------------------------------------------------------- */

/* What the approval's jobs are made of: the application and its current
 * version. Text as stored. */
struct version_info {
	int64_t app_id;
	char app_no[40];
	enum rd_app_type type;
	enum rd_app_state state;
	int version;
	char holder[16];
	char algorithm[32];
	char subject_cn[256];
	char org_id_no[64];
	char pay_method[16];
	int64_t pay_amount_fen;
	int invoice_wanted;
	char invoice_title[256];
	char taxpayer_id[64];
	char to_name[128];        /* the PIN SMS goes to this person */
	char to_mobile[40];
	char to_email[128];
	char ship_recipient[128];
	char ship_mobile[40];
	char ship_province[64];
	char ship_city[64];
	char ship_county[64];
	char ship_address[512];
	char ship_postcode[16];
	int64_t invoice_issued;   /* applications.invoice_no is set */
	/* revision 2: where the e-invoice goes, if the customer said */
	char invoice_kind[16], invoice_purpose[128], invoice_email[256],
		invoice_mobile[32];
	char outlet[40];          /* db 011: the channel's outlet */
};

static rd_status load_version(struct store *st, int64_t app_id,
			      struct version_info *v, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	char zType[16], zState[24];
	rd_status rc;
	int step;

	memset(v, 0, sizeof *v);
	rc = st_prepare(st,
			"SELECT a.id, a.app_no, a.type, a.state, a.current_version,"
			" v.cert_holder, v.cert_algorithm, v.cert_subject_cn,"
			" v.org_id_no, v.pay_method, v.pay_amount_fen,"
			" v.invoice_wanted, coalesce(v.invoice_title,''),"
			" coalesce(v.invoice_taxpayer_id,''),"
			" CASE WHEN v.cert_holder='personal' THEN"
			"  v.applicant_name ELSE v.handler_name END,"
			" CASE WHEN v.cert_holder='personal' THEN"
			"  v.applicant_mobile ELSE v.handler_mobile END,"
			" CASE WHEN v.cert_holder='personal' THEN"
			"  v.applicant_email ELSE v.handler_email END,"
			" coalesce(v.ship_recipient,''), coalesce(v.ship_mobile,''),"
			" coalesce(v.ship_province,''), coalesce(v.ship_city,''),"
			" coalesce(v.ship_county,''), coalesce(v.ship_address,''),"
			" coalesce(v.ship_postcode,''), a.invoice_no IS NOT NULL,"
			" coalesce(v.invoice_kind,''), coalesce(v.invoice_purpose,''),"
			" coalesce(v.invoice_email,''), coalesce(v.invoice_mobile,''),"
			" v.outlet "
			"FROM applications a JOIN app_versions v ON v.app_id=a.id"
			" AND v.version=a.current_version WHERE a.id=?1",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, app_id);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW) {
		v->app_id = sqlite3_column_int64(p, 0);
		st_column_copy(p, 1, v->app_no, sizeof v->app_no);
		st_column_copy(p, 2, zType, sizeof zType);
		st_column_copy(p, 3, zState, sizeof zState);
		v->version = sqlite3_column_int(p, 4);
		st_column_copy(p, 5, v->holder, sizeof v->holder);
		st_column_copy(p, 6, v->algorithm, sizeof v->algorithm);
		st_column_copy(p, 7, v->subject_cn, sizeof v->subject_cn);
		st_column_copy(p, 8, v->org_id_no, sizeof v->org_id_no);
		st_column_copy(p, 9, v->pay_method, sizeof v->pay_method);
		v->pay_amount_fen = sqlite3_column_int64(p, 10);
		v->invoice_wanted = sqlite3_column_int(p, 11);
		st_column_copy(p, 12, v->invoice_title, sizeof v->invoice_title);
		st_column_copy(p, 13, v->taxpayer_id, sizeof v->taxpayer_id);
		st_column_copy(p, 14, v->to_name, sizeof v->to_name);
		st_column_copy(p, 15, v->to_mobile, sizeof v->to_mobile);
		st_column_copy(p, 16, v->to_email, sizeof v->to_email);
		st_column_copy(p, 17, v->ship_recipient,
			       sizeof v->ship_recipient);
		st_column_copy(p, 18, v->ship_mobile, sizeof v->ship_mobile);
		st_column_copy(p, 19, v->ship_province, sizeof v->ship_province);
		st_column_copy(p, 20, v->ship_city, sizeof v->ship_city);
		st_column_copy(p, 21, v->ship_county, sizeof v->ship_county);
		st_column_copy(p, 22, v->ship_address, sizeof v->ship_address);
		st_column_copy(p, 23, v->ship_postcode, sizeof v->ship_postcode);
		v->invoice_issued = sqlite3_column_int64(p, 24);
		st_column_copy(p, 25, v->invoice_kind, sizeof v->invoice_kind);
		st_column_copy(p, 26, v->invoice_purpose,
			       sizeof v->invoice_purpose);
		st_column_copy(p, 27, v->invoice_email, sizeof v->invoice_email);
		st_column_copy(p, 28, v->invoice_mobile,
			       sizeof v->invoice_mobile);
		st_column_copy(p, 29, v->outlet, sizeof v->outlet);
		rc = app_enums(zType, zState, app_id, &v->type, &v->state,
			       err);
	} else if (step == SQLITE_DONE) {
		rc = rd_err_set(err, RD_ERR_NOTFOUND,
				_("application %lld or its current version "
				  "does not exist"),
				(long long)app_id);
	} else {
		rc = st_fail(st, step, _("read the application"), err);
	}
	sqlite3_finalize(p);
	return rc;
}

/* Enqueue a job whose payload is the JSON object j (stolen). */
static rd_status enqueue_take(struct store *st, const char *kind,
			      int64_t app_id, const char *zKey, json_t *j,
			      int max_attempts, int64_t *job_id,
			      struct rd_err *err)
{
	char *z = json_text_take(j);
	rd_status rc;

	if (!z)
		return rd_err_set(err, RD_ERR_NOMEM, "%s",
				  rd_strerror(RD_ERR_NOMEM));
	rc = store_job_enqueue(st, kind, app_id, zKey, z, 0, max_attempts,
			       job_id, err);
	free(z);
	return rc;
}

static rd_status approve_production(struct store *st,
				    const struct version_info *v,
				    const char *outlet, struct rd_err *err)
{
	char zKey[160], zPin[RD_PIN_LEN + 1];
	int64_t job_id = 0;
	rd_status rc;

	/* The outlet the review named, else the one the channel maps to
	 * ([channels], recorded at ingest), else the default line. */
	if (!outlet || !*outlet)
		outlet = v->outlet[0] ? v->outlet : "default";
	/* The line writes the PIN into the key: the same PIN the deposit
	 * memo or the SMS gives the customer. */
	rc = store_app_pin(st, v->app_id, zPin, err);
	if (rc != RD_OK)
		return rc;
	snprintf(zKey, sizeof zKey, "production:%s:v%d", v->app_no, v->version);
	rc = enqueue_take(st, "production_order", v->app_id, zKey,
			  json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}",
				    "app_no", v->app_no, "holder", v->holder,
				    "algorithm", v->algorithm, "subject_cn",
				    v->subject_cn, "org_id_no", v->org_id_no,
				    "medium", "usb-key", "outlet", outlet,
				    "pin", zPin),
			  0, &job_id, err);
	memset(zPin, 0, sizeof zPin);
	if (rc != RD_OK)
		return rc;
	rc = order_insert(st, v->app_id, 1, zKey, job_id, NULL, err);
	if (rc == RD_OK)
		rc = st_run(st, NULL, _("record the production order"), err,
			    "UPDATE production_orders SET outlet=?2"
			    " WHERE idem_key=?1", "tt", zKey, outlet);
	return rc;
}

/* The id of the job with idempotency key zKey, 0 when there is none. */
static rd_status job_id_by_key(struct store *st, const char *zKey,
			       int64_t *id, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st, "SELECT id FROM jobs WHERE idem_key=?1",
				  &p, err);
	int step;

	*id = 0;
	if (rc != RD_OK)
		return rc;
	st_bind_text(p, 1, zKey);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW)
		*id = sqlite3_column_int64(p, 0);
	else if (step != SQLITE_DONE)
		rc = st_fail(st, step, _("read the jobs"), err);
	sqlite3_finalize(p);
	return rc;
}

rd_status store_fulfil_on_approve(struct store *st, int64_t app_id,
				  const char *outlet, const char *note,
				  struct rd_err *err)
{
	struct version_info v;
	char zKey[160], zPin[RD_PIN_LEN + 1];
	rd_status rc;

	if (!st->in_tx)
		return rd_err_set(err, RD_ERR_INTERNAL,
				  "store_fulfil_on_approve outside a "
				  "transaction");
	rc = load_version(st, app_id, &v, err);
	if (rc != RD_OK)
		return rc;
	if (v.type == RD_APP_RENEW) {
		snprintf(zKey, sizeof zKey, "notify:%s:v%d:ready_to_install",
			 v.app_no, v.version);
		rc = enqueue_take(st, "notify", app_id, zKey,
				  json_pack("{s:s,s:s,s:s,s:[]}", "app_no",
					    v.app_no, "event",
					    "ready_to_install", "note",
					    note ? note : "", "reasons"),
				  0, NULL, err);
	} else {
		rc = approve_production(st, &v, outlet, err);
	}
	if (rc == RD_OK && !strcmp(v.pay_method, "transfer")) {
		/* Online payers read the PIN in the deposit memo; a bank
		 * transfer has no memo from us, so it goes by SMS. */
		rc = store_app_pin(st, app_id, zPin, err);
		snprintf(zKey, sizeof zKey, "notify:%s:v%d:pin", v.app_no,
			 v.version);
		if (rc == RD_OK)
			rc = enqueue_take(st, "notify", app_id, zKey,
					  json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}",
						    "app_no", v.app_no,
						    "event", "pin", "channel",
						    "sms", "to", v.to_mobile,
						    "to_name", v.to_name,
						    "pin", zPin),
					  0, NULL, err);
		memset(zPin, 0, sizeof zPin);
	}
	if (rc == RD_OK && v.invoice_wanted) {
		struct rd_err why;

		/* One invoice per application, ever (store/invoice.h): a
		 * version approved again after its invoice was issued, or
		 * while one is under way, gets no second one. */
		int64_t same = 0;

		/* A replay of this approval finds its own job (same key):
		 * that one is not a second invoice. */
		snprintf(zKey, sizeof zKey, "invoice:%s:v%d", v.app_no,
			 v.version);
		rd_err_clear(&why);
		rc = job_id_by_key(st, zKey, &same, &why);
		if (rc == RD_OK)
			rc = store_invoice_may_issue(st, app_id, same, &why);
		if (rc == RD_ERR_STATE)
			return audit_app(st, app_id, "invoice.not_reissued",
					 json_pack("{s:s}", "why",
						   rd_err_msg(&why)),
					 err);
		if (rc != RD_OK) {
			*err = why;
			return rc;
		}
		snprintf(zKey, sizeof zKey, "invoice:%s:v%d", v.app_no,
			 v.version);
		rc = enqueue_take(st, "invoice", app_id, zKey,
				  /* the e-invoice goes where the customer
				   * asked (bundle revision 2), else to the
				   * handler or applicant as before */
				  json_pack("{s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:s}",
					    "app_no", v.app_no, "title",
					    v.invoice_title, "taxpayer_id",
					    v.taxpayer_id, "amount_fen",
					    (json_int_t)v.pay_amount_fen, "email",
					    v.invoice_email[0] ? v.invoice_email
							       : v.to_email,
					    "mobile", v.invoice_mobile, "kind",
					    v.invoice_kind[0] ? v.invoice_kind
							      : "electronic",
					    "purpose", v.invoice_purpose),
				  0, NULL, err);
	}
	return rc;
}

/* ---- following the worker's outcomes --------------------------------- */

static const char *const aFollowed[] = {
	"production_order", "production_status", "courier_waybill",
	"courier_status", "label_print", "invoice",
};

int store_fulfil_follows(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof aFollowed / sizeof aFollowed[0];
	     i++)
		if (!strcmp(aFollowed[i], kind))
			return 1;
	return 0;
}

/* A string member of a JSON object, "" when absent or not a string. */
static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : "";
}

/*
 * Move the application by action as the system when the table allows it
 * from its state now; *moved says whether it did. A refusal (cancelled
 * meanwhile, already further) is not an error.
 */
static rd_status move_app(struct store *st, int64_t app_id,
			  enum rd_app_action action, const char *zWhy,
			  int *moved, struct rd_err *err)
{
	struct version_info v;
	enum rd_app_state to;
	int64_t now = rd_now();
	rd_status rc;

	*moved = 0;
	rc = load_version(st, app_id, &v, err);
	if (rc != RD_OK)
		return rc;
	/* The gate, as the system: the table, and for production an
	 * approval in force. */
	{
		struct st_app a;
		struct rd_gate_facts f;
		struct rd_gate_result gr;

		rc = st_app_load(st, app_id, &a, err);
		if (rc == RD_OK)
			rc = st_gate_facts(st, &a, NULL, NULL, 0, &f, err);
		if (rc != RD_OK)
			return rc;
		f.transition = action;
		if (rd_gate_check(&f, RD_GATE_TRANSITION, &gr) != RD_OK)
			return RD_OK;
		to = gr.to;
	}
	rc = st_run(st, NULL, _("change the application's state"), err,
		    "UPDATE applications SET state=?2, updated_at=?3,"
		    " completed_at=CASE WHEN ?2='completed' THEN ?3"
		    " ELSE completed_at END,"
		    " row_version=row_version+1 WHERE id=?1",
		    "iti", app_id, rd_app_state_name(to), now);
	if (rc != RD_OK)
		return rc;
	*moved = 1;
	{
		char zAction[48];

		snprintf(zAction, sizeof zAction, "app.%s",
			 rd_app_action_name(action));
		return audit_take(st, "worker", zAction, v.app_no,
				  json_pack("{s:s,s:s,s:s}", "from",
					    rd_app_state_name(v.state), "to",
					    rd_app_state_name(to), "why",
					    zWhy),
				  err);
	}
}

/* delivered → completed when nothing is outstanding: the e-invoice,
 * when the customer asked for one, has its number. */
static rd_status maybe_complete(struct store *st, int64_t app_id,
				struct rd_err *err)
{
	struct version_info v;
	int moved = 0;
	rd_status rc = load_version(st, app_id, &v, err);

	if (rc != RD_OK || v.state != RD_ST_DELIVERED)
		return rc;
	if (v.invoice_wanted && !v.invoice_issued)
		return RD_OK;
	return move_app(st, app_id, RD_ACT_COMPLETE,
			v.invoice_wanted ? "delivered, invoice issued"
					 : "delivered",
			&moved, err);
}

/* The key is ready: a shipment row and its waybill job, to the address
 * of the approved version. Nothing when the application left
 * production (cancelled). */
static rd_status request_waybill(struct store *st, int64_t app_id,
				 const char *zSerial, int max_attempts,
				 struct rd_err *err)
{
	struct version_info v;
	char zKey[160];
	int64_t job_id = 0, now = rd_now();
	rd_status rc = load_version(st, app_id, &v, err);

	if (rc != RD_OK || v.state != RD_ST_IN_PRODUCTION)
		return rc;
	snprintf(zKey, sizeof zKey, "waybill:%s:v%d", v.app_no, v.version);
	rc = enqueue_take(st, "courier_waybill", app_id, zKey,
			  json_pack("{s:s,s:{s:s,s:s,s:s,s:s,s:s,s:s,s:s},"
				    "s:{s:s,s:i,s:s}}",
				    "app_no", v.app_no, "recipient", "name",
				    v.ship_recipient, "mobile", v.ship_mobile,
				    "province", v.ship_province, "city",
				    v.ship_city, "county", v.ship_county,
				    "address", v.ship_address, "postcode",
				    v.ship_postcode, "parcel", "content",
				    "USB key", "count", 1, "medium_serial",
				    zSerial),
			  max_attempts, &job_id, err);
	if (rc != RD_OK)
		return rc;
	return st_run(st, NULL, _("record the shipment"), err,
		      "INSERT INTO shipments(app_id,job_id,state,created_at,"
		      "updated_at) VALUES(?1,?2,'requested',?3,?3)"
		      " ON CONFLICT(job_id) WHERE job_id IS NOT NULL DO NOTHING",
		      "iii", app_id, job_id, now);
}

static rd_status apply_production_order(struct store *st,
					const struct store_fulfil_event *ev,
					json_t *res, struct rd_err *err)
{
	int64_t now = rd_now();
	int moved = 0;
	rd_status rc;

	if (strcmp(ev->outcome, "done"))
		return st_run(st, NULL, _("record the production order"), err,
			      "UPDATE production_orders SET last_error=?2,"
			      " updated_at=?3 WHERE job_id=?1",
			      "iti", ev->job_id, ev->error ? ev->error : "",
			      now);
	rc = st_run(st, NULL, _("record the production order"), err,
		    "UPDATE production_orders SET order_id=?2, state=CASE"
		    " WHEN state='requested' THEN 'queued' ELSE state END,"
		    " last_error='', updated_at=?3 WHERE job_id=?1",
		    "iti", ev->job_id, jstr(res, "order_id"), now);
	if (rc == RD_OK)
		rc = move_app(st, ev->app_id, RD_ACT_START_PRODUCTION,
			      "production order accepted", &moved, err);
	return rc;
}

static rd_status apply_production_status(struct store *st,
					 const struct store_fulfil_event *ev,
					 json_t *res, struct rd_err *err)
{
	const char *zState = jstr(res, "state");
	const char *zOrder = jstr(res, "order_id");
	int64_t now = rd_now();
	int changes = 0;
	rd_status rc;

	if (!res || (strcmp(zState, "queued") && strcmp(zState, "writing") &&
		     strcmp(zState, "ready") && strcmp(zState, "qc_failed")))
		return !strcmp(ev->outcome, "dead")
			       ? st_run(st, NULL, _("record the order"), err,
					"UPDATE production_orders SET"
					" last_error=?3, updated_at=?4 WHERE"
					" app_id=?1 AND id=(SELECT max(id) FROM"
					" production_orders WHERE app_id=?1"
					" AND order_id=?2)",
					"itti", ev->app_id, zOrder,
					ev->error ? ev->error : "", now)
			       : RD_OK;
	/* A status never goes back: ready and qc_failed are final. */
	rc = st_run(st, &changes, _("record the order's state"), err,
		    "UPDATE production_orders SET state=?3,"
		    " medium_serial=nullif(?4,''), last_error=?5, updated_at=?6"
		    " WHERE app_id=?1 AND order_id=?2"
		    " AND state NOT IN ('ready','qc_failed','cancelled')"
		    " AND state<>?3",
		    "itttti", ev->app_id, zOrder, zState,
		    jstr(res, "medium_serial"),
		    !strcmp(zState, "qc_failed") ? jstr(res, "reason") : "",
		    now);
	if (rc != RD_OK || !changes)
		return rc;
	if (!strcmp(zState, "ready"))
		return request_waybill(st, ev->app_id,
				       jstr(res, "medium_serial"),
				       ev->max_attempts, err);
	if (strcmp(zState, "qc_failed"))
		return RD_OK;
	return audit_app(st, ev->app_id, "production.qc_failed",
			 json_pack("{s:s,s:s}", "order", zOrder, "reason",
				   jstr(res, "reason")),
			 err);
}

static rd_status apply_courier_waybill(struct store *st,
				       const struct store_fulfil_event *ev,
				       json_t *res, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	int64_t now = rd_now(), ship_id = 0;
	const char *zSha = ev->label_sha256 ? ev->label_sha256 : "";
	struct version_info v;
	rd_status rc;

	if (strcmp(ev->outcome, "done"))
		return st_run(st, NULL, _("record the shipment"), err,
			      "UPDATE shipments SET last_error=?2,"
			      " updated_at=?3 WHERE job_id=?1",
			      "iti", ev->job_id, ev->error ? ev->error : "",
			      now);
	rc = st_prepare(st,
			"UPDATE shipments SET waybill_no=?2, carrier=?3,"
			" state=CASE WHEN state='requested' THEN 'created'"
			" ELSE state END, label_sha256=nullif(?4,''),"
			" last_error=?5, updated_at=?6 WHERE job_id=?1"
			" RETURNING id",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, ev->job_id);
	st_bind_text(p, 2, jstr(res, "waybill_no"));
	st_bind_text(p, 3, jstr(res, "carrier"));
	st_bind_text(p, 4, zSha);
	st_bind_text(p, 5, *zSha ? "" : jstr(res, "label_error"));
	st_bind_int64(p, 6, now);
	if (sqlite3_step(p) == SQLITE_ROW)
		ship_id = sqlite3_column_int64(p, 0);
	rc = sqlite3_finalize(p) == SQLITE_OK
		     ? RD_OK
		     : st_fail(st, sqlite3_errcode(st->db),
			       _("record the waybill"), err);
	if (rc != RD_OK || !ship_id || !*zSha)
		return rc;
	rc = load_version(st, ev->app_id, &v, err);
	if (rc != RD_OK || rd_app_state_is_terminal(v.state) ||
	    v.state == RD_ST_REFUND_REQUESTED)
		return rc;
	/* The first print is the worker's own; reprints are people's. */
	return print_enqueue_locked(st, "worker", 0, ship_id, err);
}

/* Order of the tracking states; returned stands apart. */
static int track_rank(const char *z)
{
	static const char *const aRank[] = { "requested", "created",
					     "picked_up", "in_transit",
					     "delivered" };

	for (int i = 0; i < 5; i++)
		if (!strcmp(z, aRank[i]))
			return i;
	return !strcmp(z, "returned") ? 5 : -1;
}

static rd_status apply_courier_status(struct store *st,
				      const struct store_fulfil_event *ev,
				      json_t *res, json_t *in,
				      struct rd_err *err)
{
	const char *zNo = jstr(in, "waybill_no");
	const char *zState = jstr(res, "state");
	int64_t now = rd_now();
	int rank = track_rank(zState), changes = 0, moved = 0;
	rd_status rc;

	if (!res || rank < 1)
		return !strcmp(ev->outcome, "dead")
			       ? st_run(st, NULL, _("record the shipment"),
					err,
					"UPDATE shipments SET last_error=?3,"
					" updated_at=?4 WHERE app_id=?1 AND"
					" waybill_no=?2",
					"itti", ev->app_id, zNo,
					ev->error ? ev->error : "", now)
			       : RD_OK;
	/* Forward only; a polled state older than the stored one (answers
	 * that crossed) changes nothing. */
	rc = st_run(st, &changes, _("record the tracking state"), err,
		    "UPDATE shipments SET state=?3, last_error=?4,"
		    " delivered_at=CASE WHEN ?3='delivered' THEN ?5"
		    " ELSE delivered_at END, updated_at=?5"
		    " WHERE app_id=?1 AND waybill_no=?2 AND state<>?3"
		    " AND state<>'returned' AND state<>'delivered'",
		    "ittti", ev->app_id, zNo, zState,
		    rank == 5 ? jstr(res, "reason") : "", now);
	if (rc != RD_OK || !changes)
		return rc;
	if (rank >= 2 && rank <= 4)
		rc = move_app(st, ev->app_id, RD_ACT_SHIP,
			      "parcel picked up", &moved, err);
	if (rc == RD_OK && rank == 4)
		rc = move_app(st, ev->app_id, RD_ACT_DELIVER, "delivered",
			      &moved, err);
	if (rc == RD_OK && rank == 4)
		rc = maybe_complete(st, ev->app_id, err);
	if (rc != RD_OK || rank != 5)
		return rc;
	return audit_app(st, ev->app_id, "shipment.returned",
			 json_pack("{s:s,s:s}", "waybill", zNo, "reason",
				   jstr(res, "reason")),
			 err);
}

static rd_status apply_label_print(struct store *st,
				   const struct store_fulfil_event *ev,
				   json_t *res, json_t *in, struct rd_err *err)
{
	json_int_t ship_id = json_integer_value(json_object_get(in, "shipment"));
	int64_t now = rd_now();
	int changes = 0;
	rd_status rc;

	if (!strcmp(ev->outcome, "done")) {
		rc = st_run(st, &changes, _("record the print"), err,
			    "UPDATE label_prints SET state='printed',"
			    " target=?2, error='', updated_at=?3"
			    " WHERE job_id=?1 AND state<>'printed'",
			    "iti", ev->job_id, jstr(res, "target"), now);
		if (rc == RD_OK && changes)
			rc = st_run(st, NULL, _("record the print"), err,
				    "UPDATE shipments SET"
				    " print_count=print_count+1, printed_at=?2,"
				    " updated_at=?2 WHERE id=?1",
				    "ii", (int64_t)ship_id, now);
		return rc;
	}
	return st_run(st, NULL, _("record the print"), err,
		      "UPDATE label_prints SET state=CASE WHEN ?2='dead'"
		      " THEN 'failed' ELSE 'queued' END, error=?3,"
		      " updated_at=?4 WHERE job_id=?1",
		      "itti", ev->job_id, ev->outcome,
		      ev->error ? ev->error : "", now);
}

static rd_status apply_invoice(struct store *st,
			       const struct store_fulfil_event *ev,
			       json_t *res, struct rd_err *err)
{
	const char *zNo = jstr(res, "invoice_no");
	rd_status rc;

	if (strcmp(ev->outcome, "done") || !*zNo)
		return RD_OK;
	/* A second number for an application that has one is refused
	 * (store/invoice.h); the worker's job is done all the same, so it
	 * is not sent again and again. */
	{
		struct rd_err why;

		rd_err_clear(&why);
		rc = store_invoice_record(st, ev->app_id, zNo, &why);
		if (rc == RD_ERR_STATE)
			/* the number stays the first one; the refusal is on
			 * the record for a supervisor to void the other */
			return audit_app(st, ev->app_id, "invoice.refused",
					 json_pack("{s:s,s:s}", "invoice_no",
						   zNo, "why",
						   rd_err_msg(&why)),
					 err);
		if (rc != RD_OK) {
			*err = why;
			return rc;
		}
	}
	return rc == RD_OK ? maybe_complete(st, ev->app_id, err) : rc;
}

rd_status store_fulfil_apply(struct store *st,
			     const struct store_fulfil_event *ev,
			     struct rd_err *err)
{
	json_t *res = NULL, *in = NULL;
	rd_status rc = RD_OK;

	if (!st->in_tx)
		return rd_err_set(err, RD_ERR_INTERNAL,
				  "store_fulfil_apply outside a transaction");
	if (!store_fulfil_follows(ev->kind) || ev->app_id <= 0)
		return RD_OK;
	if (ev->result && *ev->result) {
		res = json_loads(ev->result, 0, NULL);
		if (!json_is_object(res)) {
			json_decref(res);
			res = NULL;
		}
	}
	in = json_loads(ev->payload ? ev->payload : "", 0, NULL);
	if (!strcmp(ev->kind, "production_order"))
		rc = apply_production_order(st, ev, res, err);
	else if (!strcmp(ev->kind, "production_status"))
		rc = apply_production_status(st, ev, res, err);
	else if (!strcmp(ev->kind, "courier_waybill"))
		rc = apply_courier_waybill(st, ev, res, err);
	else if (!strcmp(ev->kind, "courier_status"))
		rc = apply_courier_status(st, ev, res, in, err);
	else if (!strcmp(ev->kind, "label_print"))
		rc = apply_label_print(st, ev, res, in, err);
	else if (!strcmp(ev->kind, "invoice"))
		rc = apply_invoice(st, ev, res, err);
	json_decref(res);
	json_decref(in);
	return rc;
}

rd_status store_fulfil_installed(struct store *st, const char *actor,
				 int64_t operator_id, int64_t app_id,
				 const char *note, struct rd_err *err)
{
	struct version_info v;
	enum rd_app_state to;
	rd_status rc = store_begin(st, err);

	if (rc != RD_OK)
		return rc;
	rc = need_operator(st, operator_id, RD_ROLE_SUPERVISOR,
			   _("report an install"), err);
	if (rc == RD_OK)
		rc = load_version(st, app_id, &v, err);
	if (rc != RD_OK)
		goto done;
	if (v.type != RD_APP_RENEW || v.state != RD_ST_READY_TO_INSTALL) {
		rc = rd_err_set(err, RD_ERR_STATE,
				_("%s is a %s in state %s: only a renewal "
				  "ready to install can be reported "
				  "installed"),
				v.app_no, rd_app_type_label(v.type),
				rd_app_state_label(v.state));
		goto done;
	}
	/* The install report is the system's step, told by a supervisor
	 * (need_operator above): the gate as the system. */
	{
		struct st_app a;
		struct rd_gate_facts f;
		struct rd_gate_result gr;

		rc = st_app_load(st, app_id, &a, err);
		if (rc == RD_OK)
			rc = st_gate_facts(st, &a, NULL, NULL, 0, &f, err);
		if (rc != RD_OK)
			goto done;
		f.transition = RD_ACT_COMPLETE;
		if (rd_gate_check(&f, RD_GATE_TRANSITION, &gr) != RD_OK) {
			rc = st_gate_refused(st, a.app_no,
					     rd_app_action_label(RD_ACT_COMPLETE),
					     &gr, err);
			goto done;
		}
		to = gr.to;
	}
	if (rc == RD_OK)
		rc = st_run(st, NULL, _("complete the application"), err,
			    "UPDATE applications SET state=?2, completed_at=?3,"
			    " updated_at=?3, row_version=row_version+1"
			    " WHERE id=?1",
			    "iti", app_id, rd_app_state_name(to), rd_now());
	if (rc == RD_OK)
		rc = audit_take(st, actor, "app.complete", v.app_no,
				json_pack("{s:s,s:s,s:s,s:s}", "from",
					  rd_app_state_name(v.state), "to",
					  rd_app_state_name(to), "why",
					  "install_report", "note",
					  note ? note : ""),
				err);
done:
	return finish(st, rc, err);
}
