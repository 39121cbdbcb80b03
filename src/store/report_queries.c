/*
 * report_queries.c — the SQL of the workbook and the dossier.
 *
 * Each function prepares one statement, binds the period, and steps it,
 * handing one row at a time to the caller. Text columns are copied at
 * once into a small per-row array (freed after the callback), so nothing
 * the caller sees points into SQLite.
 */
#include "store/report_queries.h"
#include "store/internal.h"

#include "core/i18n.h"

#include <stdlib.h>
#include <string.h>

#define ROW_MAX 64

/* Copy the text of columns [0, n) into az (NULL columns become ""). */
static rd_status row_dup(sqlite3_stmt *p, char **az, int n)
{
	for (int i = 0; i < n; i++) {
		az[i] = st_column_dup(p, i);
		if (!az[i]) {
			for (int k = 0; k < i; k++) {
				free(az[k]);
				az[k] = NULL;
			}
			return RD_ERR_NOMEM;
		}
	}
	return RD_OK;
}

static void row_free(char **az, int n)
{
	for (int i = 0; i < n; i++) {
		free(az[i]);
		az[i] = NULL;
	}
}

/* The end of a walk: SQLITE_DONE is success, anything else a DB error. */
static rd_status walk_end(struct store *st, int step, const char *zWhat,
			  struct rd_err *err)
{
	if (step == SQLITE_DONE)
		return RD_OK;
	return st_fail(st, step, zWhat, err);
}

rd_status store_report_snapshot_begin(struct store *st, struct rd_err *err)
{
	int rc;

	if (st->in_tx)
		return rd_err_set(err, RD_ERR_INTERNAL,
				  "store_report_snapshot_begin: transaction "
				  "already open");
	rc = sqlite3_exec(st->db, "BEGIN DEFERRED", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return st_fail(st, rc, _("start read transaction"), err);
	st->in_tx = 1;
	return RD_OK;
}

void store_report_snapshot_end(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	st->in_tx = 0;
}

/* ---------------------------------------------------------- decisions */

rd_status store_report_decisions(struct store *st, int64_t t0, int64_t t1,
				 store_rep_decision_fn fn, void *ctx,
				 struct rd_err *err)
{
	static const char zSql[] =
		"SELECT d.id, a.app_no, a.type, v.org_name, v.handler_name,"
		" o.login, o.display_name, d.action,"
		" coalesce((SELECT group_concat(code, ',') FROM"
		"  (SELECT r.code FROM decision_reasons r"
		"   WHERE r.decision_id = d.id ORDER BY r.code)), ''),"
		" d.note, d.countersign, v.submitted_at, v.sla_due_at,"
		" d.created_at"
		" FROM decisions d"
		" JOIN applications a ON a.id = d.app_id"
		" JOIN app_versions v ON v.id = d.version_id"
		" JOIN operators o ON o.id = d.operator_id"
		" WHERE d.created_at >= ?1 AND d.created_at < ?2"
		" ORDER BY d.created_at, d.id";
	sqlite3_stmt *p = NULL;
	char *az[ROW_MAX] = { 0 };
	rd_status rc = st_prepare(st, zSql, &p, err);
	int step;

	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, t0);
	st_bind_int64(p, 2, t1);
	while ((step = sqlite3_step(p)) == SQLITE_ROW) {
		struct store_rep_decision r;

		rc = row_dup(p, az, 11);
		if (rc != RD_OK)
			goto done;
		memset(&r, 0, sizeof r);
		r.id = sqlite3_column_int64(p, 0);
		r.app_no = az[1];
		r.type = az[2];
		r.org_name = az[3];
		r.handler_name = az[4];
		r.auditor_login = az[5];
		r.auditor_name = az[6];
		r.action = az[7];
		r.reasons = az[8];
		r.note = az[9];
		r.countersign = az[10];
		r.submitted_at = sqlite3_column_int64(p, 11);
		r.sla_due_at = sqlite3_column_int64(p, 12);
		r.decided_at = sqlite3_column_int64(p, 13);
		rc = fn(ctx, &r);
		row_free(az, 11);
		if (rc != RD_OK)
			goto done;
	}
	rc = walk_end(st, step, _("read decisions for the report"), err);
done:
	sqlite3_finalize(p);
	return rc;
}

