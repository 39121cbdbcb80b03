/*
 * checks.c — verification checks and applications.verify_summary.
 */
#include "store/checks.h"
#include "store/internal.h"
#include "labels.h"

#include "clock.h"
#include "core/i18n.h"
#include "store/audit.h"
#include "store/jobs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void store_check_fini(struct store_check *c)
{
	if (!c)
		return;
	free(c->detail);
	c->detail = NULL;
}

rd_status store_check_update_by_job(struct store *st, int64_t job_id,
				    const char *state, const char *ref,
				    const char *detail, int64_t *app_id,
				    struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	if (app_id)
		*app_id = 0;
	if (!st->in_tx)
		return rd_err_set(err, RD_ERR_INTERNAL,
				  "store_check_update_by_job outside a "
				  "transaction");
	rc = st_prepare(st,
			"UPDATE checks SET state=?2, ref=coalesce(?3,ref), "
			"detail=coalesce(?4,detail), updated_at=?5 "
			"WHERE job_id=?1 RETURNING app_id",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, job_id);
	st_bind_text(p, 2, state);
	st_bind_text(p, 3, ref);
	st_bind_text(p, 4, detail);
	st_bind_int64(p, 5, rd_now());
	while ((step = sqlite3_step(p)) == SQLITE_ROW)
		if (app_id)
			*app_id = sqlite3_column_int64(p, 0);
	if (step != SQLITE_DONE)
		rc = st_fail(st, step, _("update a check"), err);
	sqlite3_finalize(p);
	return rc;
}

rd_status store_check_move_job(struct store *st, int64_t old_job,
			       int64_t new_job, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	rc = st_prepare(st, "UPDATE checks SET job_id=?2 WHERE job_id=?1", &p,
			err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, old_job);
	st_bind_int64(p, 2, new_job);
	step = sqlite3_step(p);
	sqlite3_finalize(p);
	if (step != SQLITE_DONE)
		return st_fail(st, step, _("move a check to its follow-up job"),
			       err);
	return RD_OK;
}

static const char *check_mark(const char *kind, const char *state)
{
	if (!strcmp(state, "match") || !strcmp(state, "credited") ||
	    !strcmp(state, "matched"))
		return "✓";
	if (!strcmp(state, "mismatch") || !strcmp(state, "failed") ||
	    !strcmp(state, "unmatched"))
		return "✗";
	if (!strcmp(state, "not_found"))
		return "?";
	if (!strcmp(state, "error"))
		return "!";
	(void)kind;
	return "…";
}

static void append_token(char *buf, size_t n, const char *letter,
			 const char *mark)
{
	size_t len = strlen(buf);

	snprintf(buf + len, n - len, "%s%s%s", len ? " " : "", letter, mark);
}

rd_status store_check_summary(struct store *st, int64_t app_id, char *buf,
			      size_t n, struct rd_err *err)
{
	static const struct {
		const char *kind;
		const char *letter;
	} order[] = { { "telecom_handler", "T" },
		      { "telecom_applicant", "A" },
		      { "bank_fin_auth", "B" } };
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	if (n == 0)
		return RD_ERR_INVALID;
	buf[0] = '\0';
	/* Latest check per kind of the current version. */
	rc = st_prepare(st,
			"SELECT c.state FROM checks c "
			"JOIN app_versions v ON v.id=c.version_id "
			"JOIN applications a ON a.id=c.app_id "
			"WHERE c.app_id=?1 AND c.kind=?2 "
			"AND v.version=a.current_version "
			"ORDER BY c.id DESC LIMIT 1",
			&p, err);
	if (rc != RD_OK)
		return rc;
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		sqlite3_reset(p);
		st_bind_int64(p, 1, app_id);
		st_bind_text(p, 2, order[i].kind);
		step = sqlite3_step(p);
		if (step == SQLITE_ROW) {
			char zState[16];

			st_column_copy(p, 0, zState, sizeof zState);
			append_token(buf, n, order[i].letter,
				     check_mark(order[i].kind, zState));
		} else if (step != SQLITE_DONE) {
			rc = st_fail(st, step, _("summarise checks"), err);
			goto done;
		}
	}
	sqlite3_finalize(p);
	p = NULL;
	rc = st_prepare(st,
			"SELECT pm.state FROM payments pm "
			"JOIN app_versions v ON v.id=pm.version_id "
			"JOIN applications a ON a.id=pm.app_id "
			"WHERE pm.app_id=?1 AND v.version=a.current_version "
			"ORDER BY pm.id DESC LIMIT 1",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, app_id);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW) {
		char zState[16];

		st_column_copy(p, 0, zState, sizeof zState);
		append_token(buf, n, "P",
			     !strcmp(zState, "unmatched") ? "✗" :
			     !strcmp(zState, "refunded") ? "R" : "✓");
	} else if (step != SQLITE_DONE) {
		rc = st_fail(st, step, _("summarise payment"), err);
	}
