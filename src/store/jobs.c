/*
 * jobs.c — the outbox table.
 */
#include "store/jobs.h"
#include "store/internal.h"

#include "clock.h"
#include "core/i18n.h"

rd_status store_job_enqueue(struct store *st, const char *kind,
			    int64_t app_id, const char *idem_key,
			    const char *payload, int64_t due_at,
			    int max_attempts, int64_t *job_id,
			    struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	int64_t now = rd_now();
	rd_status rc;
	int step;

	if (!st->in_tx)
		return rd_err_set(err, RD_ERR_INTERNAL,
				  "store_job_enqueue outside a transaction");
	rc = st_prepare(st,
			"INSERT INTO jobs(kind,app_id,idem_key,payload,state,"
			"attempts,max_attempts,next_attempt_at,created_at,"
			"updated_at) VALUES(?1,?2,?3,?4,'pending',0,?5,?6,?7,?7) "
			"ON CONFLICT(idem_key) DO NOTHING",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_text(p, 1, kind);
	if (app_id > 0)
		st_bind_int64(p, 2, app_id);
	else
		sqlite3_bind_null(p, 2);
	st_bind_text(p, 3, idem_key);
	st_bind_text(p, 4, payload ? payload : "{}");
	sqlite3_bind_int(p, 5, max_attempts > 0 ? max_attempts : 8);
	st_bind_int64(p, 6, due_at > 0 ? due_at : now);
	st_bind_int64(p, 7, now);
	step = sqlite3_step(p);
	sqlite3_finalize(p);
	if (step != SQLITE_DONE)
		return st_fail(st, step, _("enqueue job"), err);
	if (!job_id)
		return RD_OK;
	rc = st_prepare(st, "SELECT id FROM jobs WHERE idem_key=?1", &p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_text(p, 1, idem_key);
	if (sqlite3_step(p) == SQLITE_ROW)
		*job_id = sqlite3_column_int64(p, 0);
	else
		rc = rd_err_set(err, RD_ERR_INTERNAL, "enqueued job vanished");
	sqlite3_finalize(p);
	return rc;
}