/* Shared loop of the small aggregate queries: columns key, key2, label, n. */
static rd_status walk_counts(struct store *st, const char *zSql, int64_t t0,
			     int64_t t1, store_rep_count_fn fn, void *ctx,
			     const char *zWhat, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	char *az[3] = { 0 };
	rd_status rc = st_prepare(st, zSql, &p, err);
	int step;

	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, t0);
	st_bind_int64(p, 2, t1);
	while ((step = sqlite3_step(p)) == SQLITE_ROW) {
		struct store_rep_count r;

		rc = row_dup(p, az, 3);
		if (rc != RD_OK)
			goto done;
		r.key = az[0];
		r.key2 = az[1];
		r.label = az[2];
		r.n = sqlite3_column_int64(p, 3);
		rc = fn(ctx, &r);
		row_free(az, 3);
		if (rc != RD_OK)
			goto done;
	}
	rc = walk_end(st, step, zWhat, err);
done:
	sqlite3_finalize(p);
	return rc;
}

rd_status store_report_decisions_by_type(struct store *st, int64_t t0,
					 int64_t t1, store_rep_count_fn fn,
					 void *ctx, struct rd_err *err)
{
	return walk_counts(st,
			   "SELECT a.type, d.action, '', count(*)"
			   " FROM decisions d JOIN applications a ON a.id = d.app_id"
			   " WHERE d.created_at >= ?1 AND d.created_at < ?2"
			   " GROUP BY a.type, d.action ORDER BY a.type, d.action",
			   t0, t1, fn, ctx, _("count decisions by type"), err);
}

rd_status store_report_decisions_by_auditor(struct store *st, int64_t t0,
					    int64_t t1, store_rep_count_fn fn,
					    void *ctx, struct rd_err *err)
{
	return walk_counts(st,
			   "SELECT o.login, d.action, o.display_name, count(*)"
			   " FROM decisions d JOIN operators o ON o.id = d.operator_id"
			   " WHERE d.created_at >= ?1 AND d.created_at < ?2"
			   " GROUP BY o.login, d.action ORDER BY o.login, d.action",
			   t0, t1, fn, ctx, _("count decisions by auditor"), err);
}

rd_status store_report_reject_reasons(struct store *st, int64_t t0, int64_t t1,
				      store_rep_count_fn fn, void *ctx,
				      struct rd_err *err)
{
	return walk_counts(st,
			   "SELECT r.code, '', '', count(*)"
			   " FROM decision_reasons r"
			   " JOIN decisions d ON d.id = r.decision_id"
			   " WHERE d.created_at >= ?1 AND d.created_at < ?2"
			   " GROUP BY r.code ORDER BY count(*) DESC, r.code",
			   t0, t1, fn, ctx, _("count reject reasons"), err);
}

/* ---------------------------------------------------------- payments */

rd_status store_report_payments(struct store *st, int64_t t0, int64_t t1,
				 store_rep_payment_fn fn, void *ctx,
				 struct rd_err *err)
{
	static const char zSql[] =
		"SELECT a.app_no, v.org_name, p.method, p.trade_no, p.state,"
		" p.amount_fen, p.created_at, coalesce(p.matched_at, 0)"
		" FROM payments p"
		" JOIN applications a ON a.id = p.app_id"
		" JOIN app_versions v ON v.id = p.version_id"
		" WHERE p.created_at >= ?1 AND p.created_at < ?2"
		" ORDER BY p.created_at, p.id";
	sqlite3_stmt *p = NULL;
	char *az[5] = { 0 };
	rd_status rc = st_prepare(st, zSql, &p, err);
	int step;

	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, t0);
	st_bind_int64(p, 2, t1);
	while ((step = sqlite3_step(p)) == SQLITE_ROW) {
		struct store_rep_payment r;

		rc = row_dup(p, az, 5);
		if (rc != RD_OK)
			goto done;
		r.app_no = az[0];
		r.org_name = az[1];
		r.method = az[2];
		r.trade_no = az[3];
		r.state = az[4];
		r.amount_fen = sqlite3_column_int64(p, 5);
		r.created_at = sqlite3_column_int64(p, 6);
		r.matched_at = sqlite3_column_int64(p, 7);
		rc = fn(ctx, &r);
		row_free(az, 5);
		if (rc != RD_OK)
			goto done;
	}
	rc = walk_end(st, step, _("read payments for the report"), err);
