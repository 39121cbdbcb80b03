/*
 * jobs.h — the outbox. Every outside call is a row here, written in the
 * same transaction as the decision or ingest that causes it; the worker
 * (src/worker.c) claims due rows and calls the provider.
 */
#ifndef RD_STORE_JOBS_H
#define RD_STORE_JOBS_H

#include "core/err.h"
#include "store/store.h"

#include <stdint.h>

/*
 * Enqueue a job inside the caller's transaction. kind names the operation
 * ("telecom_verify", "bank_deposit", "production_order", ...); app_id may
 * be 0 for none; idem_key is the idempotency key sent to the provider and
 * must be unique per logical operation (a second enqueue with the same
 * key is a no-op that returns the existing job's id, so replays are
 * harmless); payload is a JSON object. The job is due at `due_at` (unix
 * seconds; 0 = now). *job_id may be NULL.
 */
rd_status store_job_enqueue(struct store *st, const char *kind,
			    int64_t app_id, const char *idem_key,
			    const char *payload, int64_t due_at,
			    int max_attempts, int64_t *job_id,
			    struct rd_err *err);

#endif
