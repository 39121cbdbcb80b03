/*
 * worker.h — the outbox worker: claims due jobs, calls the provider with
 * no transaction open, then records the outcome (job, check row,
 * verify_summary, audit entry, follow-up job) in one transaction.
 *
 * Several workers may run at once (cron, a daemon, consoles): the claim
 * is atomic (store_job_claim) and a worker that lost its lease drops its
 * result (RD_ERR_CONFLICT from store_job_finish). Retries use
 * min(base·2^(attempts-1), max) seconds with jitter (half fixed, half
 * random); after [worker] max_attempts attempts a job is dead and its
 * check row shows 'error'. A status poll that is not final (a deposit
 * sent but not yet credited) is asked again later without spending an
 * attempt, until WORKER_POLL_DEADLINE_S (WORKER_TRACK_DEADLINE_S for
 * waybill tracking). Fulfilment jobs (store_fulfil_follows) also move
 * production orders, shipments and the application along inside that
 * transaction (store_fulfil_apply); a courier label is kept in the blob
 * store before it (label.h), and label_print jobs are run locally. A job
 * kind without an adapter is left pending
 * with last_error "no handler yet" and looked at again in 5 minutes.
 */
#ifndef RD_WORKER_H
#define RD_WORKER_H

#include "config.h"
#include "core/err.h"
#include "store/store.h"

#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

/* Lease of a claimed job: connect + total timeout of the slowest
 * provider plus this margin, in seconds. */
#define WORKER_LEASE_MARGIN_S 30

/* A status poll (deposit sent, key being written) that is still not
 * final this long after its job was made is dead. */
#define WORKER_POLL_DEADLINE_S (3 * 24 * 3600)

/* A parcel may travel longer: waybill tracking polls give up after this. */
#define WORKER_TRACK_DEADLINE_S (21 * 24 * 3600)

/* Log line sink: one line per job, without newline. NULL = stderr. */
typedef void (*worker_log_fn)(void *ctx, const char *line);

struct worker_opts {
	const char *id;            /* worker name, e.g. "host:pid"; borrowed */
	worker_log_fn log;
	void *log_ctx;
};

/*
 * Claim and process at most one due job. *processed (may be NULL) is 1
 * when a job was handled (whatever its outcome), 0 when nothing was due.
 * Errors are database errors only; provider failures are outcomes.
 */
rd_status worker_run_one(struct store *st, const struct rd_config *cfg,
			 const struct worker_opts *opts, int *processed,
			 struct rd_err *err);

/*
 * `--once`: process due jobs until none is due (or stop becomes
 * non-zero); *count (may be NULL) gets how many were processed.
 */
rd_status worker_drain(struct store *st, const struct rd_config *cfg,
		       const struct worker_opts *opts,
		       const volatile sig_atomic_t *stop, int *count,
		       struct rd_err *err);

/*
 * Daemon loop: drain, then sleep [worker] poll_interval seconds (waking
 * early when stop is set), until *stop. A database error is logged and
 * retried after the poll interval: the daemon does not die of a busy
 * database.
 */
rd_status worker_loop(struct store *st, const struct rd_config *cfg,
		      const struct worker_opts *opts,
		      const volatile sig_atomic_t *stop, struct rd_err *err);

/* Retry delay in seconds after `attempts` attempts (>= 1), jittered. */
int64_t worker_backoff_s(int attempts, int base_s, int max_s);

/* The lease a worker takes on a job, from the provider timeouts. */
int worker_lease_s(const struct rd_config *cfg);

/*
 * For the console: fork and exec `radesk --config CONFIG worker` (the
 * running binary, /proc/self/exe) in the background, its output appended
 * to cfg->log_file (or /dev/null when none), so the console itself never
 * waits on the network. config_path may be NULL (the child searches as
 * usual). *pid gets the child's pid. The child runs in its own process
 * group and dies with SIGTERM from worker_stop_background().
 */
rd_status worker_spawn_background(const struct rd_config *cfg,
				  const char *config_path, pid_t *pid,
				  struct rd_err *err);

/* As worker_spawn_background() with an explicit radesk binary (tests). */
rd_status worker_spawn_exe(const char *exe, const struct rd_config *cfg,
			   const char *config_path, pid_t *pid,
			   struct rd_err *err);

/* SIGTERM the background worker and reap it if it is gone within 2 s;
 * a worker in the middle of a provider call finishes that call and then
 * exits by itself (its job is never cut off mid-way). Sets *pid to 0.
 * No-op when *pid <= 0. Never waits longer than 2 s. */
void worker_stop_background(pid_t *pid);

#endif