done:
	sqlite3_finalize(p);
	return rc;
}

/* ---------------------------------------------------------- fulfilment */

rd_status store_report_fulfilment(struct store *st, int64_t t0, int64_t t1,
				  store_rep_fulfil_fn fn, void *ctx,
				  struct rd_err *err)
{
	/* CROSS JOIN keeps the orders and waybills of the period (two index
	 * ranges each, 005) as the outer loop: left to itself the planner
	 * may walk every application in app_no order to spare the sort. */
	static const char zSql[] =
		"SELECT 'production', a.app_no, coalesce(po.order_id, ''), '',"
		" po.state, coalesce(po.medium_serial, ''), po.last_error,"
		" po.attempt, 0, 0, po.created_at, po.updated_at, po.id,"
		" po.outlet"
		" FROM production_orders po CROSS JOIN applications a"
		" ON a.id = po.app_id"
		" WHERE (po.created_at >= ?1 AND po.created_at < ?2)"
		"    OR (po.updated_at >= ?1 AND po.updated_at < ?2)"
		" UNION ALL "
		"SELECT 'shipment', a.app_no, coalesce(s.waybill_no, ''),"
		" s.carrier, s.state, '', s.last_error, 0, s.print_count,"
		" coalesce(s.delivered_at, 0), s.created_at, s.updated_at, s.id,"
		" coalesce((SELECT outlet FROM production_orders WHERE"
		"  app_id = s.app_id ORDER BY id DESC LIMIT 1), 'default')"
		" FROM shipments s CROSS JOIN applications a ON a.id = s.app_id"
		" WHERE (s.created_at >= ?1 AND s.created_at < ?2)"
		"    OR (s.updated_at >= ?1 AND s.updated_at < ?2)"
		" ORDER BY 2, 1, 13";
	sqlite3_stmt *p = NULL;
	char *az[7] = { 0 };
	char zOutlet[40];
	rd_status rc = st_prepare(st, zSql, &p, err);
	int step;

	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, t0);
	st_bind_int64(p, 2, t1);
	while ((step = sqlite3_step(p)) == SQLITE_ROW) {
		struct store_rep_fulfil r;

		rc = row_dup(p, az, 7);
		if (rc != RD_OK)
			goto done;
		r.kind = az[0];
		r.app_no = az[1];
		r.ref = az[2];
		r.carrier = az[3];
		r.state = az[4];
		r.medium_serial = az[5];
		r.last_error = az[6];
		r.attempt = sqlite3_column_int64(p, 7);
		r.print_count = sqlite3_column_int64(p, 8);
		r.delivered_at = sqlite3_column_int64(p, 9);
		r.created_at = sqlite3_column_int64(p, 10);
		r.updated_at = sqlite3_column_int64(p, 11);
		st_column_copy(p, 13, zOutlet, sizeof zOutlet);
		r.outlet = zOutlet;
		rc = fn(ctx, &r);
		row_free(az, 7);
		if (rc != RD_OK)
			goto done;
	}
	rc = walk_end(st, step, _("read production and shipping"), err);
done:
	sqlite3_finalize(p);
	return rc;
}

/* ---------------------------------------------------------- backlog */

