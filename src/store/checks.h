/*
 * checks.h — verifications through outside services (telecom three-factor,
 * bank financial authentication, payment) and the one-line summary the
 * queue shows.
 *
 * applications.verify_summary is kept by store_check_summary_refresh():
 * space-separated tokens, a letter and a mark, in this order, each only
 * when the application's current version has such a check:
 *
 *   T  telecom check of the handler        ✓ match       ✗ mismatch
 *   A  telecom check of the applicant      ? not found   … pending/running
 *   B  bank financial authentication       ✓ credited, name agrees
 *                                          ✗ failed      … sent/pending
 *   P  payment (payments table)            ✓ online/matched/manual
 *                                          ✗ unmatched   R refunded
 *   any check in state 'error'             !
 *
 * e.g. "T✓ A? B… P✗". The latest check of each kind counts.
 */
#ifndef RD_STORE_CHECKS_H
#define RD_STORE_CHECKS_H

#include "core/err.h"
#include "store/store.h"

#include <stdint.h>

struct store_check {
	int64_t id;
	int64_t app_id;
	int64_t version_id;
	char kind[24];        /* telecom_handler telecom_applicant bank_fin_auth payment */
	char state[12];
	char ref[96];         /* provider reference, as received (sanitise to show) */
	char *detail;         /* owned; as received: sanitise before showing */
	int64_t job_id;       /* 0 = none */
	int64_t created_at;
	int64_t updated_at;
};

void store_check_fini(struct store_check *c);

/*
 * Inside the caller's transaction: set state, ref and detail of the check
 * row(s) that job_id feeds (ref/detail NULL = leave as is). *app_id (may
 * be NULL) gets the application's id, 0 when no check row names the job
 * (jobs without a check are fine).
 */
rd_status store_check_update_by_job(struct store *st, int64_t job_id,
				    const char *state, const char *ref,
				    const char *detail, int64_t *app_id,
				    struct rd_err *err);

/* Inside the caller's transaction: the check rows fed by old_job are fed
 * by new_job from now on (a deposit followed by its status poll). */
rd_status store_check_move_job(struct store *st, int64_t old_job,
			       int64_t new_job, struct rd_err *err);

/* Inside the caller's transaction: recompute applications.verify_summary
 * (format above). No-op for app_id <= 0. */
rd_status store_check_summary_refresh(struct store *st, int64_t app_id,
				      struct rd_err *err);

/* Compute the summary without writing it (buf of n bytes, 64 is enough). */
rd_status store_check_summary(struct store *st, int64_t app_id, char *buf,
			      size_t n, struct rd_err *err);

/* The application number and organisation name of an application into
 * app_no (nno bytes) and org (norg bytes); "" when there is no such
 * application. Read-only, no transaction needed. */
rd_status store_check_app_names(struct store *st, int64_t app_id,
				char *app_no, size_t nno, char *org,
				size_t norg, struct rd_err *err);

/*
 * Run a check again (the detail screen's "re-run"): in its own
 * transaction, copy the job behind the latest check of `kind` for the
 * application into a new job (same kind and payload, idempotency key
 * "<old key>:r<N>") and a new pending check row; refresh the summary;
 * audited as actor ("check.rerun"). operator_id (0 = none) is stored as
 * requested_by. RD_ERR_NOTFOUND when the application never had such a
 * check. *job_id (may be NULL) gets the new job.
 */
rd_status store_check_rerun(struct store *st, const char *actor,
			    int64_t operator_id, int64_t app_id,
			    const char *kind, int64_t *job_id,
			    struct rd_err *err);

/* Visit the checks of an application, newest first; the row is borrowed
 * for the call; non-zero from fn stops. */
typedef int (*store_check_fn)(void *ctx, const struct store_check *c);
rd_status store_check_list(struct store *st, int64_t app_id,
			   store_check_fn fn, void *ctx, struct rd_err *err);

#endif
