/*
 * scanread_job.h — the worker's side of a scan_read job: read the blob,
 * run the bounded reading (no transaction open), compare with the typed
 * data and record everything in one transaction (store_scan_read_record).
 * Local work: no network, no provider.
 */
#ifndef RD_SCANREAD_JOB_H
#define RD_SCANREAD_JOB_H

#include "config.h"
#include "core/err.h"
#include "store/jobs.h"
#include "store/store.h"

/* Run the claimed job; *outcome is "done", "failed" or "dead" (static).
 * A scan that cannot be read is done (with a scan_unreadable finding);
 * failed/dead are the machine's troubles (blob missing, tesseract data
 * missing), retried with the worker's backoff. */
rd_status scanread_job_run(struct store *st, const struct rd_config *cfg,
			   const char *worker_id, const struct store_job *job,
			   const char **outcome, struct rd_err *err);

#endif
