/*
 * scanread_store.h — the scan_read jobs and what they found (issue #17).
 *
 * A scan_read job per scan of a version is written by the ingest
 * transaction (store_scan_read_enqueue, when [scan_read] enabled); the
 * worker reads the blob with no transaction open (src/scanread_job.c) and
 * records the reading, its lines, its fields and the findings together
 * with the job's end in one transaction (store_scan_read_record).
 */
#ifndef RD_STORE_SCANREAD_H
#define RD_STORE_SCANREAD_H

#include "core/err.h"
#include "scanmatch.h"
#include "store/store.h"

#include <stdint.h>

/* Inside the caller's transaction: one job per scan of version_id whose
 * role is read (form, licence, ID front and back). */
rd_status store_scan_read_enqueue(struct store *st, int64_t app_id,
				  int64_t version_id, const char *app_no,
				  int64_t version, int max_attempts,
				  struct rd_err *err);

/* In its own short transaction: a claimed scan_read job's lease runs
 * until lease_until (the reading may take [scan_read] time_limit, longer
 * than the provider timeouts the claim's lease is made for).
 * RD_ERR_CONFLICT when the job is no longer this worker's. */
rd_status store_scan_read_lease(struct store *st, int64_t job_id,
				const char *worker_id, int64_t lease_until,
				struct rd_err *err);

/* What the job needs: the file and the typed data of its version. */
struct store_scan_target {
	int64_t file_id, version_id, app_id;
	char role[24], sha256[65], app_no[32];
	char org[256], uscc[32], handler[64], handler_id[32];
	char applicant[64], applicant_id[32];
	int personal;
	int already;               /* a reading of this file is stored */
};

rd_status store_scan_target(struct store *st, int64_t file_id,
			    struct store_scan_target *out, struct rd_err *err);

/* One transaction: the job done (result: a short JSON summary), the
 * reading with its lines and fields, the findings, an audit entry.
 * RD_ERR_CONFLICT when the job's lease was lost. */
rd_status store_scan_read_record(struct store *st, int64_t job_id,
				 const char *worker_id,
				 const struct store_scan_target *t,
				 const struct scanread_result *r,
				 const struct scanmatch *m,
				 struct rd_err *err);

/* A reading as the console shows it. Owned: store_scan_view_fini(). */
struct store_scan_view {
	int found;                 /* 0: not read (yet) */
	char role[24], status[12], reason[24];
	int width, height, mean_conf, seal, signature, ms;
	struct scanread_box seal_box;
	struct scanread_line *aLine;
	size_t nLine;
	struct scanmatch_field *aField;
	size_t nField;
};

void store_scan_view_fini(struct store_scan_view *v);

/* The reading of the file of version_id with this path ("files/…"). */
rd_status store_scan_view_get(struct store *st, int64_t version_id,
			      const char *path, struct store_scan_view *out,
			      struct rd_err *err);

/* Per role of a version, a summary for the detail's checklist. */
struct store_scan_summary {
	char role[24];
	int status_read;           /* 1 read, 0 unreadable */
	int seal, signature;       /* -1 / 0 / 1 */
	char verdicts[160];        /* "org=match,uscc=mismatch,…" */
};

/* Up to max summaries (ordered by role); *n how many. */
rd_status store_scan_summaries(struct store *st, int64_t version_id,
			       struct store_scan_summary *out, size_t max,
			       size_t *n, struct rd_err *err);

/* Reading findings by code among versions read in [from, to): fn is
 * called per code with its count. */
typedef int (*store_scan_count_fn)(void *ctx, const char *code, int64_t n);
rd_status store_scan_finding_counts(struct store *st, int64_t from,
				    int64_t to, store_scan_count_fn fn,
				    void *ctx, struct rd_err *err);

#endif
