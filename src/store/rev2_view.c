/*
 * rev2_view.c — the detail's transfers and paired application (see
 * rev2_view.h).
 */
#include "store/rev2_view.h"
#include "store/gate_internal.h"

#include "core/i18n.h"

#include <stdio.h>
#include <string.h>

rd_status store_app_transfers(struct store *st, int64_t version_id,
			      struct store_transfer *a, size_t nMax, size_t *n,
			      struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st,
		"SELECT idx, payer_account, payer_name, amount_fen, date,"
		" coalesce(memo,'') FROM app_transfers WHERE version_id=?1"
		" ORDER BY idx",
		&p, err);
	int step;

	*n = 0;
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, version_id);
	while ((step = sqlite3_step(p)) == SQLITE_ROW && *n < nMax) {
		struct store_transfer *t = &a[(*n)++];

		t->idx = sqlite3_column_int(p, 0);
		st_column_copy(p, 1, t->payer_account, sizeof t->payer_account);
		st_column_copy(p, 2, t->payer_name, sizeof t->payer_name);
		t->amount_fen = sqlite3_column_int64(p, 3);
		st_column_copy(p, 4, t->date, sizeof t->date);
		st_column_copy(p, 5, t->memo, sizeof t->memo);
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = st_fail(st, step, _("read the transfers"), err);
	sqlite3_finalize(p);
	return rc;
}

rd_status store_paired_view(struct store *st, const struct rd_operator *op,
			    int64_t app_id, struct store_paired *out,
			    struct rd_err *err)
{
	struct st_app a, b;
	struct rd_gate_facts g;
	rd_status rc;

	memset(out, 0, sizeof *out);
	rc = st_exec(st, "BEGIN", err);
	if (rc != RD_OK)
		return rc;
	rc = st_app_load(st, app_id, &a, err);
	if (rc == RD_OK)
		rc = st_gate_paired(st, &a, &out->id, err);
	if (rc == RD_OK && out->id)
		rc = st_app_load(st, out->id, &b, err);
	if (rc == RD_OK && out->id)
		rc = st_gate_facts(st, &b, op, NULL, 0, &g, err);
	if (rc == RD_OK && out->id) {
		snprintf(out->app_no, sizeof out->app_no, "%s", b.app_no);
		out->state = b.state;
		out->approved = g.approval_in_force;
		out->unmet = g.approval_in_force ? 0 : rd_gate_check_paired(&g);
	}
	st_exec(st, "COMMIT", NULL);
	if (rc != RD_OK)
		memset(out, 0, sizeof *out);
	return rc;
}
