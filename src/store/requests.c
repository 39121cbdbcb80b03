/*
 * requests.c — portal requests (see requests.h).
 */
#include "store/requests.h"

#include "clock.h"
#include "core/i18n.h"
#include "store/audit.h"
#include "store/internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static rd_status log_row(struct store *st, const struct ingest_request *r,
			 const char *outcome, struct rd_err *err)
{
	return st_run(st, NULL, _("write ingest log"), err,
		      "INSERT INTO ingest_log(bundle_name,bundle_sha256,outcome,"
		      "app_no,version,reason,at) VALUES(?1,?2,?3,?4,NULL,'',?5)",
		      "tttti", r->file_name, r->sha256, outcome, r->app_no,
		      rd_now());
}

rd_status store_request_add(struct store *st, const char *actor,
			    const struct ingest_request *r,
			    enum store_request_outcome *out,
			    struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	int64_t app_id = 0, dup = 0;
	char *zDetails = NULL;
	rd_status rc;
	int step;

	*out = 0;
	rc = store_begin(st, err);
	if (rc != RD_OK)
		return rc;
	rc = st_prepare(st,
			"SELECT (SELECT id FROM applications WHERE app_no=?1),"
			"(SELECT count(*) FROM portal_requests WHERE file_name=?2)",
			&p, err);
	if (rc != RD_OK)
		goto fail;
	st_bind_text(p, 1, r->app_no);
	st_bind_text(p, 2, r->file_name);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW) {
		app_id = sqlite3_column_int64(p, 0);
		dup = sqlite3_column_int64(p, 1);
	}
	sqlite3_finalize(p);
	p = NULL;
	if (step != SQLITE_ROW) {
		rc = st_fail(st, sqlite3_errcode(st->db), _("read the request"),
			     err);
		goto fail;
	}
	if (dup) {
		rc = log_row(st, r, "duplicate", err);
		if (rc == RD_OK)
			rc = store_commit(st, err);
		if (rc != RD_OK)
			goto fail;
		*out = STORE_REQUEST_DUPLICATE;
		return RD_OK;
	}
	if (!app_id) {
		store_rollback(st);
		*out = STORE_REQUEST_REFUSED;
		return rd_err_set(err, RD_ERR_STATE,
				  _("request: app_no: no application %s is "
				    "known here"),
				  r->app_no);
	}
	rc = st_run(st, NULL, _("store the request"), err,
		    "INSERT INTO portal_requests(file_name,file_sha256,app_id,"
		    "app_no,kind,seq,requested_at,requested_at_text,reason,"
		    "refund_amount_fen,refund_route,refund_account,request_json,"
		    "received_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,"
		    "nullif(?10,0),?11,?12,?13,?14)",
		    "ttittiittittti", r->file_name, r->sha256, app_id,
		    r->app_no, r->kind, r->seq, r->requested_at,
		    r->requested_at_text, r->reason,
		    r->has_refund ? r->refund_amount_fen : 0,
		    r->has_refund ? r->refund_route : NULL,
		    r->has_refund ? r->refund_account : NULL, r->json, rd_now());
	if (rc == RD_OK)
		rc = log_row(st, r, "ingested", err);
	if (rc == RD_OK) {
		json_t *o = json_pack("{s:s,s:s,s:I}", "file", r->file_name,
				      "kind", r->kind, "refund_amount_fen",
				      (json_int_t)(r->has_refund
							   ? r->refund_amount_fen
							   : 0));

		zDetails = o ? json_dumps(o, JSON_COMPACT) : NULL;
		json_decref(o);
		rc = zDetails ? store_audit_append(st, actor, "request.receive",
						   r->app_no, zDetails, err)
			      : rd_err_set(err, RD_ERR_NOMEM, "%s",
					   rd_strerror(RD_ERR_NOMEM));
	}
	if (rc == RD_OK)
		rc = store_commit(st, err);
	if (rc != RD_OK)
		goto fail;
	free(zDetails);
	*out = STORE_REQUEST_STORED;
	return RD_OK;
fail:
	free(zDetails);
	store_rollback(st);
	return rc;
}

rd_status store_request_list(struct store *st, int open_only,
			     struct store_request_row **rows, size_t *n,
			     struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	struct store_request_row *a = NULL;
	size_t cnt = 0, cap = 0;
	rd_status rc;
	int step;

	*rows = NULL;
	*n = 0;
	rc = st_prepare(st,
			"SELECT r.id,r.app_no,r.kind,r.seq,r.requested_at,r.reason,"
			"coalesce(r.refund_amount_fen,0),coalesce(r.refund_route,''),"
			"coalesce(r.refund_account,''),r.state,a.state,r.received_at,"
			"r.file_name,coalesce(r.outcome,''),coalesce(o1.login,''),"
			"coalesce(o2.login,''),r.app_id"
			" FROM portal_requests r JOIN applications a ON a.id=r.app_id"
			" LEFT JOIN operators o1 ON o1.id=r.approved_by"
			" LEFT JOIN operators o2 ON o2.id=r.closed_by"
			" WHERE ?1=0 OR r.state='open'"
			" ORDER BY r.received_at DESC, r.id DESC",
			&p, err);
	if (rc != RD_OK)
		return rc;
	sqlite3_bind_int(p, 1, open_only ? 1 : 0);
	while ((step = sqlite3_step(p)) == SQLITE_ROW) {
		struct store_request_row *x;

		if (cnt == cap) {
			size_t nc = cap ? cap * 2 : 16;
			struct store_request_row *na = realloc(a, nc * sizeof *na);

			if (!na) {
				rc = rd_err_set(err, RD_ERR_NOMEM, "%s",
						rd_strerror(RD_ERR_NOMEM));
				goto done;
			}
			a = na;
			cap = nc;
		}
		x = &a[cnt++];
		memset(x, 0, sizeof *x);
		x->id = sqlite3_column_int64(p, 0);
		st_column_copy(p, 1, x->app_no, sizeof x->app_no);
		st_column_copy(p, 2, x->kind, sizeof x->kind);
		x->seq = sqlite3_column_int64(p, 3);
		x->requested_at = sqlite3_column_int64(p, 4);
		st_column_copy(p, 5, x->reason, sizeof x->reason);
		x->refund_amount_fen = sqlite3_column_int64(p, 6);
		st_column_copy(p, 7, x->refund_route, sizeof x->refund_route);
		st_column_copy(p, 8, x->refund_account, sizeof x->refund_account);
		st_column_copy(p, 9, x->state, sizeof x->state);
		st_column_copy(p, 10, x->app_state, sizeof x->app_state);
		x->received_at = sqlite3_column_int64(p, 11);
		st_column_copy(p, 12, x->ref, sizeof x->ref);
		if (strlen(x->ref) > 5 &&
		    !strcmp(x->ref + strlen(x->ref) - 5, ".json"))
			x->ref[strlen(x->ref) - 5] = '\0';
		st_column_copy(p, 13, x->outcome, sizeof x->outcome);
		st_column_copy(p, 14, x->approved_by, sizeof x->approved_by);
		st_column_copy(p, 15, x->closed_by, sizeof x->closed_by);
		x->app_id = sqlite3_column_int64(p, 16);
	}
	if (step != SQLITE_DONE) {
		rc = st_fail(st, step, _("list the requests"), err);
		goto done;
	}
	*rows = a;
	*n = cnt;
	a = NULL;
done:
	sqlite3_finalize(p);
	free(a);
	return rc;
}
