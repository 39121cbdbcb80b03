/*
 * invoice.c — one e-invoice per application. See invoice.h.
 */
#include "store/invoice.h"

#include "store/audit.h"
#include "store/checks.h"
#include "store/internal.h"
#include "store/jobs.h"

#include "core/i18n.h"
#include "core/invoice_rule.h"
#include "clock.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The number app_id has ("" none), its app_no and how many invoice jobs
 * other than job_id are live. */
static rd_status invoice_facts(struct store *st, int64_t app_id,
			       int64_t job_id, char *zNo, size_t nNo,
			       char *zAppNo, size_t nAppNo, long *live,
			       int64_t *live_id, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	zNo[0] = zAppNo[0] = '\0';
	*live = 0;
	*live_id = 0;
	rc = st_prepare(st,
			"SELECT coalesce(a.invoice_no,''), a.app_no,"
			" (SELECT count(*) FROM jobs j WHERE j.app_id=a.id"
			"  AND j.kind='invoice' AND j.id<>?2 AND j.state IN"
			"  ('pending','running','failed','done')),"
			" (SELECT max(j.id) FROM jobs j WHERE j.app_id=a.id"
			"  AND j.kind='invoice' AND j.id<>?2 AND j.state IN"
			"  ('pending','running','failed','done'))"
			" FROM applications a WHERE a.id=?1",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, app_id);
	st_bind_int64(p, 2, job_id);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW) {
		st_column_copy(p, 0, zNo, nNo);
		st_column_copy(p, 1, zAppNo, nAppNo);
		*live = (long)sqlite3_column_int64(p, 2);
		*live_id = sqlite3_column_int64(p, 3);
	} else if (step == SQLITE_DONE) {
		rc = rd_err_set(err, RD_ERR_NOTFOUND,
				_("no application %lld"), (long long)app_id);
	} else {
		rc = st_fail(st, step, _("read the application's invoice"),
			     err);
	}
	sqlite3_finalize(p);
	return rc;
}

rd_status store_invoice_may_issue(struct store *st, int64_t app_id,
				  int64_t job_id, struct rd_err *err)
{
	char zNo[96], zAppNo[40];
	int64_t live_id;
	long live;
	rd_status rc;

	if (!st->in_tx)
		return rd_err_set(err, RD_ERR_INTERNAL,
				  "store_invoice_may_issue outside a "
				  "transaction");
	rc = invoice_facts(st, app_id, job_id, zNo, sizeof zNo, zAppNo,
			   sizeof zAppNo, &live, &live_id, err);
	if (rc != RD_OK)
		return rc;
	switch (rd_invoice_rule(zNo, live, NULL)) {
	case RD_INVOICE_ISSUE:
	case RD_INVOICE_SAME:
		return RD_OK;
	case RD_INVOICE_ISSUED:
		return rd_err_set(err, RD_ERR_STATE,
				  _("%s already has invoice %s: an invoice "
				    "is never issued twice"),
				  zAppNo, zNo);
	case RD_INVOICE_UNDERWAY:
		break;
	}
	return rd_err_set(err, RD_ERR_STATE,
			  _("%s already has an invoice under way (job %lld): "
			    "an invoice is never issued twice"),
			  zAppNo, (long long)live_id);
}

rd_status store_invoice_record(struct store *st, int64_t app_id,
			       const char *invoice_no, struct rd_err *err)
{
	char zNo[96], zAppNo[40];
	int64_t live_id, now = rd_now();
	long live;
	rd_status rc;

	if (!st->in_tx)
		return rd_err_set(err, RD_ERR_INTERNAL,
				  "store_invoice_record outside a "
				  "transaction");
	rc = invoice_facts(st, app_id, 0, zNo, sizeof zNo, zAppNo,
			   sizeof zAppNo, &live, &live_id, err);
	if (rc != RD_OK)
		return rc;
	switch (rd_invoice_rule(zNo, live, invoice_no ? invoice_no : "")) {
	case RD_INVOICE_SAME:
		return RD_OK;
	case RD_INVOICE_ISSUE:
		break;
	case RD_INVOICE_ISSUED:
	case RD_INVOICE_UNDERWAY:
		return rd_err_set(err, RD_ERR_STATE,
				  _("%s already has invoice %s: invoice %s is "
				    "not recorded"),
				  zAppNo, zNo, invoice_no ? invoice_no : "");
	}
	return st_run(st, NULL, _("record the invoice number"), err,
		      "UPDATE applications SET invoice_no=?2, invoice_at=?3,"
		      " updated_at=?3 WHERE id=?1 AND invoice_no IS NULL",
		      "iti", app_id, invoice_no, now);
}

rd_status store_invoice_before_send(struct store *st, int64_t job_id,
				    const char *worker_id, int *refused,
				    struct rd_err *err)
{
	struct store_job job;
	struct rd_err why;
	char zAppNo[40] = "", zOrg[8];
	char *zDetails = NULL;
	int changes = 0;
	rd_status rc;

	*refused = 0;
	memset(&job, 0, sizeof job);
	rd_err_clear(&why);
	rc = store_begin(st, err);
	if (rc != RD_OK)
		return rc;
	rc = store_job_get(st, job_id, &job, err);
	if (rc == RD_OK && (strcmp(job.kind, "invoice") || job.app_id <= 0))
		goto commit;
	if (rc == RD_OK &&
	    store_invoice_may_issue(st, job.app_id, job.id, &why) == RD_OK)
		goto commit;
	if (rc == RD_OK && why.code != RD_ERR_STATE) {
		rc = why.code;
		*err = why;
	}
	if (rc == RD_OK)
		rc = st_run(st, &changes, _("cancel the invoice job"), err,
			    "UPDATE jobs SET state='cancelled', last_error=?3,"
			    " locked_by=NULL, locked_until=NULL, updated_at=?4"
			    " WHERE id=?1 AND state='running' AND locked_by=?2",
			    "itti", job.id, worker_id, rd_err_msg(&why),
			    rd_now());
	if (rc == RD_OK && !changes)
		rc = rd_err_set(err, RD_ERR_CONFLICT,
				_("job %lld is no longer this worker's"),
				(long long)job.id);
	if (rc == RD_OK)
		rc = store_check_app_names(st, job.app_id, zAppNo,
					   sizeof zAppNo, zOrg, sizeof zOrg,
					   err);
	if (rc == RD_OK) {
		json_t *j = json_pack("{s:I,s:s}", "job", (json_int_t)job.id,
				      "why", rd_err_msg(&why));

		zDetails = j ? json_dumps(j, JSON_COMPACT) : NULL;
		json_decref(j);
		rc = zDetails ? store_audit_append(st, "worker",
						   "invoice.not_reissued",
						   zAppNo, zDetails, err)
			      : rd_err_set(err, RD_ERR_NOMEM,
					   _("out of memory"));
		free(zDetails);
	}
	if (rc == RD_OK)
		*refused = 1;
commit:
	store_job_fini(&job);
	if (rc != RD_OK) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st, err);
}