done:
	sqlite3_finalize(p);
	return rc;
}

rd_status store_check_summary_refresh(struct store *st, int64_t app_id,
				      struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	char zSum[64];
	rd_status rc;
	int step;

	if (app_id <= 0)
		return RD_OK;
	if (!st->in_tx)
		return rd_err_set(err, RD_ERR_INTERNAL,
				  "store_check_summary_refresh outside a "
				  "transaction");
	rc = store_check_summary(st, app_id, zSum, sizeof zSum, err);
	if (rc != RD_OK)
		return rc;
	rc = st_prepare(st,
			"UPDATE applications SET verify_summary=?2 "
			"WHERE id=?1 AND verify_summary<>?2",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, app_id);
	st_bind_text(p, 2, zSum);
	step = sqlite3_step(p);
	sqlite3_finalize(p);
	if (step != SQLITE_DONE)
		return st_fail(st, step, _("update the verification summary"),
			       err);
	return RD_OK;
}

rd_status store_check_app_names(struct store *st, int64_t app_id,
				char *app_no, size_t nno, char *org,
				size_t norg, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	if (nno)
		app_no[0] = '\0';
	if (norg)
		org[0] = '\0';
	rc = st_prepare(st,
			"SELECT app_no, org_name FROM applications WHERE id=?1",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, app_id);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW) {
		st_column_copy(p, 0, app_no, nno);
		st_column_copy(p, 1, org, norg);
	}
	else if (step != SQLITE_DONE)
		rc = st_fail(st, step, _("read the organisation name"), err);
	sqlite3_finalize(p);
	return rc;
}

rd_status store_check_rerun(struct store *st, const char *actor,
			    int64_t operator_id, int64_t app_id,
			    const char *kind, int64_t *job_id,
			    struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	struct store_job old;
	int64_t versionId = 0, oldJob = 0, newJob = 0, nPrev = 0;
	char zKey[200], zAppNo[64], zDetails[200];
	rd_status rc;
	int step;

	memset(&old, 0, sizeof old);
	zAppNo[0] = '\0';
	rc = store_begin(st, err);
	if (rc != RD_OK)
		return rc;
	rc = st_prepare(st,
			"SELECT c.version_id, c.job_id, a.app_no, "
			"(SELECT count(*) FROM checks WHERE app_id=?1 AND kind=?2) "
			"FROM checks c JOIN applications a ON a.id=c.app_id "
			"WHERE c.app_id=?1 AND c.kind=?2 AND c.job_id IS NOT NULL "
			"ORDER BY c.id DESC LIMIT 1",
			&p, err);
	if (rc != RD_OK)
		goto fail;
	st_bind_int64(p, 1, app_id);
	st_bind_text(p, 2, kind);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW) {
		versionId = sqlite3_column_int64(p, 0);
		oldJob = sqlite3_column_int64(p, 1);
		st_column_copy(p, 2, zAppNo, sizeof zAppNo);
		nPrev = sqlite3_column_int64(p, 3);
	}
	sqlite3_finalize(p);
	p = NULL;
	if (step == SQLITE_DONE) {
		rc = rd_err_set(err, RD_ERR_NOTFOUND,
				_("this application has no %s to run again"),
				rd_label_word(kind) ? rd_label_word(kind)
						    : _("such check"));
		goto fail;
	}
	if (step != SQLITE_ROW) {
		rc = st_fail(st, step, _("find the check"), err);
		goto fail;
	}
	rc = store_job_get(st, oldJob, &old, err);
	if (rc != RD_OK)
		goto fail;
	/* A deposit whose own job gave up may still have reached the bank
	 * (a timeout after the bank acted): ask again under the same key,
	 * so the bank answers with that deposit instead of making a second
	 * one. Every other check is asked afresh under a new key. */
	if (!strcmp(old.kind, "bank_deposit") &&
	    (!strcmp(old.state, "dead") || !strcmp(old.state, "failed") ||
	     !strcmp(old.state, "cancelled"))) {
		int revived = 0;

		rc = store_job_revive(st, oldJob, &revived, err);
		if (rc == RD_OK)
			rc = st_run(st, NULL, _("add a check"), err,
				    "UPDATE checks SET state='pending',"
				    " detail='', requested_by=NULLIF(?3,0),"
				    " updated_at=?4 WHERE app_id=?1 AND"
				    " job_id=?2",
				    "iiii", app_id, oldJob,
				    (int64_t)(operator_id > 0 ? operator_id : 0),
				    rd_now());
		if (rc != RD_OK)
			goto fail;
		newJob = oldJob;
		goto checked;
	}
	snprintf(zKey, sizeof zKey, "%s:r%lld", old.idem_key,
		 (long long)nPrev);
	rc = store_job_enqueue(st, old.kind, app_id, zKey, old.payload, 0,
			       old.max_attempts, &newJob, err);
	if (rc != RD_OK)
		goto fail;
	rc = st_prepare(st,
			"INSERT INTO checks(app_id,version_id,kind,state,job_id,"
			"requested_by,created_at,updated_at) "
			"VALUES(?1,?2,?3,'pending',?4,?5,?6,?6)",
			&p, err);
	if (rc != RD_OK)
		goto fail;
	st_bind_int64(p, 1, app_id);
	st_bind_int64(p, 2, versionId);
	st_bind_text(p, 3, kind);
	st_bind_int64(p, 4, newJob);
	if (operator_id > 0)
		st_bind_int64(p, 5, operator_id);
	else
		sqlite3_bind_null(p, 5);
	st_bind_int64(p, 6, rd_now());
	step = sqlite3_step(p);
	sqlite3_finalize(p);
	p = NULL;
	if (step != SQLITE_DONE) {
		rc = st_fail(st, step, _("add a check"), err);
		goto fail;
	}
