/*
 * app_messages.c — an application's notices and deposit (see the
 * header). One index range of jobs (jobs_app), the payload read with
 * jansson; the deposit's credit time from its check (checks by app_id).
 */
#include "store/app_messages.h"
#include "store/internal.h"

#include "core/i18n.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static void copy_str(json_t *j, const char *zKey, char *out, size_t n)
{
	const char *z = json_string_value(json_object_get(j, zKey));

	snprintf(out, n, "%s", z ? z : "");
}

rd_status store_app_messages(struct store *st, int64_t app_id,
			     struct store_app_message *a, int max, int *n,
			     struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	*n = 0;
	rc = st_prepare(st,
			"SELECT j.kind, j.state, j.payload, j.created_at,"
			" (SELECT c.updated_at FROM checks c WHERE c.app_id=?1"
			"  AND c.job_id=j.id AND c.state='credited')"
			" FROM jobs j WHERE j.app_id=?1"
			" AND j.kind IN ('notify','bank_deposit') ORDER BY j.id",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, app_id);
	while ((step = sqlite3_step(p)) == SQLITE_ROW && *n < max) {
		struct store_app_message *m = &a[*n];
		const char *zPayload = (const char *)sqlite3_column_text(p, 2);
		json_t *j = zPayload ? json_loads(zPayload, 0, NULL) : NULL;

		memset(m, 0, sizeof *m);
		m->deposit = !strcmp((const char *)sqlite3_column_text(p, 0),
				     "bank_deposit");
		st_column_copy(p, 1, m->state, sizeof m->state);
		m->at = sqlite3_column_int64(p, 3);
		m->credited_at = sqlite3_column_int64(p, 4);
		if (j && json_is_object(j)) {
			copy_str(j, "event", m->event, sizeof m->event);
			copy_str(j, "to", m->to, sizeof m->to);
			copy_str(j, "to_name", m->to_name, sizeof m->to_name);
			copy_str(j, m->deposit ? "memo" : "note", m->text,
				 sizeof m->text);
			m->amount_fen = json_integer_value(
				json_object_get(j, "amount_fen"));
		}
		json_decref(j);
		(*n)++;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = st_fail(st, step, _("read the application's messages"), err);
	sqlite3_finalize(p);
	return rc;
}