rd_status store_report_backlog(struct store *st, int64_t t,
			       store_rep_backlog_fn fn, void *ctx,
			       struct rd_err *err)
{
	static const char zSql[] =
		"SELECT a.app_no, a.type, v.org_name, v.handler_name, a.state,"
		" v.version, v.submitted_at, v.sla_due_at"
		" FROM app_versions v JOIN applications a ON a.id = v.app_id"
		" WHERE v.submitted_at < ?1"
		"  AND NOT EXISTS (SELECT 1 FROM app_versions v2"
		"   WHERE v2.app_id = v.app_id AND v2.version > v.version"
		"     AND v2.submitted_at < ?1)"
		"  AND NOT EXISTS (SELECT 1 FROM decisions d"
		"   WHERE d.app_id = v.app_id AND d.version_id = v.id"
		"     AND d.created_at < ?1 AND d.countersign <> 'refused')"
		" ORDER BY v.sla_due_at, a.app_no";
	sqlite3_stmt *p = NULL;
	char *az[5] = { 0 };
	rd_status rc = st_prepare(st, zSql, &p, err);
	int step;

	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, t);
	while ((step = sqlite3_step(p)) == SQLITE_ROW) {
		struct store_rep_backlog r;

		rc = row_dup(p, az, 5);
		if (rc != RD_OK)
			goto done;
		r.app_no = az[0];
		r.type = az[1];
		r.org_name = az[2];
		r.handler_name = az[3];
		r.state = az[4];
		r.version = sqlite3_column_int64(p, 5);
		r.submitted_at = sqlite3_column_int64(p, 6);
		r.sla_due_at = sqlite3_column_int64(p, 7);
		rc = fn(ctx, &r);
		row_free(az, 5);
		if (rc != RD_OK)
			goto done;
	}
	rc = walk_end(st, step, _("read the backlog"), err);
done:
	sqlite3_finalize(p);
	return rc;
}

/* ---------------------------------------------------------- ingest */

rd_status store_report_quarantined(struct store *st, int64_t t0, int64_t t1,
				   store_rep_quarantine_fn fn, void *ctx,
				   struct rd_err *err)
{
	static const char zSql[] =
		"SELECT bundle_name, bundle_sha256, app_no, reason, at"
		" FROM ingest_log"
		" WHERE outcome = 'quarantined' AND at >= ?1 AND at < ?2"
		" ORDER BY at, id";
	sqlite3_stmt *p = NULL;
	char *az[4] = { 0 };
	rd_status rc = st_prepare(st, zSql, &p, err);
	int step;

	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, t0);
	st_bind_int64(p, 2, t1);
	while ((step = sqlite3_step(p)) == SQLITE_ROW) {
		struct store_rep_quarantine r;

		rc = row_dup(p, az, 4);
		if (rc != RD_OK)
			goto done;
		r.bundle_name = az[0];
		r.bundle_sha256 = az[1];
		r.app_no = az[2];
		r.reason = az[3];
		r.at = sqlite3_column_int64(p, 4);
		rc = fn(ctx, &r);
		row_free(az, 4);
		if (rc != RD_OK)
			goto done;
	}
	rc = walk_end(st, step, _("read the ingest log"), err);
done:
	sqlite3_finalize(p);
	return rc;
}

/* ---------------------------------------------------------- dashboard */

/* Bind aParam[0..nParam) as ?1.. and add each row's count (column 1) to
 * aOut[bucket] (column 0), or to aOut[k] for the k-th column of a single
 * row when bucketed is 0. */
static rd_status dash_counts(struct store *st, const char *zSql,
			     const int64_t *aParam, int nParam, int bucketed,
			     int64_t *aOut, int nOut, const char *zWhat,
			     struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st, zSql, &p, err);
	int step;

	if (rc != RD_OK)
		return rc;
	for (int i = 0; i < nParam; i++)
		st_bind_int64(p, i + 1, aParam[i]);
	while ((step = sqlite3_step(p)) == SQLITE_ROW) {
		if (bucketed) {
			int64_t k = sqlite3_column_int64(p, 0);

			if (k >= 0 && k < nOut)
				aOut[k] += sqlite3_column_int64(p, 1);
		} else {
			for (int k = 0; k < nOut; k++)
				aOut[k] = sqlite3_column_int64(p, k);
		}
	}
	rc = walk_end(st, step, zWhat, err);
	sqlite3_finalize(p);
	return rc;
}

