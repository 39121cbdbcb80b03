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

/* One job row. Strings are owned by the struct: store_job_fini(). */
struct store_job {
	int64_t id;
	char kind[32];
	int64_t app_id;            /* 0 = none */
	char idem_key[160];
	char *payload;             /* JSON text */
	char state[12];            /* pending running done failed dead cancelled */
	int attempts;              /* claims so far, this one included */
	int max_attempts;
	int64_t next_attempt_at;
	char locked_by[64];
	int64_t locked_until;
	char *last_error;
	char *result;              /* JSON text or "" */
	int64_t created_at;
	int64_t updated_at;
};

/* Free what the row owns; safe on a zeroed struct and twice. */
void store_job_fini(struct store_job *job);

/*
 * Claim the next due job for worker_id, in its own short transaction: a
 * pending or failed job whose next_attempt_at has come, or a running job
 * whose lease (locked_until) has passed because its worker died. The
 * claim is one UPDATE … RETURNING under the write lock, so two workers
 * never get the same job. attempts is incremented at claim time (a job
 * that kills its worker still runs out of attempts). Reading a scan
 * (kind scan_read, seconds of local CPU) is claimed only when no other
 * job is due, so readings never queue up in front of provider calls.
 * *claimed is 1 and
 * *out filled (caller: store_job_fini) when a job was claimed, 0 when
 * nothing is due.
 */
rd_status store_job_claim(struct store *st, const char *worker_id,
			  int lease_s, struct store_job *out, int *claimed,
			  struct rd_err *err);

/*
 * Inside the caller's transaction: mark a job claimed by worker_id done
 * with result (JSON, may be NULL). RD_ERR_CONFLICT when the job is no
 * longer running under that worker (its lease ran out and another
 * worker took it): the caller rolls back and drops its result.
 */
rd_status store_job_finish(struct store *st, int64_t job_id,
			   const char *worker_id, const char *result,
			   struct rd_err *err);

/*
 * Inside the caller's transaction: record a failed attempt with message
 * error. next_at > 0 schedules a retry (state 'failed'); next_at == 0
 * makes the job dead. RD_ERR_CONFLICT as for store_job_finish.
 */
rd_status store_job_fail(struct store *st, int64_t job_id,
			 const char *worker_id, const char *error,
			 int64_t next_at, struct rd_err *err);

/*
 * Inside the caller's transaction: put a claimed job back to pending at
 * next_at without spending an attempt (no handler for its kind yet, or
 * a status poll that is not final). note becomes last_error.
 */
rd_status store_job_defer(struct store *st, int64_t job_id,
			  const char *worker_id, const char *note,
			  int64_t next_at, struct rd_err *err);

/* Read one job. RD_ERR_NOTFOUND when there is none. */
rd_status store_job_get(struct store *st, int64_t job_id,
			struct store_job *out, struct rd_err *err);

/*
 * Visit jobs newest first (keyset paging: ids below before_id, 0 = from
 * the top), only those in state (NULL or "" = every state except done),
 * at most limit. The row is borrowed for the call; return non-zero from
 * fn to stop.
 */
typedef int (*store_job_fn)(void *ctx, const struct store_job *job);
rd_status store_job_list(struct store *st, const char *state,
			 int64_t before_id, int limit, store_job_fn fn,
			 void *ctx, struct rd_err *err);

/*
 * Supervisor actions, each in its own transaction and audited as actor:
 * retry puts a failed, dead or cancelled job back to pending now with
 * its attempts reset; cancel stops a pending, failed or dead job.
 * RD_ERR_STATE for a job in another state (a running job cannot be
 * cancelled: its call is in flight), RD_ERR_NOTFOUND for no such job.
 * A production job (production_order, production_status) of an
 * application that was cancelled or is being refunded is not retried
 * (RD_ERR_STATE): the line would make a key nobody ships.
 */
rd_status store_job_retry(struct store *st, const char *actor,
			  int64_t job_id, struct rd_err *err);
rd_status store_job_cancel(struct store *st, const char *actor,
			   int64_t job_id, struct rd_err *err);

/*
 * Inside the caller's transaction: what store_job_retry does, without
 * the audit entry (the caller audits the action it is part of). *revived
 * is 1 when the job was failed, dead or cancelled and is pending now, 0
 * when it was in another state.
 */
rd_status store_job_revive(struct store *st, int64_t job_id, int *revived,
			   struct rd_err *err);

struct store_job_counts {
	int64_t pending, running, failed, dead, cancelled;
	int64_t due;               /* pending or failed with next_attempt_at <= now */
};

/* Count jobs per state, done ones excepted (most of the table). */
rd_status store_job_counts(struct store *st, struct store_job_counts *out,
			   struct rd_err *err);

#endif
