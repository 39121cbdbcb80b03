/*
 * daily.h — the daily (or period) report workbook.
 *
 * Sheets, in order: 汇总 (summary with charts), 审核明细 (every decision),
 * 收款 (payments and totals), 制证寄送 (production orders and waybills),
 * 超时积压 (open applications at the end of the period, overdue first),
 * 入库异常 (quarantined bundles).
 *
 * The workbook is a Chinese-language document by specification: sheet
 * names, headers and labels are fixed Chinese text, not gettext output,
 * so the nightly file is the same whatever locale cron runs in. Error
 * messages are translated as usual.
 *
 * Detail sheets stream their rows (constant-memory workbook, one row of
 * SQLite at a time); handling-time percentiles come from a fixed-size
 * histogram, so memory does not grow with the number of decisions.
 */
#ifndef RD_REPORTS_DAILY_H
#define RD_REPORTS_DAILY_H

#include "core/calendar.h"
#include "core/err.h"
#include "store/store.h"

#include <stdint.h>

/*
 * Progress of a report: called when a part starts (nRows 0, done 0),
 * every RD_REPORT_PROGRESS_ROWS rows of it, and when it is finished
 * (done 1, nRows its total). Parts in order: "decisions", "payments",
 * "fulfilment", "backlog", "quarantine", "summary", "workbook" (the file
 * being compressed and written). Any status but RD_OK stops the report
 * and is returned from rd_report_write() (the callback fills err); this
 * is how a run is cancelled.
 */
#define RD_REPORT_PROGRESS_ROWS 256
typedef rd_status (*rd_report_progress_fn)(void *ctx, const char *zPart,
					   int64_t nRows, int done,
					   struct rd_err *err);

struct rd_report_spec {
	int64_t from_day;          /* local day numbers (timefmt.h), inclusive */
	int64_t to_day;
	int unmasked;              /* 1: personal data in clear (audited by caller) */
	const struct rd_calendar *cal;  /* borrowed; working-time arithmetic */
	int64_t generated_at;      /* rd_now() of the run */
	const char *generated_by;  /* operator login */
	const char *tmpdir;        /* row files of the constant-memory mode; NULL = system */
	rd_report_progress_fn progress;  /* may be NULL */
	void *progress_ctx;
	/* The reasons catalogue (etc/reject-reasons.txt): the workbook
	 * shows the reasons' labels, their codes only in a last column for
	 * machines. NULL or unreadable: the codes stand. */
	const char *reasons_file;
};

/* What went into the workbook (for logs and tests). */
struct rd_report_stats {
	int64_t nDecisions;
	int64_t nPayments;
	int64_t payTotalFen;
	int64_t nFulfil;
	int64_t nBacklog;
	int64_t nOverdue;
	int64_t nQuarantined;
	char chainHead[96];        /* "#<id> <hash>" shown in the summary */
};

/*
 * Write the workbook for spec to zPath (which must not exist yet or may
 * be replaced; the caller writes to a temporary name and renames). Reads
 * the store in one snapshot. *stats (may be NULL) is filled on RD_OK.
 */
rd_status rd_report_write(struct store *st, const struct rd_report_spec *spec,
			  const char *zPath, struct rd_report_stats *stats,
			  struct rd_err *err);

/*
 * Working-time histogram at minute resolution, for percentiles in fixed
 * memory. Values beyond RD_WH_HIST_MINUTES count in the last bucket.
 */
#define RD_WH_HIST_MINUTES (60 * 8 * 60)   /* 60 office days of 8 h */
struct rd_wh_hist {
	uint32_t aBucket[RD_WH_HIST_MINUTES + 1];
	uint64_t n;
};
void rd_wh_hist_add(struct rd_wh_hist *h, int64_t seconds);
/* Nearest-rank percentile (0 < p <= 1) in seconds, a whole minute; 0 when
 * the histogram is empty. */
int64_t rd_wh_hist_percentile(const struct rd_wh_hist *h, double p);

/* Fixed Chinese label of a stored name for the workbook (type, action,
 * payment method or state, production/shipment/application state); the
 * name itself when unknown. Static string. */
const char *rd_report_label(const char *zName);

#endif