static rd_status dash_operators(struct store *st,
				const struct store_dash_query *q,
				store_dash_operator_fn fn, void *ctx,
				struct rd_err *err)
{
	/* Both aggregates are small: today's decisions by the
	 * decisions_created range, live claims from the claims table
	 * (one row per application being worked on). */
	static const char zSql[] =
		"WITH d AS (SELECT operator_id AS op, count(*) AS n,"
		"  sum(action = 'approve') AS na, sum(action = 'reject') AS nr,"
		"  sum(action = 'return_fin_auth') AS nf,"
		"  sum(action = 'cancel') AS nc,"
		"  sum(action = 'request_refund') AS nq,"
		"  sum(action = 'refund') AS nd"
		"  FROM decisions WHERE created_at >= ?1 AND created_at <= ?2"
		"  AND countersign <> 'refused' GROUP BY operator_id),"
		" s AS (SELECT countersigned_by AS op, count(*) AS n"
		"  FROM decisions WHERE countersigned_at >= ?1"
		"  AND countersigned_at <= ?2 AND countersigned_by IS NOT NULL"
		"  GROUP BY countersigned_by),"
		" c AS (SELECT c.operator_id AS op, count(*) AS n,"
		"  sum(a.sla_due_at <= ?3) AS nrisk"
		"  FROM claims c JOIN applications a ON a.id = c.app_id"
		"  WHERE c.expires_at > ?2 GROUP BY c.operator_id)"
		" SELECT o.login, o.display_name, coalesce(d.n, 0),"
		"  coalesce(d.na, 0), coalesce(d.nr, 0), coalesce(d.nf, 0),"
		"  coalesce(c.n, 0), coalesce(c.nrisk, 0),"
		"  coalesce(d.nc, 0), coalesce(d.nq, 0), coalesce(d.nd, 0),"
		"  coalesce(s.n, 0)"
		" FROM operators o LEFT JOIN d ON d.op = o.id"
		"  LEFT JOIN c ON c.op = o.id LEFT JOIN s ON s.op = o.id"
		" WHERE (o.enabled = 1 AND o.role <> 'admin')"
		"  OR d.n IS NOT NULL OR c.n IS NOT NULL OR s.n IS NOT NULL"
		" ORDER BY coalesce(d.n, 0) DESC, o.login";
	sqlite3_stmt *p = NULL;
	char *az[2] = { 0 };
	rd_status rc = st_prepare(st, zSql, &p, err);
	int step;

	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, q->since);
	st_bind_int64(p, 2, q->now);
	st_bind_int64(p, 3, q->aDueBy[1]);
	while ((step = sqlite3_step(p)) == SQLITE_ROW) {
		struct store_dash_operator r;

		rc = row_dup(p, az, 2);
		if (rc != RD_OK)
			goto done;
		r.login = az[0];
		r.name = az[1];
		r.nDecided = sqlite3_column_int64(p, 2);
		r.nApproved = sqlite3_column_int64(p, 3);
		r.nRejected = sqlite3_column_int64(p, 4);
		r.nReturned = sqlite3_column_int64(p, 5);
		r.nClaimed = sqlite3_column_int64(p, 6);
		r.nAtRisk = sqlite3_column_int64(p, 7);
		r.nCancelled = sqlite3_column_int64(p, 8);
		r.nRefundRequested = sqlite3_column_int64(p, 9);
		r.nRefunded = sqlite3_column_int64(p, 10);
		r.nCountersigned = sqlite3_column_int64(p, 11);
		rc = fn(ctx, &r);
		row_free(az, 2);
		if (rc != RD_OK)
			goto done;
	}
	rc = walk_end(st, step, _("read the operators' day"), err);
done:
	sqlite3_finalize(p);
	return rc;
}

