/*
 * jobs.c — the outbox table.
 */
#include "store/jobs.h"
#include "store/invoice.h"
#include "store/internal.h"

#include "clock.h"
#include "core/i18n.h"
#include "store/audit.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Every state but done, for the lists and counts that leave done out. */
#define JOBS_NOT_DONE "('pending','running','failed','dead','cancelled')"

#define JOB_COLS                                                              \
	"id,kind,app_id,idem_key,payload,state,attempts,max_attempts,"        \
	"next_attempt_at,locked_by,locked_until,last_error,result,"           \
	"created_at,updated_at"

void store_job_fini(struct store_job *job)
{
	if (!job)
		return;
	free(job->payload);
	free(job->last_error);
	free(job->result);
	job->payload = job->last_error = job->result = NULL;
}

/* Fill *job from a row of JOB_COLS. RD_ERR_NOMEM when a copy fails. */
static rd_status job_from_row(sqlite3_stmt *p, struct store_job *job)
{
	memset(job, 0, sizeof *job);
	job->id = sqlite3_column_int64(p, 0);
	st_column_copy(p, 1, job->kind, sizeof job->kind);
	job->app_id = sqlite3_column_int64(p, 2);
	st_column_copy(p, 3, job->idem_key, sizeof job->idem_key);
	job->payload = st_column_dup(p, 4);
	st_column_copy(p, 5, job->state, sizeof job->state);
	job->attempts = sqlite3_column_int(p, 6);
	job->max_attempts = sqlite3_column_int(p, 7);
	job->next_attempt_at = sqlite3_column_int64(p, 8);
	st_column_copy(p, 9, job->locked_by, sizeof job->locked_by);
	job->locked_until = sqlite3_column_int64(p, 10);
	job->last_error = st_column_dup(p, 11);
	job->result = st_column_dup(p, 12);
	job->created_at = sqlite3_column_int64(p, 13);
	job->updated_at = sqlite3_column_int64(p, 14);
	if (!job->payload || !job->last_error || !job->result) {
		store_job_fini(job);
		return RD_ERR_NOMEM;
	}
	return RD_OK;
}

rd_status store_job_claim(struct store *st, const char *worker_id,
			  int lease_s, struct store_job *out, int *claimed,
			  struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	int64_t now = rd_now();
	rd_status rc;
	int step;

	*claimed = 0;
	memset(out, 0, sizeof *out);
	rc = store_begin(st, err);
	if (rc != RD_OK)
		return rc;
	rc = st_prepare(st,
			"UPDATE jobs SET state='running', locked_by=?1, "
			"locked_until=?2, attempts=attempts+1, updated_at=?3 "
			"WHERE id=(SELECT id FROM jobs WHERE "
			"(state IN ('pending','failed') AND next_attempt_at<=?3) "
			"OR (state='running' AND locked_until<?3) "
			"ORDER BY kind='scan_read', next_attempt_at, id LIMIT 1) "
			"RETURNING " JOB_COLS,
			&p, err);
	if (rc != RD_OK)
		goto fail;
	st_bind_text(p, 1, worker_id);
	st_bind_int64(p, 2, now + (lease_s > 0 ? lease_s : 60));
	st_bind_int64(p, 3, now);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW) {
		rc = job_from_row(p, out);
		if (rc != RD_OK)
			goto fail;
		*claimed = 1;
		step = sqlite3_step(p);
	}
	if (step != SQLITE_DONE) {
		rc = st_fail(st, step, _("claim a job"), err);
		goto fail;
	}
	sqlite3_finalize(p);
	p = NULL;
	rc = store_commit(st, err);
	if (rc != RD_OK)
		goto fail;
	return RD_OK;
fail:
	sqlite3_finalize(p);
	store_rollback(st);
	store_job_fini(out);
	*claimed = 0;
	return rc;
}

