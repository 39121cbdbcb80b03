/*
 * queue.c — `radesk-bench queue DB SQLDIR REPS`: time the console's queue
 * reads (store_queue_page, store_queue_count) on the big database, and
 * write the exact SQL each case ran to SQLDIR/<case>.sql, one statement a
 * line, parameters written in (store_trace), for the sqlite3 command-line
 * tool to run as the reference.
 *
 * Cases: first and next page of the to-review tab, the to-review tab
 * filtered to renewals, a search of the everything tab by an organisation
 * name (hits spread over the year) and by a number nobody has (the worst
 * case: every row is looked at), and the five tab counts the console
 * reads on every refresh. Each is run once with tracing on (which also
 * warms the caches), then REPS times; the median is printed.
 */
#include "bench.h"

#include "clock.h"
#include "store/queue.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE 20   /* rows of an 80x24 queue screen, give or take */

enum qcase { Q_FIRST, Q_NEXT, Q_FILTER, Q_SEARCH, Q_MISS, Q_COUNTS,
	     Q_CASES };
static const char *const azCase[Q_CASES] = { "first", "next", "filter",
					     "search", "miss", "counts" };

struct qrun {
	struct store *st;
	int64_t now;
	struct store_queue_row aRow[PAGE];
	struct store_queue_key next;    /* after the first page */
	char zOrg[256];                 /* an organisation to search */
	int n;
};

static void trace_line(void *ctx, const char *zSql)
{
	FILE *f = ctx;

	for (const char *p = zSql; *p; p++)
		fputc(*p == '\n' ? ' ' : *p, f);
	fputs(";\n", f);
}

static rd_status run_case(struct qrun *q, enum qcase c, struct rd_err *err)
{
	struct store_queue_filter f = { 0 };
	rd_status rc = RD_OK;

	f.tab = STORE_Q_REVIEW;
	switch (c) {
	case Q_FIRST:
		return store_queue_page(q->st, &f, NULL, STORE_Q_FROM, q->now,
					PAGE, q->aRow, &q->n, err);
	case Q_NEXT:
		return store_queue_page(q->st, &f, &q->next, STORE_Q_AFTER,
					q->now, PAGE, q->aRow, &q->n, err);
	case Q_FILTER:
		f.type = "renew";
		return store_queue_page(q->st, &f, NULL, STORE_Q_FROM, q->now,
					PAGE, q->aRow, &q->n, err);
	case Q_SEARCH:
	case Q_MISS:
		f.tab = STORE_Q_ALL;
		f.search = c == Q_SEARCH ? q->zOrg : "029999999999999999";
		return store_queue_page(q->st, &f, NULL, STORE_Q_FROM, q->now,
					PAGE, q->aRow, &q->n, err);
	case Q_COUNTS:
		q->n = 0;
		for (int t = 0; t < STORE_Q_TAB_COUNT && rc == RD_OK; t++) {
			int64_t n = 0;

			f.tab = (enum store_queue_tab)t;
			f.me = 1;
			rc = store_queue_count(q->st, &f, q->now, 10000, &n, err);
			q->n += (int)n;
		}
		return rc;
	case Q_CASES:
		break;
	}
	return RD_ERR_INVALID;
}

int bench_queue(int argc, char **argv)
{
	struct qrun *q = calloc(1, sizeof *q);
	struct rd_err err = { 0 };
	double *aMs = NULL;
	long nRep;
	int rc = 1;

	if (argc != 4 || !q) {
		fprintf(stderr, "usage: radesk-bench queue DB SQLDIR REPS\n");
		free(q);
		return 2;
	}
	nRep = strtol(argv[3], NULL, 10);
	if (nRep < 1)
		nRep = 1;
	aMs = calloc((size_t)nRep, sizeof *aMs);
	q->now = rd_now();
	if (!aMs || store_open(argv[1], 5000, 0, &q->st, &err) != RD_OK) {
		fprintf(stderr, "radesk-bench queue: %s\n", err.msg);
		goto done;
	}
	for (int c = 0; c < Q_CASES; c++) {
		char zPath[4096];
		FILE *f;

		snprintf(zPath, sizeof zPath, "%s/%s.sql", argv[2], azCase[c]);
		f = fopen(zPath, "w");
		if (!f) {
			perror(zPath);
			goto done;
		}
		store_trace(q->st, trace_line, f);
		rc = run_case(q, (enum qcase)c, &err) != RD_OK;
		store_trace(q->st, NULL, NULL);
		fclose(f);
		if (rc) {
			fprintf(stderr, "radesk-bench queue %s: %s\n", azCase[c],
				err.msg);
			goto done;
		}
		if (c == Q_FIRST && q->n > 0) {
			/* The next page starts after this one; the search
			 * looks for the top application's organisation. */
			q->next = q->aRow[q->n - 1].key;
			snprintf(q->zOrg, sizeof q->zOrg, "%s", q->aRow[0].org_name);
		}
		for (long r = 0; r < nRep; r++) {
			double t0 = bench_ms();

			run_case(q, (enum qcase)c, NULL);
			aMs[r] = bench_ms() - t0;
		}
		printf("queue_%s_ms %.3f\nqueue_%s_rows %d\n", azCase[c],
		       bench_percentile(aMs, (size_t)nRep, 0.5), azCase[c], q->n);
	}
	fflush(stdout);
	rc = 0;
done:
	store_close(&q->st);
	free(aMs);
	free(q);
	return rc;
}