rd_status store_dashboard_read(struct store *st,
			       const struct store_dash_query *q,
			       struct store_dashboard *out,
			       store_dash_operator_fn fn, void *ctx,
			       struct rd_err *err)
{
	/* Open applications by how long they have waited (applications_age)
	 * and by deadline (applications_queue): index ranges, counted. */
	static const char zAge[] =
		"SELECT CASE WHEN submitted_at > ?1 THEN 0"
		" WHEN submitted_at > ?2 THEN 1 WHEN submitted_at > ?3 THEN 2"
		" ELSE 3 END, count(*) FROM applications"
		" WHERE state IN ('received', 'in_review') GROUP BY 1";
	static const char zDue[] =
		"SELECT CASE WHEN sla_due_at < ?1 THEN 0"
		" WHEN sla_due_at <= ?2 THEN 1 WHEN sla_due_at <= ?3 THEN 2"
		" ELSE 3 END, count(*) FROM applications"
		" WHERE state IN ('received', 'in_review') GROUP BY 1";
	static const char zWaiting[] =
		"SELECT (SELECT count(*) FROM applications WHERE state = 'received'),"
		" (SELECT count(*) FROM applications WHERE state = 'in_review'),"
		" (SELECT count(*) FROM decisions WHERE countersign = 'pending'),"
		" (SELECT count(*) FROM jobs WHERE state = 'dead'),"
		" (SELECT count(*) FROM ingest_log WHERE at >= ?1 AND at <= ?2"
		"   AND outcome = 'ingested'),"
		" (SELECT count(*) FROM ingest_log WHERE at >= ?1 AND at <= ?2"
		"   AND outcome = 'quarantined'),"
		" (SELECT count(*) FROM decisions WHERE countersigned_at >= ?1"
		"   AND countersigned_at <= ?2 AND countersigned_by IS NOT NULL)";
	/* Bucket by action, each kind its own: approve 0, reject 1,
	 * return 2, cancel 3, request_refund 4, refund 5. */
	static const char zToday[] =
		"SELECT CASE action WHEN 'approve' THEN 0 WHEN 'reject' THEN 1"
		" WHEN 'return_fin_auth' THEN 2 WHEN 'cancel' THEN 3"
		" WHEN 'request_refund' THEN 4 ELSE 5 END, count(*)"
		" FROM decisions WHERE created_at >= ?1 AND created_at <= ?2"
		" AND countersign <> 'refused' GROUP BY 1";
	int64_t aRange[2] = { q->since, q->now };
	int64_t aWait[7] = { 0 }, aAct[6] = { 0 };
	rd_status rc;

	memset(out, 0, sizeof *out);
	rc = store_report_snapshot_begin(st, err);
	if (rc != RD_OK)
		return rc;
	rc = dash_counts(st, zAge, q->aAgeAfter, STORE_DASH_BUCKETS - 1, 1,
			 out->aAge, STORE_DASH_BUCKETS,
			 _("count the backlog by age"), err);
	if (rc == RD_OK)
		rc = dash_counts(st, zDue, q->aDueBy, STORE_DASH_BUCKETS - 1, 1,
				 out->aDue, STORE_DASH_BUCKETS,
				 _("count the backlog by deadline"), err);
	if (rc == RD_OK)
		rc = dash_counts(st, zWaiting, aRange, 2, 0, aWait, 7,
				 _("count the waiting work"), err);
	if (rc == RD_OK)
		rc = dash_counts(st, zToday, aRange, 2, 1, aAct, 6,
				 _("count today's decisions"), err);
	if (rc == RD_OK && fn)
		rc = dash_operators(st, q, fn, ctx, err);
	store_report_snapshot_end(st);
	out->nReceived = aWait[0];
	out->nInReview = aWait[1];
	out->nCountersign = aWait[2];
	out->nDeadJobs = aWait[3];
	out->nIngested = aWait[4];
	out->nQuarantined = aWait[5];
	out->nApproved = aAct[0];
	out->nRejected = aAct[1];
	out->nReturned = aAct[2];
	out->nCancelled = aAct[3];
	out->nRefundRequested = aAct[4];
	out->nRefunded = aAct[5];
	out->nCountersigned = aWait[6];
	return rc;
}

/* ---------------------------------------------------------- dossier */

rd_status store_report_app_id(struct store *st, const char *app_no,
			      int64_t *app_id, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st,
				  "SELECT id FROM applications WHERE app_no = ?1",
				  &p, err);
	int step;

	if (rc != RD_OK)
		return rc;
	st_bind_text(p, 1, app_no);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW)
		*app_id = sqlite3_column_int64(p, 0);
	else if (step == SQLITE_DONE)
		rc = rd_err_set(err, RD_ERR_NOTFOUND,
				_("no application '%s'; check the number"),
				app_no);
	else
		rc = st_fail(st, step, _("look up application"), err);
	sqlite3_finalize(p);
	return rc;
}