checked:
	rc = store_check_summary_refresh(st, app_id, err);
	if (rc != RD_OK)
		goto fail;
	snprintf(zDetails, sizeof zDetails, "{\"kind\":\"%s\",\"job\":%lld}",
		 kind, (long long)newJob);
	rc = store_audit_append(st, actor, "check.rerun", zAppNo, zDetails,
				err);
	if (rc != RD_OK)
		goto fail;
	rc = store_commit(st, err);
	if (rc != RD_OK)
		goto fail;
	if (job_id)
		*job_id = newJob;
	store_job_fini(&old);
	return RD_OK;
fail:
	sqlite3_finalize(p);
	store_rollback(st);
	store_job_fini(&old);
	return rc;
}

rd_status store_check_list(struct store *st, int64_t app_id,
			   store_check_fn fn, void *ctx, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	struct store_check c;
	rd_status rc;
	int step;

	rc = st_prepare(st,
			"SELECT id,app_id,version_id,kind,state,ref,detail,"
			"coalesce(job_id,0),created_at,updated_at FROM checks "
			"WHERE app_id=?1 ORDER BY id DESC",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, app_id);
	while ((step = sqlite3_step(p)) == SQLITE_ROW) {
		int stop;

		memset(&c, 0, sizeof c);
		c.id = sqlite3_column_int64(p, 0);
		c.app_id = sqlite3_column_int64(p, 1);
		c.version_id = sqlite3_column_int64(p, 2);
		st_column_copy(p, 3, c.kind, sizeof c.kind);
		st_column_copy(p, 4, c.state, sizeof c.state);
		st_column_copy(p, 5, c.ref, sizeof c.ref);
		c.detail = st_column_dup(p, 6);
		c.job_id = sqlite3_column_int64(p, 7);
		c.created_at = sqlite3_column_int64(p, 8);
		c.updated_at = sqlite3_column_int64(p, 9);
		if (!c.detail) {
			rc = RD_ERR_NOMEM;
			goto done;
		}
		stop = fn(ctx, &c);
		store_check_fini(&c);
		if (stop)
			goto done;
	}
	if (step != SQLITE_DONE)
		rc = st_fail(st, step, _("list checks"), err);
done:
	sqlite3_finalize(p);
	return rc;
}
