/*
 * sample.h — the quarterly self-audit sample (db 008): draw, re-review,
 * read back. The rules are core/sample.h; these enforce them inside the
 * transaction that writes.
 */
#ifndef RD_STORE_SAMPLE_H
#define RD_STORE_SAMPLE_H

#include "core/err.h"
#include "store/store.h"

#include <stdint.h>

/*
 * Draw the sample of quarter (e.g. "2026Q4", instants [from, to)): the
 * applications whose latest approval falls in the quarter, a
 * rd_sample_size() of them chosen by a Fisher-Yates draw from
 * rd_splitmix64(seed), each assigned to an enabled supervisor or admin
 * other than its decider, in turn. One transaction with an
 * `audit.sample` entry (quarter, seed, population, drawn). RD_ERR_CONFLICT
 * when the quarter was drawn already or an item has no possible reviewer.
 */
rd_status store_sample_draw(struct store *st, const char *quarter,
			    int64_t from, int64_t to, uint64_t seed,
			    const char *actor, int64_t now,
			    int64_t *population, int64_t *drawn,
			    struct rd_err *err);

/*
 * Record the re-review of app_no in quarter's sample by operator reviewer
 * (login actor): verdict "agree" or "disagree" and a note. Refused
 * (RD_ERR_DENIED) unless rd_sample_may_review(); RD_ERR_CONFLICT when it
 * was reviewed already. Audited as `audit.sample_review`.
 */
rd_status store_sample_review(struct store *st, const char *quarter,
			      const char *app_no, int64_t reviewer,
			      const char *actor, const char *verdict,
			      const char *note, int64_t now,
			      struct rd_err *err);

/* One item of a sample, borrowed for the callback's duration. */
struct store_sample_row {
	const char *app_no;
	const char *decider;       /* logins */
	const char *reviewer;
	const char *verdict;       /* "" while open */
	const char *note;
	int64_t decided_at;
	int64_t reviewed_at;       /* 0 while open */
};

struct store_sample_info {
	uint64_t seed;
	int64_t population;
	int64_t created_at;
	char drawn_by[64];
};

typedef int (*store_sample_cb)(void *ctx, const struct store_sample_row *r);

/* The sample of quarter and its items in application order.
 * RD_ERR_NOTFOUND when the quarter has not been drawn. */
rd_status store_sample_list(struct store *st, const char *quarter,
			    struct store_sample_info *info,
			    store_sample_cb cb, void *ctx, struct rd_err *err);

#endif
