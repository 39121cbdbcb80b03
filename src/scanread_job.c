/*
 * scanread_job.c — a scan_read job (see scanread_job.h).
 */
#include "scanread_job.h"

#include "clock.h"
#include "core/i18n.h"
#include "core/text.h"
#include "crypto.h"
#include "fsutil.h"
#include "ingest/blob.h"
#include "scanmatch.h"
#include "scanread.h"
#include "store/scanread_store.h"
#include "worker.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static rd_status end_job(struct store *st, const struct rd_config *cfg,
			 const char *worker_id, const struct store_job *job,
			 const char *zWhy, int done, const char **outcome,
			 struct rd_err *err)
{
	char zMsg[256];
	int dead = job->attempts >= job->max_attempts;
	rd_status rc = store_begin(st, err);

	if (rc != RD_OK)
		return rc;
	rd_text_sanitize(zWhy, zMsg, sizeof zMsg);
	if (done) {
		rc = store_job_finish(st, job->id, worker_id, "{}", err);
		*outcome = "done";
	} else {
		rc = store_job_fail(st, job->id, worker_id, zMsg,
				    dead ? 0 : rd_now() +
				    worker_backoff_s(job->attempts,
						     cfg->worker_backoff_base_s,
						     cfg->worker_backoff_max_s),
				    err);
		*outcome = dead ? "dead" : "failed";
	}
	if (rc != RD_OK) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st, err);
}

rd_status scanread_job_run(struct store *st, const struct rd_config *cfg,
			   const char *worker_id, const struct store_job *job,
			   const char **outcome, struct rd_err *err)
{
	struct store_scan_target t;
	struct scanread_limits lim = { 0 };
	struct scanread_result r;
	struct scanmatch m;
	struct scanmatch_expect e;
	struct rd_err e1;
	json_t *j = json_loads(job->payload ? job->payload : "", 0, NULL);
	int64_t fileId = (int64_t)json_integer_value(json_object_get(j, "file_id"));
	char zPath[4096];
	char *data = NULL;
	size_t n = 0;
	rd_status rc;

	json_decref(j);
	memset(&r, 0, sizeof r);
	*outcome = "?";
	rd_err_clear(&e1);
	if (fileId <= 0)
		return end_job(st, cfg, worker_id, job, "payload without file_id",
			       0, outcome, err);
	rc = store_scan_target(st, fileId, &t, &e1);
	if (rc == RD_ERR_NOTFOUND)
		return end_job(st, cfg, worker_id, job, rd_err_msg(&e1), 0,
			       outcome, err);
	if (rc != RD_OK) {
		rd_err_set(err, rc, "%s", rd_err_msg(&e1));
		return rc;
	}
	if (t.already) /* a replay after a lost answer: read once */
		return end_job(st, cfg, worker_id, job, "", 1, outcome, err);
	if (ingest_blob_path(cfg->blob_dir, t.sha256, zPath, sizeof zPath) != RD_OK ||
	    rd_read_file(zPath, (size_t)cfg->max_scan_bytes + 1, &data, &n, &e1) !=
		    RD_OK)
		return end_job(st, cfg, worker_id, job,
			       rd_err_msg(&e1)[0] ? rd_err_msg(&e1)
						  : "blob path", 0, outcome, err);
	{
		char zSha[RD_SHA256_HEX];

		/* never read (and judge by) a blob that is not the scan */
		rd_sha256_hex(data, n, zSha);
		if (strcmp(zSha, t.sha256) != 0) {
			free(data);
			return end_job(st, cfg, worker_id, job,
				       "the stored scan does not match its "
				       "SHA-256; run radesk db check", 0,
				       outcome, err);
		}
	}
	/* the claim's lease is made for provider calls; a reading may take
	 * its whole time limit */
	rc = store_scan_read_lease(st, job->id, worker_id,
				   rd_now() + cfg->scan_read_time_s +
					   WORKER_LEASE_MARGIN_S, err);
	if (rc != RD_OK) {
		free(data);
		return rc;
	}
	lim.max_pixels = cfg->scan_read_max_pixels;
	lim.time_ms = cfg->scan_read_time_s * 1000;
	lim.max_memory_mb = cfg->scan_read_memory_mb;
	rc = scanread_bounded(data, n, t.role, &lim, &r, &e1);
	free(data);
	if (rc != RD_OK) {
		scanread_result_fini(&r);
		return end_job(st, cfg, worker_id, job, rd_err_msg(&e1), 0,
			       outcome, err);
	}
	memset(&e, 0, sizeof e);
	e.org = t.org;
	e.uscc = t.uscc;
	e.handler = t.handler;
	e.handler_id = t.handler_id;
	e.applicant = t.applicant;
	e.applicant_id = t.applicant_id;
	e.personal = t.personal;
	scanmatch_run(t.role, &r, &e, &m);
	rc = store_scan_read_record(st, job->id, worker_id, &t, &r, &m, err);
	scanread_result_fini(&r);
	if (rc == RD_OK)
		*outcome = "done";
	return rc;
}