/* Run an UPDATE on a job this worker holds; RD_ERR_CONFLICT when no row
 * changed (the lease was lost). */
static rd_status job_update_held(struct store *st, const char *zSql,
				 int64_t job_id, const char *worker_id,
				 const char *text, int64_t when,
				 const char *zWhat, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	if (!st->in_tx)
		return rd_err_set(err, RD_ERR_INTERNAL,
				  "job update outside a transaction");
	rc = st_prepare(st, zSql, &p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, job_id);
	st_bind_text(p, 2, worker_id);
	st_bind_text(p, 3, text);
	st_bind_int64(p, 4, when);
	st_bind_int64(p, 5, rd_now());
	step = sqlite3_step(p);
	sqlite3_finalize(p);
	if (step != SQLITE_DONE)
		return st_fail(st, step, zWhat, err);
	if (sqlite3_changes(st->db) == 0)
		return rd_err_set(err, RD_ERR_CONFLICT,
				  _("job %lld is no longer held by worker %s "
				    "(its lease ran out)"),
				  (long long)job_id, worker_id);
	return RD_OK;
}

rd_status store_job_finish(struct store *st, int64_t job_id,
			   const char *worker_id, const char *result,
			   struct rd_err *err)
{
	return job_update_held(st,
			       "UPDATE jobs SET state='done', result=?3, "
			       "last_error='', locked_by=NULL, "
			       "locked_until=NULL, updated_at=?5 "
			       "WHERE id=?1 AND locked_by=?2 AND "
			       "state='running'",
			       job_id, worker_id, result ? result : "{}", 0,
			       _("finish a job"), err);
}

rd_status store_job_fail(struct store *st, int64_t job_id,
			 const char *worker_id, const char *error,
			 int64_t next_at, struct rd_err *err)
{
	return job_update_held(st,
			       "UPDATE jobs SET "
			       "state=CASE WHEN ?4>0 THEN 'failed' ELSE 'dead' END, "
			       "next_attempt_at=CASE WHEN ?4>0 THEN ?4 "
			       "ELSE next_attempt_at END, last_error=?3, "
			       "locked_by=NULL, locked_until=NULL, updated_at=?5 "
			       "WHERE id=?1 AND locked_by=?2 AND state='running'",
			       job_id, worker_id, error ? error : "", next_at,
			       _("record a failed job"), err);
}

rd_status store_job_defer(struct store *st, int64_t job_id,
			  const char *worker_id, const char *note,
			  int64_t next_at, struct rd_err *err)
{
	return job_update_held(st,
			       "UPDATE jobs SET state='pending', "
			       "attempts=MAX(attempts-1,0), next_attempt_at=?4, "
			       "last_error=?3, locked_by=NULL, "
			       "locked_until=NULL, updated_at=?5 "
			       "WHERE id=?1 AND locked_by=?2 AND state='running'",
			       job_id, worker_id, note ? note : "", next_at,
			       _("defer a job"), err);
}

rd_status store_job_get(struct store *st, int64_t job_id,
			struct store_job *out, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	memset(out, 0, sizeof *out);
	rc = st_prepare(st, "SELECT " JOB_COLS " FROM jobs WHERE id=?1", &p,
			err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, job_id);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW)
		rc = job_from_row(p, out);
	else if (step == SQLITE_DONE)
		rc = rd_err_set(err, RD_ERR_NOTFOUND, _("no job %lld"),
				(long long)job_id);
	else
		rc = st_fail(st, step, _("read a job"), err);
	sqlite3_finalize(p);
	return rc;
}