/* One statement per part; ?1 is the application id, ?2 its number. */
static const char *const dossier_sql[STORE_DOSSIER_PART_COUNT] = {
	[STORE_DOSSIER_APPLICATION] =
		"SELECT * FROM applications WHERE id = ?1",
	[STORE_DOSSIER_VERSIONS] =
		"SELECT * FROM app_versions WHERE app_id = ?1 ORDER BY version",
	[STORE_DOSSIER_FILES] =
		"SELECT f.*, v.version AS version_no FROM files f"
		" JOIN app_versions v ON v.id = f.version_id"
		" WHERE v.app_id = ?1 ORDER BY v.version, f.id",
	[STORE_DOSSIER_FINDINGS] =
		"SELECT f.*, v.version AS version_no FROM findings f"
		" JOIN app_versions v ON v.id = f.version_id"
		" WHERE v.app_id = ?1 ORDER BY v.version, f.id",
	[STORE_DOSSIER_CHECKS] =
		"SELECT * FROM checks WHERE app_id = ?1 ORDER BY id",
	[STORE_DOSSIER_DECISIONS] =
		"SELECT d.*, o.login AS operator_login,"
		" coalesce((SELECT group_concat(code, ',') FROM"
		"  (SELECT r.code FROM decision_reasons r"
		"   WHERE r.decision_id = d.id ORDER BY r.code)), '')"
		"  AS reason_codes"
		" FROM decisions d JOIN operators o ON o.id = d.operator_id"
		" WHERE d.app_id = ?1 ORDER BY d.id",
	[STORE_DOSSIER_NOTES] =
		"SELECT n.*, o.login AS operator_login FROM notes n"
		" JOIN operators o ON o.id = n.operator_id"
		" WHERE n.app_id = ?1 ORDER BY n.id",
	[STORE_DOSSIER_PAYMENTS] =
		"SELECT * FROM payments WHERE app_id = ?1 ORDER BY id",
	[STORE_DOSSIER_PRODUCTION] =
		"SELECT * FROM production_orders WHERE app_id = ?1 ORDER BY id",
	[STORE_DOSSIER_SHIPMENTS] =
		"SELECT * FROM shipments WHERE app_id = ?1 ORDER BY id",
	/* The dossier's own exports are not part of the application's
	 * history; leaving them out keeps repeated exports identical. */
	[STORE_DOSSIER_AUDIT] =
		"SELECT * FROM audit_log WHERE ?1 = ?1 AND subject = ?2"
		" AND action NOT LIKE 'export.%' ORDER BY id",
};

rd_status store_report_dossier_rows(struct store *st,
				    enum store_dossier_part part,
				    int64_t app_id, const char *app_no,
				    store_rep_row_fn fn, void *ctx,
				    struct rd_err *err)
{
	struct store_rep_value aCol[ROW_MAX];
	char *az[ROW_MAX] = { 0 };
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step, nCol;

	if ((int)part < 0 || part >= STORE_DOSSIER_PART_COUNT)
		return rd_err_set(err, RD_ERR_INVALID, "bad dossier part %d",
				  (int)part);
	rc = st_prepare(st, dossier_sql[part], &p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, app_id);
	if (sqlite3_bind_parameter_count(p) >= 2)
		st_bind_text(p, 2, app_no ? app_no : "");
	nCol = sqlite3_column_count(p);
	if (nCol > ROW_MAX)
		nCol = ROW_MAX;
	while ((step = sqlite3_step(p)) == SQLITE_ROW) {
		for (int i = 0; i < nCol; i++) {
			struct store_rep_value *v = &aCol[i];

			memset(v, 0, sizeof *v);
			v->name = sqlite3_column_name(p, i);
			switch (sqlite3_column_type(p, i)) {
			case SQLITE_INTEGER:
				v->type = STORE_REP_INT;
				v->i = sqlite3_column_int64(p, i);
				break;
			case SQLITE_FLOAT:
				v->type = STORE_REP_REAL;
				v->r = sqlite3_column_double(p, i);
				break;
			case SQLITE_NULL:
				v->type = STORE_REP_NULL;
				break;
			default:
				v->type = STORE_REP_TEXT;
				az[i] = st_column_dup(p, i);
				if (!az[i]) {
					row_free(az, nCol);
					rc = rd_err_set(err, RD_ERR_NOMEM,
							_("out of memory"));
					goto done;
				}
				v->z = az[i];
				break;
			}
		}
		rc = fn(ctx, nCol, aCol);
		row_free(az, nCol);
		if (rc != RD_OK)
			goto done;
	}
	rc = walk_end(st, step, _("read the application for the dossier"), err);
done:
	sqlite3_finalize(p);
	return rc;
}
