/*
 * fulfil_view.c — one application's fulfilment for the detail screen
 * (see fulfil_view.h). Three short indexed reads (production_app,
 * shipments_app, the primary key) in one read transaction, so the three
 * parts agree with each other.
 */
#include "store/fulfil_view.h"
#include "store/internal.h"

#include "core/i18n.h"

#include <string.h>

/* Prepare zSql, bind app_id to ?1 and step to the first row: SQLITE_ROW
 * with *pp left open for the caller, SQLITE_DONE when there is none. */
static int first_row(struct store *st, const char *zSql, int64_t app_id,
		     sqlite3_stmt **pp, rd_status *rc, struct rd_err *err)
{
	int step;

	*rc = st_prepare(st, zSql, pp, err);
	if (*rc != RD_OK)
		return SQLITE_ERROR;
	st_bind_int64(*pp, 1, app_id);
	step = sqlite3_step(*pp);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		*rc = st_fail(st, step, _("read the fulfilment"), err);
	return step;
}

static rd_status read_order(struct store *st, int64_t app_id,
			    struct store_fulfil_view *v, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = RD_OK;

	if (first_row(st,
		      "SELECT po.id, po.attempt, po.state,"
		      " coalesce(po.order_id,''), coalesce(po.medium_serial,''),"
		      " po.last_error, po.updated_at, coalesce(j.state,'')"
		      " FROM production_orders po"
		      " LEFT JOIN jobs j ON j.id=po.job_id"
		      " WHERE po.app_id=?1 ORDER BY po.id DESC LIMIT 1",
		      app_id, &p, &rc, err) == SQLITE_ROW) {
		v->order_row = sqlite3_column_int64(p, 0);
		v->attempt = sqlite3_column_int(p, 1);
		st_column_copy(p, 2, v->order_state, sizeof v->order_state);
		st_column_copy(p, 3, v->order_ref, sizeof v->order_ref);
		st_column_copy(p, 4, v->medium_serial, sizeof v->medium_serial);
		st_column_copy(p, 5, v->order_error, sizeof v->order_error);
		v->order_at = sqlite3_column_int64(p, 6);
		st_column_copy(p, 7, v->order_job_state,
			       sizeof v->order_job_state);
	}
	sqlite3_finalize(p);
	return rc;
}

static rd_status read_shipment(struct store *st, int64_t app_id,
			       struct store_fulfil_view *v, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = RD_OK;

	if (first_row(st,
		      "SELECT s.id, coalesce(s.waybill_no,''), s.carrier,"
		      " s.state, s.label_sha256 IS NOT NULL, s.print_count,"
		      " coalesce(lp.state,''), coalesce(s.printed_at,0),"
		      " coalesce(s.delivered_at,0),"
		      " CASE WHEN lp.state='failed' AND lp.error<>''"
		      "  THEN lp.error ELSE s.last_error END"
		      " FROM shipments s LEFT JOIN label_prints lp ON"
		      " lp.id=(SELECT max(id) FROM label_prints"
		      "  WHERE shipment_id=s.id)"
		      " WHERE s.app_id=?1 ORDER BY s.id DESC LIMIT 1",
		      app_id, &p, &rc, err) == SQLITE_ROW) {
		v->shipment_id = sqlite3_column_int64(p, 0);
		st_column_copy(p, 1, v->waybill_no, sizeof v->waybill_no);
		st_column_copy(p, 2, v->carrier, sizeof v->carrier);
		st_column_copy(p, 3, v->ship_state, sizeof v->ship_state);
		v->has_label = sqlite3_column_int(p, 4);
		v->print_count = sqlite3_column_int(p, 5);
		st_column_copy(p, 6, v->print_state, sizeof v->print_state);
		v->printed_at = sqlite3_column_int64(p, 7);
		v->delivered_at = sqlite3_column_int64(p, 8);
		st_column_copy(p, 9, v->ship_error, sizeof v->ship_error);
	}
	sqlite3_finalize(p);
	return rc;
}

static rd_status read_invoice(struct store *st, int64_t app_id,
			      struct store_fulfil_view *v, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = RD_OK;
	int step = first_row(st,
			     "SELECT coalesce(a.invoice_no,''),"
			     " coalesce(a.invoice_at,0),"
			     " coalesce(a.completed_at,0),"
			     " coalesce((SELECT state FROM jobs WHERE"
			     "  app_id=a.id AND kind='invoice'"
			     "  ORDER BY id DESC LIMIT 1),'')"
			     " FROM applications a WHERE a.id=?1",
			     app_id, &p, &rc, err);

	if (step == SQLITE_ROW) {
		st_column_copy(p, 0, v->invoice_no, sizeof v->invoice_no);
		v->invoice_at = sqlite3_column_int64(p, 1);
		v->completed_at = sqlite3_column_int64(p, 2);
		st_column_copy(p, 3, v->invoice_job_state,
			       sizeof v->invoice_job_state);
	} else if (step == SQLITE_DONE) {
		rc = rd_err_set(err, RD_ERR_NOTFOUND,
				_("application %lld does not exist (any more)"),
				(long long)app_id);
	}
	sqlite3_finalize(p);
	return rc;
}

rd_status store_fulfil_view_read(struct store *st, int64_t app_id,
				 struct store_fulfil_view *out,
				 struct rd_err *err)
{
	rd_status rc;

	memset(out, 0, sizeof *out);
	rc = st_exec(st, "BEGIN", err);
	if (rc != RD_OK)
		return rc;
	rc = read_invoice(st, app_id, out, err);
	if (rc == RD_OK)
		rc = read_order(st, app_id, out, err);
	if (rc == RD_OK)
		rc = read_shipment(st, app_id, out, err);
	st_exec(st, "COMMIT", NULL);
	return rc;
}