rd_status store_job_list(struct store *st, const char *state,
			 int64_t before_id, int limit, store_job_fn fn,
			 void *ctx, struct rd_err *err)
{
	/* Done jobs are nearly the whole table and pile up. A list of
	 * them walks the table newest first (+state keeps it off
	 * jobs_due); any other list reads its states' ranges of jobs_due
	 * and sorts those, rather than stepping over every done job. ?1
	 * may go unused: binding it is harmless. */
	const char *zWhere = !state || !*state ? "state IN " JOBS_NOT_DONE
			     : !strcmp(state, "done") ? "+state=?1"
						      : "state=?1";
	sqlite3_stmt *p = NULL;
	struct store_job job;
	char zSql[512];
	rd_status rc;
	int step;

	snprintf(zSql, sizeof zSql,
		 "SELECT " JOB_COLS " FROM jobs WHERE %s"
		 " AND id<?2 ORDER BY id DESC LIMIT ?3",
		 zWhere);
	rc = st_prepare(st, zSql, &p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_text(p, 1, state && *state ? state : NULL);
	st_bind_int64(p, 2, before_id > 0 ? before_id : INT64_MAX);
	sqlite3_bind_int(p, 3, limit > 0 ? limit : 100);
	while ((step = sqlite3_step(p)) == SQLITE_ROW) {
		int stop;

		rc = job_from_row(p, &job);
		if (rc != RD_OK)
			goto done;
		stop = fn(ctx, &job);
		store_job_fini(&job);
		if (stop)
			goto done;
	}
	if (step != SQLITE_DONE)
		rc = st_fail(st, step, _("list jobs"), err);
done:
	sqlite3_finalize(p);
	return rc;
}

/* Supervisor action: UPDATE with a state guard, then audit. */
/* A production job of a withdrawn application must never be sent again:
 * the line would make a key nobody ships (withdraw.c cancelled it). */
static rd_status not_withdrawn(struct store *st, const struct store_job *job,
			       struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	char zNo[40] = "", zState[24] = "";
	rd_status rc;

	if (strcmp(job->kind, "production_order") &&
	    strcmp(job->kind, "production_status"))
		return RD_OK;
	rc = st_prepare(st,
			"SELECT app_no, state FROM applications WHERE id=?1"
			" AND state IN ('cancelled','refund_requested',"
			"'refunded')",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, job->app_id);
	if (sqlite3_step(p) == SQLITE_ROW) {
		st_column_copy(p, 0, zNo, sizeof zNo);
		st_column_copy(p, 1, zState, sizeof zState);
	}
	sqlite3_finalize(p);
	if (!zNo[0])
		return RD_OK;
	return rd_err_set(err, RD_ERR_STATE,
			  _("job %lld is the production order of %s, which "
			    "was withdrawn (%s): it is not sent again"),
			  (long long)job->id, zNo, zState);
}

/* An invoice job is revived only while the application has no invoice
 * and no other invoice job is under way (store/invoice.h). */
static rd_status invoice_once(struct store *st, const struct store_job *job,
			      struct rd_err *err)
{
	if (strcmp(job->kind, "invoice") || job->app_id <= 0)
		return RD_OK;
	return store_invoice_may_issue(st, job->app_id, job->id, err);
}

static rd_status job_supervise(struct store *st, const char *actor,
			       int64_t job_id, const char *zSql,
			       const char *zAction, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	struct store_job job;
	char zDetails[160];
	rd_status rc;
	int step;

	memset(&job, 0, sizeof job);
	rc = store_begin(st, err);
	if (rc != RD_OK)
		return rc;
	rc = store_job_get(st, job_id, &job, err);
	if (rc == RD_OK && !strcmp(zAction, "job.retry"))
		rc = not_withdrawn(st, &job, err);
	if (rc == RD_OK && !strcmp(zAction, "job.retry"))
		rc = invoice_once(st, &job, err);
	if (rc != RD_OK)
		goto fail;
	rc = st_prepare(st, zSql, &p, err);
	if (rc != RD_OK)
		goto fail;
	st_bind_int64(p, 1, job_id);
	st_bind_int64(p, 2, rd_now());
	step = sqlite3_step(p);
	sqlite3_finalize(p);
	if (step != SQLITE_DONE) {
		rc = st_fail(st, step, zAction, err);
		goto fail;
	}
	if (sqlite3_changes(st->db) == 0) {
		rc = rd_err_set(err, RD_ERR_STATE,
				_("job %lld is %s: this action is not "
				  "allowed now"),
				(long long)job_id, job.state);
		goto fail;
	}
	snprintf(zDetails, sizeof zDetails,
		 "{\"job\":%lld,\"kind\":\"%s\",\"from\":\"%s\"}",
		 (long long)job_id, job.kind, job.state);
	rc = store_audit_append(st, actor, zAction, job.idem_key, zDetails,
				err);
	if (rc != RD_OK)
		goto fail;
	rc = store_commit(st, err);
	if (rc != RD_OK)
		goto fail;
	store_job_fini(&job);
	return RD_OK;
fail:
	store_rollback(st);
	store_job_fini(&job);
	return rc;
}

/* Back to pending now with attempts reset: the same key, so the
 * provider sees the same operation again. */
#define JOB_RETRY_SQL                                                         \
	"UPDATE jobs SET state='pending', attempts=0, "                       \
	"next_attempt_at=?2, updated_at=?2 WHERE id=?1 "                      \
	"AND state IN ('failed','dead','cancelled')"

rd_status store_job_retry(struct store *st, const char *actor,
			  int64_t job_id, struct rd_err *err)
{
	return job_supervise(st, actor, job_id, JOB_RETRY_SQL, "job.retry",
			     err);
}

rd_status store_job_revive(struct store *st, int64_t job_id, int *revived,
			   struct rd_err *err)
{
	if (!st->in_tx)
		return rd_err_set(err, RD_ERR_INTERNAL,
				  "store_job_revive outside a transaction");
	{
		struct store_job job;
		rd_status rc;

		memset(&job, 0, sizeof job);
		rc = store_job_get(st, job_id, &job, err);
		if (rc == RD_OK)
			rc = invoice_once(st, &job, err);
		store_job_fini(&job);
		if (rc != RD_OK)
			return rc;
	}
	return st_run(st, revived, _("retry a job"), err, JOB_RETRY_SQL, "ii",
		      job_id, rd_now());
}

rd_status store_job_cancel(struct store *st, const char *actor,
			   int64_t job_id, struct rd_err *err)
{
	return job_supervise(st, actor, job_id,
			     "UPDATE jobs SET state='cancelled', updated_at=?2 "
			     "WHERE id=?1 AND state IN ('pending','failed','dead')",
			     "job.cancel", err);
}

rd_status store_job_counts(struct store *st, struct store_job_counts *out,
			   struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	memset(out, 0, sizeof *out);
	/* Done jobs are not counted: they are most of the table (several
	 * per application, kept for ever), and counting them would read
	 * all of jobs_due whenever the jobs screen refreshes. */
	rc = st_prepare(st,
			"SELECT state, count(*), "
			"sum(state IN ('pending','failed') AND next_attempt_at<=?1) "
			"FROM jobs WHERE state IN " JOBS_NOT_DONE " GROUP BY state",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, rd_now());
	while ((step = sqlite3_step(p)) == SQLITE_ROW) {
		const char *z = (const char *)sqlite3_column_text(p, 0);
		int64_t n = sqlite3_column_int64(p, 1);

		out->due += sqlite3_column_int64(p, 2);
		if (!z)
			continue;
		if (!strcmp(z, "pending"))
			out->pending = n;
		else if (!strcmp(z, "running"))
			out->running = n;
		else if (!strcmp(z, "failed"))
			out->failed = n;
		else if (!strcmp(z, "dead"))
			out->dead = n;
		else if (!strcmp(z, "cancelled"))
			out->cancelled = n;
	}
	if (step != SQLITE_DONE)
		rc = st_fail(st, step, _("count jobs"), err);
	sqlite3_finalize(p);
	return rc;
}
